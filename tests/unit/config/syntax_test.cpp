// Statements, braces and `include`.
#include "config/syntax.h"
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<Statement> read(MemoryLoader& l, const std::string& path, Diagnostics& d) {
    return read_config(path, l, d);
}

TEST(ConfigSyntax, StatementsKeepArgumentsAndNestedBlocks) {
    MemoryLoader l;
    l.add("/a.conf", "a 1 2\nb {\n  c\n  d { e }\n}\n");
    Diagnostics d;
    auto st = read(l, "/a.conf", d);
    EXPECT_THAT(d.all(), IsEmpty());
    ASSERT_EQ(st.size(), 2u);
    EXPECT_EQ(st[0].keyword, "a");
    EXPECT_THAT(st[0].args, ElementsAre("1", "2"));
    EXPECT_FALSE(st[0].has_block);
    ASSERT_TRUE(st[1].has_block);
    EXPECT_EQ(st[1].block_where, (SourceRef{"/a.conf", 2}));
    ASSERT_EQ(st[1].children.size(), 2u);
    EXPECT_EQ(st[1].children[1].keyword, "d");
    ASSERT_EQ(st[1].children[1].children.size(), 1u);
    EXPECT_EQ(st[1].children[1].children[0].where, (SourceRef{"/a.conf", 4}));
}

TEST(ConfigSyntax, BraceOnTheNextLineBelongsToTheKeyword) {
    MemoryLoader l;
    l.add("/a.conf", "vrrp_instance X\n{\n  state MASTER\n}\n");
    Diagnostics d;
    auto st = read(l, "/a.conf", d);
    EXPECT_THAT(d.all(), IsEmpty());
    ASSERT_EQ(st.size(), 1u);
    EXPECT_TRUE(st[0].has_block);
    EXPECT_EQ(st[0].children.size(), 1u);
}

TEST(ConfigSyntax, UnclosedBraceReportedAtTheOpeningLine) {
    auto r = parse("global_defs {\n  router_id a\n}\nvrrp_instance VI_1 {\n  state MASTER\n");
    EXPECT_THAT(rendered(r, Severity::Error),
                ::testing::Contains(At(4, "error", "'{' of 'vrrp_instance' is never closed")));
}

TEST(ConfigSyntax, StrayClosingBraceReportedAtItsLine) {
    auto r = parse("global_defs {\n  router_id a\n}\n}\n");
    EXPECT_THAT(rendered(r), ElementsAre(At(4, "error", "'}' without a matching '{'")));
}

TEST(ConfigSyntax, OpeningBraceWithoutKeywordIsAnError) {
    auto r = parse("{\n  x\n}\n");
    EXPECT_THAT(rendered(r), ElementsAre(At(1, "error", "'{' without a keyword before it")));
}

TEST(ConfigSyntax, DeepNestingIsRefusedNotCrashed) {
    std::string text = "virtual_server a {\n";
    for (int i = 0; i < 100; ++i) {
        text += "x {\n";
    }
    for (int i = 0; i < 101; ++i) {
        text += "}\n";
    }
    auto r = parse(text);
    EXPECT_THAT(rendered(r, Severity::Error),
                ElementsAre(At(33, "error", "blocks nested too deeply")));
}

TEST(ConfigInclude, GlobMatchesAreReadInSortedOrderInPlace) {
    auto r = parse("include conf.d/*.conf\nglobal_defs {\n  router_id main\n}\n",
                   {{"/etc/keepalived/conf.d/20-b.conf", instance("    interface eth1\n", "VI_B")},
                    {"/etc/keepalived/conf.d/10-a.conf", instance("", "VI_A")},
                    {"/etc/keepalived/conf.d/notes.txt", "garbage {"}});
    ASSERT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    ASSERT_EQ(r.config.instances.size(), 2u);
    EXPECT_EQ(r.config.instances[0].name, "VI_A");
    EXPECT_EQ(r.config.instances[1].name, "VI_B");
    EXPECT_EQ(r.config.instances[0].where, (SourceRef{"/etc/keepalived/conf.d/10-a.conf", 1}));
    EXPECT_EQ(r.config.global.router_id, "main");
}

TEST(ConfigInclude, RelativePathIsRelativeToTheIncludingFile) {
    // main includes sub/a.conf; sub/a.conf includes b.conf, i.e. sub/b.conf.
    auto r = parse("include sub/a.conf\n", {{"/etc/keepalived/sub/a.conf", "include b.conf\n"},
                                            {"/etc/keepalived/sub/b.conf", instance("")},
                                            {"/etc/keepalived/b.conf", "wrong {\n}\n"}});
    ASSERT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    ASSERT_EQ(r.config.instances.size(), 1u);
    EXPECT_EQ(r.config.instances[0].where.file, "/etc/keepalived/sub/b.conf");
}

TEST(ConfigInclude, AbsolutePathAndIncludeInsideABlock) {
    auto r = parse(instance("    include /srv/vrrp/extra.conf\n"),
                   {{"/srv/vrrp/extra.conf", "priority 150\nstate MASTER\n"}});
    auto in = only_instance(r);
    EXPECT_EQ(in.priority, 150);
    EXPECT_EQ(in.state, InitialState::Master);
}

TEST(ConfigInclude, PatternMatchingNothingIsAWarning) {
    auto r = parse("include /nowhere/*.conf\n" + instance(""));
    EXPECT_TRUE(r.ok());
    EXPECT_THAT(rendered(r),
                ElementsAre(At(1, "warning", "include '/nowhere/*.conf': no file matches")));
}

TEST(ConfigInclude, CycleIsReportedAtTheIncludeThatClosesIt) {
    auto r = parse("include a.conf\n" + instance(""),
                   {{"/etc/keepalived/a.conf", "\ninclude b.conf\n"},
                    {"/etc/keepalived/b.conf", "include keepalived.conf\n"}});
    EXPECT_THAT(rendered(r),
                ElementsAre("/etc/keepalived/b.conf:1: error: include cycle: "
                            "/etc/keepalived/keepalived.conf -> /etc/keepalived/a.conf -> "
                            "/etc/keepalived/b.conf -> /etc/keepalived/keepalived.conf"));
    EXPECT_EQ(r.config.instances.size(), 1u);  // the rest is still read
}

TEST(ConfigInclude, FileIncludingItselfIsACycle) {
    auto r = parse("include *.conf\n" + instance(""));
    EXPECT_THAT(rendered(r, Severity::Error), ElementsAre(At(1, "error", "include cycle")));
}

TEST(ConfigInclude, SameFileTwiceIsNotACycle) {
    auto r = parse("include s.conf\ninclude s.conf\n",
                   {{"/etc/keepalived/s.conf", "global_defs {\n router_id x\n}\n"}});
    EXPECT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
}

TEST(ConfigInclude, MissingPatternAndExtraWordsAreErrors) {
    auto r = parse("include\ninclude a b\n");
    EXPECT_THAT(rendered(r), ElementsAre(At(1, "error", "include needs a file pattern"),
                                         At(2, "error", "include takes one file pattern, got 'b'"),
                                         At(2, "warning", "include 'a': no file matches")));
}

TEST(ConfigInclude, UnreadableRootFileIsAnError) {
    MemoryLoader l;
    auto r = parse_file("/missing.conf", l);
    EXPECT_FALSE(r.ok());
    EXPECT_THAT(rendered(r), ElementsAre("/missing.conf: error: cannot read configuration file"));
}

TEST(ConfigInclude, ErrorsInIncludedFilesNameThatFileAndLine) {
    auto r = parse("include x.conf\n", {{"/etc/keepalived/x.conf", "\n\nbogus_keyword 1\n"}});
    EXPECT_THAT(rendered(r), ElementsAre("/etc/keepalived/x.conf:3: error: unknown keyword "
                                         "'bogus_keyword' in the top level"));
}

}  // namespace
}  // namespace xvrrp::config::test

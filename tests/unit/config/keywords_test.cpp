// Every keyword keepalived.conf(5) of keepalived 2.2.7 documents for the
// blocks xvrrp reads has a status in the parser's tables (keywords.h). The
// list comes from the installed man page (Debian's keepalived package,
// installed by scripts/deps.sh), so a keyword nobody thought of fails here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "config/keywords.h"
#include "config_test_util.h"

namespace xvrrp::config {
namespace {

constexpr const char* kManPage = "/usr/share/man/man5/keepalived.conf.5.gz";

std::string read_man_page() {
    std::string text;
    FILE* p = popen((std::string("gzip -dc ") + kManPage).c_str(), "r");
    if (p == nullptr) {
        return text;
    }
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
        text.append(buf, n);
    }
    pclose(p);
    return text;
}

struct ManKeyword {
    std::string block;  // "top level", "global_defs", "vrrp_instance/authentication", ...
    std::string name;
    bool alias = false;  // documented as another spelling of the line's keyword
    int line = 0;
};

// The man page lists keywords as `\fBname\fR ARGS` lines inside .nf/.fi
// (the syntax blocks), nested in `{ }` like a configuration; a few are not
// bold (`disable_local_igmp`, `param_match`), and the include variants are
// bold lines of the DESCRIPTION. The ADVANCED CONFIGURATION section is the
// pre-processor (tested by config.preprocess_vs_keepalived).
class ManParser {
  public:
    std::vector<ManKeyword> parse(const std::string& text) {
        std::istringstream in(text);
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) {
            if (line.rfind(".SH ADVANCED", 0) == 0) {
                break;
            }
            take(line, n);
        }
        return std::move(out_);
    }

  private:
    void take(const std::string& line, int n) {
        if (line.rfind(".SH", 0) == 0) {
            stack_.clear();
            nf_ = false;
            return;
        }
        if (line.rfind(".nf", 0) == 0 || line.rfind(".fi", 0) == 0) {
            nf_ = line[1] == 'n';
            return;
        }
        if (line.rfind(".", 0) == 0) {
            return;
        }
        const size_t hash = line.find('#');
        const std::string code = line.substr(0, hash);
        const std::string comment = hash == std::string::npos ? "" : line.substr(hash);
        const std::string plain = std::regex_replace(code, kFont, "");
        const std::string kw = keyword(code, plain);
        const std::string block = stack_.empty() ? std::string(kTopLevel) : path();
        if (!kw.empty()) {
            out_.push_back({block, kw, false, n});
            std::smatch m;
            if (std::regex_search(comment, m, kSynonym)) {
                out_.push_back({block, m[1], true, n});
            }
        }
        nest(plain);
    }

    std::string keyword(const std::string& code, const std::string& plain) const {
        std::smatch m;
        if (nf_ && (std::regex_search(code, m, kBold) || std::regex_match(plain, m, kBare))) {
            return m[1];
        }
        if (!nf_ && std::regex_search(code, m, kDescription)) {
            return m[1];
        }
        return {};
    }

    void nest(const std::string& plain) {
        const auto opens = std::count(plain.begin(), plain.end(), '{');
        const auto closes = std::count(plain.begin(), plain.end(), '}');
        if (opens > closes) {
            std::istringstream words(plain);
            std::string first;
            words >> first;
            stack_.push_back(first);
        }
        for (auto i = opens; i < closes && !stack_.empty(); ++i) {
            stack_.pop_back();
        }
    }

    std::string path() const {
        std::string p;
        for (const auto& s : stack_) {
            p += (p.empty() ? "" : "/") + s;
        }
        return p;
    }

    inline static const std::regex kFont{R"(\\f[BRIP])"};
    inline static const std::regex kBold{R"(^\s*\\fB([A-Za-z][A-Za-z0-9_]*)(?![A-Za-z0-9_.-]))"};
    inline static const std::regex kBare{R"(^\s*([a-z][a-z0-9]*_[a-z0-9_]*)\s*(\{.*)?)"};
    inline static const std::regex kDescription{R"(^\\fB([a-z][a-z0-9_]*)\\fR [A-Z])"};
    inline static const std::regex kSynonym{R"((\w+) is a (?:deprecated )?synonym)"};

    bool nf_ = false;
    std::vector<std::string> stack_;
    std::vector<ManKeyword> out_;
};

// The man page's blocks that issue 10 asks a status for, by the registry
// block that holds them. Blocks inside others (LVS's real_server, bfd's,
// garp_group's) are covered by the status of the keyword that opens them.
const std::vector<std::pair<std::string, std::string_view>> kBlocks{
    {std::string(kTopLevel), kTopLevel}, {"global_defs", "global_defs"},
    {"vrrp_instance", "vrrp_instance"},  {"vrrp_instance/authentication", "authentication"},
    {"vrrp_script", "vrrp_script"},      {"vrrp_sync_group", "vrrp_sync_group"},
    {"track_file", "track_file"},        {"vrrp_track_process", "vrrp_track_process"},
    // static_ipaddress / static_routes / static_rules hold entries, not
    // keywords: their status is their own (top level).
};

std::vector<ManKeyword> man_keywords() {
    if (!std::filesystem::exists(kManPage)) {
        ADD_FAILURE() << kManPage
                      << " is missing: install Debian's keepalived package (scripts/deps.sh "
                         "does); this test cannot run without it";
        return {};
    }
    return ManParser().parse(read_man_page());
}

TEST(KeywordTable, EveryKeywordOfTheManPageHasAStatus) {
    const auto all = man_keywords();
    size_t checked = 0;
    std::vector<std::string> missing;
    for (const auto& k : all) {
        for (const auto& [man_block, block] : kBlocks) {
            if (k.block != man_block) {
                continue;
            }
            ++checked;
            if (find_keyword(block, k.name) == nullptr) {
                missing.push_back(std::string(block) + ": " + k.name + (k.alias ? " (alias)" : "") +
                                  " (man page line " + std::to_string(k.line) + ")");
            }
        }
    }
    // A parser that found nothing would pass the loop: keepalived 2.2.7's
    // page has 240 keywords in these blocks.
    EXPECT_GE(checked, 230u) << "the man page parser lost keywords";
    EXPECT_THAT(missing, ::testing::IsEmpty())
        << missing.size() << " keyword(s) of keepalived.conf(5) have no status in xvrrp";
}

// The parser itself: anchors from each kind of line it must read.
TEST(KeywordTable, ManPageParserFindsEachKindOfLine) {
    const auto all = man_keywords();
    auto has = [&](std::string_view block, std::string_view name, bool alias = false) {
        return std::any_of(all.begin(), all.end(), [&](const ManKeyword& k) {
            return k.block == block && k.name == name && k.alias == alias;
        });
    };
    EXPECT_TRUE(has("vrrp_instance", "priority"));
    EXPECT_TRUE(has("global_defs", "vrrp_garp_interval"));
    EXPECT_TRUE(has("global_defs", "disable_local_igmp"));          // not bold
    EXPECT_TRUE(has("vrrp_track_process", "param_match"));          // not bold, braces
    EXPECT_TRUE(has("vrrp_instance/authentication", "auth_pass"));  // nested
    EXPECT_TRUE(has(kTopLevel, "includea"));                        // DESCRIPTION
    EXPECT_TRUE(has(kTopLevel, "vrrp_track_file", true));           // "deprecated synonym"
    EXPECT_TRUE(has(kTopLevel, "net_namespace"));                   // before global_defs
    EXPECT_FALSE(has(kTopLevel, "priority"));  // ADVANCED CONFIGURATION's examples
}

TEST(KeywordTable, EveryEntryHasAReasonUnlessSupported) {
    for (const auto& b : keyword_registry()) {
        std::set<std::string_view> seen;
        for (const auto& k : b.keywords) {
            EXPECT_TRUE(seen.insert(k.name).second) << b.block << ": " << k.name << " twice";
            if (k.status != KeywordStatus::Supported) {
                EXPECT_FALSE(k.why.empty()) << b.block << ": " << k.name;
            }
        }
    }
}

// ---- docs/configuration.md: its keyword status table is this registry ----

std::string cell(std::string_view text) {
    std::string out;
    for (char c : text) {
        out += c == '|' ? std::string("\\|") : std::string(1, c);
    }
    return out;
}

std::string status_table() {
    std::string t;
    size_t counts[3] = {0, 0, 0};
    for (const auto& b : keyword_registry()) {
        t += "\n### " + std::string(b.block) + "\n\n";
        t += "| keyword | status | why, or how it differs from keepalived 2.2.7 |\n";
        t += "|---|---|---|\n";
        for (const auto& k : b.keywords) {
            ++counts[static_cast<size_t>(k.status)];
            const auto note = k.status == KeywordStatus::Supported ? k.differs : k.why;
            t += "| `" + std::string(k.name) + "` | " + std::string(to_string(k.status)) + " | " +
                 cell(note) + " |\n";
        }
    }
    t += "\nIn all: " + std::to_string(counts[0]) + " supported, " + std::to_string(counts[1]) +
         " accepted, " + std::to_string(counts[2]) +
         " rejected (a keyword counted once per "
         "block it is known in).\n";
    return t;
}

constexpr std::string_view kBegin = "<!-- keyword-status:begin -->\n";
constexpr std::string_view kEnd = "<!-- keyword-status:end -->";

// To regenerate after changing a table:
//   XVRRP_UPDATE_DOCS=1 build/tests/unit/config/xvrrp_config_test
//       --gtest_filter=KeywordTable.DocsTableIsTheRegistry
TEST(KeywordTable, DocsTableIsTheRegistry) {
    const std::string path = std::string(XVRRP_DOCS_DIR) + "/configuration.md";
    std::ifstream in(path);
    ASSERT_TRUE(in.good()) << path;
    std::stringstream ss;
    ss << in.rdbuf();
    std::string doc = ss.str();
    const size_t b = doc.find(kBegin);
    const size_t e = doc.find(kEnd);
    ASSERT_NE(b, std::string::npos) << path << " has no " << kBegin;
    ASSERT_NE(e, std::string::npos) << path << " has no " << kEnd;
    const std::string want = status_table();
    const std::string have = doc.substr(b + kBegin.size(), e - b - kBegin.size());
    if (have != want && std::getenv("XVRRP_UPDATE_DOCS") != nullptr) {
        doc.replace(b + kBegin.size(), e - b - kBegin.size(), want);
        std::ofstream(path) << doc;
        return;
    }
    EXPECT_EQ(have, want) << "docs/configuration.md's keyword table differs from the parser's "
                             "tables; regenerate it with XVRRP_UPDATE_DOCS=1 (see the test)";
}

// ---- messages ----

using test::At;
using test::instance;
using test::parse;
using test::rendered;

TEST(KeywordMessages, ATypoGetsTheKeywordItWasMeantToBe) {
    const auto r = parse(instance("    prioirty 150\n"));
    EXPECT_FALSE(r.ok());
    EXPECT_THAT(rendered(r),
                ::testing::Contains(At(7, "error",
                                       "unknown keyword 'prioirty' in vrrp_instance VI_1 (did you "
                                       "mean 'priority'?)")));
}

TEST(KeywordMessages, ATypoInGlobalDefsAndTheTopLevel) {
    const auto r = parse(
        "global_defs {\n"
        "    vrrp_garp_intreval 0.01\n"
        "}\n"
        "vrrp_scirpt chk {\n"
        "}\n");
    EXPECT_THAT(rendered(r),
                ::testing::Contains(At(2, "error", "did you mean 'vrrp_garp_interval'?")));
    EXPECT_THAT(rendered(r), ::testing::Contains(At(4, "error", "did you mean 'vrrp_script'?")));
}

TEST(KeywordMessages, AKeywordOfAnotherBlockSaysWhere) {
    const auto r = parse("global_defs {\n    virtual_router_id 5\n}\n");
    EXPECT_THAT(rendered(r), ::testing::Contains(At(2, "error",
                                                    "unknown keyword 'virtual_router_id' in "
                                                    "global_defs (it is a keyword of "
                                                    "vrrp_instance)")));
}

TEST(KeywordMessages, AWordFarFromEveryKeywordGetsNoGuess) {
    const auto r = parse(instance("    frobnicate\n"));
    EXPECT_THAT(rendered(r, Severity::Error),
                ::testing::ElementsAre(
                    At(7, "error", "unknown keyword 'frobnicate' in vrrp_instance VI_1")));
    EXPECT_THAT(rendered(r, Severity::Error)[0], ::testing::Not(::testing::HasSubstr("(")));
}

TEST(KeywordMessages, TheGuessAllowsTwoEditsFromSixLettersOneBelow) {
    EXPECT_EQ(closest_keyword("vrrp_instance", "prioirty"), "priority");    // a swap
    EXPECT_EQ(closest_keyword("vrrp_instance", "priorityxy"), "priority");  // two inserts
    EXPECT_EQ(closest_keyword("vrrp_instance", "priorityxyz"), "");         // three
    EXPECT_EQ(closest_keyword("vrrp_instance", "stte"), "state");           // one, short word
    EXPECT_EQ(closest_keyword("vrrp_instance", "sxxte"), "");               // two, short word
    EXPECT_EQ(closest_keyword("vrrp_instance", "xxpriority"), "priority");  // edits at the start
    EXPECT_EQ(closest_keyword("vrrp_instance", std::string(100000, 'p')), "");
    EXPECT_EQ(closest_keyword("no_such_block", "priority"), "");
}

TEST(KeywordMessages, KeywordsKeepalivedDocumentsAreNotErrors) {
    const auto r = parse(
        "global_defs {\n"
        "    enable_snmp_vrrp\n"
        "    vrrp_netlink_cmd_rcv_bufs 1048576\n"
        "    process_names\n"
        "    smtp_alert true\n"
        "}\n"
        "use_pid_dir\n" +
        instance("    use_vmac_addr\n    garp_extra_if 100\n"));
    EXPECT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
}

TEST(KeywordMessages, AValueAlmostRightSaysWhatWouldBe) {
    const auto r =
        parse(instance("    state master\n    advert_int 100ms\n"
                       "    authentication {\n        auth_type pass\n    }\n"));
    const auto all = rendered(r);
    EXPECT_THAT(all,
                ::testing::Contains(At(7, "error", "'master' is written in capitals: MASTER")));
    EXPECT_THAT(all, ::testing::Contains(At(8, "error", "without a unit: write 0.1)")));
    EXPECT_THAT(all, ::testing::Contains(At(10, "error", "'pass' is written in capitals: PASS")));
}

// One mistake, one finding: what depends on a refused line is not reported
// again.
TEST(KeywordMessages, OneRootCauseGivesOneFinding) {
    auto inst = [](const std::string& iface, const std::string& vrid) {
        return "vrrp_instance VI_1 {\n    interface " + iface + "\n    virtual_router_id " + vrid +
               "\n    virtual_ipaddress {\n        10.0.0.1\n    }\n}\n";
    };
    const std::vector<std::string> cases{
        inst("$IFACE", "5"),  // an undefined parameter, not also "no interface"
        inst("eth0", "300"),  // a bad VRID, not also "no virtual_router_id"
        "vrrp_instanc VI_1 {\n    priority 5\n    bogus\n}\n",  // not its children too
        instance("    virtual_routes {\n        10.1.0.0/16 via 10.0.0.1\n        junk\n    }\n"),
        instance("    track_script {\n        chk\n    }\n") +
            "vrrp_script chk {\n    script \"/bin/true\"\n    interval x\n}\n",
    };
    for (const auto& text : cases) {
        const auto r = parse(text);
        EXPECT_EQ(rendered(r, Severity::Error).size(), 1u)
            << text << ::testing::PrintToString(rendered(r));
    }
}

// A `${NAME}` (defined or not) inside a word stays a word: never a block.
TEST(KeywordMessages, DollarBracesAreNeverABlock) {
    const auto r =
        parse(instance("    notify_master ${_PWD}/master.sh\n"
                       "    notify_backup ${UNDEFINED}/backup.sh\n"));
    for (const auto& line : rendered(r)) {
        EXPECT_THAT(line, ::testing::Not(::testing::HasSubstr("block"))) << line;
    }
    EXPECT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
}

TEST(KeywordMessages, FindingsAreSortedByFileThenLine) {
    // The cross-checks (finish) run after every block is read, so without
    // sorting the missing script (line 9) would follow line 12's error.
    const auto r = parse(
        "vrrp_instance VI_1 {\n"
        "    interface eth0\n"
        "    virtual_router_id 10\n"
        "    virtual_ipaddress {\n"
        "        10.0.0.1/24\n"
        "    }\n"
        "    track_script {\n"
        "        nope\n"
        "    }\n"
        "}\n"
        "include /etc/keepalived/a.conf\n"
        "global_defs {\n"
        "    bogus_word\n"
        "}\n",
        {{"/etc/keepalived/a.conf", "global_defs {\n    other_bogus\n}\n"}});
    std::vector<std::pair<std::string, uint32_t>> order;
    for (const auto& d : r.diagnostics) {
        order.emplace_back(d.where.file, d.where.line);
    }
    EXPECT_TRUE(std::is_sorted(order.begin(), order.end()))
        << ::testing::PrintToString(rendered(r));
    EXPECT_EQ(r.diagnostics.front().where.file, "/etc/keepalived/a.conf");
}

TEST(KeywordMessages, IncludeVariantsCheckWhatKeepalivedChecks) {
    const auto r = parse(
        "include /etc/keepalived/none.conf\n"
        "includem /etc/keepalived/none.conf\n"
        "includem /etc/keepalived/none*.conf\n"
        "includew /etc/keepalived/none*.conf\n"
        "includea /etc/keepalived/a.conf\n",
        {{"/etc/keepalived/a.conf", "global_defs {\n    router_id a\n}\n"}});
    const auto all = rendered(r);
    EXPECT_THAT(all, ::testing::Contains(At(1, "warning", "no file matches")));
    EXPECT_THAT(all, ::testing::Contains(At(2, "error", "includem")));
    EXPECT_THAT(all, ::testing::Contains(At(3, "warning", "includem")));
    EXPECT_THAT(all, ::testing::Contains(At(4, "error", "includew")));
    EXPECT_EQ(r.config.global.router_id, "a");
}

}  // namespace
}  // namespace xvrrp::config

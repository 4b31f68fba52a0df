// The pre-processor, line by line: every example of keepalived.conf(5)
// "ADVANCED CONFIGURATION" (conditional lines, parameters, pre-defined
// parameters, ~SEQ / ~LST blocks), the positions of generated lines, the
// bounds, and malformed input with FILE:LINE errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/preprocess.h"

namespace xvrrp::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kFile = "/etc/keepalived/keepalived.conf";

struct Out {
    std::vector<std::string> lines;
    std::vector<SourceRef> where;
    std::vector<std::string> findings;
};

Out run(std::string_view text, std::string config_id = "", RandomSource random = {},
        std::string working_dir = {}, const std::string& path = kFile) {
    Diagnostics d;
    Preprocessor p(
        PreprocessOptions{std::move(config_id), std::move(working_dir), std::move(random)}, d);
    Out o;
    p.file(text, path, [&](const Line& l) {
        o.lines.push_back(l.text);
        o.where.push_back(l.where);
    });
    for (const auto& f : d.all()) {
        o.findings.push_back(f.render());
    }
    return o;
}

std::string at(uint32_t line) {
    return std::string(kFile) + ":" + std::to_string(line) + ": ";
}

// ---- comments (keepalived's decomment) ----

TEST(Preprocess, CommentsAreRemovedOutsideQuotesAndLinesTrimmed) {
    auto o =
        run("! whole line\n  priority 100 # trailing\n# again\nstate MASTER!x\n"
            "notify \"/bin/x # not ! a comment\"\n\n   \n");
    EXPECT_THAT(o.lines,
                ElementsAre("priority 100", "state MASTER", "notify \"/bin/x # not ! a comment\""));
    EXPECT_EQ(o.where[0], (SourceRef{kFile, 2}));
    EXPECT_EQ(o.where[2], (SourceRef{kFile, 5}));
    EXPECT_TRUE(o.findings.empty());
}

TEST(Preprocess, EscapedHashAndBangAreCharactersNotComments) {
    bool cont = false;
    EXPECT_EQ(decomment("auth_pass a\\#b\\!c # x", cont), "auth_pass a#b!c");
    EXPECT_FALSE(cont);
    EXPECT_EQ(decomment("script \"a \\# b\"", cont), "script \"a \\# b\"");
    EXPECT_EQ(decomment("x\\n y", cont), "x\\n y");
}

TEST(Preprocess, TrailingBackslashMarksAContinuationAndIsDropped) {
    bool cont = false;
    EXPECT_EQ(decomment("$X= a   \\", cont), "$X= a");
    EXPECT_TRUE(cont);
    EXPECT_EQ(decomment("\\", cont), "");
    EXPECT_TRUE(cont);
}

TEST(Preprocess, CrLfLineEndsAreWhitespace) {
    auto o = run("a\r\n\r\n  b c\r\n");
    EXPECT_THAT(o.lines, ElementsAre("a", "b c"));
    EXPECT_EQ(o.where[1].line, 3u);
}

TEST(Preprocess, ABackslashOutsideADefinitionIsAnError) {
    auto o = run("priority 100 \\\n");
    EXPECT_THAT(o.lines, ElementsAre("priority 100"));
    EXPECT_THAT(o.findings, ElementsAre(at(1) + "error: a '\\' at the end of a line continues "
                                                "only a $NAME= definition"));
}

// ---- conditional configuration ----

constexpr const char* kConditional =
    "global_defs {\n"
    "    @main   router_id main_router\n"
    "    @backup router_id backup_router\n"
    "}\n"
    "vrrp_instance VRRP {\n"
    "    @main    unicast_src_ip 1.2.3.4\n"
    "    @backup  unicast_src_ip 1.2.3.5\n"
    "    @backup2 unicast_src_ip 1.2.3.6\n"
    "    unicast_peer {\n"
    "        @^main    1.2.3.4\n"
    "        @^backup  1.2.3.5\n"
    "        @^backup2 1.2.3.6\n"
    "    }\n"
    "}\n";

TEST(Preprocess, ManPageConditionalExampleAsMain) {
    auto o = run(kConditional, "main");
    EXPECT_THAT(o.lines, ElementsAre("global_defs", "{", "router_id main_router", "}",
                                     "vrrp_instance VRRP", "{", "unicast_src_ip 1.2.3.4",
                                     "unicast_peer", "{", "1.2.3.5", "1.2.3.6", "}", "}"));
    EXPECT_EQ(o.where[2].line, 2u);
    EXPECT_EQ(o.where[9].line, 11u);
    EXPECT_TRUE(o.findings.empty());
}

TEST(Preprocess, ManPageConditionalExampleAsBackupAndAsAnyoneElse) {
    auto b = run(kConditional, "backup");
    EXPECT_THAT(b.lines, ElementsAre("global_defs", "{", "router_id backup_router", "}",
                                     "vrrp_instance VRRP", "{", "unicast_src_ip 1.2.3.5",
                                     "unicast_peer", "{", "1.2.3.4", "1.2.3.6", "}", "}"));
    auto other = run(kConditional, "other");
    EXPECT_THAT(other.lines,
                ElementsAre("global_defs", "{", "}", "vrrp_instance VRRP", "{", "unicast_peer", "{",
                            "1.2.3.4", "1.2.3.5", "1.2.3.6", "}", "}"));
}

TEST(Preprocess, ConditionAfterABraceOnTheSameLineStillApplies) {
    auto o = run("unicast_peer { @^main 1.2.3.4 @x }\n", "main");
    EXPECT_THAT(o.lines, ElementsAre("unicast_peer", "{"));
    auto p = run("unicast_peer { @^main 1.2.3.4 }\n", "backup");
    EXPECT_THAT(p.lines, ElementsAre("unicast_peer", "{", "1.2.3.4", "}"));
}

TEST(Preprocess, ConditionMustBeTheWholeWordAndNeedsARestOfLine) {
    auto o = run("@mai x\n@mainx y\n@main\n@main{\n@main\tz\n", "main");
    EXPECT_THAT(o.lines, ElementsAre("z"));
    EXPECT_THAT(o.findings,
                ElementsAre(at(3) + "warning: '@main': nothing after the config-id, line ignored",
                            at(4) + "warning: '@main{': nothing after the config-id, line "
                                    "ignored"));
}

// ---- parameters ----

TEST(Preprocess, ManPageRecursiveAddressBaseExample) {
    auto o =
        run("$ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}\n"
            "$ADDRESS_BASE_SUB=0\n"
            "${ADDRESS_BASE}.100/32\n"
            "$ADDRESS_BASE_SUB=10\n"
            "${ADDRESS_BASE}.100/32\n");
    EXPECT_THAT(o.lines, ElementsAre("10.2.0.100/32", "10.2.10.100/32"));
    EXPECT_EQ(o.where[0].line, 3u);
    EXPECT_EQ(o.where[1].line, 5u);
}

TEST(Preprocess, UndefinedParametersAreLeftAsWritten) {
    auto o = run("script \"/bin/sh -c 'echo $HOME ${UNDEF_PARAMETER}'\"\n$A=1\nx $B ${B} $A\n");
    EXPECT_THAT(o.lines, ElementsAre("script \"/bin/sh -c 'echo $HOME ${UNDEF_PARAMETER}'\"",
                                     "x $B ${B} 1"));
    EXPECT_TRUE(o.findings.empty());
}

TEST(Preprocess, BareNameNeedsBlankCommaParenOrEndAfterIt) {
    auto o = run("$N=7\na_$N.x\nb_$N,x\nc_$N)\n\"q_${N}\"\nd_${N}${N}\n$N\n");
    EXPECT_THAT(o.lines, ElementsAre("a_$N.x", "b_7,x", "c_7)", "\"q_7\"", "d_77", "7"));
}

TEST(Preprocess, DefinitionSyntax) {
    // No blank before '='; blanks after it are skipped; empty values allowed;
    // only blanks before '$'; a name cannot start with a digit.
    auto o =
        run("$X =1\nc_$X\n  $Y=  val  # comment\nd_${Y}e\n$E=\ne_$E x\n$1A=2\n"
            "$_U=u\n${_U}\n");
    EXPECT_THAT(o.lines, ElementsAre("$X =1", "c_$X", "d_vale", "e_ x", "$1A=2", "u"));
}

TEST(Preprocess, ALaterDefinitionReplacesAnEarlierOne) {
    auto o = run("$P=1\np $P\n$P=2\np $P\n");
    EXPECT_THAT(o.lines, ElementsAre("p 1", "p 2"));
}

TEST(Preprocess, ManPageConditionalDefinitionExample) {
    const char* text =
        "@main $PRIORITY=240\n"
        "@backup $PRIORITY=200\n"
        "vrrp_instance VI_0 {\n"
        "    priority $PRIORITY\n"
        "}\n";
    EXPECT_THAT(run(text, "main").lines,
                ElementsAre("vrrp_instance VI_0", "{", "priority 240", "}"));
    EXPECT_THAT(run(text, "backup").lines,
                ElementsAre("vrrp_instance VI_0", "{", "priority 200", "}"));
    EXPECT_THAT(run(text, "other").lines,
                ElementsAre("vrrp_instance VI_0", "{", "priority $PRIORITY", "}"));
}

// keepalived 2.2.7 itself mangles this one ("ifm_ost"); the man page's
// documented result is what xvrrp gives.
TEST(Preprocess, ManPageConditionInsideAParameter) {
    const char* text = "$IF_MAIN=@main\n$IF_MAIN priority 240\n";
    EXPECT_THAT(run(text, "main").lines, ElementsAre("priority 240"));
    EXPECT_TRUE(run(text, "backup").lines.empty());
}

TEST(Preprocess, ParameterExpandingToADefinitionDefines) {
    auto o = run("$D=$X=5\n$D\nx $X\n");
    EXPECT_THAT(o.lines, ElementsAre("x 5"));
}

// ---- multiline definitions ----

constexpr const char* kInstanceTemplate =
    "$INSTANCE= \\\n"
    "vrrp_instance VI_${NUM} { \\\n"
    "    interface eth0.${NUM} \\\n"
    "    use_vmac vrrp${NUM}.1 \\\n"
    "    virtual_router_id 1 \\\n"
    "    @high priority 130 \\\n"
    "    @low priority 120 \\\n"
    "    advert_int 1 \\\n"
    "    virtual_ipaddress { \\\n"
    "        10.0.${NUM}.254/24 \\\n"
    "    } \\\n"
    "    track_script { \\\n"
    "        offset_instance_${NUM} \\\n"
    "    } \\\n"
    "}\n"
    "\n"
    "$NUM=0\n"
    "$INSTANCE\n"
    "\n"
    "$NUM=1\n"
    "$INSTANCE\n";

TEST(Preprocess, ManPageMultilineInstanceExample) {
    auto o = run(kInstanceTemplate, "low");
    const std::vector<std::string> one = {"vrrp_instance VI_0",
                                          "{",
                                          "interface eth0.0",
                                          "use_vmac vrrp0.1",
                                          "virtual_router_id 1",
                                          "priority 120",
                                          "advert_int 1",
                                          "virtual_ipaddress",
                                          "{",
                                          "10.0.0.254/24",
                                          "}",
                                          "track_script",
                                          "{",
                                          "offset_instance_0",
                                          "}",
                                          "}"};
    ASSERT_EQ(o.lines.size(), 2 * one.size());
    EXPECT_EQ(std::vector<std::string>(o.lines.begin(), o.lines.begin() + 16), one);
    EXPECT_EQ(o.lines[16], "vrrp_instance VI_1");
    EXPECT_EQ(o.lines[25], "10.0.1.254/24");
    EXPECT_TRUE(o.findings.empty());
}

// A generated line is placed at the use, and names the definition.
TEST(Preprocess, MultilineLinesAreAtTheUseAndNameTheDefinition) {
    auto o = run(kInstanceTemplate, "low");
    EXPECT_EQ(o.where[0], (SourceRef{kFile, 18}));  // first line: the use itself
    EXPECT_EQ(o.where[2],
              (SourceRef{kFile, 18, "$INSTANCE defined at " + std::string(kFile) + ":1"}));
    EXPECT_EQ(o.where[16].line, 21u);
    Diagnostic d{o.where[2], Severity::Error, "x"};
    EXPECT_EQ(d.render(),
              std::string(kFile) + ":18: error: x (from $INSTANCE defined at " + kFile + ":1)");
}

TEST(Preprocess, MultilineEndsAtABlankOrCommentLineAndSkipsBackslashOnlyLines) {
    // keepalived 2.2.7: "ml_c" is not part of $ML (the blank line ended it).
    auto o =
        run("$ML= \\\n ml_a_${N} \\\n   \\\n ml_b_${N} \\\n\n ml_c\n$N=3\n$ML\n"
            "$C= \\\n c1 \\\n# note\n c2\n$C\n");
    EXPECT_THAT(o.lines, ElementsAre("ml_c", "ml_a_3", "ml_b_3", "c2", "c1"));
}

TEST(Preprocess, MultilineExpandsOnlyWhereItEndsTheLine) {
    auto o = run("$ML= \\\n g1 \\\n g2\npre_$ML\n$ML post\n$S=${ML}\n$S\n");
    EXPECT_THAT(o.lines, ElementsAre("pre_g1", "g2", "$ML post", "g1", "g2"));
}

TEST(Preprocess, MultilineWithAFirstLineAndAnEmptyOne) {
    auto o = run("$A=first \\\n second\n$A\n$E= \\\n\n[${E}]\n");
    EXPECT_THAT(o.lines, ElementsAre("first", "second", "[]"));
}

TEST(Preprocess, ManPageNestedMultilineExample) {
    const char* text =
        "$RS= \\\n"
        "real_server 192.168.${VS_NUM}.${RS_NUM} 80 { \\\n"
        "    weight 1 \\\n"
        "    MISC_CHECK { \\\n"
        "        misc_path \"${_PWD}/scripts/vs.sh RS_misc.${INST}.${VS_NUM}.${RS_NUM}.0\" \\\n"
        "    } \\\n"
        "    notify_up \"${_PWD}/scripts/notify.sh UP 10.0.${VS_NUM}.4:80\" \\\n"
        "}\n"
        "\n"
        "$VS= \\\n"
        "virtual_server 10.0.${VS_NUM}.4 80 { \\\n"
        "    quorum 2 \\\n"
        "    $RS_NUM=1 \\\n"
        "    $RS \\\n"
        "    $RS_NUM=2 \\\n"
        "    $RS \\\n"
        "    $RS_NUM=3 \\\n"
        "    $RS \\\n"
        "}\n"
        "\n"
        "$VS_NUM=0\n"
        "$ALPHA=alpha\n"
        "$VS\n"
        "\n"
        "$VS_NUM=1\n"
        "$ALPHA=\n"
        "$VS\n";
    auto o = run(text);
    std::vector<std::string> heads;
    for (const auto& l : o.lines) {
        if (l.starts_with("virtual_server") || l.starts_with("real_server")) {
            heads.push_back(l);
        }
    }
    EXPECT_THAT(heads, ElementsAre("virtual_server 10.0.0.4 80", "real_server 192.168.0.1 80",
                                   "real_server 192.168.0.2 80", "real_server 192.168.0.3 80",
                                   "virtual_server 10.0.1.4 80", "real_server 192.168.1.1 80",
                                   "real_server 192.168.1.2 80", "real_server 192.168.1.3 80"));
    EXPECT_THAT(o.lines, ::testing::Contains(
                             "misc_path \"/etc/keepalived/scripts/vs.sh RS_misc.${INST}.1.3.0\""));
    EXPECT_EQ(o.lines.back(), "}");
    EXPECT_TRUE(o.findings.empty()) << ::testing::PrintToString(o.findings);
}

TEST(Preprocess, MultilineThatUsesItselfStopsWithAnError) {
    auto o = run("$A= \\\n x \\\n $A\n$A\n");
    ASSERT_FALSE(o.findings.empty());
    EXPECT_THAT(o.findings.front(), HasSubstr("nested more than 64 levels deep"));
    EXPECT_THAT(o.findings.front(), ::testing::StartsWith(at(4) + "error: "));
}

TEST(Preprocess, SingleLineParameterThatContainsItselfStopsWithAnError) {
    auto o = run("$A=x $A\ny $A\n");
    EXPECT_THAT(o.lines, ::testing::IsEmpty());
    EXPECT_THAT(o.findings, ElementsAre(::testing::AllOf(::testing::StartsWith(at(2) + "error: "),
                                                         HasSubstr("does a parameter contain "
                                                                   "itself?"))));
}

// ---- pre-defined parameters ----

TEST(Preprocess, PwdIsTheDirectoryOfTheFile) {
    EXPECT_THAT(run("n ${_PWD}/x.sh\n").lines, ElementsAre("n /etc/keepalived/x.sh"));
    EXPECT_THAT(run("n ${_PWD}\n", "", {}, "/home/op", "conf/k.conf").lines,
                ElementsAre("n /home/op/conf"));
    EXPECT_THAT(run("n ${_PWD}\n", "", {}, "/home/op", "k.conf").lines, ElementsAre("n /home/op"));
    EXPECT_THAT(run("n ${_PWD}\n", "", {}, "", "k.conf").lines, ElementsAre("n ."));
}

TEST(Preprocess, InstanceHashAndBang) {
    auto o = run("i_${_INSTANCE}\nauth_pass a${_HASH}b${_BANG}c\n$_INSTANCE=mine\n${_INSTANCE}\n",
                 "lb1");
    EXPECT_THAT(o.lines, ElementsAre("i_lb1", "auth_pass a#b!c", "mine"));
}

TEST(Preprocess, RandomUsesTheInjectedSourceWithItsRange) {
    std::vector<std::pair<uint64_t, uint64_t>> asked;
    auto fixed = [&](uint64_t lo, uint64_t hi) {
        asked.emplace_back(lo, hi);
        return hi;
    };
    auto o = run("r ${_RANDOM} ${_RANDOM 5} ${_RANDOM 5 9}\n$R=${_RANDOM 1 2}\n$R $R\n", "", fixed);
    EXPECT_THAT(o.lines, ElementsAre("r 32767 32767 9", "2 2"));
    EXPECT_THAT(
        asked,
        ElementsAre(std::pair<uint64_t, uint64_t>{0, 32767},
                    std::pair<uint64_t, uint64_t>{5, 32767}, std::pair<uint64_t, uint64_t>{5, 9},
                    std::pair<uint64_t, uint64_t>{1, 2}, std::pair<uint64_t, uint64_t>{1, 2}));
    // No source injected: always MIN, so a test is reproducible.
    EXPECT_THAT(run("${_RANDOM 3 7}\n").lines, ElementsAre("3"));
}

TEST(Preprocess, RandomWithBadArgumentsIsAnError) {
    auto o = run("a ${_RANDOM 9 3}\nb ${_RANDOM 1 2 3}\nc ${_RANDOM x}\nd $_RANDOM\n");
    EXPECT_THAT(o.lines,
                ElementsAre("a ${_RANDOM 9 3}", "b ${_RANDOM 1 2 3}", "c ${_RANDOM x}", "d 0"));
    EXPECT_THAT(o.findings, ElementsAre(HasSubstr(at(1) + "error: '${_RANDOM 9 3}': takes"),
                                        HasSubstr(at(2) + "error: '${_RANDOM 1 2 3}': takes")));
}

// ---- ~SEQ ----

TEST(Preprocess, ManPageSeqExample) {
    auto o = run("\n~SEQ(SUBNET, 0, 3) ip_address 10.0.${SUBNET}.1\n");
    EXPECT_THAT(o.lines, ElementsAre("ip_address 10.0.0.1", "ip_address 10.0.1.1",
                                     "ip_address 10.0.2.1", "ip_address 10.0.3.1"));
    for (const auto& w : o.where) {
        EXPECT_EQ(w, (SourceRef{kFile, 2}));
    }
}

TEST(Preprocess, ManPageSeqxExamplesInDecimalAndHex) {
    const std::vector<std::string> want = {"ip_address fe80::20:90:1", "ip_address fe80::20:a0:1",
                                           "ip_address fe80::20:b0:1", "ip_address fe80::20:c0:1"};
    EXPECT_EQ(run("~SEQx(SUBNET, 144, 16, 192) ip_address fe80::20:${SUBNET}:1\n").lines, want);
    EXPECT_EQ(run("~SEQx(SUBNET, 0x90, 0x10, 0xc0) ip_address fe80::20:${SUBNET}:1\n").lines, want);
}

TEST(Preprocess, ManPageNestedSeqxInsideABlock) {
    auto o =
        run("virtual_ipaddress {\n"
            "    ~SEQx(AD2, 0x90, 0x10, 0xc0) ~SEQx(AD1, 0x12, -1, 0x0c) "
            "fe81::10:${AD2}:${AD1}\n"
            "}\n");
    ASSERT_EQ(o.lines.size(), 3u + 4 * 7);
    EXPECT_EQ(o.lines[1], "{");
    EXPECT_EQ(o.lines[2], "fe81::10:90:12");
    EXPECT_EQ(o.lines[3], "fe81::10:90:11");
    EXPECT_EQ(o.lines[8], "fe81::10:90:c");
    EXPECT_EQ(o.lines[9], "fe81::10:a0:12");
    EXPECT_EQ(o.lines[29], "fe81::10:c0:c");
}

TEST(Preprocess, SeqDefaultsForStartAndStep) {
    EXPECT_THAT(run("~SEQ(I, 3) s_${I}\n").lines, ElementsAre("s_1", "s_2", "s_3"));
    EXPECT_THAT(run("~SEQ(J, -2) t_${J}\n").lines, ElementsAre("t_-1", "t_-2"));
    EXPECT_THAT(run("~SEQ(J, 0) t_${J}\n").lines, ElementsAre("t_1", "t_0"));
    EXPECT_THAT(run("~SEQ(K, 5, 3) u_${K}\n").lines, ElementsAre("u_5", "u_4", "u_3"));
    EXPECT_THAT(run("~SEQ(K, 1, 3, 8) v_$K\n").lines, ElementsAre("v_1", "v_4", "v_7"));
    EXPECT_THAT(run("~SEQ(K, 010, 010) o_$K\n").lines, ElementsAre("o_8"));
}

TEST(Preprocess, SeqArgumentsMayBeParameters) {
    auto o = run("$MAX=3\n$FROM=2\n~SEQ(I, $FROM, ${MAX}) n_${I}\n");
    EXPECT_THAT(o.lines, ElementsAre("n_2", "n_3"));
}

TEST(Preprocess, SeqVariableStaysDefinedAfterTheBlock) {
    auto o = run("~SEQ(Q, 1, 2)\nzz_${Q}\n");
    EXPECT_THAT(o.lines, ElementsAre("zz_2"));
}

TEST(Preprocess, SeqLineMayBeConditionalAndMayRepeatADefinition) {
    EXPECT_THAT(run("@a ~SEQ(I, 2) x$I\n@b ~SEQ(I, 2) y$I\n", "a").lines, ElementsAre("x1", "x2"));
    EXPECT_THAT(run("~SEQ(I, 2) @a x$I\n", "a").lines, ElementsAre("x1", "x2"));
}

TEST(Preprocess, MalformedSeqIsAnErrorAtItsLine) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"~SEQ(L 1 2) v", "takes a variable and 1 to 3 numbers"},
        {"~SEQ(M, 1, 0, 3) w", "the step 0 never reaches the end"},
        {"~SEQ(M, 3, 1, 1) w", "the step 1 never reaches the end"},
        {"~SEQx(M, -1, 3) w", "~SEQx takes no negative numbers"},
        {"~SEQ M, 1) w", "expected '(' after ~SEQ"},
        {"~SEQ(M, 1 w", "no ')' closes its '('"},
        {"~SEQ(1M, 3) w", "'1M' is not a parameter name"},
        {"~SEQ(M, 3x) w", "'3x' is not a whole number"},
        {"~SEQ(M, , 3) w", "'' is not a whole number"},
        {"~SEQ(M, 1, 2, 3, 4) w", "takes a variable and 1 to 3 numbers"},
        {"~SEQ(M, 99999999999999999999) w", "is not a whole number"},
        {"~REP(M, 3) w", "'~REP(M, 3)': unknown block (keepalived has ~SEQ, ~SEQx and ~LST)"},
    };
    for (const auto& [line, why] : cases) {
        auto o = run("x\n" + line + "\n");
        EXPECT_THAT(o.lines, ElementsAre("x")) << line;
        EXPECT_THAT(o.findings, ElementsAre(::testing::AllOf(
                                    ::testing::StartsWith(at(2) + "error: "), HasSubstr(why))))
            << line;
    }
}

TEST(Preprocess, SeqArgumentFromAMultilineParameterIsAnError) {
    auto o = run("$ML= \\\n 1 \\\n 2\n~SEQ(I, $ML) x\n");
    EXPECT_THAT(o.findings, ElementsAre(HasSubstr(at(4) + "error: ~SEQ(I, $ML): a multiline "
                                                          "parameter cannot be an argument")));
}

// ---- ~LST ----

TEST(Preprocess, ManPageListWithSeveralVariables) {
    auto o = run("~LST({IP, IP1}, {10,1},{20,4},{5,6},{12,8}) 192.168.${IP}.${IP1}\n");
    EXPECT_THAT(o.lines,
                ElementsAre("192.168.10.1", "192.168.20.4", "192.168.5.6", "192.168.12.8"));
}

TEST(Preprocess, ManPageNestedLists) {
    auto o = run("~LST(IP, 1, 2, 3, 4) ~LST(IP1, 5,6,7) 192.169.${IP}.${IP1}\n");
    EXPECT_THAT(o.lines, ElementsAre("192.169.1.5", "192.169.1.6", "192.169.1.7", "192.169.2.5",
                                     "192.169.2.6", "192.169.2.7", "192.169.3.5", "192.169.3.6",
                                     "192.169.3.7", "192.169.4.5", "192.169.4.6", "192.169.4.7"));
}

TEST(Preprocess, ManPageListAndSeqCombined) {
    auto o =
        run("~LST({IP,   IP1},  {10,1},{20,4},{5,6},{12,8})  ~SEQ(IP2,168,2,172) "
            "192.${IP2}.${IP}.${IP1}\n");
    EXPECT_THAT(o.lines,
                ElementsAre("192.168.10.1", "192.170.10.1", "192.172.10.1", "192.168.20.4",
                            "192.170.20.4", "192.172.20.4", "192.168.5.6", "192.170.5.6",
                            "192.172.5.6", "192.168.12.8", "192.170.12.8", "192.172.12.8"));
}

TEST(Preprocess, ListRowShorterThanItsVariablesLeavesThemEmpty) {
    auto o = run("~LST({C,D},{1},{2,3}) z_${C}_${D}\n");
    EXPECT_THAT(o.lines, ElementsAre("z_1_", "z_2_3"));
}

TEST(Preprocess, MalformedListIsAnErrorAtItsLine) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"~LST(A) x", "takes a variable (or {var, ...}) and at least one value"},
        {"~LST({A,B},{1,2,3}) x", "'{1,2,3}' has more values than there are variables"},
        {"~LST({A,2B},{1,2}) x", "'2B' is not a parameter name"},
        {"~LST(A, {1, 2) x", "no ')' closes its '('"},
    };
    for (const auto& [line, why] : cases) {
        auto o = run(line + "\n");
        EXPECT_TRUE(o.lines.empty()) << line;
        EXPECT_THAT(o.findings, ElementsAre(::testing::AllOf(
                                    ::testing::StartsWith(at(1) + "error: "), HasSubstr(why))))
            << line;
    }
}

// ---- the bound ----

TEST(Preprocess, HugeSeqIsRefusedBeforeAnyLineIsMade) {
    auto o = run("x\n~SEQ(I, 0, 9223372036854775807) @nobody y\n");
    EXPECT_THAT(o.lines, ElementsAre("x"));
    EXPECT_THAT(o.findings, ElementsAre(at(2) + "error: more than 100000 lines generated by "
                                                "~SEQ/~LST blocks and multiline parameters: "
                                                "refused (is something repeated more than "
                                                "intended?)"));
}

// The man page's 65024-instance example: 8 x 32 x 254 blocks of 16 lines
// is about a million lines; refused once, at the line that makes them.
TEST(Preprocess, ManPageManyInstancesExampleHitsTheBound) {
    std::string text = "$VI4= \\\n";
    for (int i = 0; i < 15; ++i) {
        text += "line" + std::to_string(i) + " ${IF}.${NUM}.${ID} \\\n";
    }
    text += "}\n\n~SEQ(IF,0,7) ~SEQ(NUM,0,31) ~SEQ(ID,1,254) $VI4\n";
    auto o = run(text);
    EXPECT_LE(o.lines.size(), kMaxGeneratedLines);
    EXPECT_GT(o.lines.size(), kMaxGeneratedLines / 2);
    ASSERT_EQ(o.findings.size(), 1u);
    EXPECT_THAT(o.findings[0], ::testing::StartsWith(at(19) + "error: more than 100000 lines"));
}

TEST(Preprocess, JustUnderTheBoundIsFine) {
    auto o = run("~SEQ(I, 1, 50000) a$I\n~SEQ(I, 1, 49999) b$I\n");
    EXPECT_EQ(o.lines.size(), 99999u);
    EXPECT_TRUE(o.findings.empty());
}

TEST(Preprocess, ExpandedTextIsBoundedToo) {
    const std::string kb(1000, 'x');
    auto o = run("$A=" + kb + "\n~SEQ(I, 1, 20000) ${A}\nlast\n");
    EXPECT_LE(o.lines.size() * kb.size(), kMaxExpandedBytes);
    EXPECT_THAT(o.findings, ElementsAre(at(2) + "error: the configuration is more than 16 MiB "
                                                "once expanded: refused"));
    EXPECT_NE(o.lines.back(), "last");
}

// Lines that are expanded and then dropped make no text, but cost work.
TEST(Preprocess, ExpansionWorkIsBoundedOverTheWholeReading) {
    auto o = run("$X=@nobody " + std::string(4000, 'x') + "\n~SEQ(I, 1, 90000) ${X}\n");
    EXPECT_THAT(o.lines, ::testing::IsEmpty());
    EXPECT_THAT(o.findings, ElementsAre(at(2) + "error: parameter expansion needs more than 256 "
                                                "MiB of work in this configuration: refused"));
}

// ---- files ----

TEST(Preprocess, DefinitionsHoldAcrossFilesAndPwdFollowsTheFile) {
    Diagnostics d;
    Preprocessor p(PreprocessOptions{}, d);
    std::vector<std::string> lines;
    p.file("$Z=zed\n$ML= \\\n m1 \\\n", "/a/inc.conf",
           [&](const Line& l) { lines.push_back(l.text); });
    p.file("a $Z ${_PWD}\n$ML\n", "/b/k.conf", [&](const Line& l) { lines.push_back(l.text); });
    EXPECT_THAT(lines, ElementsAre("a zed /b", "m1"));
}

}  // namespace
}  // namespace xvrrp::config

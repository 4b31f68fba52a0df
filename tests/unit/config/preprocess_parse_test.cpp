// The pre-processor seen through the whole reader: keepalived's conditional
// lines and parameters reach the keywords, includes move ${_PWD}, and the
// messages the pre-processor fixed point at the right line.
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* kConditional =
    "global_defs {\n"
    "    @main   router_id main_router\n"
    "    @backup router_id backup_router\n"
    "}\n"
    "vrrp_instance VRRP {\n"
    "    interface eth0\n"
    "    virtual_router_id 10\n"
    "    virtual_ipaddress {\n"
    "        10.0.0.1/24\n"
    "    }\n"
    "    @main    unicast_src_ip 1.2.3.4\n"
    "    @backup  unicast_src_ip 1.2.3.5\n"
    "    @backup2 unicast_src_ip 1.2.3.6\n"
    "    unicast_peer {\n"
    "        @^main    1.2.3.4\n"
    "        @^backup  1.2.3.5\n"
    "        @^backup2 1.2.3.6\n"
    "    }\n"
    "}\n";

TEST(PreprocessParse, ConditionalLinesChooseRouterIdSourceAndPeers) {
    auto main = parse_as("main", kConditional);
    auto in = only_instance(main);
    EXPECT_EQ(main.config.global.router_id, "main_router");
    EXPECT_EQ(in.unicast_src_ip, ip("1.2.3.4"));
    EXPECT_THAT(in.unicast_peers, ElementsAre(ip("1.2.3.5"), ip("1.2.3.6")));

    auto other = parse_as("other", kConditional);
    auto o = only_instance(other);
    EXPECT_EQ(other.config.global.router_id, "");
    EXPECT_FALSE(o.unicast_src_ip.has_value());
    EXPECT_THAT(o.unicast_peers, ElementsAre(ip("1.2.3.4"), ip("1.2.3.5"), ip("1.2.3.6")));
}

// The cascade: a rejected `@low` line used to become
// "track_interface @low: unexpected 'eth1'".
TEST(PreprocessParse, ConditionalLineInsideTrackInterfaceIsJustConditional) {
    const std::string text = instance("    track_interface {\n        @low eth1\n    }\n");
    EXPECT_THAT(only_instance(parse_as("high", text)).track_interfaces, IsEmpty());
    auto low = only_instance(parse_as("low", text));
    ASSERT_EQ(low.track_interfaces.size(), 1u);
    EXPECT_EQ(low.track_interfaces[0].name, "eth1");
    EXPECT_EQ(low.track_interfaces[0].where, (SourceRef{kMain, 8}));
}

// The "takes no { } block": ${_PWD} is expanded, and an undefined
// ${NAME} stays one word.
TEST(PreprocessParse, NotifyWithPwdExpands) {
    auto in = only_instance(parse(instance("    notify ${_PWD}/x.sh\n")));
    EXPECT_EQ(in.notify.any.command, "/etc/keepalived/x.sh");
    auto kept = only_instance(parse(instance("    notify ${SCRIPTS}/x.sh\n")));
    EXPECT_EQ(kept.notify.any.command, "${SCRIPTS}/x.sh");
}

TEST(PreprocessParse, UndefinedParameterInANumberIsNamedAsSuch) {
    auto r = parse(instance("    priority $PRIO\n    advert_int ${INT}\n"));
    EXPECT_THAT(rendered(r, Severity::Error),
                ElementsAre(At(7, "error",
                               "priority: '$PRIO' is an undefined parameter (define "
                               "it with $NAME=value before its use)"),
                            At(8, "error", "advert_int: '${INT}' is an undefined parameter")));
}

TEST(PreprocessParse, UndefinedParameterAsAKeywordIsNamedAsSuch) {
    auto r = parse("$BLOCK\n");
    EXPECT_THAT(rendered(r, Severity::Error),
                ElementsAre(At(1, "error", "'$BLOCK' is an undefined parameter")));
}

TEST(PreprocessParse, ConditionalDefinitionSetsThePriority) {
    const std::string text =
        "@main $PRIORITY=240\n@backup $PRIORITY=200\n" + instance("    priority $PRIORITY\n");
    EXPECT_EQ(only_instance(parse_as("main", text)).priority, 240);
    EXPECT_EQ(only_instance(parse_as("backup", text)).priority, 200);
}

TEST(PreprocessParse, MultilineTemplateMakesInstances) {
    const char* text =
        "$INSTANCE= \\\n"
        "vrrp_instance VI_${NUM} { \\\n"
        "    interface eth0 \\\n"
        "    virtual_router_id ${NUM} \\\n"
        "    @high priority 130 \\\n"
        "    @low priority 120 \\\n"
        "    virtual_ipaddress { \\\n"
        "        10.0.${NUM}.254/24 \\\n"
        "    } \\\n"
        "}\n"
        "~SEQ(NUM, 1, 2) $INSTANCE\n";
    auto r = parse_as("high", text);
    ASSERT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    ASSERT_EQ(r.config.instances.size(), 2u);
    EXPECT_EQ(r.config.instances[1].name, "VI_2");
    EXPECT_EQ(r.config.instances[1].vrid, 2);
    EXPECT_EQ(r.config.instances[1].priority, 130);
    EXPECT_EQ(r.config.instances[1].vips[0].addr, ip("10.0.2.254"));
    EXPECT_EQ(r.config.instances[1].where, (SourceRef{kMain, 11}));
}

TEST(PreprocessParse, ErrorInAGeneratedLineNamesTheUseAndTheDefinition) {
    const char* text =
        "$BODY= \\\n"
        "    interface eth0 \\\n"
        "    virtual_router_id 10 \\\n"
        "    priority 300 \\\n"
        "    virtual_ipaddress { \\\n"
        "        10.0.0.1/24 \\\n"
        "    }\n"
        "vrrp_instance VI_1 {\n"
        "    $BODY\n"
        "}\n";
    auto r = parse(text);
    EXPECT_THAT(rendered(r, Severity::Error),
                ElementsAre(std::string(kMain) +
                            ":9: error: priority: '300' is not a whole number from 1 to 255 "
                            "(from $BODY defined at " +
                            kMain + ":1)"));
}

TEST(PreprocessParse, PwdFollowsIncludesAndDefinitionsCrossThem) {
    std::map<std::string, std::string> files = {
        {"/etc/keepalived/conf.d/vi.conf", "$PRIO=150\n" + instance("    notify ${_PWD}/n.sh\n")},
    };
    auto r = parse(
        "include ${_PWD}/conf.d/*.conf\nvrrp_script chk {\n  script ${_PWD}/c.sh\n}\n"
        "global_defs {\n  router_id r$PRIO\n}\n",
        files);
    ASSERT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    EXPECT_EQ(r.config.instances.at(0).notify.any.command, "/etc/keepalived/conf.d/n.sh");
    EXPECT_EQ(r.config.scripts.at(0).script.command, "/etc/keepalived/c.sh");
    EXPECT_EQ(r.config.global.router_id, "r150");
}

TEST(PreprocessParse, SeqAndLstFillAddressBlocks) {
    auto in =
        only_instance(parse(instance("    virtual_ipaddress_excluded {\n"
                                     "        ~SEQ(SUBNET, 0, 3) 10.1.${SUBNET}.1/24\n"
                                     "        ~LST({A, B}, {2, 1}, {3, 4}) 10.2.${A}.${B}\n"
                                     "    }\n")));
    ASSERT_EQ(in.excluded_vips.size(), 6u);
    EXPECT_EQ(in.excluded_vips[3].addr, ip("10.1.3.1"));
    EXPECT_EQ(in.excluded_vips[3].where, (SourceRef{kMain, 8}));
    EXPECT_EQ(in.excluded_vips[5].addr, ip("10.2.3.4"));
}

TEST(PreprocessParse, ExpansionBoundIsAConfigurationError) {
    auto r = parse("~SEQ(I, 1, 200000) vrrp_script s$I {\n");
    EXPECT_FALSE(r.ok());
    EXPECT_THAT(rendered(r, Severity::Error),
                ::testing::Contains(At(1, "error", "more than 100000 lines generated")));
}

}  // namespace
}  // namespace xvrrp::config::test

// How a VRRPv3 instance meets peers of other makes and versions: the IPv4
// checksum form it sends (v3_checksum_as_v2, P3) and the v2/v3 migration
// mode (version_migration, RFC 9568 8.4, I1-I3).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string global(const std::string& body) {
    return "global_defs {\n" + body + "}\n";
}

// A second instance beside instance(): another VRID.
std::string other_instance(const std::string& extra) {
    std::string s = instance(extra, "VI_2");
    s.replace(s.find("virtual_router_id 10"), 20, "virtual_router_id 11");
    return s;
}

// ---- v3_checksum_as_v2 ---------------------------------------------------------------

TEST(ConfigChecksum, P3_DefaultIsThePseudoHeaderForm) {
    EXPECT_FALSE(only_instance(parse(instance("    version 3\n"))).v3_checksum_as_v2);
}

TEST(ConfigChecksum, P3_BareKeywordMeansTrueAndValuesAreKeepalivedBooleans) {
    EXPECT_TRUE(
        only_instance(parse(instance("    version 3\n    v3_checksum_as_v2\n"))).v3_checksum_as_v2);
    for (const char* yes : {"true", "yes", "on"}) {
        const auto in = only_instance(
            parse(instance("    version 3\n    v3_checksum_as_v2 " + std::string(yes) + "\n")));
        EXPECT_TRUE(in.v3_checksum_as_v2) << yes;
    }
    for (const char* no : {"false", "no", "off"}) {
        const auto in = only_instance(
            parse(instance("    version 3\n    v3_checksum_as_v2 " + std::string(no) + "\n")));
        EXPECT_FALSE(in.v3_checksum_as_v2) << no;
    }
}

TEST(ConfigChecksum, P3_BadValueIsAnErrorAtItsLine) {
    auto r = parse(instance("    version 3\n    v3_checksum_as_v2 maybe\n"));
    EXPECT_THAT(rendered(r), ElementsAre(At(8, "error",
                                            "v3_checksum_as_v2: 'maybe' is not one of "
                                            "true/false/yes/no/on/off")));
    auto two = parse(instance("    version 3\n    v3_checksum_as_v2 true false\n"));
    EXPECT_FALSE(two.ok());
    EXPECT_THAT(rendered(two, Severity::Error), ElementsAre(At(8, "error", "v3_checksum_as_v2")));
}

TEST(ConfigChecksum, P3_GlobalDefaultSwitchesEveryInstanceAndAnInstanceOverridesIt) {
    auto r = parse(global("    vrrp_version 3\n    v3_checksum_as_v2\n") + instance("") +
                   other_instance("    v3_checksum_as_v2 false\n"));
    ASSERT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    ASSERT_EQ(r.config.instances.size(), 2u);
    EXPECT_TRUE(r.config.global.v3_checksum_as_v2);
    EXPECT_TRUE(r.config.instances[0].v3_checksum_as_v2);
    EXPECT_FALSE(r.config.instances[1].v3_checksum_as_v2);
    // global_defs written after the instances still applies, as in keepalived.
    auto after = parse(instance("    version 3\n") + global("    v3_checksum_as_v2 yes\n"));
    EXPECT_TRUE(only_instance(after).v3_checksum_as_v2);
    auto bad = parse(global("    v3_checksum_as_v2 2\n"));
    EXPECT_THAT(rendered(bad, Severity::Error),
                ElementsAre(At(2, "error", "v3_checksum_as_v2: '2' is not one of")));
}

TEST(ConfigChecksum, P3_IgnoredWithAWarningWhereThereIsNoChoice) {
    // VRRPv2 never has a pseudo-header; IPv6 always has one.
    auto v2 = parse(instance("    version 2\n    v3_checksum_as_v2\n"));
    EXPECT_FALSE(only_instance(v2).v3_checksum_as_v2);
    EXPECT_THAT(rendered(v2), ElementsAre(At(8, "warning", "v3_checksum_as_v2: ignored")));
    auto v6 = parse(
        "vrrp_instance VI_6 {\n    interface eth0\n    virtual_router_id 10\n"
        "    virtual_ipaddress {\n        fe80::1\n    }\n    v3_checksum_as_v2\n}\n");
    EXPECT_FALSE(only_instance(v6).v3_checksum_as_v2);
    EXPECT_THAT(rendered(v6), ElementsAre(At(7, "warning", "v3_checksum_as_v2: ignored")));
    // The global default is silent where it cannot apply.
    auto g = parse(global("    v3_checksum_as_v2\n") + instance("    version 2\n"));
    EXPECT_FALSE(only_instance(g).v3_checksum_as_v2);
    EXPECT_THAT(rendered(g), IsEmpty());
}

// ---- version_migration -------------------------------------------------------------

TEST(ConfigMigration, I1_V3InstanceWithWholeSecondsIsAccepted) {
    auto in =
        only_instance(parse(instance("    version 3\n    advert_int 2\n    version_migration\n")));
    EXPECT_TRUE(in.version_migration);
    EXPECT_EQ(in.version, Version::V3);
    EXPECT_EQ(in.advert_int_cs, 200);
    EXPECT_FALSE(only_instance(parse(instance("    version 3\n"))).version_migration);
    EXPECT_FALSE(only_instance(parse(instance("    version 3\n    version_migration off\n")))
                     .version_migration);
}

TEST(ConfigMigration, I1_SubSecondIntervalRejectedAtTheAdvertIntLine) {
    auto r = parse(instance("    version 3\n    advert_int 0.5\n    version_migration\n"));
    EXPECT_THAT(rendered(r), ElementsAre(At(8, "error",
                                            "advert_int: '0.5' is not whole seconds: with "
                                            "version_migration the VRRPv2 adverts")));
}

TEST(ConfigMigration, I1_NeedsVersion3) {
    auto r = parse(instance("    version 2\n    version_migration\n"));
    EXPECT_THAT(rendered(r), ElementsAre(At(8, "error", "version_migration: needs version 3")));
    // The version may come from global_defs: keepalived's default is v2.
    auto d = parse(instance("    version_migration\n"));
    EXPECT_THAT(rendered(d), ElementsAre(At(7, "error", "version_migration: needs version 3")));
}

TEST(ConfigMigration, I1_Ipv6Rejected) {
    auto r = parse(
        "vrrp_instance VI_6 {\n    interface eth0\n    virtual_router_id 10\n"
        "    virtual_ipaddress {\n        fe80::1\n    }\n    version_migration\n}\n");
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "error", "version_migration: VRRPv2 carries IPv4 only")));
}

TEST(ConfigMigration, I1_V2AuthenticationRejected) {
    auto r =
        parse(instance("    version 3\n    version_migration\n"
                       "    authentication {\n      auth_type PASS\n      auth_pass x\n    }\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(10, "error", "authentication: not allowed with version_migration")));
}

TEST(ConfigMigration, I1_ChecksumFormAppliesToTheV3Adverts) {
    auto in = only_instance(
        parse(instance("    version 3\n    version_migration\n    v3_checksum_as_v2\n")));
    EXPECT_TRUE(in.version_migration);
    EXPECT_TRUE(in.v3_checksum_as_v2);
}

TEST(ConfigMigration, BadValueIsAnErrorAtItsLine) {
    auto r = parse(instance("    version 3\n    version_migration sometimes\n"));
    EXPECT_THAT(rendered(r), ElementsAre(At(8, "error", "version_migration: 'sometimes'")));
}

}  // namespace
}  // namespace xvrrp::config::test

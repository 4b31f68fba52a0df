// `xvrrp attach IF --vrid ... --vip ...`: the same rules as a file.
#include "config/quick_start.h"
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

QuickStart base() {
    QuickStart q;
    q.interface = "veth0";
    q.vrid = 7;
    q.vips = {"10.0.0.1/24"};
    return q;
}

TEST(ConfigQuickStart, TenMillisecondV3Instance) {
    QuickStart q = base();
    q.advert_int = "10ms";
    q.priority = 150;
    q.nopreempt = true;
    auto r = quick_start(q);
    auto in = only_instance(r);
    EXPECT_THAT(rendered(r), IsEmpty());
    EXPECT_EQ(in.name, "VI_7");
    EXPECT_EQ(in.interface, "veth0");
    EXPECT_EQ(in.vrid, 7);
    EXPECT_EQ(in.priority, 150);
    EXPECT_EQ(in.version, Version::V3);
    EXPECT_EQ(in.advert_int_cs, 1);
    EXPECT_EQ(in.state, InitialState::Backup);
    EXPECT_FALSE(in.preempt);
    EXPECT_EQ(in.vips, (std::vector<VirtualAddress>{{ip("10.0.0.1"), 24, "", "", {"--vip", 0}}}));
}

TEST(ConfigQuickStart, IntervalForms) {
    for (auto [text, cs] :
         {std::pair{"1s", 100}, {"0.5", 50}, {"100cs", 100}, {"250ms", 25}, {"40.95s", 4095}}) {
        QuickStart q = base();
        q.advert_int = text;
        EXPECT_EQ(only_instance(quick_start(q)).advert_int_cs, cs) << text;
    }
}

TEST(ConfigQuickStart, SameValidationAsAFileNamingTheOption) {
    QuickStart q = base();
    q.vrid = 300;
    q.priority = 0;
    q.advert_int = "15ms";
    q.vips = {"10.0.0.1", "fe80::1", "nonsense"};
    auto r = quick_start(q);
    EXPECT_THAT(
        rendered(r),
        // Sorted as findings in files are: by "file" (the option), then line.
        ElementsAre(
            "--advert-int: error: advert_int: '0.015' is not a multiple of 10 ms "
            "(VRRPv3 counts centiseconds)",
            "--priority: error: priority: '0' is not a whole number from 1 to 255",
            "--vip: error: virtual_ipaddress: 'nonsense' is not an IP address (ADDR or ADDR/LEN)",
            "--vip: error: virtual_ipaddress: fe80::1 is IPv6 but this instance is IPv4 "
            "(its first address is 10.0.0.1); use a second vrrp_instance for the other family",
            "--vrid: error: virtual_router_id: '300' is not a whole number from 1 to 255"));
}

TEST(ConfigQuickStart, MalformedIntervalAndV2SubSecond) {
    QuickStart q = base();
    q.advert_int = "fast";
    EXPECT_THAT(
        rendered(quick_start(q)),
        ElementsAre("--advert-int: error: 'fast' is not a duration (for example 10ms, 1s, 0.5)"));
    QuickStart v2 = base();
    v2.version = 2;
    v2.advert_int = "100ms";
    EXPECT_THAT(rendered(quick_start(v2)),
                ElementsAre(::testing::StartsWith(
                    "--advert-int: error: advert_int: '0.1' is not whole seconds")));
}

TEST(ConfigQuickStart, P3_I1_ChecksumFormAndMigrationFlags) {
    QuickStart q = base();
    q.v3_checksum_as_v2 = true;
    q.version_migration = true;
    auto r = quick_start(q);
    auto in = only_instance(r);
    EXPECT_THAT(rendered(r), IsEmpty());
    EXPECT_TRUE(in.v3_checksum_as_v2);
    EXPECT_TRUE(in.version_migration);
    QuickStart sub = base();
    sub.version_migration = true;
    sub.advert_int = "500ms";
    EXPECT_THAT(rendered(quick_start(sub)),
                ElementsAre(::testing::StartsWith(
                    "--advert-int: error: advert_int: '0.5' is not whole seconds: with "
                    "version_migration")));
}

TEST(ConfigQuickStart, UnicastAuthAndMissingPieces) {
    QuickStart q = base();
    q.version = 2;
    q.unicast_src = "192.0.2.1";
    q.unicast_peers = {"192.0.2.2", "192.0.2.3"};
    q.auth_pass = "secret";
    q.state = "MASTER";
    auto in = only_instance(quick_start(q));
    EXPECT_EQ(in.unicast_src_ip, ip("192.0.2.1"));
    EXPECT_THAT(in.unicast_peers, ElementsAre(ip("192.0.2.2"), ip("192.0.2.3")));
    EXPECT_TRUE(in.auth_pass_enabled);
    EXPECT_EQ(in.auth_pass, "secret");
    EXPECT_EQ(in.state, InitialState::Master);

    QuickStart v3 = base();
    v3.auth_pass = "secret";
    EXPECT_THAT(
        rendered(quick_start(v3)),
        ElementsAre(
            "--auth-pass: warning: authentication: ignored in VRRPv3 (RFC 5798 removed it)"));

    QuickStart empty;
    EXPECT_THAT(
        rendered(quick_start(empty)),
        ElementsAre("--vrid: error: virtual_router_id: '0' is not a whole number from 1 to 255",
                    "command line: error: vrrp_instance VI_0: missing 'interface'",
                    "command line: error: vrrp_instance VI_0: missing 'virtual_ipaddress' (at "
                    "least one address)"));
}

}  // namespace
}  // namespace xvrrp::config::test

// virtual_routes / virtual_rules (in vrrp_instance) and static_ipaddress /
// static_routes / static_rules (top level): every supported form into the
// model, and every refused one with its FILE:LINE.
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

IpAddr ip(const char* s) {
    return *IpAddr::parse(s);
}
Prefix pfx(const char* a, uint8_t len) {
    return Prefix{ip(a), len};
}

// `lines` inside a virtual_routes block starting on line 8.
ParseResult vroutes(const std::string& lines) {
    return parse(instance("    virtual_routes {\n" + lines + "    }\n"));
}
ParseResult vrules(const std::string& lines) {
    return parse(instance("    virtual_rules {\n" + lines + "    }\n"));
}

TEST(ConfigRoutes, EverySupportedRouteForm) {
    auto r = vroutes(
        "        10.9.0.0/16 via 10.0.0.254 dev eth1 src 10.0.0.1 table 100 metric 7 scope "
        "global protocol static\n"
        "        src 10.0.0.1 to 10.8.0.0/24 gw 10.0.0.253\n"
        "        blackhole 10.7.0.0/24\n"
        "        unreachable 10.6.0.0/24 table main\n"
        "        prohibit 10.5.0.0/24 no_track\n"
        "        default via 10.0.0.1 table 0x10 priority 5 protocol 18\n"
        "        2001:db8:9::/48 via 2001:db8::1 dev eth0 preference 1024\n"
        "        default via fe80::1 dev eth0 table 200\n"
        "        10.4.0.0/24 dev eth0 scope link\n"
        "        unreachable ::/0 table 300\n");
    auto in = only_instance(r);
    EXPECT_THAT(rendered(r), IsEmpty());
    ASSERT_EQ(in.routes.size(), 10u);
    const Route& a = in.routes[0];
    EXPECT_EQ(a.dst, pfx("10.9.0.0", 16));
    EXPECT_EQ(a.via, ip("10.0.0.254"));
    EXPECT_EQ(a.dev, "eth1");
    EXPECT_EQ(a.src, ip("10.0.0.1"));
    EXPECT_EQ(a.table, 100u);
    EXPECT_EQ(a.metric, 7u);
    EXPECT_EQ(a.scope, 0);
    EXPECT_EQ(a.protocol, 4);
    EXPECT_EQ(a.type, RouteType::Unicast);
    EXPECT_EQ(a.family, Family::V4);
    EXPECT_EQ(a.where, (SourceRef{kMain, 8}));
    EXPECT_EQ(in.routes[1].dst, pfx("10.8.0.0", 24));
    EXPECT_EQ(in.routes[1].src, ip("10.0.0.1"));
    EXPECT_EQ(in.routes[1].via, ip("10.0.0.253"));
    EXPECT_EQ(in.routes[1].table, kMainTable);
    EXPECT_EQ(in.routes[1].protocol, kProtoKeepalived);
    EXPECT_EQ(in.routes[2].type, RouteType::Blackhole);
    EXPECT_EQ(in.routes[2].dst, pfx("10.7.0.0", 24));
    EXPECT_EQ(in.routes[3].type, RouteType::Unreachable);
    EXPECT_EQ(in.routes[3].dst, pfx("10.6.0.0", 24));
    EXPECT_EQ(in.routes[3].table, 254u);
    EXPECT_EQ(in.routes[4].type, RouteType::Prohibit);
    EXPECT_EQ(in.routes[5].dst, pfx("0.0.0.0", 0));
    EXPECT_EQ(in.routes[5].table, 16u);
    EXPECT_EQ(in.routes[5].metric, 5u);
    EXPECT_EQ(in.routes[5].protocol, 18);
    EXPECT_EQ(in.routes[6].family, Family::V6);
    EXPECT_EQ(in.routes[6].dst, pfx("2001:db8:9::", 48));
    EXPECT_EQ(in.routes[6].metric, 1024u);
    EXPECT_EQ(in.routes[7].dst, pfx("::", 0));  // `default` takes the gateway's family
    EXPECT_EQ(in.routes[7].family, Family::V6);
    EXPECT_EQ(in.routes[8].scope, 253);
    EXPECT_FALSE(in.routes[8].via);
    EXPECT_EQ(in.routes[9].dst, pfx("::", 0));
    EXPECT_EQ(in.routes[9].table, 300u);
}

TEST(ConfigRoutes, EveryRefusedRouteFormNamesItsLine) {
    auto r = vroutes(
        "        10.9.0.0/16 via 10.0.0.254 mtu 1400\n"       // 8
        "        10.9.1.0/24 nexthop via 10.0.0.1\n"          // 9
        "        10.9.2.0/24 via 10.0.0.254 or 10.0.0.253\n"  // 10
        "        10.9.3.0/24\n"                               // 11
        "        via 10.0.0.254\n"                            // 12
        "        10.9.4.1/24 via 10.0.0.254\n"                // 13
        "        10.9.5.0/24 via 2001:db8::1\n"               // 14
        "        10.9.6.0/24 via 10.0.0.254 table wan\n"      // 15
        "        10.9.7.0/24 via 10.0.0.254 table\n"          // 16
        "        blackhole 10.9.8.0/24 via 10.0.0.254\n"      // 17
        "        10.9.9.0/24 dev eth0 scope galaxy\n"         // 18
        "        10.9.10.0/24 dev eth0/1\n"                   // 19
        "        10.9.11.0/24 dev eth0 protocol nosuch\n"     // 20
        "        10.9.12.0/24 type local dev eth0\n"          // 21
        "        10.9.13.0/24 via 10.0.0.254 metric -1\n"     // 22
        "        10.9.14.0/24 via 10.0.0.254\n"               // 23
        "        10.9.14.0/24 via 10.0.0.253\n"               // 24
        "        10.9.15.0/24 dev eth0 proto static\n");      // 25
    EXPECT_THAT(
        rendered(r),
        ElementsAre(
            At(8, "error", "virtual_routes 10.9.0.0/16: 'mtu' is not supported (xvrrp takes"),
            At(9, "error", "'nexthop' is not supported"), At(10, "error", "'or' is not supported"),
            At(11, "error", "a route needs `via ADDR` or `dev IF`"),
            At(12, "error", "no destination"),
            At(13, "error", "'10.9.4.1/24' has host bits set (did you mean 10.9.4.0/24?)"),
            At(14, "error", "2001:db8::1 is not of the destination's family"),
            At(15, "error", "table: 'wan' is not a table number"),
            At(16, "error", "'table' needs a value"),
            At(17, "error", "a blackhole route has no gateway"),
            At(18, "error", "scope: 'galaxy' is not a scope"),
            At(19, "error", "'eth0/1' is not a valid interface name"),
            At(20, "error", "protocol: 'nosuch' is not a route protocol"),
            At(21, "error", "'type' is not a keepalived route keyword (put the type first"),
            At(22, "error", "metric: '-1' is not a number"),
            At(24, "error",
               "10.9.14.0/24 table 254 is listed twice (first at " + std::string(kMain) + ":23)"),
            At(25, "error", "'proto' is not a keepalived route keyword (write `protocol`)")));
}

TEST(ConfigRules, EverySupportedRuleForm) {
    auto r = vrules(
        "        from 10.1.0.0/24 table 100 priority 100\n"
        "        to 10.2.0.0/16 lookup 101 preference 101 no_track\n"
        "        from 10.3.0.0/24 to 10.4.0.0/24 table main preference 102 iif eth0 oif eth1\n"
        "        fwmark 0x10/0xff table 103 priority 103\n"
        "        from all fwmark 7 blackhole priority 104\n"
        "        from 2001:db8:1::/48 table 105 priority 105\n"
        "        from all inet6 unreachable priority 106\n"
        "        to 10.5.0.0/24 prohibit priority 107\n");
    auto in = only_instance(r);
    EXPECT_THAT(rendered(r), IsEmpty());
    ASSERT_EQ(in.rules.size(), 8u);
    const Rule& a = in.rules[0];
    EXPECT_EQ(a.from, pfx("10.1.0.0", 24));
    EXPECT_FALSE(a.to);
    EXPECT_EQ(a.table, 100u);
    EXPECT_EQ(a.priority, 100u);
    EXPECT_EQ(a.action, RuleAction::Lookup);
    EXPECT_EQ(a.family, Family::V4);
    EXPECT_EQ(a.where, (SourceRef{kMain, 8}));
    EXPECT_EQ(in.rules[1].to, pfx("10.2.0.0", 16));
    EXPECT_EQ(in.rules[1].table, 101u);
    EXPECT_EQ(in.rules[2].table, 254u);
    EXPECT_EQ(in.rules[2].iif, "eth0");
    EXPECT_EQ(in.rules[2].oif, "eth1");
    EXPECT_EQ(in.rules[3].fwmark, 16u);
    EXPECT_EQ(in.rules[3].fwmask, 255u);
    EXPECT_EQ(in.rules[4].fwmark, 7u);
    EXPECT_EQ(in.rules[4].fwmask, 0xffffffffu);
    EXPECT_EQ(in.rules[4].action, RuleAction::Blackhole);
    EXPECT_EQ(in.rules[4].from, pfx("0.0.0.0", 0));
    EXPECT_EQ(in.rules[5].family, Family::V6);
    EXPECT_EQ(in.rules[6].family, Family::V6);
    EXPECT_EQ(in.rules[6].from, pfx("::", 0));
    EXPECT_EQ(in.rules[6].action, RuleAction::Unreachable);
    EXPECT_EQ(in.rules[7].action, RuleAction::Prohibit);
}

TEST(ConfigRules, EveryRefusedRuleFormNamesItsLine) {
    auto r = vrules(
        "        from 10.1.0.0/24 table 100 priority 1 tos 22\n"   // 8
        "        from 10.1.0.0/24 priority 2\n"                    // 9
        "        from 10.1.0.0/24 table 100 goto 40\n"             // 10
        "        from 10.1.0.0/24 to 2001:db8::/32 table 1\n"      // 11
        "        from 10.1.0.1/24 table 1 priority 3\n"            // 12
        "        fwmark x table 1 priority 4\n"                    // 13
        "        from 10.1.0.0/24 table small priority 5\n"        // 14
        "        from 10.1.0.0/24 blackhole table 1 priority 6\n"  // 15
        "        uidrange 1-2 table 1 pref 7\n"                    // 16
        "        from 10.2.0.0/24 table 1 priority 8\n"            // 17
        "        from 10.2.0.0/24 table 1 priority 8\n"            // 18
        "        from 10.3.0.0/24 table 1\n");                     // 19
    EXPECT_THAT(
        rendered(r),
        ElementsAre(
            At(8, "error", "virtual_rules from: 'tos' is not supported (xvrrp takes"),
            At(9, "error", "a rule needs `table N`"), At(10, "error", "'goto' is not supported"),
            At(11, "error", "'from' and 'to' are of different families"),
            At(12, "error",
               "from: '10.1.0.1/24' has host bits set (did you mean "
               "10.1.0.0/24?)"),
            At(13, "error", "fwmark: 'x' is not MARK or MARK/MASK"),
            At(14, "error", "table: 'small' is not a table number"),
            At(15, "error", "exclude each other"), At(16, "error", "'uidrange' is not supported"),
            At(18, "error", "the rule is listed twice (first at " + std::string(kMain) + ":17)"),
            At(19, "warning", "no priority; set to 16384 as keepalived does")));
}

TEST(ConfigStatic, StaticAddressesRoutesAndRulesAtTheTopLevel) {
    auto r = parse(
        "static_ipaddress {\n"
        "    192.0.2.10/24 dev eth0 scope global\n"
        "    2001:db8::10/64 dev eth0\n"
        "}\n"
        "static_routes {\n"
        "    198.51.100.0/24 via 192.0.2.1 dev eth0 table 50\n"
        "    blackhole 203.0.113.0/24\n"
        "}\n"
        "static_rules {\n"
        "    from 192.0.2.0/24 table 50 priority 50\n"
        "}\n" +
        instance("", "VI_1"));
    ASSERT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    ASSERT_EQ(r.config.static_addresses.size(), 2u);
    EXPECT_EQ(r.config.static_addresses[0].addr, ip("192.0.2.10"));
    EXPECT_EQ(r.config.static_addresses[0].prefix_len, 24);
    EXPECT_EQ(r.config.static_addresses[0].dev, "eth0");
    EXPECT_EQ(r.config.static_addresses[1].addr, ip("2001:db8::10"));
    ASSERT_EQ(r.config.static_routes.size(), 2u);
    EXPECT_EQ(r.config.static_routes[0].table, 50u);
    EXPECT_EQ(r.config.static_routes[0].where, (SourceRef{kMain, 6}));
    EXPECT_EQ(r.config.static_routes[1].type, RouteType::Blackhole);
    ASSERT_EQ(r.config.static_rules.size(), 1u);
    EXPECT_EQ(r.config.static_rules[0].priority, 50u);
    EXPECT_TRUE(r.config.instances.front().routes.empty());
}

TEST(ConfigStatic, RefusedStaticFormsNameTheirLine) {
    auto r = parse(
        "static_ipaddress {\n"
        "    192.0.2.10/24\n"
        "}\n"
        "static_routes {\n"
        "    198.51.100.0/24 via 192.0.2.1 realms 4\n"
        "}\n"
        "static_rules {\n"
        "    from 192.0.2.0/24 table 50 priority 50 l3mdev\n"
        "}\n"
        "static_routes 1\n");
    EXPECT_THAT(rendered(r, Severity::Error),
                ElementsAre(At(2, "error", "static_ipaddress 192.0.2.10: needs `dev IF`"),
                            At(5, "error",
                               "static_routes 198.51.100.0/24: 'realms' is not "
                               "supported"),
                            At(8, "error", "static_rules from: 'l3mdev' is not supported"),
                            At(10, "error", "static_routes")));
}

}  // namespace
}  // namespace xvrrp::config::test

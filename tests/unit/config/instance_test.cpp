// vrrp_instance: every keyword into the model, keepalived's defaults, and
// every per-instance rule with the file:line it is reported at.
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConfigInstance, EveryKeywordIsParsedIntoTheModel) {
    auto r = parse(R"(vrrp_script chk { script "/bin/true" }
vrrp_instance VI_9 {
    state MASTER
    interface eth0
    virtual_router_id 42
    priority 200
    advert_int 2
    version 2
    authentication {
        auth_type PASS
        auth_pass "pa ss"
    }
    unicast_src_ip 192.0.2.1
    unicast_peer {
        192.0.2.2
        192.0.2.3
    }
    virtual_ipaddress {
        10.1.0.1/24 dev eth0 label eth0:vip
        10.1.0.2
    }
    virtual_ipaddress_excluded {
        10.9.0.1/16
    }
    track_interface {
        eth1
        eth2 weight -20
    }
    track_script {
        chk weight 15
    }
    notify_master "/n.sh master"
    notify_backup "/n.sh backup"
    notify_fault "/n.sh fault"
    notify_stop "/n.sh stop"
    notify /n.sh
    garp_master_delay 3
    garp_master_repeat 4
    garp_master_refresh 60
    garp_master_refresh_repeat 2
    no_accept
}
)");
    auto in = only_instance(r);
    EXPECT_THAT(rendered(r), IsEmpty());
    EXPECT_EQ(in.name, "VI_9");
    EXPECT_EQ(in.where, (SourceRef{kMain, 2}));
    EXPECT_EQ(in.state, InitialState::Master);
    EXPECT_EQ(in.interface, "eth0");
    EXPECT_EQ(in.interface_where, (SourceRef{kMain, 4}));
    EXPECT_EQ(in.vrid, 42);
    EXPECT_EQ(in.vrid_where, (SourceRef{kMain, 5}));
    EXPECT_EQ(in.priority, 200);
    EXPECT_EQ(in.advert_int_cs, 200);
    EXPECT_EQ(in.wire_advert_int(), 2);
    EXPECT_EQ(in.version, Version::V2);
    EXPECT_EQ(in.family, Family::V4);
    EXPECT_TRUE(in.preempt);
    EXPECT_TRUE(in.auth_pass_enabled);
    EXPECT_EQ(in.auth_pass, "pa ss");
    EXPECT_EQ(in.unicast_src_ip, ip("192.0.2.1"));
    EXPECT_THAT(in.unicast_peers, ElementsAre(ip("192.0.2.2"), ip("192.0.2.3")));
    ASSERT_EQ(in.vips.size(), 2u);
    EXPECT_EQ(in.vips[0], (VirtualAddress{ip("10.1.0.1"), 24, "eth0", "eth0:vip", {kMain, 19}}));
    EXPECT_EQ(in.vips[1], (VirtualAddress{ip("10.1.0.2"), 32, "", "", {kMain, 20}}));
    ASSERT_EQ(in.excluded_vips.size(), 1u);
    EXPECT_EQ(in.excluded_vips[0].prefix_len, 16);
    EXPECT_THAT(in.track_interfaces,
                ElementsAre(TrackedInterface{"eth1", 0, false, {kMain, 26}},
                            TrackedInterface{"eth2", -20, false, {kMain, 27}}));
    EXPECT_THAT(in.track_scripts, ElementsAre(TrackedScript{"chk", 15, false, {kMain, 30}}));
    EXPECT_EQ(in.notify.master, (ScriptCommand{"/n.sh master", "", "", {kMain, 32}}));
    EXPECT_EQ(in.notify.backup.command, "/n.sh backup");
    EXPECT_EQ(in.notify.fault.command, "/n.sh fault");
    EXPECT_EQ(in.notify.stop.command, "/n.sh stop");
    EXPECT_EQ(in.notify.any.command, "/n.sh");
    EXPECT_EQ(in.garp, (GarpPolicy{3, 4, 60, 2}));
    EXPECT_FALSE(in.accept);
    EXPECT_FALSE(in.use_vmac);
}

TEST(ConfigInstance, DefaultsFollowKeepalived) {
    auto in = only_instance(parse(instance("")));
    EXPECT_EQ(in.state, InitialState::Backup);
    EXPECT_EQ(in.priority, 100);
    EXPECT_EQ(in.version, Version::V2);  // keepalived 2.2.7's default
    EXPECT_EQ(in.advert_int_cs, 100);
    EXPECT_EQ(in.wire_advert_int(), 1);
    EXPECT_EQ(in.advert_int_us(), 1'000'000u);
    EXPECT_TRUE(in.preempt);  // S12
    EXPECT_EQ(in.preempt_delay_ms, 0u);
    EXPECT_TRUE(in.accept);  // A3: keepalived accepts unless no_accept / strict
    EXPECT_FALSE(in.strict);
    EXPECT_FALSE(in.auth_pass_enabled);
    EXPECT_FALSE(in.unicast_src_ip.has_value());
    EXPECT_FALSE(in.unicast());
    EXPECT_EQ(in.garp, (GarpPolicy{5, 5, 0, 1}));
    EXPECT_EQ(in.family, Family::V4);
}

TEST(ConfigInstance, S12_StateMasterWithoutPriorityIsTheOwnerWithANotice) {
    auto r = parse(instance("    state MASTER\n"));
    auto in = only_instance(r);
    EXPECT_EQ(in.priority, 255);
    EXPECT_THAT(rendered(r), ElementsAre(At(1, "notice", "priority 255 means \"address owner\"")));
}

TEST(ConfigInstance, S12_Priority255WithoutStateStartsAsMaster) {
    auto r = parse(instance("    priority 255\n"));
    auto in = only_instance(r);
    EXPECT_EQ(in.state, InitialState::Master);
    EXPECT_THAT(rendered(r), ElementsAre(At(7, "notice", "address owner")));
}

TEST(ConfigInstance, P1_VridOutOfRangeRejected) {
    auto r = parse(
        "vrrp_instance A {\n  interface eth0\n  virtual_router_id 0\n  virtual_ipaddress { "
        "10.0.0.1 }\n}\n"
        "vrrp_instance B {\n  interface eth0\n  virtual_router_id 256\n  virtual_ipaddress { "
        "10.0.0.2 }\n}\n"
        "vrrp_instance C {\n  interface eth0\n  virtual_router_id 1x\n  virtual_ipaddress { "
        "10.0.0.3 }\n}\n");
    EXPECT_THAT(
        rendered(r, Severity::Error),
        ElementsAre(At(3, "error", "virtual_router_id: '0' is not a whole number from 1 to 255"),
                    At(8, "error", "virtual_router_id: '256' is not a whole number from 1 to 255"),
                    At(13, "error", "virtual_router_id: '1x' is not a whole number")));
}

TEST(ConfigInstance, PriorityOutOfRangeRejected) {
    auto r = parse(instance("    priority 0\n    priority 256\n    priority -5\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "error", "priority: '0' is not a whole number from 1 to 255"),
                            At(8, "error", "priority: '256' is not a whole number from 1 to 255"),
                            At(9, "error", "priority: '-5' is not a whole number from 1 to 255")));
}

TEST(ConfigInstance, P2_V2AdvertIntMustBeWholeSeconds) {
    auto r = parse(instance("    advert_int 0.5\n"));
    EXPECT_THAT(rendered(r), ElementsAre(At(7, "error", "advert_int: '0.5' is not whole seconds")));
    auto ok = only_instance(parse(instance("    advert_int 255\n")));
    EXPECT_EQ(ok.wire_advert_int(), 255);
    EXPECT_EQ(ok.advert_int_cs, 25500);
}

TEST(ConfigInstance, P1_V3AdvertIntInCentiseconds) {
    auto a = only_instance(parse(instance("    version 3\n    advert_int 0.01\n")));
    EXPECT_EQ(a.advert_int_cs, 1);
    EXPECT_EQ(a.wire_advert_int(), 1);
    EXPECT_EQ(a.advert_int_us(), 10'000u);
    auto b = only_instance(parse(instance("    version 3\n    advert_int 40.95\n")));
    EXPECT_EQ(b.advert_int_cs, 4095);
    auto c = only_instance(parse(instance("    version 3\n    advert_int .25\n")));
    EXPECT_EQ(c.advert_int_cs, 25);
}

TEST(ConfigInstance, P1_V3AdvertIntNotMultipleOf10msRejected) {
    auto r = parse(instance("    version 3\n    advert_int 0.015\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(8, "error", "advert_int: '0.015' is not a multiple of 10 ms")));
}

TEST(ConfigInstance, P1_V3AdvertIntAbove4095cs) {
    auto r = parse(instance("    version 3\n    advert_int 41\n"));
    EXPECT_THAT(rendered(r), ElementsAre(At(8, "error", "above VRRPv3's maximum of 40.95 s")));
}

TEST(ConfigInstance, AdvertIntMalformedRejected) {
    auto r = parse(instance("    advert_int 1s\n    advert_int 0\n    advert_int 300\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "error", "advert_int: '1s' is not a number of seconds"),
                            At(8, "error", "advert_int: '0' is not a number of seconds"),
                            At(9, "error", "advert_int: '300' is not a number of seconds")));
}

TEST(ConfigInstance, VersionComesFromGlobalVrrpVersionWhereverItIsWritten) {
    // global_defs after the instance still applies, as in keepalived.
    auto in = only_instance(
        parse(instance("    advert_int 0.1\n") + "global_defs {\n  vrrp_version 3\n}\n"));
    EXPECT_EQ(in.version, Version::V3);
    EXPECT_EQ(in.advert_int_cs, 10);
}

TEST(ConfigInstance, InstanceVersionOverridesGlobal) {
    auto in =
        only_instance(parse("global_defs {\n  vrrp_version 3\n}\n" + instance("    version 2\n")));
    EXPECT_EQ(in.version, Version::V2);
}

TEST(ConfigInstance, S13_IPv6InstanceDefaultsToV3) {
    auto in =
        only_instance(parse("vrrp_instance V6 {\n  interface eth0\n  virtual_router_id 5\n"
                            "  virtual_ipaddress {\n    fe80::1/64\n    2001:db8::1/64\n  }\n}\n"));
    EXPECT_EQ(in.family, Family::V6);
    EXPECT_EQ(in.version, Version::V3);
    EXPECT_EQ(in.vips[1].prefix_len, 64);
    auto host =
        only_instance(parse("vrrp_instance V6 {\n  interface eth0\n  virtual_router_id 5\n"
                            "  virtual_ipaddress {\n    fe80::1\n  }\n}\n"));
    EXPECT_EQ(host.vips[0].prefix_len, 128);
}

TEST(ConfigInstance, V2WithIPv6Rejected) {
    auto r = parse(
        "vrrp_instance V6 {\n  interface eth0\n  virtual_router_id 5\n  version 2\n"
        "  virtual_ipaddress {\n    fe80::1\n  }\n}\n");
    EXPECT_THAT(rendered(r), ElementsAre(At(4, "error", "version 2: VRRPv2 carries IPv4 only")));
}

TEST(ConfigInstance, P4_FirstIPv6AddressMustBeLinkLocalInMulticastMode) {
    const std::string body =
        "vrrp_instance V6 {\n  interface eth0\n  virtual_router_id 5\n"
        "  virtual_ipaddress {\n    2001:db8::1/64\n    fe80::1\n  }\n";
    auto r = parse(body + "}\n");
    EXPECT_THAT(rendered(r),
                ElementsAre(At(5, "error", "the first IPv6 address must be link-local")));
    // Unicast adverts are not bound by it (keepalived skips the check too).
    auto u = parse(body + "  unicast_peer {\n    2001:db8::2\n  }\n}\n");
    EXPECT_TRUE(u.ok()) << ::testing::PrintToString(rendered(u));
}

TEST(ConfigInstance, S13_OneFamilyPerInstance) {
    auto r = parse(instance("    virtual_ipaddress_excluded {\n      fe80::9\n    }\n"
                            "    unicast_src_ip fe80::2\n"
                            "    unicast_peer {\n      10.0.0.9\n      fe80::3\n    }\n") +
                   "vrrp_instance M {\n  interface eth0\n  virtual_router_id 11\n"
                   "  virtual_ipaddress {\n    10.0.0.1\n    fe80::1\n  }\n}\n");
    // Excluded addresses are not advertised, so may be of either family.
    EXPECT_THAT(rendered(r), ElementsAre(At(10, "error", "unicast_src_ip: fe80::2 is not IPv4"),
                                         At(13, "error", "unicast_peer: fe80::3 is not IPv4"),
                                         At(21, "error",
                                            "virtual_ipaddress: fe80::1 is IPv6 but this instance "
                                            "is IPv4 (its first address is 10.0.0.1)")));
}

TEST(ConfigInstance, MissingInterfaceVridAndAddressesAreErrorsAtTheInstanceLine) {
    auto r = parse("\nvrrp_instance EMPTY {\n  priority 50\n}\n");
    EXPECT_THAT(rendered(r),
                ElementsAre(At(2, "error", "vrrp_instance EMPTY: missing 'interface'"),
                            At(2, "error", "vrrp_instance EMPTY: missing 'virtual_router_id'"),
                            At(2, "error", "vrrp_instance EMPTY: missing 'virtual_ipaddress'")));
}

TEST(ConfigInstance, S6_NopreemptWithStateBackupDisablesPreemption) {
    auto r = parse(instance("    state BACKUP\n    nopreempt\n"));
    auto in = only_instance(r);
    EXPECT_FALSE(in.preempt);
    EXPECT_THAT(rendered(r), IsEmpty());
    // `preempt` (keepalived's backwards-compatible keyword) turns it back on.
    EXPECT_TRUE(only_instance(parse(instance("    nopreempt\n    preempt\n"))).preempt);
}

TEST(ConfigInstance, NopreemptWithStateMasterIsAWarningAndIgnored) {
    auto r = parse(instance("    state MASTER\n    priority 150\n    nopreempt\n"));
    auto in = only_instance(r);
    EXPECT_TRUE(in.preempt);
    EXPECT_THAT(rendered(r),
                ElementsAre(At(9, "warning", "nopreempt: only works with state BACKUP")));
}

TEST(ConfigInstance, NopreemptIgnoredForTheOwner) {
    auto r = parse(instance("    priority 255\n    nopreempt\n"));
    EXPECT_TRUE(only_instance(r).preempt);
    EXPECT_THAT(rendered(r, Severity::Warning),
                ElementsAre(At(8, "warning", "nopreempt: ignored with priority 255")));
}

TEST(ConfigInstance, S12_PreemptDelayInMillisecondsAndWhereItCannotApply) {
    EXPECT_EQ(only_instance(parse(instance("    preempt_delay 1.5\n"))).preempt_delay_ms, 1500u);
    auto m = parse(instance("    state MASTER\n    priority 120\n    preempt_delay 5\n"));
    EXPECT_EQ(only_instance(m).preempt_delay_ms, 0u);
    EXPECT_THAT(rendered(m),
                ElementsAre(At(9, "warning", "preempt_delay: ignored with state MASTER")));
    auto n = parse(instance("    nopreempt\n    preempt_delay 5\n"));
    EXPECT_THAT(rendered(n),
                ElementsAre(At(8, "warning", "preempt_delay: ignored with nopreempt")));
    auto big = parse(instance("    preempt_delay 1001\n"));
    EXPECT_THAT(rendered(big),
                ElementsAre(At(7, "error",
                               "preempt_delay: '1001' is not a number of seconds from 0 to 1000")));
}

TEST(ConfigInstance, P2_AuthPassLongerThan8IsTruncatedWithAWarning) {
    auto r = parse(instance(
        "    authentication {\n      auth_type PASS\n      auth_pass 123456789abc\n    }\n"));
    auto in = only_instance(r);
    EXPECT_TRUE(in.auth_pass_enabled);
    EXPECT_EQ(in.auth_pass, "12345678");
    EXPECT_THAT(rendered(r), ElementsAre(At(9, "warning",
                                            "auth_pass: '\u2026' (12 characters, truncated to 8")));
}

// The password never appears in a diagnostic, whole or in part.
TEST(ConfigInstance, AuthPassNeverInADiagnostic) {
    for (const char* line : {"auth_pass s3cr3tPassw0rd", "auth_pass s3cr3t Passw0rd",
                             "auth_pass s3cr3t Passw0rd again", "auth_pass s3cr3t {\n}"}) {
        auto r = parse(instance(std::string("    authentication {\n      auth_type PASS\n      ") +
                                line + "\n    }\n"));
        const auto all = rendered(r);
        ASSERT_FALSE(all.empty()) << line;
        for (const auto& d : all) {
            EXPECT_EQ(d.find("s3cr3t"), std::string::npos) << d;
            EXPECT_EQ(d.find("Passw0rd"), std::string::npos) << d;
            EXPECT_EQ(d.find("again"), std::string::npos) << d;
        }
    }
}

TEST(ConfigInstance, AuthenticationIgnoredInV3WithAWarning) {
    auto r = parse(instance(
        "    version 3\n    authentication {\n      auth_type PASS\n      auth_pass x\n    }\n"));
    auto in = only_instance(r);
    EXPECT_FALSE(in.auth_pass_enabled);
    EXPECT_TRUE(in.auth_pass.empty());
    EXPECT_THAT(rendered(r), ElementsAre(At(9, "warning", "authentication: ignored in VRRPv3")));
}

TEST(ConfigInstance, AuthTypeAHRejected) {
    auto r =
        parse(instance("    authentication {\n      auth_type AH\n      auth_pass x\n    }\n"));
    EXPECT_FALSE(r.ok());
    EXPECT_THAT(rendered(r),
                ElementsAre(At(8, "error", "auth_type AH: not supported by xvrrp"),
                            At(9, "warning", "auth_pass: ignored without 'auth_type PASS'")));
}

TEST(ConfigInstance, AuthTypeWithoutPassOrUnknownType) {
    auto r = parse(instance("    authentication {\n      auth_type PASS\n    }\n"));
    EXPECT_FALSE(only_instance(r).auth_pass_enabled);
    EXPECT_THAT(rendered(r), ElementsAre(At(8, "warning", "auth_type PASS without auth_pass")));
    auto bad =
        parse(instance("    authentication {\n      auth_type MD5\n      auth_key x\n    }\n"));
    EXPECT_THAT(rendered(bad),
                ElementsAre(At(8, "error", "auth_type: 'MD5' is not PASS or AH"),
                            At(9, "error", "unknown keyword 'auth_key' in authentication")));
}

TEST(ConfigInstance, A3_AcceptDefaultsOnAndFollowsStrictMode) {
    EXPECT_FALSE(only_instance(parse(instance("    no_accept\n"))).accept);
    auto strict = only_instance(parse("global_defs {\n vrrp_strict\n}\n" + instance("")));
    EXPECT_TRUE(strict.strict);
    EXPECT_FALSE(strict.accept);
    auto explicit_accept =
        only_instance(parse("global_defs {\n vrrp_strict\n}\n" + instance("    accept\n")));
    EXPECT_TRUE(explicit_accept.accept);
    auto per_instance = only_instance(parse(instance("    strict_mode on\n")));
    EXPECT_TRUE(per_instance.strict);
    EXPECT_FALSE(per_instance.accept);
}

TEST(ConfigInstance, StrictModeIgnoresAuthenticationAndRefusesUnicast) {
    auto r =
        parse(instance("    strict_mode\n    authentication {\n      auth_type PASS\n"
                       "      auth_pass x\n    }\n    unicast_peer {\n      10.0.0.2\n    }\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(9, "warning", "authentication: ignored with vrrp_strict"),
                            At(13, "error", "unicast_peer: not allowed with vrrp_strict")));
}

TEST(ConfigInstance, UseVmacAcceptedWithAnInfoNotice) {
    auto r = parse(instance("    use_vmac vrrp.10\n"));
    auto in = only_instance(r);
    EXPECT_TRUE(in.use_vmac);
    EXPECT_FALSE(in.real_mac);
    EXPECT_THAT(rendered(r), ElementsAre(std::string(kMain) +
                                         ":7: info: use_vmac: xvrrp uses the virtual MAC without "
                                         "a macvlan (its default; xvrrp_real_mac turns it off)"));
}

TEST(ConfigInstance, RealMacIsOffByDefaultEvenWithoutUseVmac) {
    // keepalived uses the real MAC here; xvrrp keeps the VMAC (issue 10 item 3)
    EXPECT_FALSE(only_instance(parse(instance(""))).real_mac);
}

TEST(ConfigInstance, RealMacPerInstanceAndGlobally) {
    EXPECT_TRUE(only_instance(parse(instance("    xvrrp_real_mac\n"))).real_mac);
    const std::string global = "global_defs {\n xvrrp_real_mac\n}\n";
    EXPECT_TRUE(only_instance(parse(global + instance(""))).real_mac);
    // use_vmac keeps meaning the VMAC, also against the global default
    EXPECT_FALSE(only_instance(parse(global + instance("    use_vmac\n"))).real_mac);
}

TEST(ConfigInstance, RealMacAndUseVmacInOneInstanceContradict) {
    auto r = parse(instance("    use_vmac\n    xvrrp_real_mac\n"));
    EXPECT_THAT(rendered(r), testing::Contains(
                                 At(8, "error", "xvrrp_real_mac: contradicts use_vmac at line 7")));
    EXPECT_FALSE(parse(instance("    xvrrp_real_mac yes\n")).ok());
}

TEST(ConfigInstance, AddressOptionsKeepalivedHasButWeIgnoreAreWarnings) {
    auto r =
        parse(instance("    virtual_ipaddress_excluded {\n"
                       "      10.2.0.1/24 brd 10.2.0.255 scope global no_track dev eth3\n"
                       "      10.2.0.2 frobnicate\n"
                       "      10.2.0.3 dev\n"
                       "      10.2.0.4/33\n"
                       "      not-an-ip\n"
                       "    }\n"));
    EXPECT_THAT(
        rendered(r),
        ElementsAre(
            At(8, "warning", "'brd 10.2.0.255' ignored"),
            At(8, "warning", "'scope global' ignored"), At(8, "warning", "'no_track' ignored"),
            At(9, "error", "virtual_ipaddress_excluded 10.2.0.2: unknown option 'frobnicate'"),
            At(10, "error", "'dev' needs a value"),
            At(11, "error", "'10.2.0.4/33' is not an IP address"),
            At(12, "error", "'not-an-ip' is not an IP address")));
    ASSERT_FALSE(r.config.instances.empty());
    EXPECT_EQ(r.config.instances[0].excluded_vips.front().dev, "eth3");
}

TEST(ConfigInstance, DuplicateAddressRejected) {
    auto r = parse(instance("    virtual_ipaddress {\n      10.0.0.1/16\n    }\n"));
    EXPECT_THAT(rendered(r), ElementsAre(At(8, "error",
                                            "10.0.0.1 is listed twice (first at " +
                                                std::string(kMain) + ":5)")));
}

TEST(ConfigInstance, MoreThan255AddressesRejected) {
    std::string many = "    virtual_ipaddress {\n";
    for (int i = 0; i < 255; ++i) {
        many += "      10.5." + std::to_string(i / 200) + "." + std::to_string(i % 200 + 1) + "\n";
    }
    many += "    }\n";
    auto r = parse(instance(many));  // 10.0.0.1 + 255 more = 256
    EXPECT_THAT(rendered(r), ElementsAre(At(8 + 254, "error", "more than 255 addresses")));
}

TEST(ConfigInstance, TrackInterfaceWeightsAndErrors) {
    auto r = parse(
        instance("    track_interface {\n      eth1 weight 10 reverse\n      eth2 weight 254\n"
                 "      eth3 weight\n      eth4 heavy\n      this-name-is-too-long0\n    }\n"));
    EXPECT_THAT(
        rendered(r),
        ElementsAre(
            At(9, "error",
               "track_interface eth2: weight '254' is not a whole number from -253 to 253"),
            At(10, "error", "track_interface eth3: 'weight' needs a value"),
            At(11, "error", "track_interface eth4: unexpected 'heavy' (expected 'weight N')"),
            At(12, "error", "'this-name-is-too-long0' is not a valid interface name")));
    ASSERT_EQ(r.config.instances.size(), 1u);
    EXPECT_THAT(r.config.instances[0].track_interfaces,
                ElementsAre(TrackedInterface{"eth1", 10, true, {kMain, 8}}));
}

TEST(ConfigInstance, NotifyCommandsKeepUserAndGroup) {
    auto in =
        only_instance(parse(instance("    notify_master /usr/local/bin/up.sh\n    notify_backup "
                                     "\"/x.sh a b\" nobody nogroup\n")));
    EXPECT_EQ(in.notify.master, (ScriptCommand{"/usr/local/bin/up.sh", "", "", {kMain, 7}}));
    EXPECT_EQ(in.notify.backup, (ScriptCommand{"/x.sh a b", "nobody", "nogroup", {kMain, 8}}));
    auto r = parse(instance("    notify_fault\n    notify_stop a b c d\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "error", "notify_fault: needs a value"),
                            At(8, "error", "notify_stop: unexpected 'd' (takes 3 values)")));
}

TEST(ConfigInstance, A4_GarpSettingsOverrideGlobalDefaults) {
    auto in = only_instance(
        parse("global_defs {\n vrrp_garp_master_delay 1\n vrrp_garp_master_repeat 2\n"
              " vrrp_garp_master_refresh 30\n vrrp_garp_master_refresh_repeat 3\n}\n" +
              instance("    garp_master_repeat 9\n")));
    EXPECT_EQ(in.garp, (GarpPolicy{1, 9, 30, 3}));
    auto r = parse(instance("    garp_master_repeat 0\n"));
    EXPECT_THAT(
        rendered(r),
        ElementsAre(At(7, "error", "garp_master_repeat: '0' is not a whole number from 1 to 255")));
}

TEST(ConfigInstance, UnknownKeywordIsAnErrorNamingTheBlock) {
    auto r = parse(instance("    prioirty 100\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "error", "unknown keyword 'prioirty' in vrrp_instance VI_1")));
}

TEST(ConfigInstance, KeepalivedKeywordsWeDoNotHandleAreReportedByDecision) {
    auto r =
        parse(instance("    dont_track_primary\n    smtp_alert\n    smtp_alert\n"
                       "    lvs_sync_daemon_interface eth0\n    track_bfd {\n"
                       "      b1\n    }\n    vrf {\n      f\n    }\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "warning", "dont_track_primary: ignored"),
                            At(8, "notice", "smtp_alert: not used by xvrrp (no mail support)"),
                            At(10, "notice", "lvs_sync_daemon_interface: not used by xvrrp"),
                            At(11, "error", "track_bfd: not supported by xvrrp"),
                            At(14, "error", "vrf: not supported by xvrrp")));
}

TEST(ConfigInstance, ArgumentCountAndBlockShapeChecked) {
    auto r =
        parse(instance("    priority\n    interface eth0 eth1\n    nopreempt yes\n"
                       "    priority 5 {\n    }\n    virtual_ipaddress 10.0.0.9\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "error", "priority: needs a value"),
                            At(8, "error", "interface: unexpected 'eth1' (takes 1 value)"),
                            At(9, "error", "nopreempt: unexpected 'yes' (takes no value)"),
                            At(10, "error", "priority: takes no { } block"),
                            At(12, "error", "virtual_ipaddress: needs a { } block")));
}

TEST(ConfigInstance, StateMustBeMasterOrBackup) {
    auto r = parse(instance("    state master\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "error", "state: 'master' is written in capitals: MASTER")));
    auto other = parse(instance("    state active\n"));
    EXPECT_THAT(rendered(other),
                ElementsAre(At(7, "error", "state: 'active' is not MASTER or BACKUP")));
}

TEST(ConfigInstance, InstanceNameRequiredAndUnique) {
    auto r = parse(instance("") + instance("", "VI_1") + "vrrp_instance {\n}\n");
    EXPECT_THAT(
        rendered(r),
        ElementsAre(
            At(8, "error", "vrrp_instance VI_1 is already defined at " + std::string(kMain) + ":1"),
            At(15, "error", "vrrp_instance: needs a value")));
}

TEST(ConfigInstance, McastSrcIpIsTheSourceAddress) {
    auto in = only_instance(parse(instance("    mcast_src_ip 10.0.0.5\n")));
    EXPECT_EQ(in.unicast_src_ip, ip("10.0.0.5"));
    EXPECT_FALSE(in.unicast());
    auto r = parse(instance("    unicast_src_ip 10.0.0.500\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "error", "unicast_src_ip: '10.0.0.500' is not an IP address")));
}

TEST(ConfigInstance, D12_UnicastPeersParsedWithTtlOptionsIgnored) {
    auto r =
        parse(instance("    unicast_peer {\n      10.0.0.2 min_ttl 1 max_ttl 3\n      10.0.0.2\n"
                       "      10.0.0.x\n    }\n"));
    EXPECT_THAT(rendered(r), ElementsAre(At(8, "warning", "'min_ttl 1' ignored"),
                                         At(8, "warning", "'max_ttl 3' ignored"),
                                         At(9, "error", "unicast_peer: 10.0.0.2 is listed twice"),
                                         At(10, "error", "'10.0.0.x' is not an IP address")));
    ASSERT_EQ(r.config.instances.size(), 1u);
    EXPECT_THAT(r.config.instances[0].unicast_peers, ElementsAre(ip("10.0.0.2")));
}

TEST(ConfigInstance, D1_UnicastTtlParsedForUnicastInstances) {
    const std::string peers = "    unicast_peer {\n      198.51.100.2\n    }\n";
    const auto in = only_instance(parse(instance("    unicast_ttl 64\n" + peers)));
    EXPECT_EQ(in.unicast_ttl, std::optional<uint8_t>(64));
    EXPECT_FALSE(only_instance(parse(instance(peers))).unicast_ttl.has_value());
}

// keepalived says "Cannot use unicast_ttl without unicast peers - resetting".
TEST(ConfigInstance, D1_UnicastTtlWithoutPeersIsAWarningAndIgnored) {
    auto r = parse(instance("    unicast_ttl 10\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "warning", "unicast_ttl: ignored without unicast_peer")));
    EXPECT_FALSE(only_instance(r).unicast_ttl.has_value());
}

TEST(ConfigInstance, D1_UnicastTtlOutOfRangeRejected) {
    const std::string peers = "    unicast_peer {\n      10.0.0.2\n    }\n";
    for (const std::string v : {"256", "-1", "x"}) {
        auto r = parse(instance("    unicast_ttl " + v + "\n" + peers));
        EXPECT_THAT(rendered(r), ElementsAre(At(7, "error", "unicast_ttl: '" + v + "'"))) << v;
    }
    // keepalived reads 0; Linux cannot send it.
    EXPECT_THAT(rendered(parse(instance("    unicast_ttl 0\n" + peers))),
                ElementsAre(At(7, "error", "unicast_ttl: 0 cannot be sent")));
    auto r = parse(instance("    unicast_ttl\n" + peers));
    EXPECT_THAT(rendered(r), ElementsAre(At(7, "error", "unicast_ttl: needs a value")));
}

// As `ip addr` prints them; keepalived takes them and uses the address.
TEST(ConfigInstance, UnicastAddressesWithAPrefixLengthAreTakenAsTheAddress) {
    auto r = parse(instance(
        "    unicast_src_ip 192.168.0.91/24\n    unicast_peer {\n      192.168.0.92/24\n    }\n"));
    EXPECT_THAT(rendered(r), ElementsAre(At(7, "notice",
                                            "unicast_src_ip: '192.168.0.91/24': the prefix length "
                                            "is ignored (192.168.0.91 is the address used)"),
                                         At(9, "notice",
                                            "unicast_peer: '192.168.0.92/24': the prefix length "
                                            "is ignored (192.168.0.92 is the address used)")));
    const auto in = only_instance(r);
    EXPECT_EQ(in.unicast_src_ip, ip("192.168.0.91"));
    EXPECT_THAT(in.unicast_peers, ElementsAre(ip("192.168.0.92")));
    auto bad =
        parse(instance("    unicast_peer {\n      192.168.0.93/33\n      192.168.0.94/x\n"
                       "      192.168.0.95/\n    }\n"));
    EXPECT_THAT(
        rendered(bad, Severity::Error),
        ElementsAre(
            At(8, "error", "unicast_peer: '192.168.0.93/33': '33' is not a prefix length (0-32)"),
            At(9, "error", "'192.168.0.94/x': 'x' is not a prefix length (0-32)"),
            At(10, "error", "'192.168.0.95/': '' is not a prefix length (0-32)")));
}

TEST(ConfigInstance, InterfaceNameMustBeALinuxName) {
    auto r = parse(instance("    interface eth0/1\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(7, "error", "interface: 'eth0/1' is not a valid interface name")));
}

TEST(ConfigInstance, EveryErrorIsCollectedNotJustTheFirst) {
    auto r = parse(instance("    priority 999\n    bogus 1\n    advert_int x\n    state WHO\n") +
                   "nonsense\n" + instance("    virtual_router_id 300\n", "VI_2"));
    EXPECT_THAT(
        rendered(r, Severity::Error),
        ElementsAre(At(7, "error", "priority: '999'"), At(8, "error", "unknown keyword 'bogus'"),
                    At(9, "error", "advert_int: 'x'"), At(10, "error", "state: 'WHO'"),
                    At(12, "error", "unknown keyword 'nonsense' in the top level"),
                    At(15, "error",
                       "virtual_router_id 10 (IPv4) on eth0 is already used by "
                       "vrrp_instance VI_1"),
                    At(19, "error", "virtual_router_id: '300'")));
}

}  // namespace
}  // namespace xvrrp::config::test

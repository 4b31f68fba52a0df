// vrrp_script, vrrp_sync_group and the checks that span blocks.
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConfigScript, EveryKeywordIsParsedIntoTheModel) {
    auto r = parse(R"(vrrp_script chk_haproxy {
    script "/usr/bin/killall -0 haproxy"
    interval 3
    timeout 7
    weight -30 reverse
    rise 2
    fall 4
    user haproxy haproxy
    init_fail
}
)");
    EXPECT_TRUE(r.ok());
    EXPECT_THAT(rendered(r), IsEmpty());
    ASSERT_EQ(r.config.scripts.size(), 1u);
    const VrrpScript& s = r.config.scripts[0];
    EXPECT_EQ(s.name, "chk_haproxy");
    EXPECT_EQ(s.where, (SourceRef{kMain, 1}));
    EXPECT_EQ(s.script,
              (ScriptCommand{"/usr/bin/killall -0 haproxy", "haproxy", "haproxy", {kMain, 2}}));
    EXPECT_EQ(s.interval_s, 3u);
    EXPECT_EQ(s.timeout_s, 7u);
    EXPECT_EQ(s.weight, -30);
    EXPECT_TRUE(s.weight_reverse);
    EXPECT_EQ(s.rise, 2u);
    EXPECT_EQ(s.fall, 4u);
    EXPECT_TRUE(s.init_fail);
}

TEST(ConfigScript, DefaultsAndTimeoutFollowsInterval) {
    auto r = parse("vrrp_script c {\n  script /bin/true\n  interval 5\n}\n");
    ASSERT_EQ(r.config.scripts.size(), 1u);
    const VrrpScript& s = r.config.scripts[0];
    EXPECT_EQ(s.timeout_s, 5u);
    EXPECT_EQ(s.weight, 0);
    EXPECT_FALSE(s.weight_reverse);
    EXPECT_EQ(s.rise, 1u);
    EXPECT_EQ(s.fall, 1u);
    EXPECT_FALSE(s.init_fail);
    EXPECT_TRUE(s.script.user.empty());
}

TEST(ConfigScript, MissingScriptAndBadValuesAreErrors) {
    auto r = parse(
        "vrrp_script c {\n  interval 0\n  weight 300\n  weight 5 forward\n"
        "  script /a /b\n  rise\n  frequency 1\n}\n");
    EXPECT_THAT(rendered(r),
                ElementsAre(At(1, "error", "vrrp_script c: missing 'script'"),
                            At(2, "error", "interval: '0' is not a whole number from 1 to 86400"),
                            At(3, "error", "weight: '300' is not a whole number from -253 to 253"),
                            At(4, "error", "weight: unexpected 'forward' (expected 'reverse')"),
                            At(5, "error", "script: unexpected '/b' (takes 1 value)"),
                            At(6, "error", "rise: needs a value"),
                            At(7, "error", "unknown keyword 'frequency' in vrrp_script c")));
}

TEST(ConfigScript, TrackScriptMustNameAVrrpScriptAndMayOverrideTheWeight) {
    auto r = parse("vrrp_script known {\n  script /bin/true\n  weight 10\n}\n" +
                   instance("    track_script {\n      known weight -5\n      unknown\n    }\n"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(13, "error", "track_script: no vrrp_script named 'unknown'")));
    ASSERT_EQ(r.config.instances.size(), 1u);
    EXPECT_THAT(r.config.instances[0].track_scripts,
                ElementsAre(TrackedScript{"known", -5, false, {kMain, 12}},
                            TrackedScript{"unknown", std::nullopt, false, {kMain, 13}}));
}

TEST(ConfigScript, DuplicateNameRejected) {
    auto r = parse("vrrp_script a {\n  script /x\n}\nvrrp_script a {\n  script /y\n}\n");
    EXPECT_THAT(rendered(r), ElementsAre(At(4, "error",
                                            "vrrp_script a is already defined at " +
                                                std::string(kMain) + ":1")));
}

TEST(ConfigSyncGroup, MembersAndNotifyScripts) {
    auto r = parse(R"(vrrp_sync_group G {
    group {
        VI_1
        VI_2
    }
    notify_master "/g.sh master"
    notify_backup "/g.sh backup"
    notify_fault "/g.sh fault"
    notify_stop "/g.sh stop"
    notify /g.sh
}
)" + instance("") + instance("    interface eth1\n", "VI_2"));
    EXPECT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    ASSERT_EQ(r.config.sync_groups.size(), 1u);
    const SyncGroup& g = r.config.sync_groups[0];
    EXPECT_EQ(g.name, "G");
    EXPECT_EQ(g.where, (SourceRef{kMain, 1}));
    EXPECT_THAT(g.members, ElementsAre("VI_1", "VI_2"));
    EXPECT_EQ(g.notify.master, (ScriptCommand{"/g.sh master", "", "", {kMain, 6}}));
    EXPECT_EQ(g.notify.backup.command, "/g.sh backup");
    EXPECT_EQ(g.notify.fault.command, "/g.sh fault");
    EXPECT_EQ(g.notify.stop.command, "/g.sh stop");
    EXPECT_EQ(g.notify.any.command, "/g.sh");
    EXPECT_EQ(r.config.group_of("VI_2"), &g);
    EXPECT_EQ(r.config.group_of("nope"), nullptr);
}

TEST(ConfigSyncGroup, MembersMayShareALine) {
    auto r = parse("vrrp_sync_group G {\n  group { VI_1 VI_2 }\n}\n" + instance("") +
                   instance("    interface eth1\n", "VI_2"));
    ASSERT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    EXPECT_THAT(r.config.sync_groups[0].members, ElementsAre("VI_1", "VI_2"));
}

TEST(ConfigSyncGroup, UnknownInstanceRejectedAtItsLine) {
    auto r = parse(instance("") + "vrrp_sync_group G {\n  group {\n    VI_1\n    VI_X\n  }\n}\n");
    EXPECT_THAT(rendered(r),
                ElementsAre(At(8, "warning", "vrrp_sync_group G has only one instance"),
                            At(11, "error", "vrrp_sync_group G: no vrrp_instance named 'VI_X'")));
}

TEST(ConfigSyncGroup, InstanceInTwoGroupsRejected) {
    auto r = parse(instance("") + instance("    interface eth1\n", "VI_2") +
                   "vrrp_sync_group A {\n  group {\n    VI_1\n    VI_2\n  }\n}\n"
                   "vrrp_sync_group B {\n  group {\n    VI_2\n  }\n}\n");
    EXPECT_THAT(rendered(r, Severity::Error),
                ElementsAre(At(24, "error",
                               "vrrp_sync_group B: vrrp_instance VI_2 is already in "
                               "vrrp_sync_group A (" +
                                   std::string(kMain) + ":19)")));
}

TEST(ConfigSyncGroup, MissingGroupBlockAndTrackingOnTheGroup) {
    auto r = parse("vrrp_sync_group G {\n  track_script {\n    x\n  }\n  smtp_alert\n}\n");
    EXPECT_THAT(
        rendered(r),
        ElementsAre(
            At(1, "error", "vrrp_sync_group G: missing 'group { }'"),
            At(2, "error", "track_script: not supported by xvrrp (put it in each vrrp_instance"),
            At(5, "notice", "smtp_alert: not used by xvrrp (no mail support)")));
}

TEST(ConfigSyncGroup, TrackingWeightSwitchesSayMemberWeightsAreZero) {
    auto r = parse(
        "vrrp_sync_group G {\n  group { VI_1 VI_2 }\n  sync_group_tracking_weight\n"
        "  global_tracking\n}\n" +
        instance("") + instance("    interface eth1\n", "VI_2"));
    EXPECT_TRUE(r.ok());
    const std::string why =
        "ignored: the tracking weights of sync group members are always 0, so a failing "
        "tracked script or interface puts the group in FAULT";
    EXPECT_THAT(rendered(r), ElementsAre(At(3, "warning", "sync_group_tracking_weight: " + why),
                                         At(4, "warning", "global_tracking: " + why)));
}

TEST(ConfigValidation, S13_DuplicateVridPerInterfaceAndFamilyRejected) {
    auto r = parse(instance("") + instance("", "VI_2"));
    EXPECT_THAT(rendered(r),
                ElementsAre(At(10, "error",
                               "virtual_router_id 10 (IPv4) on eth0 is already used by "
                               "vrrp_instance VI_1 (" +
                                   std::string(kMain) + ":3)")));
    // The same VRID for IPv6 on the same link is another router (S13); so is
    // the same VRID on another interface.
    auto ok = parse(instance("") +
                    "vrrp_instance V6 {\n  interface eth0\n  virtual_router_id 10\n"
                    "  virtual_ipaddress {\n    fe80::1\n  }\n}\n" +
                    instance("    interface eth1\n", "VI_3"));
    EXPECT_TRUE(ok.ok()) << ::testing::PrintToString(rendered(ok));
    EXPECT_EQ(ok.config.instances.size(), 3u);
}

}  // namespace
}  // namespace xvrrp::config::test

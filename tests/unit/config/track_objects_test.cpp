// track_file / vrrp_track_file, vrrp_track_process, the track_file and
// track_process lists of instances and sync groups, notify_deleted and
// notify_priority_changes.
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// A second instance, on another VRID.
std::string second(const std::string& extra) {
    std::string t = instance(extra, "VI_2");
    t.replace(t.find("virtual_router_id 10"), 20, "virtual_router_id 11");
    return t;
}

TEST(ConfigTrackFile, EveryKeywordIsParsedIntoTheModel) {
    auto r = parse(
        "track_file tf {\n  file /run/xvrrp/prio\n  weight -10 reverse\n"
        "  init_file 3 overwrite\n}\n");
    EXPECT_THAT(rendered(r), IsEmpty());
    ASSERT_EQ(r.config.track_files.size(), 1u);
    const TrackFile& f = r.config.track_files[0];
    EXPECT_EQ(f.name, "tf");
    EXPECT_EQ(f.where, (SourceRef{kMain, 1}));
    EXPECT_EQ(f.path, "/run/xvrrp/prio");
    EXPECT_EQ(f.weight, -10);
    EXPECT_TRUE(f.weight_reverse);
    EXPECT_TRUE(f.init);
    EXPECT_EQ(f.init_value, 3);
    EXPECT_TRUE(f.init_overwrite);
}

TEST(ConfigTrackFile, OldNameAndDefaults) {
    auto r = parse("vrrp_track_file tf {\n  file /tmp/x\n  init_file\n}\n");
    EXPECT_THAT(rendered(r), IsEmpty());
    ASSERT_EQ(r.config.track_files.size(), 1u);
    const TrackFile& f = r.config.track_files[0];
    EXPECT_EQ(f.weight, 1);
    EXPECT_FALSE(f.weight_reverse);
    EXPECT_TRUE(f.init);
    EXPECT_EQ(f.init_value, 0);
    EXPECT_FALSE(f.init_overwrite);
}

TEST(ConfigTrackFile, MistakesNameTheLine) {
    auto r = parse(
        "track_file a {\n  weight x\n  init_file 1 2\n  file rel/path\n}\n"
        "track_file b {\n  file /x\n  frobnicate\n}\n");
    EXPECT_THAT(rendered(r), UnorderedElementsAre(
                                 At(1, "error", "track_file a: missing 'file'"),
                                 At(2, "error", "weight: 'x' is not a whole number"),
                                 At(3, "error", "init_file: unexpected '2'"),
                                 At(4, "error", "file: 'rel/path' is not an absolute path"),
                                 At(8, "error", "unknown keyword 'frobnicate' in track_file b")));
}

TEST(ConfigTrackProcess, EveryKeywordIsParsedIntoTheModel) {
    auto r = parse(
        "vrrp_track_process haproxy {\n  process \"/usr/sbin/haproxy\" -f \"/etc/h a.cfg\"\n"
        "  param_match initial\n  weight -20 reverse\n  quorum 2\n  quorum_max 4\n"
        "  fork_delay 0.5\n  terminate_delay 1.25\n  full_command\n}\n");
    EXPECT_THAT(rendered(r), IsEmpty());
    ASSERT_EQ(r.config.track_processes.size(), 1u);
    const TrackProcess& p = r.config.track_processes[0];
    EXPECT_EQ(p.name, "haproxy");
    EXPECT_EQ(p.process, "/usr/sbin/haproxy");
    EXPECT_THAT(p.params, ElementsAre("-f", "/etc/h a.cfg"));
    EXPECT_EQ(p.match, ParamMatch::Initial);
    EXPECT_EQ(p.weight, -20);
    EXPECT_TRUE(p.weight_reverse);
    EXPECT_EQ(p.quorum, 2u);
    EXPECT_EQ(p.quorum_max, 4u);
    EXPECT_EQ(p.fork_delay_us, 500'000u);
    EXPECT_EQ(p.terminate_delay_us, 1'250'000u);
    EXPECT_TRUE(p.full_command);
}

TEST(ConfigTrackProcess, DefaultsDelayAndParamMatchRules) {
    auto r = parse(
        "vrrp_track_process a {\n  process nginx\n  delay 2\n}\n"
        "vrrp_track_process b {\n  process nginx -g x\n}\n"
        "vrrp_track_process c {\n  process nginx\n  param_match\n}\n"
        "vrrp_track_process d {\n  process nginx\n  quorum_max 0\n}\n");
    EXPECT_THAT(rendered(r), IsEmpty());
    ASSERT_EQ(r.config.track_processes.size(), 4u);
    const auto& a = r.config.track_processes[0];
    EXPECT_EQ(a.weight, 1);
    EXPECT_EQ(a.quorum, 1u);
    EXPECT_EQ(a.quorum_max, UINT32_MAX);
    EXPECT_EQ(a.fork_delay_us, 2'000'000u);
    EXPECT_EQ(a.terminate_delay_us, 2'000'000u);
    EXPECT_EQ(a.match, ParamMatch::Any);
    EXPECT_FALSE(a.uses_cmdline());
    EXPECT_EQ(r.config.track_processes[1].match, ParamMatch::Exact);
    EXPECT_EQ(r.config.track_processes[2].match, ParamMatch::Exact);
    EXPECT_TRUE(r.config.track_processes[2].uses_cmdline());
    EXPECT_EQ(r.config.track_processes[3].quorum, 0u);
    EXPECT_EQ(r.config.track_processes[3].quorum_max, 0u);
}

TEST(ConfigTrackProcess, MistakesNameTheLine) {
    auto r = parse(
        "vrrp_track_process a {\n  param_match whole\n  weight 255\n  quorum 0\n}\n"
        "vrrp_track_process b {\n  process x\n  quorum 3\n  quorum_max 2\n}\n"
        "vrrp_track_process c {\n  process a_very_long_daemon_name\n}\n");
    EXPECT_THAT(
        rendered(r),
        UnorderedElementsAre(At(1, "error", "vrrp_track_process a: missing 'process'"),
                             At(2, "error", "param_match: 'whole' is not 'partial' or 'initial'"),
                             At(3, "error", "weight: '255' is not a whole number from -254 to 254"),
                             At(4, "error", "quorum: '0' is not a whole number from 1"),
                             At(9, "error", "quorum_max 2 is below quorum 3"),
                             At(11, "warning", "only its first 15 are compared")));
}

TEST(ConfigTrackObjects, InstanceAndGroupListsWithWeights) {
    auto r = parse(
        "track_file tf {\n  file /x\n}\n"
        "vrrp_track_process tp {\n  process nginx\n}\n" +
        instance("    track_file {\n      tf weight 254 reverse\n    }\n"
                 "    track_process {\n      tp\n      tp weight -3 noreverse\n    }\n") +
        second("") +
        "vrrp_sync_group G {\n  group {\n    VI_1\n    VI_2\n  }\n"
        "  track_file {\n    tf\n  }\n  track_process {\n    tp weight 0\n  }\n}\n");
    EXPECT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    const Instance& in = r.config.instances[0];
    EXPECT_THAT(in.track_files, ElementsAre(TrackedScript{"tf", 254, true, {kMain, 14}}));
    EXPECT_THAT(in.track_processes,
                ElementsAre(TrackedScript{"tp", std::nullopt, false, {kMain, 17}},
                            TrackedScript{"tp", -3, false, {kMain, 18}}));
    const SyncGroup& g = r.config.sync_groups[0];
    ASSERT_EQ(g.track_files.size(), 1u);
    ASSERT_EQ(g.track_processes.size(), 1u);
    EXPECT_EQ(g.track_processes[0].weight, 0);
}

TEST(ConfigTrackObjects, UnknownNamesAreErrors) {
    auto r =
        parse(instance("    track_file {\n      nofile\n    }\n"
                       "    track_process {\n      noproc weight 300\n    }\n"));
    EXPECT_THAT(rendered(r),
                UnorderedElementsAre(At(8, "error", "track_file: no track_file named 'nofile'"),
                                     At(11, "error", "not a whole number from -254 to 254")));
}

TEST(ConfigNotify, DeletedAndPriorityChanges) {
    auto r = parse("global_defs {\n  vrrp_notify_priority_changes\n}\n" +
                   instance("    notify_deleted \"/bin/gone x\" nobody\n") +
                   second("    notify_deleted\n    notify_priority_changes false\n"));
    EXPECT_THAT(rendered(r), IsEmpty());
    EXPECT_TRUE(r.config.global.notify_priority_changes);
    const Instance& a = r.config.instances[0];
    EXPECT_TRUE(a.notify.deleted_enabled);
    EXPECT_EQ(a.notify.deleted.command, "/bin/gone x");
    EXPECT_EQ(a.notify.deleted.user, "nobody");
    EXPECT_TRUE(a.notify_priority_changes);
    const Instance& b = r.config.instances[1];
    EXPECT_TRUE(b.notify.deleted_enabled);
    EXPECT_FALSE(b.notify.deleted.configured());
    EXPECT_FALSE(b.notify_priority_changes);
}

}  // namespace
}  // namespace xvrrp::config::test

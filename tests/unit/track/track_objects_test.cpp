// track_file's number and arithmetic, track_process's matching and quorum
// with its delays, how both enter the verdict and the plan, and the notify
// lines of notify_deleted and notify_priority_changes.
#include <gtest/gtest.h>

#include "helpers.h"
#include "track/file_value.h"
#include "track/notify_plan.h"
#include "track/plan.h"
#include "track/process_match.h"
#include "track/verdict.h"

using namespace track_test;
using namespace xvrrp::track;
using xvrrp::config::Config;
using xvrrp::config::ParamMatch;
using xvrrp::config::TrackProcess;

namespace {

TrackProcess proc(std::string name, std::vector<std::string> params = {},
                  ParamMatch m = ParamMatch::Any) {
    TrackProcess p;
    p.name = "p";
    p.process = std::move(name);
    p.params = std::move(params);
    p.match = m;
    return p;
}

Verdict with_file(int32_t weight, bool reverse, int64_t value, uint8_t prio = 100) {
    Config cfg;
    cfg.track_files.push_back({"tf", {}, "/x", weight, reverse, false, 0, false});
    auto in = instance("VI_1", prio);
    in.track_files.push_back({"tf", std::nullopt, false, {}});
    cfg.instances.push_back(in);
    const auto plan = make_plan(cfg);
    std::vector<int64_t> values{value};
    return compute_verdict(plan, 0, {}, links_up({"eth0"}), values);
}

Verdict with_process(int32_t weight, bool reverse, Health h) {
    Config cfg;
    auto p = proc("nginx");
    p.name = "tp";
    p.weight = 5;  // overridden below
    cfg.track_processes.push_back(p);
    auto in = instance("VI_1");
    in.track_processes.push_back({"tp", weight, reverse, {}});
    cfg.instances.push_back(in);
    const auto plan = make_plan(cfg);
    std::vector<Health> health{h};
    return compute_verdict(plan, 0, {}, links_up({"eth0"}), {}, health);
}

}  // namespace

TEST(TrackFileValue, ReadAsStrtolDoes) {
    EXPECT_EQ(parse_file_value("12\n"), 12);
    EXPECT_EQ(parse_file_value("  -7 trailing"), -7);
    EXPECT_EQ(parse_file_value("+3"), 3);
    EXPECT_EQ(parse_file_value("0x10"), 16);
    EXPECT_EQ(parse_file_value("010"), 8);
    EXPECT_EQ(parse_file_value("abc"), 0);
    EXPECT_EQ(parse_file_value(""), 0);
    EXPECT_EQ(parse_file_value("2147483647"), 2147483647);
    EXPECT_EQ(parse_file_value("-2147483648"), -2147483648LL);
    EXPECT_EQ(parse_file_value("2147483648"), std::nullopt);
    EXPECT_EQ(parse_file_value("99999999999999999999"), std::nullopt);
}

TEST(TrackFileValue, WeightZeroMeansNonZeroIsFault) {
    EXPECT_EQ(file_effect(0, 0, false), (FileEffect{false, 0}));
    EXPECT_EQ(file_effect(1, 0, false), (FileEffect{true, 0}));
    EXPECT_EQ(file_effect(-4, 0, false), (FileEffect{true, 0}));
    EXPECT_EQ(file_effect(0, 0, true), (FileEffect{true, 0}));
    EXPECT_EQ(file_effect(9, 0, true), (FileEffect{false, 0}));
}

TEST(TrackFileValue, ValueTimesWeightBelowMinus253IsFault) {
    EXPECT_EQ(file_effect(5, 10, false), (FileEffect{false, 50}));
    EXPECT_EQ(file_effect(5, 10, true), (FileEffect{false, -50}));
    EXPECT_EQ(file_effect(-253, 1, false), (FileEffect{false, -253}));
    EXPECT_EQ(file_effect(-254, 1, false), (FileEffect{true, 0}));
    EXPECT_EQ(file_effect(2, -127, false), (FileEffect{true, 0}));
    EXPECT_EQ(file_effect(2147483647, 254, false), (FileEffect{false, 2147483647LL * 254}));
}

TEST(TrackFileVerdict, AddedToThePriorityAndClamped) {
    EXPECT_EQ(with_file(1, false, 0).priority, 100);
    EXPECT_EQ(with_file(1, false, 30).priority, 130);
    EXPECT_EQ(with_file(-2, false, 30).priority, 40);
    EXPECT_EQ(with_file(10, false, 100).priority, 254);
    EXPECT_EQ(with_file(1, false, -200).priority, 1);
    EXPECT_FALSE(with_file(1, false, -200).fault);
    const auto v = with_file(1, false, -254);
    EXPECT_TRUE(v.fault);
    EXPECT_EQ(v.why, "track_file tf reads -254");
    EXPECT_TRUE(with_file(0, false, 1).fault);
    EXPECT_EQ(with_file(50, false, 1, 255).priority, 255);
}

TEST(TrackProcessVerdict, WeightsAsForScripts) {
    EXPECT_EQ(with_process(10, false, Health::Up).priority, 110);
    EXPECT_EQ(with_process(-10, false, Health::Down).priority, 90);
    EXPECT_EQ(with_process(-10, true, Health::Down).priority, 110);
    const auto v = with_process(0, false, Health::Down);
    EXPECT_TRUE(v.fault);
    EXPECT_EQ(v.why, "track_process tp is not running");
    EXPECT_TRUE(with_process(0, true, Health::Up).fault);
    EXPECT_TRUE(with_process(0, false, Health::Unknown).pending);
}

TEST(TrackProcessPlan, LineWeightOverridesAndGroupsZeroAndShare) {
    Config cfg;
    auto p = proc("nginx");
    p.name = "tp";
    p.weight = -7;
    cfg.track_processes.push_back(p);
    cfg.track_files.push_back({"tf", {}, "/x", 3, false, false, 0, false});
    auto a = instance("A");
    a.track_processes.push_back({"tp", std::nullopt, false, {}});
    auto b = instance("B");
    b.track_processes.push_back({"tp", 4, true, {}});
    auto c = instance("C");
    cfg.instances = {a, b, c};
    xvrrp::config::SyncGroup g;
    g.name = "G";
    g.members = {"C"};
    g.track_files.push_back({"tf", std::nullopt, false, {}});
    cfg.sync_groups.push_back(g);
    const auto plan = make_plan(cfg);
    ASSERT_EQ(plan.processes.size(), 1u);
    ASSERT_EQ(plan.files.size(), 1u);
    EXPECT_EQ(plan.instances[0].processes[0], (ScriptWeight{0, -7, false}));
    EXPECT_EQ(plan.instances[1].processes[0], (ScriptWeight{0, 4, true}));
    ASSERT_EQ(plan.instances[2].files.size(), 1u);
    EXPECT_EQ(plan.instances[2].files[0], (ScriptWeight{0, 0, false}));
}

TEST(TrackProcessMatch, CommIsComparedExactly) {
    EXPECT_TRUE(process_matches(proc("sshd"), "sshd", {}));
    EXPECT_FALSE(process_matches(proc("ssh"), "sshd", {}));
    EXPECT_TRUE(process_matches(proc("a_very_long_daemon"), "a_very_long_dae", {}));
}

TEST(TrackProcessMatch, ParametersByParamMatch) {
    const std::vector<std::string> argv{"/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg", "-D"};
    EXPECT_FALSE(process_matches(proc("/usr/sbin/haproxy", {"-f"}, ParamMatch::Exact), "x", argv));
    EXPECT_TRUE(process_matches(
        proc("/usr/sbin/haproxy", {"-f", "/etc/haproxy.cfg", "-D"}, ParamMatch::Exact), "x", argv));
    EXPECT_TRUE(process_matches(proc("/usr/sbin/haproxy", {"-f"}, ParamMatch::Partial), "x", argv));
    EXPECT_FALSE(
        process_matches(proc("/usr/sbin/haproxy", {"-f", "/etc"}, ParamMatch::Partial), "x", argv));
    EXPECT_TRUE(
        process_matches(proc("/usr/sbin/haproxy", {"-f", "/etc"}, ParamMatch::Initial), "x", argv));
    EXPECT_FALSE(process_matches(proc("haproxy", {"-f"}, ParamMatch::Partial), "x", argv));
    // A path alone is compared with the process name, which has none.
    EXPECT_FALSE(process_matches(proc("/usr/sbin/haproxy"), "haproxy", argv));
    EXPECT_FALSE(process_matches(proc("/usr/sbin/haproxy", {}, ParamMatch::Exact), "x", argv));
    auto full = proc("/usr/sbin/haproxy");
    full.full_command = true;
    EXPECT_TRUE(process_matches(full, "haproxy", argv));
    EXPECT_FALSE(process_matches(full, "haproxy", {}));
}

TEST(TrackProcessMatch, CmdlineIsSplitOnNul) {
    using namespace std::string_literals;
    EXPECT_EQ(split_cmdline("a\0-b\0c d\0"s), (std::vector<std::string>{"a", "-b", "c d"}));
    EXPECT_EQ(split_cmdline("a\0b"s), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(split_cmdline("").empty());
}

TEST(TrackProcessQuorum, WithinQuorumIsUpAndTheStartScanIsImmediate) {
    auto p = proc("x");
    p.quorum = 2;
    p.quorum_max = 3;
    ProcessQuorum q(p);
    EXPECT_EQ(q.health(), Health::Unknown);
    EXPECT_TRUE(q.set_count(1, 0, true));
    EXPECT_EQ(q.health(), Health::Down);
    EXPECT_TRUE(q.set_count(2, 10));
    EXPECT_EQ(q.health(), Health::Up);
    EXPECT_TRUE(q.set_count(4, 20));
    EXPECT_EQ(q.health(), Health::Down);
}

TEST(TrackProcessQuorum, DelaysHoldAChangeAndABounceCancelsIt) {
    auto p = proc("x");
    p.fork_delay_us = 1000;
    p.terminate_delay_us = 5000;
    ProcessQuorum q(p);
    q.set_count(1, 0, true);
    EXPECT_FALSE(q.set_count(0, 100));
    EXPECT_EQ(q.health(), Health::Up);
    EXPECT_EQ(q.deadline_us(), 5100u);
    EXPECT_FALSE(q.set_count(1, 200));  // restarted in time: no change at all
    EXPECT_EQ(q.deadline_us(), std::nullopt);
    q.set_count(0, 300);
    EXPECT_FALSE(q.on_deadline(5299));
    EXPECT_TRUE(q.on_deadline(5300));
    EXPECT_EQ(q.health(), Health::Down);
    q.set_count(1, 6000);
    EXPECT_EQ(q.deadline_us(), 7000u);
    EXPECT_TRUE(q.on_deadline(7000));
    EXPECT_EQ(q.health(), Health::Up);
}

TEST(TrackNotifyLines, DeletedRunsItsScriptThenNotifyAndPriorityLinesAreFifoOnly) {
    NotifyArgv a;
    a[NotifySlot::Deleted] = {"/bin/gone"};
    a[NotifySlot::Any] = {"/bin/notify"};
    const auto jobs = notify_jobs(a, {Subject::Instance, "VI_1", NotifyState::Deleted, 100});
    ASSERT_EQ(jobs.size(), 2u);
    EXPECT_EQ(jobs[0], (NotifyJob{NotifySlot::Deleted, {"/bin/gone"}}));
    EXPECT_EQ(jobs[1].argv,
              (std::vector<std::string>{"/bin/notify", "INSTANCE", "VI_1", "DELETED", "100"}));
    EXPECT_TRUE(
        notify_jobs(a, {Subject::Instance, "VI_1", NotifyState::MasterPriority, 90}).empty());
    EXPECT_EQ(fifo_line({Subject::Instance, "VI_1", NotifyState::MasterPriority, 90}),
              "INSTANCE \"VI_1\" MASTER_PRIORITY 90\n");
    EXPECT_EQ(fifo_line({Subject::Instance, "VI_1", NotifyState::BackupPriority, 80}),
              "INSTANCE \"VI_1\" BACKUP_PRIORITY 80\n");
    EXPECT_EQ(fifo_line({Subject::Instance, "VI_1", NotifyState::Deleted, 80}),
              "INSTANCE \"VI_1\" DELETED 80\n");
}

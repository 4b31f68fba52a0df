// Several routers on a simulated LAN: elections, failover timing and the
// kernel filter (the state machine sees only the first advert of a stream).
#include <gtest/gtest.h>

#include "fsm/timers.h"
#include "lab.h"

namespace xvrrp::fsm {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test builders

constexpr uint64_t kL = Lab::kLatencyUs;
constexpr uint64_t kMdi150 = 3'414'062;  // 3 s + (106 / 256) s
constexpr uint64_t kMdi200 = 3'218'750;

// Three routers 100, 150, 200 (nodes 0, 1, 2) started together.
Lab trio(bool filter) {
    Lab lab(filter);
    lab.add(100);
    lab.add(150);
    lab.add(200);
    for (size_t i = 0; i < 3; ++i) {
        lab.startup(i);
    }
    return lab;
}

class FsmLab : public ::testing::TestWithParam<bool> {};

std::string filter_name(const ::testing::TestParamInfo<bool>& param) {
    return param.param ? "Filtered" : "EveryAdvert";
}

INSTANTIATE_TEST_SUITE_P(KernelFilter, FsmLab, ::testing::Bool(), filter_name);

TEST_P(FsmLab, S2_S4_HighestPriorityWinsWithoutSpuriousTransitions) {
    Lab lab = trio(GetParam());
    lab.run_until(60 * kSecond);
    EXPECT_EQ(lab.state(2), State::Master);
    EXPECT_EQ(lab.state(1), State::Backup);
    EXPECT_EQ(lab.state(0), State::Backup);
    ASSERT_EQ(lab.transitions().size(), 4u);  // three Init->Backup, one Backup->Master
    EXPECT_EQ(lab.transitions().back(), (Transition{kMdi200, 2, State::Backup, State::Master}));
}

TEST_P(FsmLab, S4_MasterCrashBackupTakesOverAfterItsMasterDownInterval) {
    Lab lab = trio(GetParam());
    lab.run_until(20 * kSecond);
    const uint64_t last = *lab.last_rx(1);
    lab.crash(2);
    lab.run_for(10 * kSecond);
    EXPECT_EQ(lab.masters(), 1u);
    EXPECT_EQ(lab.transitions().back(),
              (Transition{last + kMdi150, 1, State::Backup, State::Master}));
    EXPECT_EQ(lab.state(0), State::Backup);
}

TEST_P(FsmLab, S5_S7_GracefulShutdownTakesOverAfterSkew) {
    Lab lab = trio(GetParam());
    lab.run_until(20 * kSecond);
    lab.shutdown(2);
    lab.run_for(10 * kSecond);
    const Transition want{20 * kSecond + kL + 414'062, 1, State::Backup, State::Master};
    EXPECT_EQ(lab.transitions().back(), want);
    EXPECT_EQ(lab.state(0), State::Backup);
}

TEST_P(FsmLab, S6_S10_RecoveredHigherPriorityPreempts) {
    Lab lab = trio(GetParam());
    lab.run_until(20 * kSecond);
    lab.crash(2);
    lab.run_until(30 * kSecond);
    ASSERT_EQ(lab.state(1), State::Master);
    lab.restart(2);
    lab.run_for(20 * kSecond);
    EXPECT_EQ(lab.state(2), State::Master);
    EXPECT_EQ(lab.state(1), State::Backup);
    EXPECT_EQ(lab.masters(), 1u);
    const auto& t = lab.transitions();
    ASSERT_GE(t.size(), 2u);
    EXPECT_EQ(t[t.size() - 2],
              (Transition{30 * kSecond + kMdi200, 2, State::Backup, State::Master}));
    EXPECT_EQ(t.back(), (Transition{30 * kSecond + kMdi200 + kL, 1, State::Master, State::Backup}));
}

TEST_P(FsmLab, S12_NoPreemptKeepsCurrentMaster) {
    Lab lab(GetParam());
    lab.add(150);
    lab.add(200, 100, /*preempt=*/false);
    lab.startup(0);
    lab.run_until(10 * kSecond);  // node 1 not started: node 0 is master
    lab.startup(1);
    lab.run_for(30 * kSecond);
    EXPECT_EQ(lab.state(0), State::Master);
    EXPECT_EQ(lab.state(1), State::Backup);
}

TEST_P(FsmLab, S12_PreemptDelayDefersTakeover) {
    Lab lab(GetParam());
    lab.add(150);
    lab.add(200, 100, /*preempt=*/true, /*preempt_delay_us=*/10'000'000);
    lab.startup(0);
    lab.run_until(5 * kSecond);
    ASSERT_EQ(lab.state(0), State::Master);
    lab.startup(1);
    lab.run_until(15 * kSecond - 1);
    EXPECT_EQ(lab.state(1), State::Backup);  // held, although it outranks node 0
    lab.run_until(30 * kSecond);
    EXPECT_EQ(lab.state(1), State::Master);
    const Transition& took = lab.transitions()[lab.transitions().size() - 2];
    EXPECT_EQ(took.node, 1u);
    EXPECT_GE(took.at_us, 15 * kSecond);
    EXPECT_LE(took.at_us, 15 * kSecond + kSecond + kMdi200);  // last accepted advert + MDI
}

TEST_P(FsmLab, Tracking_MasterPriorityDropLetsBackupPreempt) {
    Lab lab = trio(GetParam());
    lab.run_until(20 * kSecond);
    const uint64_t last = *lab.last_rx(1);  // last advert node 1 accepted at 200
    lab.set_priority(2, 120);
    lab.run_for(10 * kSecond);
    EXPECT_EQ(lab.state(1), State::Master);
    EXPECT_EQ(lab.state(2), State::Backup);
    EXPECT_EQ(lab.state(0), State::Backup);
    const auto& t = lab.transitions();
    EXPECT_EQ(t[t.size() - 2], (Transition{last + kMdi150, 1, State::Backup, State::Master}));
    EXPECT_EQ(t.back(), (Transition{last + kMdi150 + kL, 2, State::Master, State::Backup}));
}

TEST_P(FsmLab, S10_EqualPriorityTieBreakElectsHigherAddress) {
    Lab lab(GetParam());
    lab.add(100);  // 10.0.0.1
    lab.add(100);  // 10.0.0.2
    lab.startup(0);
    lab.startup(1);
    lab.run_until(20 * kSecond);
    EXPECT_EQ(lab.state(1), State::Master);
    EXPECT_EQ(lab.state(0), State::Backup);
    EXPECT_EQ(lab.transitions().back(),
              (Transition{kMdi100 + kL, 0, State::Master, State::Backup}));
}

TEST_P(FsmLab, S1_RestartedOwnerTakesOverAtOnce) {
    Lab lab(GetParam());
    lab.add(255);
    lab.add(150);
    lab.startup(0);
    lab.startup(1);
    ASSERT_EQ(lab.state(0), State::Master);
    lab.run_until(10 * kSecond);
    lab.crash(0);
    lab.run_until(20 * kSecond);
    ASSERT_EQ(lab.state(1), State::Master);
    lab.restart(0);
    lab.run_for(kL);
    EXPECT_EQ(lab.state(0), State::Master);
    EXPECT_EQ(lab.state(1), State::Backup);
}

TEST_P(FsmLab, T4_TenMillisecondAdvertsFailOverIn36ms) {
    Lab lab(GetParam());
    lab.add(100, 1);
    lab.add(200, 1);
    lab.startup(0);
    lab.startup(1);
    lab.run_until(kSecond);
    ASSERT_EQ(lab.state(1), State::Master);
    const uint64_t last = *lab.last_rx(0);
    lab.crash(1);
    lab.run_for(kSecond);
    EXPECT_EQ(lab.transitions().back(),
              (Transition{last + 36'093, 0, State::Backup, State::Master}));
}

TEST(FsmLabFilter, BackupWakesOnlyForTheFirstAdvertOfAStream) {
    Lab lab = trio(true);
    lab.run_until(60 * kSecond);
    EXPECT_EQ(lab.wakeups(0), 1u);
    EXPECT_EQ(lab.wakeups(1), 1u);
    EXPECT_GT(lab.absorbed(0), 50u);
}

TEST(FsmLabFilter, SameTransitionsWithAndWithoutTheFilter) {
    auto scenario = [](bool filter) {
        Lab lab = trio(filter);
        lab.run_until(20 * kSecond);
        lab.set_priority(2, 120);
        lab.run_until(40 * kSecond);
        lab.set_priority(2, 200);
        lab.run_until(60 * kSecond);
        lab.crash(2);
        lab.run_until(70 * kSecond);
        lab.shutdown(1);
        lab.run_until(80 * kSecond);
        lab.restart(2);
        lab.run_until(100 * kSecond);
        return lab.transitions();
    };
    const auto filtered = scenario(true);
    EXPECT_EQ(filtered, scenario(false));
    EXPECT_GE(filtered.size(), 10u);
}

}  // namespace
}  // namespace xvrrp::fsm

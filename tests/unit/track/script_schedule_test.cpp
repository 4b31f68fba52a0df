// When vrrp_scripts run: at once, then every interval on absolute deadlines.
#include "track/script_schedule.h"

#include <gtest/gtest.h>

using xvrrp::track::ScriptSchedule;
using Idx = std::vector<size_t>;

constexpr uint64_t kSec = 1'000'000;

TEST(ScriptSchedule, FirstRunOfEveryScriptIsDueAtOnce) {
    ScriptSchedule s({2 * kSec, 5 * kSec}, 1000);
    EXPECT_EQ(s.next_due_us(), 1000u);
    auto due = s.take_due(1000);
    EXPECT_EQ(due.start, (Idx{0, 1}));
    EXPECT_TRUE(s.running(0));
    EXPECT_TRUE(s.running(1));
}

TEST(ScriptSchedule, NextRunIsOneIntervalAfterThePreviousDueTimeNotAfterTheRun) {
    ScriptSchedule s({2 * kSec}, 0);
    s.take_due(0);
    s.finished(0);
    EXPECT_EQ(s.next_due_us(), 2 * kSec);
    // Woken 300 ms late: the following run is still due at 4 s, no drift.
    auto due = s.take_due(2 * kSec + 300'000);
    EXPECT_EQ(due.start, Idx{0});
    EXPECT_EQ(s.due_us(0), 4 * kSec);
}

TEST(ScriptSchedule, NothingIsDueBeforeItsTime) {
    ScriptSchedule s({kSec}, 0);
    s.take_due(0);
    s.finished(0);
    auto due = s.take_due(kSec - 1);
    EXPECT_TRUE(due.start.empty());
    EXPECT_TRUE(due.skipped.empty());
}

TEST(ScriptSchedule, StillRunningAtTheNextIntervalIsSkippedNotDoubled) {
    ScriptSchedule s({kSec}, 0);
    s.take_due(0);
    auto due = s.take_due(kSec);
    EXPECT_TRUE(due.start.empty());
    EXPECT_EQ(due.skipped, Idx{0});
    EXPECT_EQ(s.skipped(0), 1u);
    s.finished(0);
    EXPECT_EQ(s.take_due(2 * kSec).start, Idx{0});
}

TEST(ScriptSchedule, LateByMoreThanAnIntervalRestartsFromNowWithoutABurst) {
    ScriptSchedule s({kSec}, 0);
    s.take_due(0);
    s.finished(0);
    auto due = s.take_due(10 * kSec + 5);
    EXPECT_EQ(due.start, Idx{0});
    EXPECT_EQ(s.due_us(0), 11 * kSec + 5);
}

TEST(ScriptSchedule, NextDueIsTheEarliestScript) {
    ScriptSchedule s({3 * kSec, kSec}, 0);
    s.take_due(0);
    s.finished(0);
    s.finished(1);
    EXPECT_EQ(s.next_due_us(), kSec);
    EXPECT_EQ(ScriptSchedule({}, 0).next_due_us(), std::nullopt);
}

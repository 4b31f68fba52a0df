// A4: the repeat, delay and refresh of gratuitous ARP / unsolicited NA, with
// keepalived's defaults and semantics, as pure code.
#include "net/garp_schedule.h"

#include <gtest/gtest.h>

namespace xvrrp::net {
namespace {

constexpr uint64_t kSecond = 1'000'000;
constexpr uint64_t kT0 = 42 * kSecond;  // any monotonic origin

TEST(GarpSchedule, A4_DefaultsAreKeepalivedOnes) {
    const GarpTiming t;
    EXPECT_EQ(t.delay_us, 5 * kSecond);  // garp_master_delay 5
    EXPECT_EQ(t.repeat, 5u);             // garp_master_repeat 5
    EXPECT_EQ(t.refresh_us, 0u);         // garp_master_refresh 0 (off)
    EXPECT_EQ(t.refresh_repeat, 1u);     // garp_master_refresh_repeat 1
}

TEST(GarpSchedule, A4_NothingDueBeforeBecomingMaster) {
    GarpSchedule s;
    EXPECT_FALSE(s.active());
    EXPECT_EQ(s.next_deadline_us(), std::nullopt);
    EXPECT_EQ(s.take_due(kT0), 0u);
}

TEST(GarpSchedule, A4_FirstBurstIsDueAtOnceWithRepeatFrames) {
    GarpSchedule s;
    s.start(kT0);
    EXPECT_TRUE(s.active());
    EXPECT_EQ(s.next_deadline_us(), kT0);
    EXPECT_EQ(s.take_due(kT0), 5u);
}

TEST(GarpSchedule, A4_SecondBurstExactlyAfterMasterDelay) {
    GarpSchedule s;
    s.start(kT0);
    ASSERT_EQ(s.take_due(kT0), 5u);
    EXPECT_EQ(s.next_deadline_us(), kT0 + 5 * kSecond);
    EXPECT_EQ(s.take_due(kT0 + 5 * kSecond - 1), 0u);  // one microsecond early: nothing
    EXPECT_EQ(s.take_due(kT0 + 5 * kSecond), 5u);
    // Refresh off: the schedule is finished.
    EXPECT_FALSE(s.active());
    EXPECT_EQ(s.next_deadline_us(), std::nullopt);
    EXPECT_EQ(s.take_due(kT0 + 100 * kSecond), 0u);
}

TEST(GarpSchedule, A4_ZeroDelayMeansNoSecondBurst) {
    GarpSchedule s(GarpTiming{.delay_us = 0, .repeat = 3});
    s.start(kT0);
    EXPECT_EQ(s.take_due(kT0), 3u);
    EXPECT_EQ(s.next_deadline_us(), std::nullopt);
    EXPECT_EQ(s.take_due(kT0 + 10 * kSecond), 0u);
}

TEST(GarpSchedule, A4_RefreshRepeatsWithItsOwnCountWhileMaster) {
    GarpSchedule s(GarpTiming{
        .delay_us = 5 * kSecond, .repeat = 5, .refresh_us = 60 * kSecond, .refresh_repeat = 2});
    s.start(kT0);
    ASSERT_EQ(s.take_due(kT0), 5u);
    ASSERT_EQ(s.take_due(kT0 + 5 * kSecond), 5u);
    for (uint64_t k = 1; k <= 3; ++k) {
        EXPECT_EQ(s.next_deadline_us(), kT0 + k * 60 * kSecond);
        EXPECT_EQ(s.take_due(kT0 + k * 60 * kSecond), 2u);
    }
    EXPECT_TRUE(s.active());
}

TEST(GarpSchedule, A4_LateCallSendsOneRefreshAndKeepsThePhase) {
    GarpSchedule s(GarpTiming{.delay_us = 0, .repeat = 1, .refresh_us = 10 * kSecond});
    s.start(kT0);
    ASSERT_EQ(s.take_due(kT0), 1u);
    // The loop was stalled through three refresh deadlines (10, 20, 30 s).
    EXPECT_EQ(s.take_due(kT0 + 35 * kSecond), 1u);
    EXPECT_EQ(s.next_deadline_us(), kT0 + 40 * kSecond);
    EXPECT_EQ(s.take_due(kT0 + 39 * kSecond), 0u);
}

TEST(GarpSchedule, A4_CoincidentDeadlinesMakeOneBurstOfTheLargestCount) {
    GarpSchedule s(GarpTiming{
        .delay_us = 5 * kSecond, .repeat = 4, .refresh_us = 5 * kSecond, .refresh_repeat = 1});
    s.start(kT0);
    ASSERT_EQ(s.take_due(kT0), 4u);
    EXPECT_EQ(s.take_due(kT0 + 5 * kSecond), 4u);  // second burst and first refresh together
    EXPECT_EQ(s.next_deadline_us(), kT0 + 10 * kSecond);
    EXPECT_EQ(s.take_due(kT0 + 10 * kSecond), 1u);
}

TEST(GarpSchedule, A4_LeavingMasterCancelsEverything) {
    GarpSchedule s(GarpTiming{.refresh_us = 30 * kSecond});
    s.start(kT0);
    ASSERT_EQ(s.take_due(kT0), 5u);
    s.stop();
    EXPECT_FALSE(s.active());
    EXPECT_EQ(s.next_deadline_us(), std::nullopt);
    EXPECT_EQ(s.take_due(kT0 + 5 * kSecond), 0u);
    EXPECT_EQ(s.take_due(kT0 + 30 * kSecond), 0u);
}

TEST(GarpSchedule, A4_BecomingMasterAgainRestartsFromTheNewTime) {
    GarpSchedule s;
    s.start(kT0);
    ASSERT_EQ(s.take_due(kT0), 5u);
    const uint64_t t1 = kT0 + 2 * kSecond;
    s.start(t1);
    EXPECT_EQ(s.next_deadline_us(), t1);
    EXPECT_EQ(s.take_due(t1), 5u);
    // The old second burst (kT0 + 5 s) is gone; the new one is at t1 + 5 s.
    EXPECT_EQ(s.take_due(kT0 + 5 * kSecond), 0u);
    EXPECT_EQ(s.take_due(t1 + 5 * kSecond), 5u);
}

TEST(GarpSchedule, A4_EarlyCallConsumesNothing) {
    GarpSchedule s;
    s.start(kT0);
    EXPECT_EQ(s.take_due(kT0 - 1), 0u);
    EXPECT_EQ(s.next_deadline_us(), kT0);
    EXPECT_EQ(s.take_due(kT0), 5u);
}

}  // namespace
}  // namespace xvrrp::net

#include "daemon/timer_queue.h"

#include <gtest/gtest.h>

namespace xvrrp::daemon {
namespace {

constexpr TimerKey advert(uint32_t i) {
    return TimerKey{i, TimerKind::Advert};
}

TEST(TimerQueue, EmptyHasNoDeadline) {
    TimerQueue q;
    EXPECT_FALSE(q.next().has_value());
    EXPECT_TRUE(q.pop_due(UINT64_MAX).empty());
}

TEST(TimerQueue, NextIsTheEarliestDeadline) {
    TimerQueue q;
    q.arm(advert(1), 300);
    q.arm(advert(2), 100);
    q.arm(TimerKey{3, TimerKind::Garp}, 200);
    EXPECT_EQ(q.next(), 100u);
    EXPECT_EQ(q.size(), 3u);
}

TEST(TimerQueue, PopDueReturnsOnlyExpiredTimersEarliestFirst) {
    TimerQueue q;
    q.arm(advert(1), 300);
    q.arm(advert(2), 100);
    q.arm(advert(3), 200);
    auto due = q.pop_due(250);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0], (DueTimer{advert(2), 100}));
    EXPECT_EQ(due[1], (DueTimer{advert(3), 200}));
    EXPECT_EQ(q.next(), 300u);
    EXPECT_FALSE(q.deadline(advert(2)).has_value());  // one-shot
}

TEST(TimerQueue, DeadlineEqualToNowIsDue) {
    TimerQueue q;
    q.arm(advert(1), 100);
    EXPECT_EQ(q.pop_due(100).size(), 1u);
}

TEST(TimerQueue, TiesComeOutInKeyOrder) {
    TimerQueue q;
    q.arm(advert(9), 50);
    q.arm(TimerKey{2, TimerKind::Garp}, 50);
    q.arm(advert(2), 50);
    auto due = q.pop_due(50);
    ASSERT_EQ(due.size(), 3u);
    EXPECT_EQ(due[0].key, advert(2));
    EXPECT_EQ(due[1].key, (TimerKey{2, TimerKind::Garp}));
    EXPECT_EQ(due[2].key, advert(9));
}

TEST(TimerQueue, RearmReplacesTheEarlierDeadline) {
    TimerQueue q;
    q.arm(advert(1), 100);
    q.arm(advert(1), 500);
    EXPECT_EQ(q.next(), 500u);
    EXPECT_TRUE(q.pop_due(400).empty());
    EXPECT_EQ(q.pop_due(500).size(), 1u);
    EXPECT_TRUE(q.empty());
}

TEST(TimerQueue, RearmEarlierMovesTheDeadlineForward) {
    TimerQueue q;
    q.arm(advert(1), 500);
    q.arm(advert(1), 100);
    auto due = q.pop_due(100);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].deadline_us, 100u);
    EXPECT_TRUE(q.pop_due(1000).empty());  // the old deadline is gone too
}

TEST(TimerQueue, CancelledTimerNeverFires) {
    TimerQueue q;
    q.arm(advert(1), 100);
    q.arm(advert(2), 200);
    q.cancel(advert(1));
    EXPECT_EQ(q.next(), 200u);
    auto due = q.pop_due(1000);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].key, advert(2));
}

TEST(TimerQueue, CancelInstanceDropsEveryKindOfThatInstanceOnly) {
    TimerQueue q;
    q.arm(advert(4), 100);
    q.arm(TimerKey{4, TimerKind::Garp}, 100);
    q.arm(TimerKey{4, TimerKind::PreemptDelay}, 100);
    q.arm(advert(5), 100);
    q.cancel_instance(4);
    auto due = q.pop_due(100);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].key, advert(5));
}

// DESIGN decision 2: re-arming from the deadline, not from the wake-up
// time, keeps N ticks at exactly N intervals however late each wake-up is.
TEST(TimerQueue, AbsoluteDeadlinesDoNotDrift) {
    TimerQueue q;
    const uint64_t interval = 10'000;
    q.arm(advert(1), interval);
    uint64_t last = 0;
    for (int tick = 1; tick <= 1000; ++tick) {
        const uint64_t wake = *q.next() + 3'000;  // always 3 ms late
        auto due = q.pop_due(wake);
        ASSERT_EQ(due.size(), 1u);
        last = due[0].deadline_us;
        q.arm(advert(1), last + interval);
    }
    EXPECT_EQ(last, 1000 * interval);
}

TEST(TimerQueue, ConstantRearmingKeepsOneTimerPerKey) {
    TimerQueue q;
    for (uint32_t i = 0; i < 10; ++i) {
        q.arm(advert(i), 1'000'000);
    }
    for (int round = 0; round < 10'000; ++round) {
        q.arm(advert(static_cast<uint32_t>(round % 10)), 1'000'000 + static_cast<uint64_t>(round));
    }
    EXPECT_EQ(q.size(), 10u);
    EXPECT_EQ(q.pop_due(UINT64_MAX).size(), 10u);
}

TEST(TimerQueue, AdvertAndOtherTimersDueTogetherComeOutInDeadlineThenKeyOrder) {
    TimerQueue q;
    q.arm(TimerKey{1, TimerKind::Garp}, 100);
    q.arm(advert(3), 100);
    q.arm(advert(2), 50);
    q.arm(TimerKey{2, TimerKind::PreemptDelay}, 70);
    q.arm(advert(1), 100);
    std::vector<DueTimer> due;
    q.pop_due(100, due);
    ASSERT_EQ(due.size(), 5u);
    EXPECT_EQ(due[0], (DueTimer{advert(2), 50}));
    EXPECT_EQ(due[1], (DueTimer{TimerKey{2, TimerKind::PreemptDelay}, 70}));
    EXPECT_EQ(due[2], (DueTimer{advert(1), 100}));
    EXPECT_EQ(due[3], (DueTimer{TimerKey{1, TimerKind::Garp}, 100}));
    EXPECT_EQ(due[4], (DueTimer{advert(3), 100}));
    EXPECT_TRUE(q.empty());
}

TEST(TimerQueue, CancelledAdvertNeitherFiresNorHoldsTheNextDeadline) {
    TimerQueue q;
    q.arm(advert(1), 100);
    q.arm(advert(2), 200);
    q.cancel(advert(1));
    EXPECT_EQ(q.size(), 1u);
    EXPECT_TRUE(q.pop_due(150).empty());
    EXPECT_EQ(q.next(), 200u);
    q.cancel_instance(2);
    EXPECT_TRUE(q.empty());
    EXPECT_FALSE(q.next().has_value());
}

}  // namespace
}  // namespace xvrrp::daemon

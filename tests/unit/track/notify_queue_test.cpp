// Notify scripts delivered in order, one at a time per instance or group.
#include "track/notify_queue.h"

#include <gtest/gtest.h>

using namespace xvrrp::track;

namespace {

NotifyJob job(std::string name) {
    return NotifyJob{NotifySlot::Any, {std::move(name)}};
}

std::vector<std::string> started(NotifyQueue& q) {
    std::vector<std::string> out;
    for (auto& [target, j] : q.take_startable()) {
        out.push_back(std::to_string(target) + ":" + j.argv[0]);
    }
    return out;
}

}  // namespace

TEST(NotifyQueue, NextScriptOfATargetStartsOnlyAfterThePreviousEnded) {
    NotifyQueue q(1, 8);
    q.push(0, {job("master"), job("notify-master")});
    q.push(0, {job("backup")});
    EXPECT_EQ(started(q), (std::vector<std::string>{"0:master"}));
    EXPECT_TRUE(started(q).empty());  // still running
    q.done(0);
    EXPECT_EQ(started(q), (std::vector<std::string>{"0:notify-master"}));
    q.done(0);
    EXPECT_EQ(started(q), (std::vector<std::string>{"0:backup"}));
    EXPECT_FALSE(q.idle());
    q.done(0);
    EXPECT_TRUE(q.idle());
}

TEST(NotifyQueue, DifferentTargetsRunInParallel) {
    NotifyQueue q(3, 8);
    q.push(2, {job("c")});
    q.push(0, {job("a")});
    EXPECT_EQ(started(q), (std::vector<std::string>{"0:a", "2:c"}));
    EXPECT_TRUE(q.busy(0));
    EXPECT_FALSE(q.busy(1));
}

TEST(NotifyQueue, BeyondTheLimitTheOldestWaitingJobsAreDropped) {
    NotifyQueue q(1, 2);
    q.push(0, {job("running")});
    started(q);
    EXPECT_EQ(q.push(0, {job("1"), job("2"), job("3")}), 1u);
    EXPECT_EQ(q.waiting(0), 2u);
    q.done(0);
    EXPECT_EQ(started(q), (std::vector<std::string>{"0:2"}));
}

// keepalived's effective priority and FAULT arithmetic for track_script and
// track_interface, and how the configuration is resolved into a plan.
#include "track/verdict.h"

#include <gtest/gtest.h>

#include "helpers.h"
#include "track/plan.h"

using namespace track_test;
using xvrrp::config::Config;
using xvrrp::track::Health;
using xvrrp::track::make_plan;

namespace {

// One instance (priority `prio`, on eth0) tracking one script with `weight`.
xvrrp::track::Verdict one_script(int32_t weight, bool reverse, Health h, uint8_t prio = 100) {
    Config cfg;
    cfg.scripts.push_back(script("chk", weight, reverse));
    auto in = instance("VI_1", prio);
    track(in, "chk");
    cfg.instances.push_back(in);
    const auto plan = make_plan(cfg);
    std::vector<Health> health{h};
    return compute_verdict(plan, 0, health, links_up({"eth0"}));
}

}  // namespace

TEST(TrackVerdict, PositiveWeightIsAddedWhileTheScriptIsUp) {
    EXPECT_EQ(one_script(20, false, Health::Up).priority, 120);
    EXPECT_EQ(one_script(20, false, Health::Down).priority, 100);
    EXPECT_FALSE(one_script(20, false, Health::Down).fault);
}

TEST(TrackVerdict, NegativeWeightIsSubtractedWhileTheScriptIsDown) {
    EXPECT_EQ(one_script(-30, false, Health::Down).priority, 70);
    EXPECT_EQ(one_script(-30, false, Health::Up).priority, 100);
}

TEST(TrackVerdict, ZeroWeightFailureMeansFault) {
    auto v = one_script(0, false, Health::Down);
    EXPECT_TRUE(v.fault);
    EXPECT_EQ(v.why, "vrrp_script chk failed");
    EXPECT_EQ(v.priority, 100);
    EXPECT_FALSE(one_script(0, false, Health::Up).fault);
}

TEST(TrackVerdict, ReversePositiveWeightIsSubtractedWhileUp) {
    EXPECT_EQ(one_script(10, true, Health::Up).priority, 90);
    EXPECT_EQ(one_script(10, true, Health::Down).priority, 100);
}

TEST(TrackVerdict, ReverseNegativeWeightIsAddedWhileDown) {
    EXPECT_EQ(one_script(-10, true, Health::Down).priority, 110);
    EXPECT_EQ(one_script(-10, true, Health::Up).priority, 100);
}

TEST(TrackVerdict, ZeroWeightReverseFaultsWhileTheScriptIsUp) {
    EXPECT_TRUE(one_script(0, true, Health::Up).fault);
    EXPECT_FALSE(one_script(0, true, Health::Down).fault);
}

TEST(TrackVerdict, PriorityIsClampedTo1And254) {
    EXPECT_EQ(one_script(-253, false, Health::Down, 100).priority, 1);
    EXPECT_EQ(one_script(253, false, Health::Up, 200).priority, 254);
}

TEST(TrackVerdict, AddressOwnerKeeps255WhateverTheWeights) {
    EXPECT_EQ(one_script(-50, false, Health::Down, 255).priority, 255);
    EXPECT_EQ(one_script(50, false, Health::Up, 255).priority, 255);
    // ...but a weight-0 failure still puts it in FAULT.
    EXPECT_TRUE(one_script(0, false, Health::Down, 255).fault);
}

TEST(TrackVerdict, ScriptWithoutAResultCountsForNothingAndZeroWeightHoldsStartup) {
    auto weighted = one_script(-40, false, Health::Unknown);
    EXPECT_EQ(weighted.priority, 100);
    EXPECT_FALSE(weighted.pending);
    auto zero = one_script(0, false, Health::Unknown);
    EXPECT_FALSE(zero.fault);
    EXPECT_TRUE(zero.pending);
}

TEST(TrackVerdict, WeightsOfSeveralScriptsAdd) {
    Config cfg;
    cfg.scripts = {script("a", 10), script("b", -25), script("c", 5)};
    auto in = instance("VI_1", 100);
    track(in, "a");
    track(in, "b");
    track(in, "c");
    cfg.instances.push_back(in);
    const auto plan = make_plan(cfg);
    std::vector<Health> health{Health::Up, Health::Down, Health::Down};
    EXPECT_EQ(compute_verdict(plan, 0, health, links_up({"eth0"})).priority, 85);
}

TEST(TrackVerdict, TrackInterfaceWithoutWeightDownMeansFault) {
    Config cfg;
    auto in = instance("VI_1");
    track_if(in, "eth1");
    cfg.instances.push_back(in);
    const auto plan = make_plan(cfg);
    auto v = compute_verdict(plan, 0, {}, links_up({"eth0"}));
    EXPECT_TRUE(v.fault);
    EXPECT_EQ(v.why, "interface eth1 is down");
    EXPECT_FALSE(compute_verdict(plan, 0, {}, links_up({"eth0", "eth1"})).fault);
}

TEST(TrackVerdict, TrackInterfaceWeightsAdjustPriority) {
    Config cfg;
    auto in = instance("VI_1", 100);
    track_if(in, "eth1", 15);
    track_if(in, "eth2", -20);
    track_if(in, "eth3", 7, true);
    cfg.instances.push_back(in);
    const auto plan = make_plan(cfg);
    // eth1 up +15, eth2 down -20, eth3 up reverse -7
    EXPECT_EQ(compute_verdict(plan, 0, {}, links_up({"eth0", "eth1", "eth3"})).priority, 88);
    // eth1 down, eth2 up, eth3 down: nothing
    EXPECT_EQ(compute_verdict(plan, 0, {}, links_up({"eth0", "eth2"})).priority, 100);
}

TEST(TrackVerdict, TheInstancesOwnInterfaceDownMeansFault) {
    Config cfg;
    cfg.instances.push_back(instance("VI_1", 100, "bond1"));
    const auto plan = make_plan(cfg);
    auto v = compute_verdict(plan, 0, {}, links_up({}));
    EXPECT_TRUE(v.fault);
    EXPECT_EQ(v.why, "interface bond1 is down");
}

TEST(TrackPlan, TrackScriptWeightOverridesTheScriptsOwn) {
    Config cfg;
    cfg.scripts.push_back(script("chk", -5, true));
    auto in = instance("VI_1");
    track(in, "chk", 30);
    auto in2 = instance("VI_2");
    track(in2, "chk");
    cfg.instances = {in, in2};
    const auto plan = make_plan(cfg);
    ASSERT_EQ(plan.instances[0].scripts.size(), 1u);
    EXPECT_EQ(plan.instances[0].scripts[0].weight, 30);
    EXPECT_FALSE(plan.instances[0].scripts[0].reverse);
    EXPECT_EQ(plan.instances[1].scripts[0].weight, -5);
    EXPECT_TRUE(plan.instances[1].scripts[0].reverse);
}

TEST(TrackPlan, OnlyTrackedScriptsAreRun) {
    Config cfg;
    cfg.scripts = {script("unused"), script("used")};
    auto in = instance("VI_1");
    track(in, "used");
    cfg.instances.push_back(in);
    const auto plan = make_plan(cfg);
    ASSERT_EQ(plan.scripts.size(), 1u);
    EXPECT_EQ(plan.scripts[0].name, "used");
}

TEST(TrackPlan, SyncGroupMembersHaveTheirWeightsForcedToZero) {
    Config cfg;
    cfg.scripts.push_back(script("chk", 20));
    auto a = instance("A");
    track(a, "chk");
    track_if(a, "eth1", -10);
    auto b = instance("B");
    cfg.instances = {a, b};
    cfg.sync_groups.push_back({"G", {}, {"A", "B"}, {}, {}, {}});
    const auto plan = make_plan(cfg);
    EXPECT_EQ(plan.instances[0].scripts[0].weight, 0);
    EXPECT_EQ(plan.instances[0].links[1].weight, 0);
    EXPECT_EQ(plan.instances[0].group, 0u);
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_NE(plan.warnings[0].find("vrrp_instance A: tracking weights ignored"),
              std::string::npos);
    // So a failing weighted script now faults the member.
    std::vector<Health> down{Health::Down};
    EXPECT_TRUE(compute_verdict(plan, 0, down, links_up({"eth0", "eth1"})).fault);
}

TEST(TrackPlan, UnknownSyncGroupMemberIsReportedAndIgnored) {
    Config cfg;
    cfg.instances = {instance("A")};
    cfg.sync_groups.push_back({"G", {}, {"A", "NOPE"}, {}, {}, {}});
    const auto plan = make_plan(cfg);
    EXPECT_EQ(plan.groups[0].members, std::vector<size_t>{0});
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_NE(plan.warnings[0].find("'NOPE'"), std::string::npos);
}

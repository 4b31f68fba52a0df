// keepalived's vrrp_sync_group rules: members fault, fall back and become
// MASTER together; the group's own state for its notify scripts.
#include "track/sync_group.h"

#include <gtest/gtest.h>

#include "helpers.h"

using namespace track_test;
using xvrrp::fsm::State;
using xvrrp::track::Forced;
using xvrrp::track::ForcedKind;
using xvrrp::track::GroupState;
using xvrrp::track::GroupTransition;
using xvrrp::track::SyncGroups;

namespace {

// Group G = {A, B, C} (instances 0, 1, 2) and a loner D (3).
xvrrp::track::TrackingPlan three_members() {
    xvrrp::config::Config cfg;
    cfg.instances = {instance("A"), instance("B"), instance("C"), instance("D")};
    cfg.sync_groups.push_back({"G", {}, {"A", "B", "C"}, {}, {}, {}});
    return xvrrp::track::make_plan(cfg);
}

void all_to(SyncGroups& g, State to) {
    for (size_t i = 0; i < 3; ++i) {
        g.member_changed(i, State::Init, to);
    }
}

constexpr uint64_t kMdi = 3'000'000;

}  // namespace

TEST(SyncGroup, OneMembersFaultHoldsTheOthersInFault) {
    SyncGroups g(three_members());
    g.set_own_fault(1, true);
    EXPECT_EQ(g.group_fault_of(0), 1u);
    EXPECT_EQ(g.group_fault_of(2), 1u);
    EXPECT_EQ(g.group_fault_of(1), std::nullopt);  // its own fault, not the group's
    EXPECT_EQ(g.group_fault_of(3), std::nullopt);  // not a member
    g.set_own_fault(1, false);
    EXPECT_EQ(g.group_fault_of(0), std::nullopt);
}

TEST(SyncGroup, AnExternalFaultAlsoHoldsTheGroupUntilItClears) {
    SyncGroups g(three_members());
    all_to(g, State::Backup);
    auto r = g.member_changed(2, State::Backup, State::Fault);  // not from our tracking
    EXPECT_TRUE(r.faults_changed);
    EXPECT_EQ(g.group_fault_of(0), 2u);
    r = g.member_changed(2, State::Fault, State::Backup);
    EXPECT_TRUE(r.faults_changed);
    EXPECT_EQ(g.group_fault_of(0), std::nullopt);
}

TEST(SyncGroup, MembersHeldByTheGroupDoNotKeepItInFaultAfterRecovery) {
    SyncGroups g(three_members());
    all_to(g, State::Backup);
    g.set_own_fault(0, true);
    g.member_changed(0, State::Backup, State::Fault);
    // B and C enter FAULT because of A: that is not a fault of their own.
    EXPECT_FALSE(g.member_changed(1, State::Backup, State::Fault).faults_changed);
    EXPECT_FALSE(g.member_changed(2, State::Backup, State::Fault).faults_changed);
    g.set_own_fault(0, false);
    EXPECT_EQ(g.group_fault_of(0), std::nullopt);
    EXPECT_EQ(g.group_fault_of(1), std::nullopt);
}

TEST(SyncGroup, AMasterDroppingToBackupSendsTheOtherMastersToBackup) {
    SyncGroups g(three_members());
    all_to(g, State::Master);
    auto r = g.member_changed(1, State::Master, State::Backup);
    EXPECT_EQ(r.forced,
              (std::vector<Forced>{{0, ForcedKind::GoBackup}, {2, ForcedKind::GoBackup}}));
    ASSERT_TRUE(r.group);
    EXPECT_EQ(*r.group, (GroupTransition{0, GroupState::Master, GroupState::Backup}));
    EXPECT_TRUE(g.forced_backup_pending(0));
}

TEST(SyncGroup, AMemberToldGoBackupIsNotForcedTwiceNorCountedMaster) {
    SyncGroups g(three_members());
    all_to(g, State::Master);
    g.member_changed(1, State::Master, State::Backup);  // A and C told GoBackup
    // Until it moves, A is no willing MASTER for C's gate...
    g.member_changed(2, State::Master, State::Backup);
    EXPECT_FALSE(g.may_become_master(2, 0, kMdi).allow);
    // ...and force_backup takes it straight MASTER -> BACKUP: no new orders.
    auto r = g.member_changed(0, State::Master, State::Backup);
    EXPECT_TRUE(r.forced.empty());
    EXPECT_FALSE(r.faults_changed);
    EXPECT_FALSE(g.forced_backup_pending(0));
    EXPECT_EQ(g.state(0), GroupState::Backup);
}

TEST(SyncGroup, AMemberToldGoBackupThatFaultsInsteadIsAFault) {
    SyncGroups g(three_members());
    all_to(g, State::Master);
    g.member_changed(1, State::Master, State::Backup);
    // A fails (e.g. no source address) before its force_backup is carried out.
    auto r = g.member_changed(0, State::Master, State::Fault);
    EXPECT_TRUE(r.faults_changed);
    EXPECT_FALSE(g.forced_backup_pending(0));
    EXPECT_EQ(g.group_fault_of(1), 0u);
    ASSERT_TRUE(r.group);
    EXPECT_EQ(r.group->to, GroupState::Fault);
}

TEST(SyncGroup, MasterDownIsHeldUntilEveryMemberWantsMaster) {
    SyncGroups g(three_members());
    all_to(g, State::Backup);
    EXPECT_FALSE(g.may_become_master(0, 1000, kMdi).allow);
    EXPECT_FALSE(g.may_become_master(1, 2000, kMdi).allow);
    auto gate = g.may_become_master(2, 3000, kMdi);
    EXPECT_TRUE(gate.allow);
    EXPECT_EQ(gate.followers, (std::vector<size_t>{0, 1}));
}

TEST(SyncGroup, AWishToBeMasterExpiresWhenItsTimerStopsFiring) {
    SyncGroups g(three_members());
    all_to(g, State::Backup);
    g.may_become_master(0, 0, kMdi);
    g.may_become_master(1, 0, kMdi);
    // C's timer fires long after: A and B heard a master again meanwhile.
    EXPECT_FALSE(g.may_become_master(2, 2 * kMdi + 1, kMdi).allow);
}

TEST(SyncGroup, MasterMembersCountAsWillingAndLonersAreNeverHeld) {
    SyncGroups g(three_members());
    g.member_changed(0, State::Init, State::Master);
    g.member_changed(1, State::Init, State::Master);
    g.member_changed(2, State::Init, State::Backup);
    EXPECT_TRUE(g.may_become_master(2, 0, kMdi).allow);
    EXPECT_TRUE(g.may_become_master(3, 0, kMdi).allow);
}

TEST(SyncGroup, GroupIsMasterOnlyWhenAllMembersAre) {
    SyncGroups g(three_members());
    all_to(g, State::Backup);
    EXPECT_EQ(g.state(0), GroupState::Backup);
    g.member_changed(0, State::Backup, State::Master);
    g.member_changed(1, State::Backup, State::Master);
    EXPECT_EQ(g.state(0), GroupState::Backup);
    auto r = g.member_changed(2, State::Backup, State::Master);
    ASSERT_TRUE(r.group);
    EXPECT_EQ(r.group->to, GroupState::Master);
}

TEST(SyncGroup, GroupFaultsWithAMemberAndReturnsToBackup) {
    SyncGroups g(three_members());
    all_to(g, State::Backup);
    auto r = g.member_changed(1, State::Backup, State::Fault);
    ASSERT_TRUE(r.group);
    EXPECT_EQ(r.group->to, GroupState::Fault);
    r = g.member_changed(1, State::Fault, State::Backup);
    ASSERT_TRUE(r.group);
    EXPECT_EQ(*r.group, (GroupTransition{0, GroupState::Fault, GroupState::Backup}));
}

TEST(SyncGroup, ShutdownStopsTheGroupOnceThenSettlesInInitSilently) {
    SyncGroups g(three_members());
    all_to(g, State::Master);
    auto r = g.member_changed(0, State::Master, State::Init);
    ASSERT_TRUE(r.group);
    EXPECT_EQ(r.group->to, GroupState::Stop);
    EXPECT_FALSE(g.member_changed(1, State::Master, State::Init).group);
    r = g.member_changed(2, State::Master, State::Init);
    ASSERT_TRUE(r.group);
    EXPECT_EQ(*r.group, (GroupTransition{0, GroupState::Stop, GroupState::Init}));
}

// Beyond the RFC table: FAULT, hitless adoption, tracking, configuration.
#include <gtest/gtest.h>

#include <stdexcept>

#include "fsm/virtual_router.h"
#include "fsm_test_util.h"

namespace xvrrp::fsm {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test builders

// ---- FAULT ------------------------------------------------------------------------

TEST(FsmFault, FromBackupCancelsMasterDownTimer) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(200), kPeer, kSecond);
    const Actions want = {CancelMasterDownTimer{},
                          StateChanged{State::Backup, State::Fault, Reason::FaultRaised}};
    EXPECT_EQ(r.set_fault(true, 2 * kSecond), want);
    EXPECT_EQ(r.state(), State::Fault);
    EXPECT_TRUE(r.fault());
    EXPECT_FALSE(r.master().has_value());
}

TEST(FsmFault, FromMasterSendsPriorityZeroAndRemovesVips) {
    VirtualRouter r = master_router();
    const Actions want = {CancelAdvertTimer{}, SendAdvert{0}, RemoveVips{},
                          StateChanged{State::Master, State::Fault, Reason::FaultRaised}};
    EXPECT_EQ(r.set_fault(true, 10 * kSecond), want);
}

TEST(FsmFault, RaisedInInitIsRememberedUntilStartup) {
    VirtualRouter r(config());
    EXPECT_TRUE(r.set_fault(true, 0).empty());
    EXPECT_EQ(r.state(), State::Init);
    const Actions want = {StateChanged{State::Init, State::Fault, Reason::Startup}};
    EXPECT_EQ(r.startup(kSecond), want);
}

TEST(FsmFault, ClearedGoesBackupThroughS2) {
    VirtualRouter r = master_router(config(100, 10));
    r.advert_received(advert(200, 10), kPeer, kSecond);  // now BACKUP, learned 10 cs
    r.set_fault(true, 2 * kSecond);
    const Actions want = {ArmMasterDownTimer{360'937},
                          StateChanged{State::Fault, State::Backup, Reason::FaultCleared}};
    EXPECT_EQ(r.set_fault(false, 3 * kSecond), want);
    EXPECT_FALSE(r.fault());
}

TEST(FsmFault, ClearedOwnerGoesMasterThroughS1) {
    VirtualRouter r(config(255));
    r.startup(0);
    r.set_fault(true, kSecond);
    const Actions want = {SendAdvert{255}, AddVips{}, SendGratuitous{}, ArmAdvertTimer{kSecond},
                          StateChanged{State::Fault, State::Master, Reason::FaultCleared}};
    EXPECT_EQ(r.set_fault(false, 2 * kSecond), want);
}

TEST(FsmFault, ClearedRestartsPreemptDelay) {
    RouterConfig c = config();
    c.preempt_delay_us = 5ULL * 1'000'000;
    VirtualRouter r = backup_router(c);
    r.set_fault(true, 100 * kSecond);
    const Actions want = {ArmMasterDownTimer{kMdi100}, ArmPreemptDelayTimer{5 * kSecond},
                          StateChanged{State::Fault, State::Backup, Reason::FaultCleared}};
    EXPECT_EQ(r.set_fault(false, 200 * kSecond), want);
    EXPECT_EQ(r.preempt_hold_until_us(), 205 * kSecond);
}

TEST(FsmFault, ClearedInInitOnlyForgetsTheFault) {
    VirtualRouter r(config());
    r.set_fault(true, 0);
    EXPECT_TRUE(r.set_fault(false, 1).empty());
    EXPECT_EQ(r.startup(2).back(),
              Action(StateChanged{State::Init, State::Backup, Reason::Startup}));
}

TEST(FsmFault, RepeatedRaiseOrClearIsIdempotent) {
    VirtualRouter r = backup_router();
    r.set_fault(true, kSecond);
    EXPECT_TRUE(r.set_fault(true, 2 * kSecond).empty());
    r.set_fault(false, 3 * kSecond);
    EXPECT_TRUE(r.set_fault(false, 4 * kSecond).empty());
    EXPECT_EQ(r.transitions(), 3u);
}

TEST(FsmFault, IgnoresAdvertsAndTimers) {
    VirtualRouter r = backup_router();
    r.set_fault(true, kSecond);
    EXPECT_TRUE(r.advert_received(advert(0), kPeer, 2 * kSecond).empty());
    EXPECT_TRUE(r.advert_received(advert(200), kPeer, 2 * kSecond).empty());
    EXPECT_TRUE(r.master_down_timer_fired(3 * kSecond).empty());
    EXPECT_TRUE(r.advert_timer_fired(3 * kSecond).empty());
    EXPECT_TRUE(r.startup(3 * kSecond).empty());
    EXPECT_EQ(r.state(), State::Fault);
}

TEST(FsmFault, ShutdownFromFaultGoesInitAndKeepsTheFault) {
    VirtualRouter r = backup_router();
    r.set_fault(true, kSecond);
    const Actions want = {StateChanged{State::Fault, State::Init, Reason::Shutdown}};
    EXPECT_EQ(r.shutdown(2 * kSecond), want);
    EXPECT_TRUE(r.fault());
    EXPECT_EQ(r.startup(3 * kSecond).back(),
              Action(StateChanged{State::Init, State::Fault, Reason::Startup}));
}

// ---- Sync groups: following another member to BACKUP ------------------------------

TEST(Fsm, SyncGroupForceBackupLeavesMasterWithoutFault) {
    VirtualRouter r = master_router();
    // As S10, minus the advert: no priority-0 advert, no FAULT hop.
    const Actions want = {CancelAdvertTimer{}, RemoveVips{}, ArmMasterDownTimer{kMdi100},
                          StateChanged{State::Master, State::Backup, Reason::SyncGroup}};
    EXPECT_EQ(r.force_backup(10 * kSecond), want);
    EXPECT_EQ(r.state(), State::Backup);
    EXPECT_FALSE(r.fault());
    EXPECT_FALSE(r.master().has_value());
    EXPECT_EQ(r.transitions(), 3u);  // INIT -> BACKUP -> MASTER -> BACKUP
    EXPECT_EQ(r.last_transition_us(), 10 * kSecond);
}

TEST(Fsm, SyncGroupForceBackupTimesOutOnOurOwnInterval) {
    // A master's interval learned in an earlier BACKUP stay is forgotten (T3).
    VirtualRouter r = backup_router();
    r.set_priority(40, kSecond);
    r.advert_received(advert(50, 300), kPeer, 2 * kSecond);
    ASSERT_EQ(r.master_adver_interval_us(), 3 * kSecond);
    r.master_down_timer_fired(20 * kSecond);
    ASSERT_EQ(r.state(), State::Master);
    const uint64_t mdi40 = 3 * kSecond + (256 - 40) * kSecond / 256;
    const Actions want = {CancelAdvertTimer{}, RemoveVips{}, ArmMasterDownTimer{mdi40},
                          StateChanged{State::Master, State::Backup, Reason::SyncGroup}};
    EXPECT_EQ(r.force_backup(21 * kSecond), want);
    EXPECT_EQ(r.master_adver_interval_us(), kSecond);
    EXPECT_EQ(r.master_down_interval_us(), mdi40);
}

TEST(Fsm, SyncGroupForcedBackupBehavesAsBackup) {
    VirtualRouter r = master_router();
    r.force_backup(10 * kSecond);
    EXPECT_EQ(r.advert_received(advert(200), kPeer, 11 * kSecond),
              (Actions{ArmMasterDownTimer{kMdi100}}));
    ASSERT_TRUE(r.master().has_value());
    EXPECT_EQ(r.master()->address, kPeer);
    EXPECT_EQ(r.master_down_timer_fired(20 * kSecond).back(),
              Action(StateChanged{State::Backup, State::Master, Reason::MasterDown}));
}

TEST(Fsm, SyncGroupForceBackupIsANoOpOutsideMaster) {
    VirtualRouter init(config());
    EXPECT_TRUE(init.force_backup(kSecond).empty());
    EXPECT_EQ(init.state(), State::Init);

    VirtualRouter backup = backup_router();
    EXPECT_TRUE(backup.force_backup(kSecond).empty());
    EXPECT_EQ(backup.state(), State::Backup);
    EXPECT_EQ(backup.transitions(), 1u);

    VirtualRouter fault = master_router();
    fault.set_fault(true, 10 * kSecond);
    EXPECT_TRUE(fault.force_backup(11 * kSecond).empty());
    EXPECT_EQ(fault.state(), State::Fault);
    EXPECT_TRUE(fault.fault());
}

// ---- Hitless adoption ---------------------------------------------------------------

TEST(FsmAdopt, FromInitBecomesMasterWithoutTransition) {
    VirtualRouter r(config(100, 10));
    const Actions want = {SendAdvert{100}, ArmAdvertTimer{100'000}};
    EXPECT_EQ(r.adopt_master(5 * kSecond), want);  // no AddVips, no gratuitous burst
    EXPECT_EQ(r.state(), State::Master);
    EXPECT_EQ(r.transitions(), 0u);
}

TEST(FsmAdopt, AdoptedMasterBehavesAsMaster) {
    VirtualRouter r(config());
    r.adopt_master(0);
    EXPECT_EQ(r.advert_timer_fired(kSecond), (Actions{SendAdvert{100}, ArmAdvertTimer{kSecond}}));
    EXPECT_EQ(r.advert_received(advert(50), kPeer, kSecond), Actions{SendAdvert{100}});
    const Actions down = {CancelAdvertTimer{}, SendAdvert{0}, RemoveVips{},
                          StateChanged{State::Master, State::Init, Reason::Shutdown}};
    EXPECT_EQ(r.shutdown(2 * kSecond), down);
}

TEST(FsmAdopt, AdoptedMasterYieldsToHigherPriority) {
    VirtualRouter r(config());
    r.adopt_master(0);
    EXPECT_EQ(r.advert_received(advert(200), kPeer, kSecond).back(),
              Action(StateChanged{State::Master, State::Backup, Reason::Preempted}));
}

TEST(FsmAdopt, RefusedUnlessInit) {
    VirtualRouter b = backup_router();
    EXPECT_TRUE(b.adopt_master(kSecond).empty());
    EXPECT_EQ(b.state(), State::Backup);
    VirtualRouter m = master_router();
    EXPECT_TRUE(m.adopt_master(10 * kSecond).empty());
}

TEST(FsmAdopt, RefusedWhileFaulty) {
    VirtualRouter r(config());
    r.set_fault(true, 0);
    EXPECT_TRUE(r.adopt_master(kSecond).empty());
    EXPECT_EQ(r.state(), State::Init);
}

// ---- Tracking: effective priority changes ---------------------------------------

TEST(FsmTracking, PriorityChangeWhileMasterGoesInNextAdvert) {
    VirtualRouter r = master_router();
    EXPECT_TRUE(r.set_priority(80, 2 * kSecond).empty());
    EXPECT_EQ(r.advert_timer_fired(3 * kSecond),
              (Actions{SendAdvert{80}, ArmAdvertTimer{kSecond}}));
    EXPECT_EQ(r.advert_received(advert(90), kPeer, 3 * kSecond).back(),
              Action(StateChanged{State::Master, State::Backup, Reason::Preempted}));
}

TEST(FsmTracking, PriorityChangeWhileBackupRecomputesTimers) {
    VirtualRouter r = backup_router();
    EXPECT_TRUE(r.set_priority(200, kSecond).empty());
    EXPECT_EQ(r.priority(), 200);
    EXPECT_EQ(r.skew_time_us(), 218'750u);
    EXPECT_EQ(r.master_down_interval_us(), 3'218'750u);
    EXPECT_EQ(r.advert_received(advert(250), kPeer, 2 * kSecond),
              Actions{ArmMasterDownTimer{3'218'750}});
}

TEST(FsmTracking, BackupRaisedAboveKnownMasterStopsAcceptingIt) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(150), kPeer, kSecond);
    ASSERT_TRUE(r.master().has_value());
    r.set_priority(160, 2 * kSecond);
    EXPECT_FALSE(r.master().has_value());
    EXPECT_TRUE(r.advert_received(advert(150), kPeer, 3 * kSecond).empty());
    EXPECT_EQ(r.master_down_timer_fired(4 * kSecond).back(),
              Action(StateChanged{State::Backup, State::Master, Reason::MasterDown}));
}

TEST(FsmTracking, BackupLoweredKeepsAcceptingMaster) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(150), kPeer, kSecond);
    r.set_priority(90, 2 * kSecond);
    EXPECT_TRUE(r.master().has_value());
    EXPECT_EQ(r.advert_received(advert(150), kPeer, 3 * kSecond),
              Actions{ArmMasterDownTimer{3 * kSecond + 648'437}});
}

TEST(FsmTracking, PriorityZeroIsRaisedToOne) {
    VirtualRouter r = master_router();
    r.set_priority(0, kSecond);
    EXPECT_EQ(r.priority(), 1);
    EXPECT_EQ(r.advert_timer_fired(2 * kSecond).front(), Action(SendAdvert{1}));
}

TEST(FsmTracking, NextStartupUsesEffectivePriority) {
    VirtualRouter r(config(100));
    r.set_priority(255, 0);
    EXPECT_EQ(r.startup(1).back(),
              Action(StateChanged{State::Init, State::Master, Reason::Startup}));
}

// ---- Receiving edge cases ---------------------------------------------------------

TEST(FsmReceive, IgnoredBeforeStartup) {
    VirtualRouter r(config());
    EXPECT_TRUE(r.advert_received(advert(200), kPeer, 0).empty());
    EXPECT_EQ(r.state(), State::Init);
}

TEST(FsmReceive, ZeroIntervalIsIgnored) {
    VirtualRouter r = backup_router();
    EXPECT_EQ(r.advert_received(advert(200, 0), kPeer, kSecond),
              Actions{Note{NoteKind::AdvertIgnored}});
    EXPECT_EQ(r.master_down_interval_us(), kMdi100);
}

TEST(FsmReceive, OwnAddressIsIgnored) {
    VirtualRouter r = master_router();
    EXPECT_EQ(r.advert_received(advert(100), ip("10.0.0.1"), kSecond),
              Actions{Note{NoteKind::FromOurAddress}});
    EXPECT_EQ(r.state(), State::Master);
}

TEST(FsmReceive, I2_V2AdvertInV3RouterLearnsItsRate) {
    VirtualRouter r = backup_router();
    proto::Advert a = advert(200, 3);
    a.version = proto::Version::V2;  // 3 seconds
    const Actions want = {Note{NoteKind::IntervalDiffers},
                          ArmMasterDownTimer{9 * kSecond + 1'828'125}};
    EXPECT_EQ(r.advert_received(a, kPeer, kSecond), want);
}

TEST(FsmReceive, I2_I3_KnownMasterKeepsTheVersionItWasLearnedFrom) {
    // The kernel follows a master that also sends v3 on v3 only (I3): it
    // must be told which version the known master speaks.
    VirtualRouter r = backup_router();
    proto::Advert a = advert(200, 1);
    a.version = proto::Version::V2;
    (void)r.advert_received(a, kPeer, kSecond);
    ASSERT_TRUE(r.master().has_value());
    EXPECT_EQ(r.master()->version, proto::Version::V2);
    EXPECT_EQ(r.master()->adver_interval_us, kSecond);
    EXPECT_EQ(r.master_down_interval_us(), 3 * kSecond + 609'375);  // v3 rules at 100 cs
    (void)r.advert_received(advert(200, 100), kPeer, 2 * kSecond);
    EXPECT_EQ(r.master()->version, proto::Version::V3);
    EXPECT_EQ(r.master_down_interval_us(), 3 * kSecond + 609'375);
}

TEST(FsmReceive, V2RouterUsesV2Timers) {
    VirtualRouter r = backup_router(config_v2(100, 3));
    EXPECT_EQ(r.master_down_interval_us(), 9'609'375u);
    const auto a = advert_for(r.config(), 0, 3);
    EXPECT_EQ(r.advert_received(a, kPeer, kSecond), Actions{ArmMasterDownTimer{609'375}});
    VirtualRouter m = master_router(config_v2(100, 1));
    EXPECT_EQ(m.advert_timer_fired(5 * kSecond),
              (Actions{SendAdvert{100}, ArmAdvertTimer{kSecond}}));
}

// ---- Configuration -------------------------------------------------------------------

TEST(FsmConfig, DefaultTestConfigIsValid) {
    EXPECT_EQ(validate(config()), "");
}

TEST(FsmConfig, RejectsOutOfRangeValuesNamingTheVrid) {
    RouterConfig c = config();
    c.vrid = 0;
    EXPECT_EQ(validate(c), "VRID 0 (IPv4): VRID 0 is outside 1-255");
    c = config(0);
    EXPECT_NE(validate(c).find("priority 0"), std::string::npos);
    c = config(100, 4096);
    EXPECT_EQ(validate(c),
              "VRID 10 (IPv4): advert interval 4096 cs is outside 1-4095 (VRRPv3 centiseconds)");
    c = config(100, 0);
    EXPECT_NE(validate(c).find("advert interval 0 cs"), std::string::npos);
    c = config_v2(100, 256);
    EXPECT_NE(validate(c).find("256 s is outside 1-255"), std::string::npos);
}

TEST(FsmConfig, RejectsMixedFamilies) {
    RouterConfig c = config();
    c.vips.push_back(ip("2001:db8::1"));
    EXPECT_EQ(validate(c), "VRID 10 (IPv4): virtual address 2001:db8::1 is not IPv4");
    c = config_v6();
    c.primary = ip("10.0.0.1");
    EXPECT_EQ(validate(c), "VRID 10 (IPv6): primary address 10.0.0.1 is not IPv6");
    c = config_v6();
    c.version = proto::Version::V2;
    EXPECT_NE(validate(c).find("VRRPv2 carries IPv4 only"), std::string::npos);
    c = config();
    c.vips.clear();
    EXPECT_EQ(validate(c), "VRID 10 (IPv4): no virtual addresses");
}

TEST(FsmConfig, ConstructorThrowsOnInvalidConfig) {
    RouterConfig c = config();
    c.vrid = 0;
    EXPECT_THROW(VirtualRouter{c}, std::invalid_argument);
}

TEST(FsmActions, ToStringIsReadable) {
    EXPECT_EQ(to_string(Action(ArmMasterDownTimer{3'609'375})), "ArmMasterDownTimer{3609375us}");
    EXPECT_EQ(to_string(Action(SendAdvert{0})), "SendAdvert{0}");
    EXPECT_EQ(to_string(Action(StateChanged{State::Backup, State::Master, Reason::MasterDown})),
              "StateChanged{BACKUP->MASTER, master-down timer}");
}

}  // namespace
}  // namespace xvrrp::fsm

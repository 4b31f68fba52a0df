// CONFORMANCE S1-S13 and D11: each RFC rule as an exact action sequence.
#include <gtest/gtest.h>

#include "fsm/virtual_router.h"
#include "fsm_test_util.h"

namespace xvrrp::fsm {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test builders

const Actions kBecomeMaster100 = {SendAdvert{100}, AddVips{}, SendGratuitous{},
                                  ArmAdvertTimer{kSecond},
                                  StateChanged{State::Backup, State::Master, Reason::MasterDown}};

// ---- S1 / S2: startup --------------------------------------------------------

TEST(Fsm, S1_OwnerStartupBecomesMaster) {
    VirtualRouter r(config(255));
    const Actions want = {SendAdvert{255}, AddVips{}, SendGratuitous{}, ArmAdvertTimer{kSecond},
                          StateChanged{State::Init, State::Master, Reason::Startup}};
    EXPECT_EQ(r.startup(0), want);
    EXPECT_EQ(r.state(), State::Master);
    EXPECT_TRUE(r.is_owner());
    EXPECT_EQ(r.transitions(), 1u);
}

TEST(Fsm, S1_OwnerStartupIPv6SameSequence) {
    VirtualRouter r(config_v6(255, 10));
    const Actions want = {SendAdvert{255}, AddVips{}, SendGratuitous{}, ArmAdvertTimer{100'000},
                          StateChanged{State::Init, State::Master, Reason::Startup}};
    EXPECT_EQ(r.startup(5), want);
}

TEST(Fsm, S1_OwnerIgnoresPreemptDelayAndNoPreempt) {
    RouterConfig c = config(255);
    c.preempt = false;
    c.preempt_delay_us = 60ULL * 1'000'000;
    VirtualRouter r(c);
    const Actions got = r.startup(0);
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.back(), Action(StateChanged{State::Init, State::Master, Reason::Startup}));
}

TEST(Fsm, S2_StartupBecomesBackupWithMasterDownTimer) {
    VirtualRouter r(config());
    const Actions want = {ArmMasterDownTimer{kMdi100},
                          StateChanged{State::Init, State::Backup, Reason::Startup}};
    EXPECT_EQ(r.startup(0), want);
    EXPECT_EQ(r.state(), State::Backup);
    EXPECT_EQ(r.master_adver_interval_us(), kSecond);
    EXPECT_EQ(r.skew_time_us(), 609'375u);
    EXPECT_FALSE(r.master().has_value());
}

TEST(Fsm, S2_StartupUsesOwnIntervalAndPriority) {
    VirtualRouter r(config(200, 10));
    const Actions want = {ArmMasterDownTimer{300'000 + 21'875},
                          StateChanged{State::Init, State::Backup, Reason::Startup}};
    EXPECT_EQ(r.startup(0), want);
}

TEST(Fsm, S2_StartupWithPreemptDelayArmsHoldTimer) {
    RouterConfig c = config();
    c.preempt_delay_us = 30ULL * 1'000'000;
    VirtualRouter r(c);
    const Actions want = {ArmMasterDownTimer{kMdi100}, ArmPreemptDelayTimer{30 * kSecond},
                          StateChanged{State::Init, State::Backup, Reason::Startup}};
    EXPECT_EQ(r.startup(7), want);
    EXPECT_EQ(r.preempt_hold_until_us(), 7 + 30 * kSecond);
}

TEST(Fsm, S2_NoPreemptArmsNoHoldTimer) {
    RouterConfig c = config();
    c.preempt = false;
    c.preempt_delay_us = 30ULL * 1'000'000;
    VirtualRouter r(c);
    const Actions want = {ArmMasterDownTimer{kMdi100},
                          StateChanged{State::Init, State::Backup, Reason::Startup}};
    EXPECT_EQ(r.startup(0), want);
}

TEST(Fsm, S2_SecondStartupIsIgnored) {
    VirtualRouter r = backup_router();
    EXPECT_TRUE(r.startup(10).empty());
    EXPECT_EQ(r.transitions(), 1u);
}

// ---- S3 / S7: shutdown ------------------------------------------------------------

TEST(Fsm, S3_BackupShutdownCancelsMasterDownTimer) {
    VirtualRouter r = backup_router();
    const Actions want = {CancelMasterDownTimer{},
                          StateChanged{State::Backup, State::Init, Reason::Shutdown}};
    EXPECT_EQ(r.shutdown(kSecond), want);
    EXPECT_EQ(r.state(), State::Init);
    EXPECT_FALSE(r.master().has_value());
}

TEST(Fsm, S3_ShutdownInInitDoesNothing) {
    VirtualRouter r(config());
    EXPECT_TRUE(r.shutdown(0).empty());
    EXPECT_EQ(r.transitions(), 0u);
}

TEST(Fsm, S3_RestartAfterShutdownGoesBackupAgain) {
    VirtualRouter r = backup_router();
    r.shutdown(kSecond);
    const Actions want = {ArmMasterDownTimer{kMdi100},
                          StateChanged{State::Init, State::Backup, Reason::Startup}};
    EXPECT_EQ(r.startup(2 * kSecond), want);
}

TEST(Fsm, S7_MasterShutdownSendsPriorityZero) {
    VirtualRouter r = master_router();
    const Actions want = {CancelAdvertTimer{}, SendAdvert{0}, RemoveVips{},
                          StateChanged{State::Master, State::Init, Reason::Shutdown}};
    EXPECT_EQ(r.shutdown(10 * kSecond), want);
    EXPECT_EQ(r.state(), State::Init);
}

TEST(Fsm, S7_OwnerShutdownSendsPriorityZero) {
    VirtualRouter r(config(255));
    r.startup(0);
    const Actions want = {CancelAdvertTimer{}, SendAdvert{0}, RemoveVips{},
                          StateChanged{State::Master, State::Init, Reason::Shutdown}};
    EXPECT_EQ(r.shutdown(kSecond), want);
}

// ---- S4 / S8: timers --------------------------------------------------------------

TEST(Fsm, S4_MasterDownTimerMakesBackupMaster) {
    VirtualRouter r = backup_router();
    EXPECT_EQ(r.master_down_timer_fired(kMdi100), kBecomeMaster100);
    EXPECT_EQ(r.state(), State::Master);
    EXPECT_EQ(r.last_transition_us(), kMdi100);
    EXPECT_EQ(r.transitions(), 2u);
}

TEST(Fsm, S4_IPv6MasterDownSendsAdvertThenGratuitous) {
    VirtualRouter r = backup_router(config_v6(150, 1));
    const Actions want = {SendAdvert{150}, AddVips{}, SendGratuitous{}, ArmAdvertTimer{10'000},
                          StateChanged{State::Backup, State::Master, Reason::MasterDown}};
    EXPECT_EQ(r.master_down_timer_fired(40'000), want);
}

TEST(Fsm, S4_StaleMasterDownOutsideBackupIsIgnored) {
    VirtualRouter init(config());
    EXPECT_TRUE(init.master_down_timer_fired(0).empty());
    VirtualRouter master = master_router();
    EXPECT_TRUE(master.master_down_timer_fired(kSecond * 5).empty());
    EXPECT_EQ(master.state(), State::Master);
}

TEST(Fsm, S8_AdvertTimerSendsAndRearms) {
    VirtualRouter r = master_router(config(100, 10));
    const Actions want = {SendAdvert{100}, ArmAdvertTimer{100'000}};
    EXPECT_EQ(r.advert_timer_fired(kSecond), want);
    EXPECT_EQ(r.advert_timer_fired(kSecond + 100'000), want);
    EXPECT_EQ(r.state(), State::Master);
}

TEST(Fsm, S8_StaleAdvertTimerOutsideMasterIsIgnored) {
    VirtualRouter r = backup_router();
    EXPECT_TRUE(r.advert_timer_fired(kSecond).empty());
    EXPECT_EQ(r.state(), State::Backup);
}

// ---- S5 / S6: BACKUP receives ------------------------------------------------------

TEST(Fsm, S5_PriorityZeroAdvertSetsMasterDownToSkew) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(200), kPeer, 100);
    const Actions want = {ArmMasterDownTimer{609'375}};
    EXPECT_EQ(r.advert_received(advert(0), kPeer, 200), want);
    EXPECT_EQ(r.state(), State::Backup);
}

TEST(Fsm, S5_SkewUsesLearnedInterval) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(200, 10), kPeer, 100);  // master at 10 cs
    const Actions want = {Note{NoteKind::IntervalDiffers}, ArmMasterDownTimer{60'937}};
    EXPECT_EQ(r.advert_received(advert(0, 10), kPeer, 200), want);
}

TEST(Fsm, S5_PriorityZeroForgetsKnownMaster) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(200), kPeer, 100);
    ASSERT_TRUE(r.master().has_value());
    r.advert_received(advert(0), kPeer, 200);
    EXPECT_FALSE(r.master().has_value());  // the kernel must not refresh for a leaver
}

TEST(Fsm, S5_ThenMasterDownTakesOver) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(0), kPeer, 100);
    EXPECT_EQ(r.master_down_timer_fired(100 + 609'375), kBecomeMaster100);
}

TEST(Fsm, S6_HigherPriorityAdvertResetsMasterDown) {
    VirtualRouter r = backup_router();
    const Actions want = {ArmMasterDownTimer{kMdi100}};
    EXPECT_EQ(r.advert_received(advert(200), kPeer, kSecond), want);
    const KnownMaster m{kPeer, 200, kSecond};
    EXPECT_EQ(r.master(), m);
}

TEST(Fsm, S6_EqualPriorityAdvertAccepted) {
    VirtualRouter r = backup_router();
    const Actions want = {ArmMasterDownTimer{kMdi100}};
    EXPECT_EQ(r.advert_received(advert(100), kLow, kSecond), want);  // lower address too
    EXPECT_TRUE(r.master().has_value());
}

TEST(Fsm, S6_LowerPriorityAdvertDiscardedWhenPreempting) {
    VirtualRouter r = backup_router();
    EXPECT_TRUE(r.advert_received(advert(50), kPeer, kSecond).empty());
    EXPECT_FALSE(r.master().has_value());
    // ... so the master-down timer runs out and we take over.
    EXPECT_EQ(r.master_down_timer_fired(kMdi100), kBecomeMaster100);
}

TEST(Fsm, S6_LowerPriorityAdvertAcceptedWithoutPreempt) {
    RouterConfig c = config();
    c.preempt = false;
    VirtualRouter r = backup_router(c);
    const Actions want = {ArmMasterDownTimer{kMdi100}};
    EXPECT_EQ(r.advert_received(advert(50), kPeer, kSecond), want);
    const KnownMaster m{kPeer, 50, kSecond};
    EXPECT_EQ(r.master(), m);
}

TEST(Fsm, S6_T3_LearnsMasterAdverIntervalAndRecomputes) {
    VirtualRouter r = backup_router();
    const Actions want = {Note{NoteKind::IntervalDiffers}, ArmMasterDownTimer{1'804'687}};
    EXPECT_EQ(r.advert_received(advert(200, 50), kPeer, kSecond), want);
    EXPECT_EQ(r.master_adver_interval_us(), 500'000u);
    EXPECT_EQ(r.skew_time_us(), 304'687u);
    EXPECT_EQ(r.master_down_interval_us(), 1'804'687u);
}

TEST(Fsm, S6_DiscardedAdvertLearnsNothing) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(50, 10), kPeer, kSecond);
    EXPECT_EQ(r.master_adver_interval_us(), kSecond);
    EXPECT_EQ(r.master_down_interval_us(), kMdi100);
}

TEST(Fsm, S6_KnownMasterDroppingBelowUsIsForgotten) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(200), kPeer, kSecond);
    EXPECT_TRUE(r.advert_received(advert(50), kPeer, 2 * kSecond).empty());
    EXPECT_FALSE(r.master().has_value());
}

TEST(Fsm, S6_LosingAdvertFromAnotherSourceKeepsKnownMaster) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(200), kPeer, kSecond);
    EXPECT_TRUE(r.advert_received(advert(50), kPeer2, 2 * kSecond).empty());
    const KnownMaster m{kPeer, 200, kSecond};
    EXPECT_EQ(r.master(), m);
}

TEST(Fsm, T3_EnteringBackupAgainResetsIntervalToOurs) {
    VirtualRouter r = backup_router();
    r.advert_received(advert(200, 10), kPeer, kSecond);
    ASSERT_EQ(r.master_adver_interval_us(), 100'000u);
    r.shutdown(2 * kSecond);
    r.startup(3 * kSecond);
    EXPECT_EQ(r.master_adver_interval_us(), kSecond);
    EXPECT_EQ(r.master_down_interval_us(), kMdi100);
}

// ---- S9-S11: MASTER receives ----------------------------------------------------

TEST(Fsm, S9_MasterAnswersPriorityZeroAtOnce) {
    VirtualRouter r = master_router();
    const Actions want = {SendAdvert{100}, ArmAdvertTimer{kSecond}};
    EXPECT_EQ(r.advert_received(advert(0), kPeer, 5 * kSecond), want);
    EXPECT_EQ(r.state(), State::Master);
}

TEST(Fsm, S10_HigherPriorityAdvertDemotesMaster) {
    VirtualRouter r = master_router();
    const Actions want = {CancelAdvertTimer{}, ArmMasterDownTimer{kMdi100}, RemoveVips{},
                          StateChanged{State::Master, State::Backup, Reason::Preempted}};
    EXPECT_EQ(r.advert_received(advert(101), kLow, 5 * kSecond), want);
    EXPECT_EQ(r.state(), State::Backup);
    const KnownMaster m{kLow, 101, kSecond};
    EXPECT_EQ(r.master(), m);
}

TEST(Fsm, S10_DemotedMasterLearnsNewMastersInterval) {
    VirtualRouter r = master_router();
    const Actions want = {Note{NoteKind::IntervalDiffers}, CancelAdvertTimer{},
                          ArmMasterDownTimer{7'218'750}, RemoveVips{},
                          StateChanged{State::Master, State::Backup, Reason::Preempted}};
    EXPECT_EQ(r.advert_received(advert(200, 200), kPeer, 5 * kSecond), want);
    EXPECT_EQ(r.master_adver_interval_us(), 2 * kSecond);
}

TEST(Fsm, S10_EqualPriorityHigherAddressWins) {
    VirtualRouter r = master_router();                                       // we are 10.0.0.1
    const Actions got = r.advert_received(advert(100), kPeer, 5 * kSecond);  // 10.0.0.2
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got.back(), Action(StateChanged{State::Master, State::Backup, Reason::Preempted}));
    EXPECT_EQ(r.state(), State::Backup);
}

TEST(Fsm, S10_EqualPriorityLowerAddressLoses) {
    VirtualRouter r = master_router();
    const Actions want = {SendAdvert{100}};
    EXPECT_EQ(r.advert_received(advert(100), kLow, 5 * kSecond), want);  // 10.0.0.0
    EXPECT_EQ(r.state(), State::Master);
}

TEST(Fsm, S10_AddressTieBreakIsUnsignedNetworkOrder) {
    // A signed byte compare would put 128.0.0.1 below 127.255.255.255, and
    // a host-order compare 10.0.1.0 below 10.0.0.255 on little endian.
    RouterConfig c = config();
    c.primary = ip("128.0.0.1");
    VirtualRouter high = master_router(c);
    EXPECT_EQ(high.advert_received(advert(100), ip("127.255.255.255"), kSecond),
              Actions{SendAdvert{100}});
    c.primary = ip("10.0.0.255");
    VirtualRouter low = master_router(c);
    low.advert_received(advert(100), ip("10.0.1.0"), kSecond);
    EXPECT_EQ(low.state(), State::Backup);
}

TEST(Fsm, S10_IPv6TieBreakComparesAllBytes) {
    RouterConfig c = config_v6();
    VirtualRouter r = master_router(c);  // fe80::1
    const auto a = advert_for(c, 100, 100);
    EXPECT_EQ(r.advert_received(a, ip("fe80::1"), kSecond),
              Actions{Note{NoteKind::FromOurAddress}});
    EXPECT_EQ(r.advert_received(a, ip("fe80::0:1"), kSecond),
              Actions{Note{NoteKind::FromOurAddress}});  // same address, other spelling
    r.advert_received(a, ip("fe80::1:0"), kSecond);
    EXPECT_EQ(r.state(), State::Backup);
}

TEST(Fsm, S11_LowerPriorityAdvertAnsweredAtOnce) {
    VirtualRouter r = master_router();
    const Actions want = {SendAdvert{100}};  // no re-arm: the periodic rhythm stays
    EXPECT_EQ(r.advert_received(advert(99), kPeer, 5 * kSecond), want);
    // One interval later (within one, it is coalesced: bounded_reaction_test).
    EXPECT_EQ(r.advert_received(advert(1), kPeer2, 6 * kSecond), want);
    EXPECT_EQ(r.state(), State::Master);
    EXPECT_FALSE(r.master().has_value());
}

// ---- S12: preemption -------------------------------------------------------------

TEST(Fsm, S12_PreemptIsOnByDefaultAndPriority100) {
    const RouterConfig c;
    EXPECT_TRUE(c.preempt);
    EXPECT_EQ(c.priority, 100);
    EXPECT_EQ(c.preempt_delay_us, 0u);
    EXPECT_FALSE(c.accept_mode);
}

TEST(Fsm, S12_OwnerAlwaysPreemptsEvenWithPreemptOff) {
    RouterConfig c = config();
    c.preempt = false;
    VirtualRouter r = backup_router(c);
    r.set_priority(255, kSecond);  // tracking made us the owner
    EXPECT_EQ(r.advert_received(advert(254), kPeer, 2 * kSecond),
              Actions{Note{NoteKind::AdvertWhileOwner}});  // discarded, no timer reset
    EXPECT_EQ(r.master_down_timer_fired(kMdi100).back(),
              Action(StateChanged{State::Backup, State::Master, Reason::MasterDown}));
}

TEST(Fsm, S12_PreemptDelayHoldsPreemption) {
    RouterConfig c = config(200);
    c.preempt_delay_us = 10ULL * 1'000'000;
    VirtualRouter r = backup_router(c);  // startup at 0: hold until 10 s
    const Actions accept = {ArmMasterDownTimer{3'218'750}};
    EXPECT_EQ(r.advert_received(advert(100), kPeer, 1 * kSecond), accept);
    EXPECT_EQ(r.advert_received(advert(100), kPeer2, 10 * kSecond - 1), accept);
    EXPECT_TRUE(r.advert_received(advert(100), kPeer, 10 * kSecond).empty());
}

TEST(Fsm, S12_PreemptDelayTimerForgetsLosingMaster) {
    RouterConfig c = config(200);
    c.preempt_delay_us = 10ULL * 1'000'000;
    VirtualRouter r = backup_router(c);
    r.advert_received(advert(100), kPeer, kSecond);
    ASSERT_TRUE(r.master().has_value());
    EXPECT_TRUE(r.preempt_delay_timer_fired(10 * kSecond - 1).empty());  // early: no effect
    EXPECT_TRUE(r.master().has_value());
    EXPECT_TRUE(r.preempt_delay_timer_fired(10 * kSecond).empty());
    EXPECT_FALSE(r.master().has_value());  // kernel stops refreshing; MDT will fire
}

TEST(Fsm, S12_PreemptDelayTimerKeepsWinningMaster) {
    RouterConfig c = config(200);
    c.preempt_delay_us = 10ULL * 1'000'000;
    VirtualRouter r = backup_router(c);
    r.advert_received(advert(250), kPeer, kSecond);
    r.preempt_delay_timer_fired(10 * kSecond);
    const KnownMaster m{kPeer, 250, kSecond};
    EXPECT_EQ(r.master(), m);
}

TEST(Fsm, S12_PreemptDelayCountsFromLatestStartup) {
    RouterConfig c = config(200);
    c.preempt_delay_us = 10ULL * 1'000'000;
    VirtualRouter r = backup_router(c);
    r.shutdown(20 * kSecond);
    r.startup(30 * kSecond);
    EXPECT_EQ(r.preempt_hold_until_us(), 40 * kSecond);
    EXPECT_FALSE(r.advert_received(advert(100), kPeer, 35 * kSecond).empty());
    EXPECT_TRUE(r.advert_received(advert(100), kPeer, 40 * kSecond).empty());
}

// ---- S13: one instance per VRID and family --------------------------------------

TEST(Fsm, S13_IPv4AndIPv6RoutersOfOneVridAreIndependent) {
    VirtualRouter v4 = backup_router(config());
    VirtualRouter v6 = backup_router(config_v6(100, 10));
    ASSERT_EQ(v4.config().vrid, v6.config().vrid);
    // An IPv6 advert for the same VRID is not for the IPv4 instance.
    const auto a6 = advert_for(v6.config(), 200, 10);
    EXPECT_EQ(v4.advert_received(a6, ip("fe80::2"), kSecond),
              Actions{Note{NoteKind::AdvertIgnored}});
    EXPECT_EQ(v6.advert_received(a6, ip("fe80::2"), kSecond), Actions{ArmMasterDownTimer{360'937}});
    EXPECT_FALSE(v4.master().has_value());
    EXPECT_EQ(v4.master_down_interval_us(), kMdi100);
    // The IPv4 instance becoming MASTER leaves the IPv6 one alone.
    v4.master_down_timer_fired(kMdi100);
    EXPECT_EQ(v4.state(), State::Master);
    EXPECT_EQ(v6.state(), State::Backup);
}

TEST(Fsm, S13_AdvertFromOtherFamilySourceIsIgnored) {
    VirtualRouter v4 = master_router();
    EXPECT_EQ(v4.advert_received(advert(200), ip("fe80::9"), kSecond),
              Actions{Note{NoteKind::AdvertIgnored}});
    EXPECT_EQ(v4.state(), State::Master);
}

TEST(Fsm, S13_OtherVridIsIgnored) {
    VirtualRouter r = master_router();
    proto::Advert a = advert(200);
    a.vrid = 11;
    EXPECT_EQ(r.advert_received(a, kPeer, kSecond), Actions{Note{NoteKind::AdvertIgnored}});
    EXPECT_EQ(r.state(), State::Master);
}

// ---- D11: the owner processes adverts --------------------------------------------

TEST(Fsm, D11_OwnerProcessesAdvertsNormally) {
    VirtualRouter r(config(255));
    r.startup(0);
    const Actions want = {Note{NoteKind::AdvertWhileOwner}, SendAdvert{255}};
    EXPECT_EQ(r.advert_received(advert(200), kPeer, kSecond), want);  // S11
    const Actions zero = {Note{NoteKind::AdvertWhileOwner}, SendAdvert{255},
                          ArmAdvertTimer{kSecond}};
    EXPECT_EQ(r.advert_received(advert(0), kPeer, 2 * kSecond), zero);  // S9, next interval
}

TEST(Fsm, D11_OwnerYieldsToOwnerWithHigherAddress) {
    VirtualRouter r(config(255));
    r.startup(0);
    const Actions want = {Note{NoteKind::AdvertWhileOwner}, CancelAdvertTimer{},
                          ArmMasterDownTimer{3'003'906}, RemoveVips{},
                          StateChanged{State::Master, State::Backup, Reason::Preempted}};
    EXPECT_EQ(r.advert_received(advert(255), kPeer, kSecond), want);
}

}  // namespace
}  // namespace xvrrp::fsm

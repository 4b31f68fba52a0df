// S9/S11 bounded (issue 12 item 4): at most one immediate advert per advert
// interval, however many adverts provoke it; the periodic adverts (S8) keep
// their rhythm whatever arrives.
#include <gtest/gtest.h>

#include <algorithm>

#include "fsm/virtual_router.h"
#include "fsm_test_util.h"

namespace xvrrp::fsm {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test builders

constexpr uint64_t kInterval = 100'000;  // 10 cs
const Note kCoalesced{NoteKind::ImmediateAdvertCoalesced};

size_t sends(const Actions& actions) {
    return static_cast<size_t>(std::count_if(actions.begin(), actions.end(), [](const Action& a) {
        return std::holds_alternative<SendAdvert>(a);
    }));
}

// `n` adverts of `priority` spread evenly over [from_us, from_us + kInterval).
size_t provoke(VirtualRouter& r, uint8_t priority, uint64_t from_us, int n,
               const proto::IpAddr& source = kLow) {
    size_t sent = 0;
    for (int i = 0; i < n; ++i) {
        const uint64_t at =
            from_us + static_cast<uint64_t>(i) * kInterval / static_cast<uint64_t>(n);
        sent += sends(r.advert_received(advert(priority, 10), source, at));
    }
    return sent;
}

VirtualRouter fast_master() {
    return master_router(config(200, 10));
}

TEST(Fsm, S11_Bounded_ManyLosingAdvertsInOneIntervalSendOne) {
    VirtualRouter r = fast_master();
    const uint64_t t = 10 * kSecond;
    EXPECT_EQ(r.advert_received(advert(100, 10), kLow, t), Actions{SendAdvert{200}});
    EXPECT_EQ(r.advert_received(advert(100, 10), kLow, t + 1), Actions{kCoalesced});
    EXPECT_EQ(r.advert_received(advert(50, 10), kPeer, t + kInterval - 1), Actions{kCoalesced});
    EXPECT_EQ(provoke(r, 100, t + kInterval, 20), 1u);  // the next interval: one more
    EXPECT_EQ(r.immediate_adverts_coalesced(), 21u);
    EXPECT_EQ(r.state(), State::Master);
}

TEST(Fsm, S9_Bounded_ManyPriorityZeroAdvertsInOneIntervalSendOneAndArmOnce) {
    VirtualRouter r = fast_master();
    const uint64_t t = 10 * kSecond;
    const Actions first = {SendAdvert{200}, ArmAdvertTimer{kInterval}};
    EXPECT_EQ(r.advert_received(advert(0, 10), kLow, t), first);
    // Coalesced, and no re-arm: a re-arm without an advert would postpone
    // the next one for as long as the flood lasts.
    EXPECT_EQ(r.advert_received(advert(0, 10), kPeer, t + 50'000), Actions{kCoalesced});
    EXPECT_EQ(r.advert_received(advert(0, 10), kLow, t + kInterval), first);
}

TEST(Fsm, S9_S11_Bounded_ShareOneBudget) {
    VirtualRouter r = fast_master();
    const uint64_t t = 10 * kSecond;
    EXPECT_EQ(sends(r.advert_received(advert(0, 10), kLow, t)), 1u);
    EXPECT_EQ(r.advert_received(advert(100, 10), kPeer, t + 10), Actions{kCoalesced});
}

TEST(Fsm, S9_S11_Bounded_FloodYieldsOneImmediateAdvertPerInterval) {
    VirtualRouter r = fast_master();
    const uint64_t t = 10 * kSecond;
    for (int k = 0; k < 50; ++k) {  // 200 per second of each kind, for 5 s
        const uint64_t from = t + static_cast<uint64_t>(k) * kInterval;
        EXPECT_EQ(provoke(r, 100, from, 20) + provoke(r, 0, from + 1, 20, kPeer), 1u) << k;
    }
}

TEST(Fsm, S8_Bounded_PeriodicAdvertsUnaffectedByCoalescing) {
    VirtualRouter r = fast_master();
    const uint64_t t = 10 * kSecond;
    (void)r.advert_received(advert(100, 10), kLow, t);
    (void)r.advert_received(advert(100, 10), kLow, t + 10);  // coalesced
    const Actions periodic = {SendAdvert{200}, ArmAdvertTimer{kInterval}};
    EXPECT_EQ(r.advert_timer_fired(t + 20), periodic);
    EXPECT_EQ(r.advert_timer_fired(t + 30), periodic);
    // ... and a periodic advert does not use up the interval's immediate one.
    EXPECT_EQ(r.advert_received(advert(100, 10), kLow, t + kInterval), Actions{SendAdvert{200}});
}

TEST(Fsm, S11_Bounded_EarlierStampedInputCountsAsWithinTheInterval) {
    VirtualRouter r = fast_master();
    const uint64_t t = 10 * kSecond;
    (void)r.advert_received(advert(100, 10), kLow, t);
    EXPECT_EQ(r.advert_received(advert(100, 10), kLow, t - 5), Actions{kCoalesced});
}

TEST(Fsm, S11_Bounded_NewTermAsMasterAnswersAtOnce) {
    VirtualRouter r = fast_master();
    const uint64_t t = 10 * kSecond;
    (void)r.advert_received(advert(100, 10), kLow, t);
    (void)r.advert_received(advert(250, 10), kPeer, t + 10);  // S10: BACKUP
    ASSERT_EQ(r.state(), State::Backup);
    (void)r.master_down_timer_fired(t + 20);
    ASSERT_EQ(r.state(), State::Master);
    EXPECT_EQ(r.advert_received(advert(100, 10), kLow, t + 30), Actions{SendAdvert{200}});
}

TEST(Fsm, S11_Bounded_TheBoundIsOurOwnInterval) {
    VirtualRouter r = master_router(config(200, 100));  // 1 s
    const uint64_t t = 10 * kSecond;
    (void)r.advert_received(advert(100, 10), kLow, t);
    EXPECT_EQ(r.advert_received(advert(100, 10), kLow, t + kSecond - 1),
              (Actions{Note{NoteKind::IntervalDiffers}, kCoalesced}));
}

}  // namespace
}  // namespace xvrrp::fsm

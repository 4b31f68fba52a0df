// The start-up listening period (docs/state-machine.md, "Start-up"): two
// routers started close together must not have the lower one enter MASTER.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include "fsm/timers.h"
#include "fsm/virtual_router.h"
#include "fsm_test_util.h"
#include "lab.h"

namespace xvrrp::fsm::test {
namespace {

constexpr uint64_t kMs = 1000;
constexpr auto V3 = proto::Version::V3;
constexpr auto V2 = proto::Version::V2;

TEST(FsmStartupListen, WaitIsMdiWithTheSkewOfAOneSecondInterval) {
    // 10 ms adverts: 3 x 10 ms + (256 - p) / 256 s.
    EXPECT_EQ(startup_listen_us(V3, 100, 10 * kMs), 30'000u + 609'375u);
    EXPECT_EQ(startup_listen_us(V3, 150, 10 * kMs), 30'000u + 414'062u);
    EXPECT_EQ(startup_listen_us(V3, 1, 10 * kMs), 30'000u + 996'093u);
    EXPECT_EQ(startup_listen_us(V3, 254, 10 * kMs), 30'000u + 7'812u);
    // From 1 s on it is Master_Down_Interval itself (T2).
    EXPECT_EQ(startup_listen_us(V3, 100, kSecond), kMdi100);
    EXPECT_EQ(startup_listen_us(V3, 100, 3 * kSecond),
              master_down_interval_us(V3, 100, 3 * kSecond));
}

// Every priority and a spread of intervals: never shorter than T2, equal to
// it from 1 s on (and always in v2), and a higher priority never waits longer.
TEST(FsmStartupListen, ExhaustiveNeverShorterThanMdiAndOrderedByPriority) {
    for (uint64_t cs : {1u, 2u, 3u, 5u, 10u, 25u, 50u, 99u, 100u, 101u, 250u, 1000u, 4095u}) {
        const uint64_t ai = advert_interval_us(V3, static_cast<uint16_t>(cs));
        uint64_t previous = UINT64_MAX;
        for (int p = 1; p <= 255; ++p) {
            const auto prio = static_cast<uint8_t>(p);
            const uint64_t w = startup_listen_us(V3, prio, ai);
            const uint64_t mdi = master_down_interval_us(V3, prio, ai);
            ASSERT_GE(w, mdi) << cs << " cs, priority " << p;
            if (cs >= 100) {
                ASSERT_EQ(w, mdi) << cs << " cs, priority " << p;
            }
            ASSERT_LE(w, previous) << cs << " cs, priority " << p;
            previous = w;
        }
    }
    for (uint16_t s : {1, 2, 3, 10, 255}) {
        for (int p = 1; p <= 255; ++p) {
            const auto prio = static_cast<uint8_t>(p);
            ASSERT_EQ(startup_listen_us(V2, prio, advert_interval_us(V2, s)),
                      master_down_interval_us(V2, prio, advert_interval_us(V2, s)));
        }
    }
}

TEST(FsmStartupListen, S2_FirstTimerRunsToTheEndOfThePeriodFromTheProcessStart) {
    VirtualRouter r(config(100, 1));
    // Process started at 1 s, the instance 80 ms later (attach).
    const uint64_t since = kSecond, now = kSecond + 80 * kMs;
    const uint64_t until = since + startup_listen_us(V3, 100, 10 * kMs);
    const Actions want = {ArmMasterDownTimer{until - now},
                          StateChanged{State::Init, State::Backup, Reason::Startup}};
    EXPECT_EQ(r.startup(now, since), want);
    EXPECT_EQ(r.listen_until_us(), until);
    // The steady-state timers are the RFC's.
    EXPECT_EQ(r.master_down_interval_us(), master_down_interval_us(V3, 100, 10 * kMs));
}

TEST(FsmStartupListen, S2_PeriodAlreadyOverGivesPlainMdi) {
    VirtualRouter r(config(100, 1));
    const uint64_t now = 10 * kSecond;
    const Actions want = {ArmMasterDownTimer{master_down_interval_us(V3, 100, 10 * kMs)},
                          StateChanged{State::Init, State::Backup, Reason::Startup}};
    EXPECT_EQ(r.startup(now, 0), want);
}

TEST(FsmStartupListen, S2_WithoutAStartTimeItIsTheRfcsS2) {
    VirtualRouter a(config(100, 1));
    VirtualRouter b(config(100, 1));
    a.startup(0);
    EXPECT_EQ(b.startup(0, std::nullopt),
              (Actions{ArmMasterDownTimer{a.master_down_interval_us()},
                       StateChanged{State::Init, State::Backup, Reason::Startup}}));
    EXPECT_EQ(b.listen_until_us(), 0u);
}

TEST(FsmStartupListen, S1_OwnerStillGoesMasterAtOnce) {
    VirtualRouter r(config(255, 1));
    const Actions out = r.startup(0, 0);
    EXPECT_EQ(r.state(), State::Master);
    EXPECT_EQ(out.front(), Action{SendAdvert{255}});
    EXPECT_EQ(r.listen_until_us(), 0u);
}

TEST(FsmStartupListen, FaultAtStartupStaysFault) {
    VirtualRouter r(config(100, 1));
    r.set_fault(true, 0);
    r.startup(0, 0);
    EXPECT_EQ(r.state(), State::Fault);
}

TEST(FsmStartupListen, S6_BetterMasterHeardEndsThePeriodWithItsMdi) {
    VirtualRouter r(config(100, 1));
    r.startup(0, 0);
    const Actions want = {ArmMasterDownTimer{master_down_interval_us(V3, 100, 10 * kMs)}};
    EXPECT_EQ(r.advert_received(advert(150, 1), kPeer, 5 * kMs), want);
    ASSERT_TRUE(r.master().has_value());
    EXPECT_EQ(r.master()->priority, 150);
}

TEST(FsmStartupListen, S6_LowerMasterHeardIsPreemptedWhenThePeriodEnds) {
    VirtualRouter r(config(150, 1));
    r.startup(0, 0);
    EXPECT_EQ(r.advert_received(advert(100, 1), kPeer, 5 * kMs), Actions{});
    EXPECT_FALSE(r.master().has_value());
    r.master_down_timer_fired(r.listen_until_us());
    EXPECT_EQ(r.state(), State::Master);
}

TEST(FsmStartupListen, S5_PriorityZeroDuringThePeriodArmsSkew) {
    VirtualRouter r(config(100, 1));
    r.startup(0, 0);
    EXPECT_EQ(r.advert_received(advert(0, 1), kPeer, 5 * kMs),
              Actions{ArmMasterDownTimer{r.skew_time_us()}});
}

// ---- Two routers in the lab ----------------------------------------------

struct Start {
    uint64_t launch_us;  // process start
    uint64_t attach_us;  // until its instance starts
};

// Router 0 (high) and 1 (low) at 10 ms; returns the entries into MASTER of
// each within 3 s.
// `from_launch`: each listens from its process launch; otherwise from its
// instance's start, after the attach, as the controller does.
std::array<int, 2> run_pair(uint8_t high, uint8_t low, Start h, Start l, bool filter,
                            bool from_launch = true) {
    const uint16_t cs = 1;
    Lab lab(filter);
    lab.add(high, cs);
    lab.add(low, cs);
    const Start starts[2] = {h, l};
    std::array<bool, 2> started{};
    for (int k = 0; k < 2; ++k) {
        const size_t first =
            starts[0].launch_us + starts[0].attach_us <= starts[1].launch_us + starts[1].attach_us
                ? 0
                : 1;
        const size_t i = started[first] ? 1 - first : first;
        lab.run_until(starts[i].launch_us + starts[i].attach_us);
        lab.startup_listening(i, from_launch ? starts[i].launch_us : lab.now());
        started[i] = true;
    }
    lab.run_until(3 * kSecond);
    std::array<int, 2> entries{};
    for (const Transition& t : lab.transitions()) {
        if (t.to == State::Master) {
            ++entries[t.node];
        }
    }
    EXPECT_EQ(lab.state(0), State::Master);
    EXPECT_EQ(lab.state(1), State::Backup);
    return entries;
}

// The bench's case, exhaustively on a grid: priorities 150 and 100, 10 ms
// adverts, launched 0-50 ms apart in either order, each taking 0-200 ms to
// attach: the lower one never enters MASTER; the higher one once.
TEST(FsmStartupListen, NoFlap_150_100_SkewUpTo50msEitherOrderAnyAttachUpTo200ms) {
    for (bool filter : {false, true}) {
        for (uint64_t skew = 0; skew <= 50 * kMs; skew += 5 * kMs) {
            for (uint64_t ah = 0; ah <= 200 * kMs; ah += 40 * kMs) {
                for (uint64_t al = 0; al <= 200 * kMs; al += 40 * kMs) {
                    for (bool low_first : {false, true}) {
                        const Start h{low_first ? skew : 0, ah};
                        const Start l{low_first ? 0 : skew, al};
                        const auto e = run_pair(150, 100, h, l, filter);
                        ASSERT_EQ(e[1], 0) << "skew " << skew << " attach " << ah << "/" << al
                                           << (low_first ? " low first" : " high first");
                        ASSERT_EQ(e[0], 1);
                    }
                }
            }
        }
    }
}

// As the controller uses it (from the instance's start): what counts is
// when each router's instances start, launch skew and attach together, up
// to 195 ms less a few advert intervals for 150 against 100.
TEST(FsmStartupListen, NoFlap_150_100_InstanceStartsUpTo180msApart) {
    for (bool filter : {false, true}) {
        for (uint64_t apart = 0; apart <= 180 * kMs; apart += 10 * kMs) {
            for (bool low_first : {false, true}) {
                const Start h{0, low_first ? apart : 0};
                const Start l{0, low_first ? 0 : apart};
                const auto e = run_pair(150, 100, h, l, filter, /*from_launch=*/false);
                ASSERT_EQ(e[1], 0) << apart << (low_first ? " low first" : " high first");
                ASSERT_EQ(e[0], 1);
            }
        }
    }
}

// The guarantee in general: the lower router starting first by up to
// (p_high - p_low) / 256 s, less a few advert intervals, stays BACKUP, for
// every priority gap.
TEST(FsmStartupListen, NoFlap_EveryPriorityGapWithinItsTolerance) {
    for (int gap = 1; gap <= 154; ++gap) {
        const uint64_t tolerance = uint64_t(gap) * kSecond / 256;
        for (uint64_t skew :
             {uint64_t{0}, tolerance / 2, tolerance - std::min(tolerance, 2 * kMs)}) {
            const auto e =
                run_pair(static_cast<uint8_t>(100 + gap), 100, Start{skew, 0}, Start{0, 0}, true);
            ASSERT_EQ(e[1], 0) << "gap " << gap << " skew " << skew;
        }
    }
}

// ...and past it the lower one does go MASTER once, then yields (S10): the
// period narrows the race, it cannot remove it for any skew.
TEST(FsmStartupListen, BeyondTheToleranceTheLowerOneFlapsOnce) {
    const uint64_t tolerance = 1 * kSecond / 256;  // priorities 101 and 100: 3.9 ms
    const auto e = run_pair(101, 100, Start{tolerance + 10 * kMs, 0}, Start{0, 0}, true);
    EXPECT_EQ(e[1], 1);
}

// A single router with no peer: MASTER once the period is over, not before.
TEST(FsmStartupListen, ColdStartAloneBecomesMasterWhenThePeriodEnds) {
    Lab lab(true);
    lab.add(100, 1);
    lab.startup_listening(0, 0);
    const uint64_t w = startup_listen_us(V3, 100, 10 * kMs);
    lab.run_until(w - 1);
    EXPECT_EQ(lab.state(0), State::Backup);
    lab.run_until(w);
    EXPECT_EQ(lab.state(0), State::Master);
}

// After start-up the RFC's timers hold: the master crashing is noticed after
// Master_Down_Interval, not after the listening period.
TEST(FsmStartupListen, AfterThePeriodTakeoverIsAtMdi) {
    Lab lab(true);
    lab.add(150, 1);
    lab.add(100, 1);
    lab.startup_listening(0, 0);
    lab.startup_listening(1, 0);
    lab.run_until(2 * kSecond);
    ASSERT_EQ(lab.state(0), State::Master);
    const uint64_t last = *lab.last_rx(1);
    lab.crash(0);
    lab.run_until(last + master_down_interval_us(V3, 100, 10 * kMs));
    EXPECT_EQ(lab.state(1), State::Master);
}

// A higher router restarting against a lower one that holds MASTER preempts
// it when its own period ends: later than the RFC's Master_Down_Interval,
// but still once.
TEST(FsmStartupListen, RestartedHigherRouterPreemptsAfterItsPeriod) {
    Lab lab(true);
    lab.add(150, 1);
    lab.add(100, 1);
    lab.startup_listening(1, 0);
    lab.run_until(kSecond);
    ASSERT_EQ(lab.state(1), State::Master);
    lab.startup_listening(0, kSecond);
    lab.run_until(kSecond + startup_listen_us(V3, 150, 10 * kMs) + 5 * kMs);
    EXPECT_EQ(lab.state(0), State::Master);
    EXPECT_EQ(lab.state(1), State::Backup);
}

}  // namespace
}  // namespace xvrrp::fsm::test

// Seeded random event sequences: whatever arrives in whatever order, the
// actions keep the executor's world consistent with the state.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <type_traits>

#include "fsm/timers.h"
#include "fsm/virtual_router.h"
#include "fsm_test_util.h"

namespace xvrrp::fsm {
namespace {

using namespace test;  // NOLINT(google-build-using-namespace): test builders

// What an executor would have in place after carrying out the actions.
struct World {
    State state = State::Init;
    bool advert_timer = false;
    bool down_timer = false;
    bool vips = false;
    uint64_t transitions = 0;
};

class Checker {
  public:
    explicit Checker(VirtualRouter& r) : r_(r) {}

    void set_where(std::string where) { where_ = std::move(where); }
    // How often each transition reason was seen, to show the walk covers them.
    const std::array<uint64_t, 7>& reasons() const { return reasons_; }

    // Applies one input's actions, checking each, then the invariants.
    void apply(const Actions& actions, State before) {
        for (size_t i = 0; i < actions.size(); ++i) {
            std::visit([&](const auto& a) { check(a, i + 1 == actions.size(), before); },
                       actions[i]);
        }
        check_invariants();
    }

    // Adoption is the one way into MASTER without StateChanged: the VIPs
    // and the MASTER role are already in the kernel.
    void adopted() {
        w_.state = State::Master;
        w_.vips = true;
    }

    World& world() { return w_; }

  private:
    template <typename A>
    void check(const A& a, bool last, State before) {
        if constexpr (std::is_same_v<A, SendAdvert>) {
            if (a.priority == 0) {
                ASSERT_EQ(before, State::Master) << where_;  // S7 / fault: leaving MASTER only
                ASSERT_NE(r_.state(), State::Master) << where_;
            } else {
                ASSERT_EQ(r_.state(), State::Master) << where_;
                ASSERT_EQ(a.priority, r_.priority()) << where_;
            }
        } else if constexpr (std::is_same_v<A, AddVips>) {
            ASSERT_FALSE(w_.vips) << where_;
            w_.vips = true;
        } else if constexpr (std::is_same_v<A, RemoveVips>) {
            ASSERT_TRUE(w_.vips) << where_;
            w_.vips = false;
        } else if constexpr (std::is_same_v<A, SendGratuitous>) {
            ASSERT_TRUE(w_.vips) << where_;  // A5: never before the VIPs are in place
        } else if constexpr (std::is_same_v<A, ArmAdvertTimer>) {
            ASSERT_EQ(a.delay_us, r_.advert_interval_us()) << where_;
            w_.advert_timer = true;
        } else if constexpr (std::is_same_v<A, CancelAdvertTimer>) {
            ASSERT_TRUE(w_.advert_timer) << where_;
            w_.advert_timer = false;
        } else if constexpr (std::is_same_v<A, ArmMasterDownTimer>) {
            ASSERT_GT(a.delay_us, 0u) << where_;
            ASSERT_LE(a.delay_us, r_.master_down_interval_us()) << where_;
            w_.down_timer = true;
        } else if constexpr (std::is_same_v<A, CancelMasterDownTimer>) {
            ASSERT_TRUE(w_.down_timer) << where_;
            w_.down_timer = false;
        } else if constexpr (std::is_same_v<A, StateChanged>) {
            ASSERT_TRUE(last) << where_ << ": StateChanged must be the last action";
            ASSERT_EQ(a.from, w_.state) << where_;
            ASSERT_NE(a.from, a.to) << where_;
            w_.state = a.to;
            ++w_.transitions;
            ++reasons_[static_cast<size_t>(a.reason)];
        }
    }

    void check_invariants() {
        ASSERT_EQ(w_.state, r_.state()) << where_;
        ASSERT_EQ(w_.transitions, r_.transitions()) << where_;
        const State s = r_.state();
        // Exactly one of the two protocol timers runs while running; none otherwise.
        ASSERT_EQ(w_.advert_timer, s == State::Master) << where_;
        ASSERT_EQ(w_.down_timer, s == State::Backup) << where_;
        ASSERT_EQ(w_.vips, s == State::Master) << where_;
        ASSERT_TRUE(!r_.master() || s == State::Backup) << where_;
        ASSERT_TRUE(!r_.fault() || s == State::Fault || s == State::Init) << where_;
        ASSERT_TRUE(s != State::Fault || r_.fault()) << where_;
        if (s == State::Backup) {
            const auto& c = r_.config();
            const auto mai = r_.master_adver_interval_us();
            ASSERT_EQ(r_.skew_time_us(), skew_time_us(c.version, r_.priority(), mai)) << where_;
            ASSERT_EQ(r_.master_down_interval_us(),
                      master_down_interval_us(c.version, r_.priority(), mai))
                << where_;
        }
    }

    VirtualRouter& r_;
    std::string where_;
    World w_;
    std::array<uint64_t, 7> reasons_{};
};

RouterConfig random_config(std::mt19937& rng) {
    static constexpr std::array<uint8_t, 5> kPriorities = {1, 50, 100, 200, 255};
    RouterConfig c = config(kPriorities[rng() % kPriorities.size()]);
    if (rng() % 3 == 0) {
        c = config_v2(c.priority, static_cast<uint16_t>(1 + rng() % 3));
    } else {
        c.advert_interval = static_cast<uint16_t>(std::array{1, 10, 100}[rng() % 3]);
    }
    c.preempt = rng() % 4 != 0;
    c.preempt_delay_us = rng() % 3 == 0 ? 2'000'000 : 0;
    return c;
}

proto::Advert random_advert(const RouterConfig& c, std::mt19937& rng) {
    const uint32_t roll = rng() % 20;
    const auto priority = static_cast<uint8_t>(roll < 3 ? 0 : roll < 4 ? 255 : 1 + rng() % 254);
    const auto interval = roll == 5 ? uint16_t{7} : c.advert_interval;
    proto::Advert a = advert_for(c, priority, interval);
    if (rng() % 50 == 0) {
        a.vrid = static_cast<uint8_t>(c.vrid + 1);
    }
    return a;
}

// One input, chosen at random, carried out like an executor would: a timer
// fires only if armed (and is then no longer armed) — except now and then a
// stale one, as when a cancel races the expiry.
void random_step(VirtualRouter& r, Checker& checker, std::mt19937& rng, uint64_t now) {
    static const std::array<proto::IpAddr, 4> kSources = {kLow, kPeer, kPeer2, ip("10.0.0.1")};
    World& w = checker.world();
    const State before = r.state();
    const bool stale = rng() % 10 == 0;
    switch (rng() % 13) {
        case 0:
            return checker.apply(r.startup(now), before);
        case 1:
            return checker.apply(r.shutdown(now), before);
        case 2:
        case 3:
        case 4: {
            const proto::Advert a = random_advert(r.config(), rng);
            return checker.apply(r.advert_received(a, kSources[rng() % kSources.size()], now),
                                 before);
        }
        case 5:
            if (w.down_timer || stale) {
                w.down_timer = false;
                checker.apply(r.master_down_timer_fired(now), before);
            }
            return;
        case 6:
            if (w.advert_timer || stale) {
                w.advert_timer = false;
                checker.apply(r.advert_timer_fired(now), before);
            }
            return;
        case 7:
            return checker.apply(r.preempt_delay_timer_fired(now), before);
        case 8:
            return checker.apply(r.set_priority(static_cast<uint8_t>(rng() % 256), now), before);
        case 9:
        case 10:
            return checker.apply(r.set_fault(rng() % 2 == 0, now), before);
        case 11:
            return checker.apply(r.force_backup(now), before);
        default: {
            const Actions got = r.adopt_master(now);
            if (r.state() == State::Master && before == State::Init) {
                checker.adopted();
            }
            return checker.apply(got, before);
        }
    }
}

TEST(FsmRandom, InvariantsHoldOverRandomSequences) {
    std::mt19937 rng(20240917);
    constexpr int kSequences = 3000;
    constexpr int kSteps = 200;
    std::array<uint64_t, 7> reasons{};
    for (int seq = 0; seq < kSequences; ++seq) {
        VirtualRouter r(random_config(rng));
        Checker checker(r);
        uint64_t now = 0;
        for (int step = 0; step < kSteps; ++step) {
            now += rng() % (3 * kSecond);
            checker.set_where("sequence " + std::to_string(seq) + " step " + std::to_string(step));
            random_step(r, checker, rng, now);
            if (::testing::Test::HasFatalFailure()) {
                return;
            }
        }
        for (size_t i = 0; i < reasons.size(); ++i) {
            reasons[i] += checker.reasons()[i];
        }
    }
    // Every kind of transition happened many times over.
    for (size_t i = 0; i < reasons.size(); ++i) {
        EXPECT_GT(reasons[i], 1000u) << to_string(static_cast<Reason>(i));
    }
}

}  // namespace
}  // namespace xvrrp::fsm

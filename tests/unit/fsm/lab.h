// A discrete-event LAN of VirtualRouters for convergence tests.
//
// Each node has an executor stand-in: one-shot timers as deadlines, adverts
// delivered to every other live node after a fixed latency, and optionally
// the kernel's filter (DESIGN "The two halves"): a BACKUP node whose mirror
// of master() matches an advert (same source, priority, interval and version) only
// re-arms its master-down deadline; the state machine never sees that advert.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "fsm/virtual_router.h"
#include "fsm_test_util.h"

namespace xvrrp::fsm::test {

struct Transition {
    uint64_t at_us;
    size_t node;
    State from;
    State to;
    friend bool operator==(const Transition&, const Transition&) = default;
};

inline void PrintTo(const Transition& t, std::ostream* os) {
    *os << t.at_us << "us node" << t.node << " " << to_string(t.from) << "->" << to_string(t.to);
}

class Lab {
  public:
    static constexpr uint64_t kLatencyUs = 100;

    explicit Lab(bool kernel_filter) : kernel_filter_(kernel_filter) {}

    // Node i has primary 10.0.0.(i + 1); all share VRID 10 and VIP 10.0.0.100.
    size_t add(uint8_t priority, uint16_t interval = 100, bool preempt = true,
               uint64_t preempt_delay_us = 0) {
        RouterConfig c = config(priority, interval);
        c.preempt = preempt;
        c.preempt_delay_us = preempt_delay_us;
        c.primary = ip("10.0.0." + std::to_string(nodes_.size() + 1));
        nodes_.push_back(Node(c));
        return nodes_.size() - 1;
    }

    VirtualRouter& fsm(size_t i) { return nodes_[i].fsm; }
    State state(size_t i) const { return nodes_[i].fsm.state(); }
    uint64_t now() const { return now_; }
    const std::vector<Transition>& transitions() const { return transitions_; }
    uint64_t wakeups(size_t i) const { return nodes_[i].wakeups; }
    uint64_t absorbed(size_t i) const { return nodes_[i].absorbed; }
    std::optional<uint64_t> last_rx(size_t i) const { return nodes_[i].last_rx; }

    size_t masters() const {
        return static_cast<size_t>(std::count_if(nodes_.begin(), nodes_.end(), [](const Node& n) {
            return n.alive && n.fsm.state() == State::Master;
        }));
    }

    void startup(size_t i) { apply(i, nodes_[i].fsm.startup(now_)); }
    // Start-up with the listening period, the process having started at `since`.
    void startup_listening(size_t i, uint64_t since) {
        apply(i, nodes_[i].fsm.startup(now_, since));
    }
    void shutdown(size_t i) { apply(i, nodes_[i].fsm.shutdown(now_)); }
    void set_priority(size_t i, uint8_t p) { apply(i, nodes_[i].fsm.set_priority(p, now_)); }

    // The whole node dies: it neither sends nor receives until restart().
    void crash(size_t i) {
        Node& n = nodes_[i];
        n.alive = false;
        n.advert_at.reset();
        n.down_at.reset();
        n.preempt_at.reset();
        n.mirror.reset();
    }

    // A fresh controller on the node, started normally.
    void restart(size_t i) {
        Node& n = nodes_[i];
        n.fsm = VirtualRouter(n.config);
        n.alive = true;
        startup(i);
    }

    void run_until(uint64_t end_us) {
        for (int guard = 0; guard < 10'000'000; ++guard) {
            const auto next = next_event();
            if (!next || *next > end_us) {
                now_ = end_us;
                return;
            }
            now_ = *next;
            step();
        }
        ADD_FAILURE() << "lab did not settle";
    }

    void run_for(uint64_t us) { run_until(now_ + us); }

  private:
    struct Node {
        explicit Node(const RouterConfig& c) : fsm(c), config(c) {}
        VirtualRouter fsm;
        RouterConfig config;
        bool alive = true;
        std::optional<uint64_t> advert_at, down_at, preempt_at;
        std::optional<KnownMaster> mirror;  // the kernel's copy of master()
        uint64_t mirror_mdi = 0;
        uint64_t wakeups = 0;
        uint64_t absorbed = 0;
        std::optional<uint64_t> last_rx;
    };
    struct Packet {
        uint64_t at;
        size_t from;
        proto::Advert advert;
    };

    std::optional<uint64_t> next_event() const {
        std::optional<uint64_t> t;
        auto consider = [&t](const std::optional<uint64_t>& d) {
            if (d && (!t || *d < *t)) {
                t = d;
            }
        };
        if (!wire_.empty()) {
            consider(wire_.front().at);
        }
        for (const Node& n : nodes_) {
            consider(n.down_at);
            consider(n.advert_at);
            consider(n.preempt_at);
        }
        return t;
    }

    // Packets first, then timers by node index: a deterministic order.
    void step() {
        if (!wire_.empty() && wire_.front().at == now_) {
            Packet p = wire_.front();
            wire_.pop_front();
            deliver(p);
            return;
        }
        for (size_t i = 0; i < nodes_.size(); ++i) {
            Node& n = nodes_[i];
            if (n.down_at == now_) {
                n.down_at.reset();
                apply(i, n.fsm.master_down_timer_fired(now_));
                return;
            }
            if (n.advert_at == now_) {
                n.advert_at.reset();
                apply(i, n.fsm.advert_timer_fired(now_));
                return;
            }
            if (n.preempt_at == now_) {
                n.preempt_at.reset();
                apply(i, n.fsm.preempt_delay_timer_fired(now_));
                return;
            }
        }
    }

    void deliver(const Packet& p) {
        const proto::IpAddr& source = nodes_[p.from].config.primary;
        for (size_t i = 0; i < nodes_.size(); ++i) {
            Node& n = nodes_[i];
            if (i == p.from || !n.alive) {
                continue;
            }
            n.last_rx = now_;
            if (kernel_filter_ && absorbs(n, p.advert, source)) {
                n.down_at = now_ + n.mirror_mdi;
                ++n.absorbed;
                continue;
            }
            ++n.wakeups;
            apply(i, n.fsm.advert_received(p.advert, source, now_));
        }
    }

    static bool absorbs(const Node& n, const proto::Advert& a, const proto::IpAddr& source) {
        return n.fsm.state() == State::Backup && n.mirror && n.mirror->address == source &&
               n.mirror->priority == a.priority && n.mirror->adver_interval_us == a.interval_us() &&
               n.mirror->version == a.version;
    }

    void apply(size_t i, const std::vector<Action>& actions) {
        Node& n = nodes_[i];
        for (const Action& action : actions) {
            std::visit([&](const auto& a) { carry_out(i, n, a); }, action);
        }
        n.mirror = n.fsm.master();
        n.mirror_mdi = n.fsm.master_down_interval_us();
    }

    template <typename A>
    void carry_out(size_t i, Node& n, const A& a) {
        if constexpr (std::is_same_v<A, SendAdvert>) {
            proto::Advert adv = advert_for(n.config, a.priority, n.config.advert_interval);
            wire_.push_back(Packet{now_ + kLatencyUs, i, adv});
        } else if constexpr (std::is_same_v<A, ArmAdvertTimer>) {
            n.advert_at = now_ + a.delay_us;
        } else if constexpr (std::is_same_v<A, CancelAdvertTimer>) {
            n.advert_at.reset();
        } else if constexpr (std::is_same_v<A, ArmMasterDownTimer>) {
            n.down_at = now_ + a.delay_us;
        } else if constexpr (std::is_same_v<A, CancelMasterDownTimer>) {
            n.down_at.reset();
        } else if constexpr (std::is_same_v<A, ArmPreemptDelayTimer>) {
            n.preempt_at = now_ + a.delay_us;
        } else if constexpr (std::is_same_v<A, StateChanged>) {
            transitions_.push_back(Transition{now_, i, a.from, a.to});
        }
    }

    bool kernel_filter_;
    uint64_t now_ = 0;
    std::vector<Node> nodes_;
    std::deque<Packet> wire_;  // constant latency keeps it ordered by time
    std::vector<Transition> transitions_;
};

}  // namespace xvrrp::fsm::test

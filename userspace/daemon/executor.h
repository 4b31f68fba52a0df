// Carries out the state machine's actions (fsm/action.h) through the I/O
// edges, and batches what can be batched within one loop iteration:
//   - adverts due together go out in ONE sendmmsg per interface;
//   - VIP additions and removals are one netlink batch per interface;
//   - virtual_routes / virtual_rules go with the VIPs (in with AddVips, out
//     with RemoveVips), one batch for all instances, after the addresses
//     (a route may name a VIP as its source or reach its gateway through
//     a VIP's subnet);
//   - leases of every MASTER that sent an advert are refreshed in one map
//     batch per interface.
// apply() may be called for many instances and inputs; flush() ends the
// iteration and performs the batches, in an order that keeps A5 (VIPs in
// place before any gratuitous ARP/NA): adverts, VIP removals, VIP
// additions, gratuitous frames, lease refreshes.
//
// Kernel state that the fast path reads (the `vrid` map entry) is written
// inline, at the end of each apply(), and only when it changed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "daemon/advert_frames.h"
#include "daemon/instance.h"
#include "daemon/io.h"
#include "daemon/rate_limit.h"
#include "daemon/timer_queue.h"
#include "fsm/virtual_router.h"
#include "net/garp_pacer.h"

namespace xvrrp::daemon {

struct Clocks {
    std::function<uint64_t()> monotonic_us;  // CLOCK_MONOTONIC
    std::function<int64_t()> unix_ms;        // wall clock, for status only
};

Clocks system_clocks();

class Executor {
  public:
    using TransitionObserver = std::function<void(Instance&, const fsm::StateChanged&)>;

    Executor(Io& io, TimerQueue& timers, Clocks clocks);

    // Told of every StateChanged once it is logged (notify scripts, sync
    // groups). It must not call apply() itself: queue, and act after.
    void set_transition_observer(TransitionObserver observer) { observer_ = std::move(observer); }

    // The actions one input of `inst`'s state machine returned; `input_us`
    // is the time that input was given (timer deadlines are relative to it).
    void apply(Instance& inst, const fsm::VirtualRouter::Actions& actions, uint64_t input_us);

    // A MASTER's advert timer fired at `at_us` and its state machine returned
    // `actions`. The steady tick (send, re-arm; nothing else) is queued
    // without re-deriving the kernel entry: a timer tick changes nothing the
    // entry holds, so only the lease moves (as apply() would do). Anything
    // else goes through apply().
    void advert_tick(Instance& inst, const fsm::VirtualRouter::Actions& actions, uint64_t at_us);

    // The gratuitous-ARP timer of a MASTER fired (A4 repeats and refreshes).
    void gratuitous_due(Instance& inst, uint64_t deadline_us);

    // Writes the kernel entry if it differs from the last one written
    // (always when `force`); true if it wrote.
    bool mirror(Instance& inst, uint64_t now_us, bool force = false, bool lease = true);

    // Hitless restart: the VIPs of an adopted MASTER go back in place (they
    // normally still are: adding is idempotent), without gratuitous frames.
    void reinstall_vips(Instance& inst);

    // One advert with `priority` at the next flush, outside the state
    // machine (the hand-over at shutdown sends priority 0 before S7).
    void advertise(Instance& inst, uint8_t priority);

    // The instance is going away: its timers are cancelled.
    void forget(const Instance& inst);

    void flush();

    // When the next flush() sent its first advert, finished adding VIPs and
    // sent its first gratuitous frame (monotonic µs, 0 = none): the end of a
    // takeover's timeline (Controller::log_takeover).
    struct FlushMarks {
        uint64_t advert_us = 0, vips_us = 0, gratuitous_us = 0;
    };
    void mark_next_flush() {
        marking_ = true;
        marks_ = {};
    }
    const FlushMarks& marks() const { return marks_; }

    // vrrp_garp_interval / vrrp_gna_interval: the gap between two gratuitous
    // frames on one interface (0: a burst leaves at once).
    void set_gratuitous_gaps(uint64_t arp_gap_us, uint64_t na_gap_us);
    // The pacing timer fired: sends the gratuitous frames now due.
    void pace(uint64_t now_us);

  private:
    struct Pending {
        std::vector<AdvertBatchPtr> adverts;
        std::vector<net::Vip> vip_add, vip_del;
        std::vector<proto::IpAddr> sn_join, sn_leave;
        std::vector<std::vector<uint8_t>> gratuitous;
        std::vector<uint32_t> gratuitous_owner;                        // the instance of each frame
        std::map<uint64_t, std::vector<dataplane::RouterKey>> leases;  // by validity
        // Empties every list but keeps its storage: the same lists fill
        // again on the next advert tick.
        void clear();
    };

    void one(Instance& inst, const fsm::Action& action, uint64_t input_us, bool& sent);
    // The interface's batch; the last one asked for is remembered, as the
    // instances of one interface come one after the other on a tick.
    Pending& pending_for(const std::string& ifname);
    void queue_lease(Pending& p, const Instance& inst);
    void add_vips(Instance& inst);
    void remove_vips(Instance& inst);
    void start_gratuitous(Instance& inst, uint64_t input_us);
    void queue_gratuitous(Instance& inst, unsigned repeat);
    void arm_gratuitous_timer(Instance& inst);
    void state_changed(Instance& inst, const fsm::StateChanged& change);
    void note(Instance& inst, const fsm::Note& note, uint64_t input_us);
    void flush_one(const std::string& ifname, Pending& p);
    void send_paced(const std::string& ifname, net::GarpPacer& pacer, uint64_t now_us);
    void arm_pacing_timer();
    void drop_gratuitous(const Instance& inst);
    void queue_routes(const Instance& inst, bool add);
    void flush_routes();

    Io& io_;
    TimerQueue& timers_;
    Clocks clocks_;
    RateLimiter notes_{10'000'000};
    std::map<std::string, Pending> pending_;
    std::string last_ifname_;
    Pending* last_pending_ = nullptr;
    // Reused by flush_one: frames of one interface for one sendmmsg.
    std::vector<std::span<const uint8_t>> frames_;
    std::vector<UnicastPacket> unicast_;
    struct PendingRoutes {
        std::vector<net::Route> route_add, route_del;
        std::vector<net::Rule> rule_add, rule_del;
    } routes_;
    std::map<std::string, net::GarpPacer> pacers_;  // by interface
    uint64_t arp_gap_us_ = 0, na_gap_us_ = 0;
    bool wrote_ = false;  // mirror() wrote during the current apply()
    bool marking_ = false;
    FlushMarks marks_;
    void mark(uint64_t& at) {
        if (marking_ && !at) {
            at = clocks_.monotonic_us();
        }
    }
    TransitionObserver observer_;
};

}  // namespace xvrrp::daemon

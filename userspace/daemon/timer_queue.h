// Every user-space deadline of the controller in one queue: absolute
// CLOCK_MONOTONIC times (microseconds) keyed by (instance, kind), so one
// epoll timeout at next() serves them all.
//
// Deadlines are absolute on purpose (DESIGN decision 2): the next advert is
// due at previous deadline + interval, never at "whenever we woke up" +
// interval, so the rate does not drift with scheduling latency.
//
// A binary min-heap with lazy deletion: re-arming or cancelling only bumps
// the key's generation; stale heap entries are skipped when they surface.
// A timer that fires keeps its node in the key map (generation 0, not
// armed): an advert timer fires and is re-armed every interval, and
// re-using the node saves a free and an allocation each time.
//
// Advert timers, the only ones that fire on every tick of every MASTER, are
// kept apart in a flat array sorted by instance: a MASTER's tick is two
// binary searches over a few kilobytes instead of two tree look-ups and a
// heap push and pop, and the deadlines, aligned on a grid (advert_grid.h),
// come out together, in key order, without sorting.
// Pure: no clock is read here.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

namespace xvrrp::daemon {

enum class TimerKind : uint8_t {
    Advert,        // MASTER: send the next advert (S8) and refresh the lease
    PreemptDelay,  // S12: the preempt_delay hold after startup is over
    Garp,          // the next gratuitous ARP / NA burst (A4)
    Housekeeping,  // controller-wide periodic work (instance = kControllerTimer)
    StartupHold,   // vrrp_startup_delay is over: start the held instances (kControllerTimer)
    Watchdog,      // WATCHDOG=1 to the service manager, from the loop itself (kControllerTimer)
    GarpPacing,    // the next spaced gratuitous frame (vrrp_garp_interval; kControllerTimer)
};

// The "instance" of timers that belong to the controller itself.
inline constexpr uint32_t kControllerTimer = UINT32_MAX;

struct TimerKey {
    uint32_t instance = 0;
    TimerKind kind = TimerKind::Advert;
    friend auto operator<=>(const TimerKey&, const TimerKey&) = default;
};

struct DueTimer {
    TimerKey key;
    uint64_t deadline_us = 0;
    friend bool operator==(const DueTimer&, const DueTimer&) = default;
};

class TimerQueue {
  public:
    // (Re)arms `key` for `deadline_us`, replacing any earlier deadline.
    void arm(TimerKey key, uint64_t deadline_us);
    void cancel(TimerKey key);
    // Cancels every timer of one instance (it is being removed).
    void cancel_instance(uint32_t instance);

    std::optional<uint64_t> deadline(TimerKey key) const;
    // The earliest armed deadline; nullopt when nothing is armed.
    std::optional<uint64_t> next();
    // Every timer due at `now_us` (deadline <= now), earliest first (ties in
    // key order), each removed from the queue: a one-shot timer.
    std::vector<DueTimer> pop_due(uint64_t now_us);
    // The same into `due` (cleared first), whose storage is kept from one
    // tick to the next: nothing is allocated in steady state.
    void pop_due(uint64_t now_us, std::vector<DueTimer>& due);

    size_t size() const { return live_; }
    bool empty() const { return live_ == 0; }

  private:
    struct Armed {
        uint64_t deadline_us = 0;
        uint64_t generation = 0;  // 0: not armed (fired); live entries start at 1
    };
    struct Entry {
        uint64_t deadline_us = 0;
        TimerKey key;
        uint64_t generation = 0;
        // std::priority_queue is a max-heap: "greater" entries sink.
        bool operator<(const Entry& other) const {
            if (deadline_us != other.deadline_us) {
                return deadline_us > other.deadline_us;
            }
            return key > other.key;
        }
    };

    bool live(const Entry& e) const;
    void drop_stale();
    // ---- advert timers ----
    struct AdvertSlot {
        uint32_t instance = 0;
        uint64_t deadline_us = 0;  // 0: not armed
    };
    AdvertSlot* advert_slot(uint32_t instance);
    void arm_advert(uint32_t instance, uint64_t deadline_us);
    void cancel_advert(uint32_t instance, bool forget);
    void pop_adverts(uint64_t now_us, std::vector<DueTimer>& due);
    std::vector<AdvertSlot> adverts_;  // sorted by instance
    // The earliest armed advert deadline; when `advert_low_stale_`, only a
    // bound (the timer holding it was cancelled or moved later): next()
    // scans again then. Ticks never make it stale: fired slots hold none.
    uint64_t advert_low_ = UINT64_MAX;
    bool advert_low_stale_ = false;

    std::map<TimerKey, Armed> armed_;
    std::priority_queue<Entry> heap_;
    uint64_t generation_ = 0;
    size_t live_ = 0;  // armed keys (generation != 0)
};

}  // namespace xvrrp::daemon

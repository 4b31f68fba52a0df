// When a MASTER repeats its gratuitous ARPs / unsolicited NAs (A4), with
// keepalived's knobs and defaults:
//   garp_master_repeat          frames per VIP in each burst (5)
//   garp_master_delay           second burst this long after becoming MASTER (5 s; 0 = none)
//   garp_master_refresh         a burst every this long while MASTER (0 = off)
//   garp_master_refresh_repeat  frames per VIP in a refresh burst (1)
// Pure: the time is passed in (microseconds, any monotonic origin); the
// caller arms its timer for next_deadline_us() and sends what take_due says.
#pragma once

#include <cstdint>
#include <optional>

namespace xvrrp::net {

struct GarpTiming {
    uint64_t delay_us = 5'000'000;
    unsigned repeat = 5;
    uint64_t refresh_us = 0;
    unsigned refresh_repeat = 1;

    friend bool operator==(const GarpTiming&, const GarpTiming&) = default;
};

class GarpSchedule {
  public:
    explicit GarpSchedule(GarpTiming timing = {}) : timing_(timing) {}

    // Became MASTER at now_us: a burst is due at once, the second after
    // delay_us, refreshes every refresh_us. Restarts a running schedule.
    void start(uint64_t now_us);
    // Left MASTER: nothing is due any more.
    void stop();
    bool active() const { return first_ || second_ || refresh_; }

    // Frames per VIP to send now (0: nothing due) and forgets every deadline
    // <= now_us. Deadlines that fall due together make one burst of the
    // largest count, not several. A late call sends one refresh, not the
    // missed ones, and keeps the refresh period's phase.
    unsigned take_due(uint64_t now_us);

    // The earliest pending deadline; nullopt when none (stopped, or nothing
    // left to do because delay and refresh are both 0).
    std::optional<uint64_t> next_deadline_us() const;

    const GarpTiming& timing() const { return timing_; }

  private:
    GarpTiming timing_;
    std::optional<uint64_t> first_;
    std::optional<uint64_t> second_;
    std::optional<uint64_t> refresh_;
};

}  // namespace xvrrp::net

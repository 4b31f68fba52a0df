// When each vrrp_script runs next.
//
// Every script's first run is due at once (keepalived starts them when it
// starts, so instances learn their health quickly); each later run is due one
// interval after the previous DUE time, not after the run ended, so the rate
// does not drift with script run time. A script still running when its next
// run is due is skipped for that turn (never two runs of one script at once);
// when the loop fell behind by more than an interval (a stalled machine) the
// schedule restarts from now instead of firing a burst of catch-up runs. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace xvrrp::track {

class ScriptSchedule {
  public:
    // One interval per script (0 is raised to 1 µs; callers pass >= 1 s).
    ScriptSchedule(std::vector<uint64_t> intervals_us, uint64_t now_us);

    struct Due {
        std::vector<size_t> start;    // due and idle: start them now (now marked running)
        std::vector<size_t> skipped;  // due but their previous run is still going
    };
    Due take_due(uint64_t now_us);

    // The run of `script` ended (exited, was killed, or could not start).
    void finished(size_t script);

    bool running(size_t script) const { return slots_.at(script).running; }
    uint64_t skipped(size_t script) const { return slots_.at(script).skipped; }
    uint64_t due_us(size_t script) const { return slots_.at(script).due_us; }
    size_t size() const { return slots_.size(); }
    // The earliest due time; nullopt when there are no scripts.
    std::optional<uint64_t> next_due_us() const;

  private:
    struct Slot {
        uint64_t interval_us = 1;
        uint64_t due_us = 0;
        bool running = false;
        uint64_t skipped = 0;
    };
    std::vector<Slot> slots_;
};

}  // namespace xvrrp::track

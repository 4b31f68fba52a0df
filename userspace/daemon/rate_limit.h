// At most one log line per key per period; the lines held back are counted
// and reported with the next one let through. Pure: the caller passes the time.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace xvrrp::daemon {

class RateLimiter {
  public:
    explicit RateLimiter(uint64_t period_us) : period_us_(period_us) {}

    // nullopt-like: returns -1 when the line must be dropped, otherwise how
    // many lines of this key were dropped since the last one let through.
    int64_t allow(const std::string& key, uint64_t now_us);

  private:
    struct Slot {
        uint64_t last_us = 0;
        int64_t suppressed = 0;
        bool used = false;
    };
    uint64_t period_us_;
    std::map<std::string, Slot> slots_;
};

}  // namespace xvrrp::daemon

#include "daemon/rate_limit.h"

namespace xvrrp::daemon {

int64_t RateLimiter::allow(const std::string& key, uint64_t now_us) {
    Slot& s = slots_[key];
    if (s.used && now_us < s.last_us + period_us_) {
        ++s.suppressed;
        return -1;
    }
    const int64_t dropped = s.suppressed;
    s = Slot{now_us, 0, true};
    return dropped;
}

}  // namespace xvrrp::daemon

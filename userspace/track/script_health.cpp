#include "track/script_health.h"

#include <algorithm>

namespace xvrrp::track {

std::string_view to_string(Health health) {
    switch (health) {
        case Health::Unknown:
            return "unknown";
        case Health::Up:
            return "up";
        case Health::Down:
            return "down";
    }
    return "?";
}

ScriptHealth::ScriptHealth(uint32_t rise, uint32_t fall, bool init_fail)
    : rise_(std::max(rise, 1u)),
      fall_(std::max(fall, 1u)),
      count_(init_fail ? 0 : rise_ - 1),
      health_(init_fail ? Health::Down : Health::Unknown) {}

bool ScriptHealth::record(bool success) {
    // Unknown starts at rise-1, so either result crosses a threshold at once.
    const Health before = health_;
    const uint32_t top = rise_ + fall_ - 1;
    if (success) {
        if (count_ + 1 < rise_) {
            ++count_;
        } else {
            count_ = top;
            health_ = Health::Up;
        }
    } else {
        if (count_ > rise_) {
            --count_;
        } else {
            count_ = 0;
            health_ = Health::Down;
        }
    }
    return health_ != before;
}

uint32_t ScriptHealth::streak() const {
    const uint32_t top = rise_ + fall_ - 1;
    switch (health_) {
        case Health::Up:
            return top - count_;  // failures seen since the last success
        case Health::Down:
            return count_;  // successes seen since the last failure
        case Health::Unknown:
            return 0;
    }
    return 0;
}

}  // namespace xvrrp::track

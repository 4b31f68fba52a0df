#include "track/script_schedule.h"

#include <algorithm>

namespace xvrrp::track {

ScriptSchedule::ScriptSchedule(std::vector<uint64_t> intervals_us, uint64_t now_us) {
    slots_.reserve(intervals_us.size());
    for (uint64_t interval : intervals_us) {
        slots_.push_back(Slot{std::max<uint64_t>(interval, 1), now_us, false, 0});
    }
}

ScriptSchedule::Due ScriptSchedule::take_due(uint64_t now_us) {
    Due due;
    for (size_t i = 0; i < slots_.size(); ++i) {
        Slot& s = slots_[i];
        if (s.due_us > now_us) {
            continue;
        }
        if (s.running) {
            ++s.skipped;
            due.skipped.push_back(i);
        } else {
            s.running = true;
            due.start.push_back(i);
        }
        const uint64_t next = s.due_us + s.interval_us;
        s.due_us = next > now_us ? next : now_us + s.interval_us;
    }
    return due;
}

void ScriptSchedule::finished(size_t script) {
    slots_.at(script).running = false;
}

std::optional<uint64_t> ScriptSchedule::next_due_us() const {
    std::optional<uint64_t> next;
    for (const Slot& s : slots_) {
        if (!next || s.due_us < *next) {
            next = s.due_us;
        }
    }
    return next;
}

}  // namespace xvrrp::track

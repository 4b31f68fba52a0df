#include "net/garp_schedule.h"

#include <algorithm>

namespace xvrrp::net {

void GarpSchedule::start(uint64_t now_us) {
    first_ = now_us;
    second_.reset();
    refresh_.reset();
    if (timing_.delay_us > 0) {
        second_ = now_us + timing_.delay_us;
    }
    if (timing_.refresh_us > 0) {
        refresh_ = now_us + timing_.refresh_us;
    }
}

void GarpSchedule::stop() {
    first_.reset();
    second_.reset();
    refresh_.reset();
}

unsigned GarpSchedule::take_due(uint64_t now_us) {
    unsigned frames = 0;
    if (first_ && *first_ <= now_us) {
        frames = std::max(frames, timing_.repeat);
        first_.reset();
    }
    if (second_ && *second_ <= now_us) {
        frames = std::max(frames, timing_.repeat);
        second_.reset();
    }
    if (refresh_ && *refresh_ <= now_us) {
        frames = std::max(frames, timing_.refresh_repeat);
        const uint64_t missed = (now_us - *refresh_) / timing_.refresh_us;
        *refresh_ += (missed + 1) * timing_.refresh_us;
    }
    return frames;
}

std::optional<uint64_t> GarpSchedule::next_deadline_us() const {
    std::optional<uint64_t> next;
    for (const auto& due : {first_, second_, refresh_}) {
        if (due && (!next || *due < *next)) {
            next = due;
        }
    }
    return next;
}

}  // namespace xvrrp::net

#include "net/garp_pacer.h"

#include <algorithm>

namespace xvrrp::net {

namespace {

bool is_arp(const std::vector<uint8_t>& frame) {
    return frame.size() >= 14 && frame[12] == 0x08 && frame[13] == 0x06;
}

}  // namespace

GarpPacer::GarpPacer(uint64_t arp_gap_us, uint64_t na_gap_us) {
    set_gaps(arp_gap_us, na_gap_us);
}

void GarpPacer::set_gaps(uint64_t arp_gap_us, uint64_t na_gap_us) {
    arp_.gap_us = arp_gap_us;
    na_.gap_us = na_gap_us;
}

void GarpPacer::push(uint32_t owner, std::vector<uint8_t> frame) {
    Lane& lane = is_arp(frame) ? arp_ : na_;
    lane.queue.push_back(PacedFrame{owner, std::move(frame)});
}

std::optional<uint64_t> GarpPacer::Lane::due_us() const {
    if (queue.empty()) {
        return std::nullopt;
    }
    if (gap_us == 0 || !last_us) {
        return 0;  // at once
    }
    return *last_us + gap_us;
}

void GarpPacer::Lane::take(uint64_t now_us, std::vector<PacedFrame>& out) {
    const auto due = due_us();
    if (!due || *due > now_us) {
        return;
    }
    const size_t n = gap_us == 0 ? queue.size() : 1;
    for (size_t i = 0; i < n; ++i) {
        out.push_back(std::move(queue.front()));
        queue.pop_front();
    }
    last_us = now_us;
}

std::vector<PacedFrame> GarpPacer::take_due(uint64_t now_us) {
    std::vector<PacedFrame> out;
    arp_.take(now_us, out);
    na_.take(now_us, out);
    return out;
}

void GarpPacer::drop(uint32_t owner) {
    for (Lane* lane : {&arp_, &na_}) {
        std::erase_if(lane->queue, [owner](const PacedFrame& f) { return f.owner == owner; });
    }
}

std::optional<uint64_t> GarpPacer::next_deadline_us() const {
    const auto a = arp_.due_us();
    const auto n = na_.due_us();
    if (a && n) {
        return std::min(*a, *n);
    }
    return a ? a : n;
}

}  // namespace xvrrp::net

#include "daemon/timer_queue.h"

namespace xvrrp::daemon {

void TimerQueue::arm(TimerKey key, uint64_t deadline_us) {
    const uint64_t gen = ++generation_;
    Armed& a = armed_[key];
    if (a.generation == 0) {
        ++live_;
    }
    a = Armed{deadline_us, gen};
    heap_.push(Entry{deadline_us, key, gen});
    // Re-arming every tick would otherwise grow the heap with stale entries
    // faster than they surface; rebuild when they dominate.
    if (heap_.size() > 64 && heap_.size() > 4 * live_) {
        std::priority_queue<Entry> fresh;
        for (const auto& [k, armed] : armed_) {
            if (armed.generation != 0) {
                fresh.push(Entry{armed.deadline_us, k, armed.generation});
            }
        }
        heap_ = std::move(fresh);
    }
}

void TimerQueue::cancel(TimerKey key) {
    auto it = armed_.find(key);
    if (it != armed_.end()) {
        live_ -= it->second.generation != 0;
        armed_.erase(it);
    }
}

void TimerQueue::cancel_instance(uint32_t instance) {
    auto it = armed_.lower_bound(TimerKey{instance, TimerKind::Advert});
    while (it != armed_.end() && it->first.instance == instance) {
        live_ -= it->second.generation != 0;
        it = armed_.erase(it);
    }
}

std::optional<uint64_t> TimerQueue::deadline(TimerKey key) const {
    auto it = armed_.find(key);
    if (it == armed_.end() || it->second.generation == 0) {
        return std::nullopt;
    }
    return it->second.deadline_us;
}

bool TimerQueue::live(const Entry& e) const {
    auto it = armed_.find(e.key);
    return it != armed_.end() && it->second.generation == e.generation;
}

void TimerQueue::drop_stale() {
    while (!heap_.empty() && !live(heap_.top())) {
        heap_.pop();
    }
}

std::optional<uint64_t> TimerQueue::next() {
    drop_stale();
    if (heap_.empty()) {
        return std::nullopt;
    }
    return heap_.top().deadline_us;
}

std::vector<DueTimer> TimerQueue::pop_due(uint64_t now_us) {
    std::vector<DueTimer> due;
    for (drop_stale(); !heap_.empty() && heap_.top().deadline_us <= now_us; drop_stale()) {
        const Entry e = heap_.top();
        heap_.pop();
        armed_.find(e.key)->second.generation = 0;  // live: the key is there
        --live_;
        due.push_back(DueTimer{e.key, e.deadline_us});
    }
    return due;
}

}  // namespace xvrrp::daemon

#include "track/notify_queue.h"

#include <algorithm>

namespace xvrrp::track {

NotifyQueue::NotifyQueue(size_t targets, size_t limit)
    : targets_(targets), limit_(std::max<size_t>(limit, 1)) {}

size_t NotifyQueue::push(size_t target, std::vector<NotifyJob> jobs) {
    Target& t = targets_.at(target);
    for (auto& job : jobs) {
        t.waiting.push_back(std::move(job));
    }
    size_t dropped = 0;
    while (t.waiting.size() > limit_) {
        t.waiting.pop_front();
        ++dropped;
    }
    return dropped;
}

std::vector<std::pair<size_t, NotifyJob>> NotifyQueue::take_startable() {
    std::vector<std::pair<size_t, NotifyJob>> out;
    for (size_t i = 0; i < targets_.size(); ++i) {
        Target& t = targets_[i];
        if (!t.busy && !t.waiting.empty()) {
            out.emplace_back(i, std::move(t.waiting.front()));
            t.waiting.pop_front();
            t.busy = true;
        }
    }
    return out;
}

void NotifyQueue::done(size_t target) {
    targets_.at(target).busy = false;
}

size_t NotifyQueue::waiting_total() const {
    size_t n = 0;
    for (const auto& t : targets_) {
        n += t.waiting.size();
    }
    return n;
}

bool NotifyQueue::idle() const {
    return std::all_of(targets_.begin(), targets_.end(),
                       [](const Target& t) { return !t.busy && t.waiting.empty(); });
}

}  // namespace xvrrp::track

#include "daemon/timer_queue.h"

#include <algorithm>

namespace xvrrp::daemon {

void TimerQueue::arm(TimerKey key, uint64_t deadline_us) {
    if (key.kind == TimerKind::Advert) {
        arm_advert(key.instance, deadline_us);
        return;
    }
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
    if (key.kind == TimerKind::Advert) {
        cancel_advert(key.instance, false);
        return;
    }
    auto it = armed_.find(key);
    if (it != armed_.end()) {
        live_ -= it->second.generation != 0;
        armed_.erase(it);
    }
}

void TimerQueue::cancel_instance(uint32_t instance) {
    cancel_advert(instance, true);
    auto it = armed_.lower_bound(TimerKey{instance, TimerKind::Advert});
    while (it != armed_.end() && it->first.instance == instance) {
        live_ -= it->second.generation != 0;
        it = armed_.erase(it);
    }
}

std::optional<uint64_t> TimerQueue::deadline(TimerKey key) const {
    if (key.kind == TimerKind::Advert) {
        auto it =
            std::lower_bound(adverts_.begin(), adverts_.end(), key.instance,
                             [](const AdvertSlot& s, uint32_t id) { return s.instance < id; });
        if (it == adverts_.end() || it->instance != key.instance || it->deadline_us == 0) {
            return std::nullopt;
        }
        return it->deadline_us;
    }
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
    if (advert_low_stale_) {
        advert_low_ = UINT64_MAX;
        for (const auto& s : adverts_) {
            if (s.deadline_us != 0) {
                advert_low_ = std::min(advert_low_, s.deadline_us);
            }
        }
        advert_low_stale_ = false;
    }
    std::optional<uint64_t> next;
    if (!heap_.empty()) {
        next = heap_.top().deadline_us;
    }
    if (advert_low_ != UINT64_MAX && (!next || advert_low_ < *next)) {
        next = advert_low_;
    }
    return next;
}

std::vector<DueTimer> TimerQueue::pop_due(uint64_t now_us) {
    std::vector<DueTimer> due;
    pop_due(now_us, due);
    return due;
}

void TimerQueue::pop_due(uint64_t now_us, std::vector<DueTimer>& due) {
    due.clear();
    pop_adverts(now_us, due);
    const size_t adverts = due.size();
    for (drop_stale(); !heap_.empty() && heap_.top().deadline_us <= now_us; drop_stale()) {
        const Entry e = heap_.top();
        heap_.pop();
        armed_.find(e.key)->second.generation = 0;  // live: the key is there
        --live_;
        due.push_back(DueTimer{e.key, e.deadline_us});
    }
    // Both runs are sorted; merging is only needed when both have some.
    if (adverts > 0 && due.size() > adverts) {
        std::inplace_merge(due.begin(), due.begin() + static_cast<std::ptrdiff_t>(adverts),
                           due.end(), [](const DueTimer& a, const DueTimer& b) {
                               return std::pair(a.deadline_us, a.key) <
                                      std::pair(b.deadline_us, b.key);
                           });
    }
}

TimerQueue::AdvertSlot* TimerQueue::advert_slot(uint32_t instance) {
    auto it = std::lower_bound(adverts_.begin(), adverts_.end(), instance,
                               [](const AdvertSlot& s, uint32_t id) { return s.instance < id; });
    if (it == adverts_.end() || it->instance != instance) {
        it = adverts_.insert(it, AdvertSlot{instance, 0});
    }
    return &*it;
}

void TimerQueue::arm_advert(uint32_t instance, uint64_t deadline_us) {
    // 0 means "not armed" in a slot: a deadline at time 0 is simply "now".
    deadline_us = std::max<uint64_t>(deadline_us, 1);
    AdvertSlot* s = advert_slot(instance);
    live_ += s->deadline_us == 0;
    advert_low_stale_ =
        advert_low_stale_ || (s->deadline_us == advert_low_ && deadline_us > advert_low_);
    s->deadline_us = deadline_us;
    advert_low_ = std::min(advert_low_, deadline_us);
}

void TimerQueue::cancel_advert(uint32_t instance, bool forget) {
    auto it = std::lower_bound(adverts_.begin(), adverts_.end(), instance,
                               [](const AdvertSlot& s, uint32_t id) { return s.instance < id; });
    if (it == adverts_.end() || it->instance != instance) {
        return;
    }
    live_ -= it->deadline_us != 0;
    advert_low_stale_ =
        advert_low_stale_ || (it->deadline_us != 0 && it->deadline_us == advert_low_);
    it->deadline_us = 0;
    if (forget) {
        adverts_.erase(it);
    }
}

// Due ones in (deadline, instance) order: the scan is in instance order, and
// aligned deadlines are equal, so sorting is needed only when they are not.
void TimerQueue::pop_adverts(uint64_t now_us, std::vector<DueTimer>& due) {
    if (advert_low_ > now_us) {
        return;
    }
    uint64_t low = UINT64_MAX;
    bool sorted = true;
    for (auto& s : adverts_) {
        if (s.deadline_us == 0) {
            continue;
        }
        if (s.deadline_us > now_us) {
            low = std::min(low, s.deadline_us);
            continue;
        }
        sorted = sorted && (due.empty() || due.back().deadline_us <= s.deadline_us);
        due.push_back(DueTimer{TimerKey{s.instance, TimerKind::Advert}, s.deadline_us});
        s.deadline_us = 0;
        --live_;
    }
    advert_low_ = low;
    advert_low_stale_ = false;
    if (!sorted) {
        std::stable_sort(due.begin(), due.end(), [](const DueTimer& a, const DueTimer& b) {
            return a.deadline_us < b.deadline_us;
        });
    }
}

}  // namespace xvrrp::daemon

// Graceful stop without a gap (SIGTERM). S7 is "send an advert with
// priority 0, go Initialize"; done literally, the data plane stops the moment
// the advert leaves, and clients lose every frame until a backup has waited
// out its Skew_Time and taken over. Instead, each MASTER first sends its
// priority 0 and keeps serving (VIPs, VMAC rewrite, ARP answers) until the
// backup that takes over is heard, or at most min(2 advert intervals, 1 s);
// only then does the state machine shut down. Both routers answer with the
// same VMAC meanwhile, so the overlap is harmless (DESIGN decision 3).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "daemon/controller.h"
#include "daemon/controller_link.h"

namespace xvrrp::daemon {

namespace {

constexpr uint64_t kMaxHandOverUs = 1'000'000;

}  // namespace

void Controller::hand_over() {
    std::set<uint32_t> waiting;
    uint64_t limit_us = 0;
    for (auto& inst : instances_) {
        if (inst->fsm().state() != fsm::State::Master) {
            continue;
        }
        const uint64_t interval = inst->fsm().advert_interval_us();
        const uint64_t hold = std::min(2 * interval, kMaxHandOverUs);
        limit_us = std::max(limit_us, hold);
        timers_.cancel(TimerKey{inst->id(), TimerKind::Advert});  // no more priority-N adverts
        exec_->advertise(*inst, 0);
        const dataplane::RouterKey key = inst->key();
        io_->refresh_leases(inst->ifname(), {&key, 1}, (hold + 2 * interval) * 1000);
        waiting.insert(inst->id());
    }
    if (waiting.empty()) {
        return;
    }
    exec_->flush();
    const uint64_t start = clocks_.monotonic_us();
    const uint64_t deadline = start + limit_us;
    for (uint64_t now = start; !waiting.empty() && now < deadline; now = clocks_.monotonic_us()) {
        const int wait_ms = static_cast<int>((deadline - now + 999) / 1000);
        (void)epoll_.wait(wait_ms);  // only the ring buffer matters here
        auto batch = events_.drain();
        if (!batch) {
            spdlog::warn("hand-over: {}", batch.error().message);
            break;
        }
        for (const auto& le : *batch) {
            const auto* a = std::get_if<dataplane::AdvertEvent>(&le.event);
            if (!a || a->priority == 0) {
                continue;
            }
            if (Instance* inst = find(le.ifname, a->router); inst && a->source != inst->primary()) {
                waiting.erase(inst->id());
            }
        }
    }
    const uint64_t took = clocks_.monotonic_us() - start;
    if (waiting.empty()) {
        spdlog::info("hand-over: every backup took over within {:.1f} ms", took / 1000.0);
    } else {
        spdlog::info("hand-over: {} router(s) had no backup taking over within {:.1f} ms",
                     waiting.size(), took / 1000.0);
    }
}

}  // namespace xvrrp::daemon

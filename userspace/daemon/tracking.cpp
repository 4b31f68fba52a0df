// The controller's side of userspace/track (docs/tracking.md): it feeds the
// tracker links, transitions and time, and applies what comes back
// (effective priority, FAULT, sync-group moves) to the state machines.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <system_error>

#include "daemon/controller.h"
#include "daemon/errors.h"
#include "daemon/link_set.h"
#include "daemon/loop_tags.h"
#include "net/interfaces.h"

namespace xvrrp::daemon {

namespace {

// The configuration as far as this controller runs it: the selected
// instances, and sync groups reduced to those members.
config::Config running_subset(const config::Config& cfg,
                              const std::vector<config::Instance>& wanted) {
    config::Config sub = cfg;
    sub.instances = wanted;
    auto runs = [&](const std::string& name) {
        return std::any_of(wanted.begin(), wanted.end(),
                           [&](const config::Instance& in) { return in.name == name; });
    };
    for (auto& g : sub.sync_groups) {
        std::erase_if(g.members, [&](const std::string& m) { return !runs(m); });
    }
    std::erase_if(sub.sync_groups, [](const config::SyncGroup& g) { return g.members.empty(); });
    return sub;
}

}  // namespace

std::unique_ptr<track::Tracker> Controller::make_tracker(
    const std::vector<config::Instance>& wanted, const config::Config& cfg, uint64_t now_us,
    bool starting) {
    std::unique_ptr<track::Tracker> t;
    try {
        track::TrackerOptions options;
        options.notify_fifo = cfg.global.notify_fifo.path;
        options.notify_fifo_user = cfg.global.notify_fifo.user;
        options.notify_fifo_group = cfg.global.notify_fifo.group;
        options.notify_fifo_where = cfg.global.notify_fifo.where;
        options.init_files = starting;
        t = std::make_unique<track::Tracker>(running_subset(cfg, wanted), options, now_us);
    } catch (const std::system_error& e) {
        throw Fatal(kExitRuntime, std::string("tracking: ") + e.what());
    }
    return t;  // its warnings are logged by the tracker, once
}

// Every link the tracker weighs, with its state now (missing counts as down).
void Controller::feed_links() {
    for (const auto& name : tracker_->tracked_links()) {
        if (!running_.contains(name)) {
            auto info = net::link_info(*rtnl_, name);
            running_[name] = info && info->running();
            if (info) {
                ifnames_[info->index] = name;
            }
        }
        (void)tracker_->set_link(name, running_[name]);
    }
}

void Controller::apply_verdicts(const std::vector<track::VerdictChange>& changes, uint64_t now_us) {
    for (const auto& c : changes) {
        Instance* inst = find(c.instance);
        if (inst && !awaiting_.contains(inst->id())) {
            apply_verdict(*inst, c.verdict, now_us);
        }
    }
}

// The tracker only knows a link as up or down; a device that does not
// exist is worth saying so (the operator's fix differs).
std::string Controller::fault_reason(const Instance& inst, const track::Verdict& v) const {
    const std::string& ifname = inst.ifname();
    if (!links_ || !links_->manages(ifname) || links_->attached(ifname)) {
        return v.why;
    }
    const std::string down = "interface " + ifname + " is down";
    std::string why = "interface " + ifname + " does not exist (waiting for it)";
    if (v.why != down) {
        why += "; " + v.why;
    }
    return why;
}

void Controller::apply_verdict(Instance& inst, const track::Verdict& v, uint64_t now_us) {
    const logctx::Scope scope(inst.log_fields());
    auto& vr = inst.fsm();
    if (v.priority != vr.priority()) {
        spdlog::info("{}: effective priority {} -> {}", inst.describe(), vr.priority(), v.priority);
        exec_->apply(inst, vr.set_priority(v.priority, now_us), now_us);
    }
    inst.status().fault = v.fault ? fault_reason(inst, v) : "";
    if (v.fault != vr.fault()) {
        if (v.fault) {
            spdlog::warn("{}: fault: {}", inst.describe(), inst.status().fault);
        } else {
            spdlog::info("{}: fault cleared", inst.describe());
        }
        exec_->apply(inst, vr.set_fault(v.fault, now_us), now_us);
    }
}

// An instance starts once the tracker knows its verdict (keepalived waits
// for the first result of every weight-0 script). A MASTER to adopt does not
// wait: stopping it now would be the flap the restart was meant to avoid.
void Controller::release_held(uint64_t now_us) {
    std::vector<uint32_t> ids;
    ids.swap(held_);
    for (const uint32_t id : ids) {
        if (Instance* inst = find(id)) {  // a reload meanwhile may have removed it
            start_when_ready(*inst, false, now_us);
        }
    }
    spdlog::info("vrrp_startup_delay over: {} instance(s) started", ids.size());
    settle(now_us);
    exec_->flush();
}

void Controller::start_when_ready(Instance& inst, bool adopt, uint64_t now_us) {
    const track::Verdict* v = tracker_->verdict(inst.cfg().name);
    if (v && adopt && !v->fault) {
        apply_verdict(inst, *v, now_us);
        launch(inst, true, now_us);
        return;
    }
    if (!v || v->pending) {
        spdlog::info("{}: waiting for the first result of its tracked scripts", inst.describe());
        awaiting_[inst.id()] = adopt;
        return;
    }
    apply_verdict(inst, *v, now_us);
    launch(inst, false, now_us);
}

// What transitions set off: notify scripts, sync-group moves, and instances
// whose verdict became known. Runs until nothing is left (bounded).
void Controller::settle(uint64_t now_us) {
    for (int guard = 0; guard < 10'000; ++guard) {
        if (!transitions_.empty()) {
            const Transition t = transitions_.front();
            transitions_.pop_front();
            auto r = tracker_->on_transition(t.instance, t.from, t.to, t.priority, t.at_us);
            apply_verdicts(r.verdicts, now_us);
            for (const auto& f : r.forced) {
                Instance* inst = find(f.instance);
                if (!inst) {
                    continue;
                }
                spdlog::info("{}: sync group: {}", inst->describe(), track::to_string(f.kind));
                auto& vr = inst->fsm();
                if (f.kind == track::ForcedKind::GoMaster) {
                    exec_->apply(*inst, vr.master_down_timer_fired(now_us), now_us);
                } else {
                    exec_->apply(*inst, vr.force_backup(now_us), now_us);
                }
            }
            continue;
        }
        auto ready = std::find_if(awaiting_.begin(), awaiting_.end(), [&](const auto& a) {
            const Instance* inst = find(a.first);
            const auto* v = inst ? tracker_->verdict(inst->cfg().name) : nullptr;
            return !inst || (v && !v->pending);
        });
        if (ready == awaiting_.end()) {
            return;
        }
        const auto [id, adopt] = *ready;
        awaiting_.erase(ready);
        if (Instance* inst = find(id)) {
            apply_verdict(*inst, *tracker_->verdict(inst->cfg().name), now_us);
            launch(*inst, adopt, now_us);
        }
    }
    spdlog::error("tracking did not settle after 10000 steps; continuing");
}

// S4, unless a sync group holds this member back until the others are ready.
void Controller::master_down(Instance& inst, uint64_t at_us) {
    auto& vr = inst.fsm();
    auto gate = tracker_->may_become_master(inst.cfg().name, at_us, vr.master_down_interval_us());
    if (!gate.allow) {
        if (vr.state() == fsm::State::Backup) {
            spdlog::info("{}: sync group holds MASTER back; waiting another {} ms", inst.describe(),
                         vr.master_down_interval_us() / 1000);
            io_->arm_master_down(inst.ifname(), inst.key(), vr.master_down_interval_us());
        }
        return;
    }
    exec_->apply(inst, vr.master_down_timer_fired(at_us), at_us);
    for (const auto& name : gate.followers) {
        if (Instance* f = find(name)) {
            exec_->apply(*f, f->fsm().master_down_timer_fired(at_us), at_us);
        }
    }
}

// One line per takeover, every step in µs after the deadline that passed
// (all CLOCK_MONOTONIC): how late the kernel's sweep ran, when the controller
// woke, decided, and put the advert, the VIPs and the first gratuitous frame
// out (bench/failover/README.md reads it).
void Controller::log_takeover() {
    const Takeover t = *takeover_;
    takeover_.reset();
    const Instance* inst = find(t.instance);
    if (!inst || !t.deadline_ns) {
        return;
    }
    const auto& m = exec_->marks();
    const auto after = [&](uint64_t at_us) -> std::string {
        if (!at_us) {
            return "-";
        }
        const auto d = static_cast<int64_t>(at_us * 1000) - static_cast<int64_t>(t.deadline_ns);
        return std::to_string(d / 1000);
    };
    spdlog::info(
        "{}: takeover timeline (us after the master-down deadline {} ns): sweep {}, woke {}, "
        "MASTER {}, advert sent {}, VIPs added {}, gratuitous sent {}",
        inst->describe(), t.deadline_ns, after(t.sweep_ns / 1000), after(t.woke_us),
        after(t.applied_us), after(m.advert_us), after(m.vips_us), after(m.gratuitous_us));
}

void Controller::on_tracker(uint64_t now_us, bool readable) {
    apply_verdicts(readable ? tracker_->on_readable(now_us) : tracker_->on_deadline(now_us),
                   now_us);
    if (retiring_ && readable) {
        (void)retiring_->on_readable(now_us);
        if (!retiring_->notifications_pending()) {
            epoll_.remove(retiring_->fd());
            retiring_.reset();
        }
    }
}

std::optional<uint64_t> Controller::next_deadline() {
    auto a = timers_.next();
    auto b = tracker_ ? tracker_->next_deadline_us() : std::nullopt;
    if (a && b) {
        return std::min(*a, *b);
    }
    return a ? a : b;
}

void Controller::link_changed(const std::string& ifname, bool running, uint64_t now_us) {
    running_[ifname] = running;
    apply_verdicts(tracker_->set_link(ifname, running), now_us);
}

// At shutdown: let the STOP notifications run (bounded), then the tracker
// kills whatever is left when it is destroyed.
void Controller::drain_notifications() {
    const uint64_t deadline = clocks_.monotonic_us() + 5'000'000;
    for (uint64_t now = clocks_.monotonic_us(); tracker_->notifications_pending() && now < deadline;
         now = clocks_.monotonic_us()) {
        uint64_t until = deadline;
        if (auto d = tracker_->next_deadline_us()) {
            until = std::min(until, *d);
        }
        const int ms = until > now ? static_cast<int>((until - now + 999) / 1000) : 0;
        for (const uint64_t tag : epoll_.wait(ms)) {
            if (tag == kTagTrackerFd) {
                on_tracker(clocks_.monotonic_us(), true);
            }
        }
        const auto d = tracker_->next_deadline_us();
        if (d && *d <= clocks_.monotonic_us()) {
            on_tracker(clocks_.monotonic_us(), false);
        }
    }
    if (tracker_->notifications_pending()) {
        spdlog::warn("notify scripts still running at exit: killed");
    }
}

}  // namespace xvrrp::daemon

// The controller's event loop and what each source of events does.
#include "daemon/controller.h"
#include "daemon/wake_latency.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <set>

#include "daemon/controller_link.h"
#include "daemon/errors.h"
#include "daemon/link_set.h"
#include "daemon/loop_tags.h"
#include "daemon/memory_lock.h"
#include "daemon/metrics_feed.h"
#include "daemon/privileges.h"
#include "daemon/router_setup.h"
#include "daemon/static_entries.h"
#include "daemon/status.h"
#include "net/interfaces.h"
#include "net/vmac_filter.h"
#include "proto/frames.h"

namespace xvrrp::daemon {

namespace {

constexpr uint64_t kHousekeepingUs = 5'000'000;

template <typename... Fs>
struct Overloaded : Fs... {
    using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

std::string mac_text(const std::array<uint8_t, 6>& mac) {
    return net::to_string(mac);
}

}  // namespace

Controller::Controller(ControllerOptions options)
    : opts_(std::move(options)), clocks_(system_clocks()) {}

Controller::~Controller() = default;

int Controller::run() {
    signals_.emplace(std::initializer_list<int>{SIGTERM, SIGINT, SIGHUP});
    std::signal(SIGPIPE, SIG_IGN);
    run_dir_.emplace(RunDir::claim(opts_.run_dir));
    if (!opts_.metrics_address.empty()) {
        metrics_ = start_metrics(opts_.metrics_address);  // before anything is attached
    }
    try {
        start();
    } catch (const Fatal&) {
        if (links_) {
            links_->roll_back_all();
        }
        throw;
    }
    control_.emplace(socket_path(run_dir_->dir()),
                     [this](const nlohmann::json& request) { return handle(request); });
    // While CAP_SYS_NICE and CAP_SYS_RESOURCE are still held, and after the
    // metrics exposer's threads were started (they stay in the fair class).
    if (opts_.lock_memory) {
        memory_locked_ = lock_memory();
    }
    scheduling_ = set_loop_scheduling(opts_.rt_priority, opts_.rlimit_rttime_us);
    if (const std::string err = drop_capabilities(); !err.empty()) {
        spdlog::error("dropping capabilities after attach: {}; running with all of them", err);
    }
    epoll_.add(signals_->fd(), kTagSignal);
    if (events_.epoll_fd() >= 0) {  // -1 while no interface is attached yet
        epoll_.add(events_.epoll_fd(), kTagEvents);
        events_polled_ = true;
    }
    epoll_.add(monitor_->fd(), kTagMonitor);
    epoll_.add(control_->listen_fd(), kTagControl);
    epoll_.add(tracker_->fd(), kTagTrackerFd);
    if (metrics_) {
        epoll_.add(metrics_->wake_fd(), kTagMetrics);
    }
    epoll_.add(reload_worker_.fd(), kTagReload);
    timers_.arm(TimerKey{kControllerTimer, TimerKind::Housekeeping},
                clocks_.monotonic_us() + kHousekeepingUs);
    notify_ = ServiceNotify::from_environment();
    watchdog_ping(clocks_.monotonic_us());
    spdlog::info("running {} virtual router(s) from {}; control socket {}", instances_.size(),
                 opts_.config_source, socket_path(run_dir_->dir()));
    precise_timeouts();
    loop();
    shutdown();
    return 0;
}

void Controller::loop() {
    while (!stopping_) {
        if (!demotion_logged_ && loop_demoted()) {
            demotion_logged_ = true;
            scheduling_ = LoopScheduling{};
            spdlog::error(
                "scheduler: the event loop ran {} µs without sleeping "
                "(vrrp_rlimit_rttime): moved back to the fair class until restarted",
                opts_.rlimit_rttime_us);
        }
        notify_states();
        epoll_.wait_until(next_deadline(), tags_);
        // Nothing but Fatal (a deliberate stop) leaves the loop: a bug in
        // one handler must not take down every virtual router.
        try {
            turn(tags_);
        } catch (const Fatal&) {
            throw;
        } catch (const std::exception& e) {
            internal_error(e.what());
        } catch (...) {
            internal_error("unknown exception");
        }
    }
}

void Controller::turn(const std::vector<uint64_t>& tags) {
    for (const uint64_t tag : tags) {
        switch (tag) {
            case kTagSignal:
                on_signals();
                break;
            case kTagEvents:
                on_kernel_events();
                break;
            case kTagMonitor:
                on_monitor();
                break;
            case kTagControl:
                on_control_listen();
                break;
            case kTagTrackerFd:
                on_tracker(clocks_.monotonic_us(), true);
                break;
            case kTagMetrics:
                on_metrics();
                break;
            case kTagReload:
                on_reload_ready();
                break;
            default:
                (void)control_->on_readable(static_cast<int>(tag & 0xffffffff));
                break;
        }
    }
    const uint64_t now = clocks_.monotonic_us();
    run_due_timers(now);
    settle(now);
    (void)control_->expire(now);  // closing an fd takes it out of epoll
    exec_->flush();
    if (takeover_) {
        log_takeover();
    }
}

void Controller::internal_error(const std::string& what) {
    if (const int64_t dropped = warnings_.allow("internal-error", clocks_.monotonic_us());
        dropped >= 0) {
        spdlog::error("internal error, carrying on: {}{}", what,
                      dropped > 0 ? fmt::format(" (and {} more in the last 10 s)", dropped) : "");
    }
}

void Controller::on_signals() {
    for (const int sig : signals_->drain()) {
        if (sig == SIGHUP) {
            on_sighup();
        } else {
            spdlog::info("{}: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
            stopping_ = true;
            notify_.stopping();
        }
    }
}

void Controller::run_due_timers(uint64_t now_us) {
    if (auto d = tracker_->next_deadline_us(); d && *d <= now_us) {
        on_tracker(now_us, false);
    }
    timers_.pop_due(now_us, due_);
    // Aligned adverts come due together in instance order, which is also
    // the order of instances_: a cursor finds each without a search.
    size_t cursor = 0;
    auto instance = [&](uint32_t id) -> Instance* {
        if (cursor < instances_.size() && instances_[cursor]->id() == id) {
            return instances_[cursor++].get();
        }
        auto it = std::lower_bound(instances_.begin(), instances_.end(), id,
                                   [](const auto& p, uint32_t v) { return p->id() < v; });
        if (it == instances_.end() || (*it)->id() != id) {
            return nullptr;
        }
        cursor = static_cast<size_t>(it - instances_.begin()) + 1;
        return it->get();
    };
    for (const auto& due : due_) {
        if (due.key.instance == kControllerTimer) {
            if (due.key.kind == TimerKind::StartupHold) {
                release_held(now_us);
            } else if (due.key.kind == TimerKind::Watchdog) {
                watchdog_ping(now_us);
            } else if (due.key.kind == TimerKind::GarpPacing) {
                exec_->pace(now_us);
            } else {
                housekeeping(now_us);
            }
            continue;
        }
        Instance* inst = instance(due.key.instance);
        if (!inst) {
            continue;
        }
        auto& vr = inst->fsm();
        switch (due.key.kind) {
            case TimerKind::Advert: {
                // On time (or late by less than an interval): the next deadline
                // counts from this one, so the rate never drifts. Later than
                // that: skip the missed ticks instead of sending a burst.
                uint64_t at = due.deadline_us;
                advert_lateness_.record(now_us - at);
                if (now_us - at >= vr.advert_interval_us()) {
                    if (warnings_.allow("late/" + std::to_string(inst->id()), now_us) >= 0) {
                        spdlog::warn("{}: advert timer ran {} ms late", inst->describe(),
                                     (now_us - at) / 1000);
                    }
                    at = now_us;
                }
                vr.advert_timer_fired(at, tick_actions_);
                exec_->advert_tick(*inst, tick_actions_, at);
                break;
            }
            case TimerKind::PreemptDelay:
                exec_->apply(*inst, vr.preempt_delay_timer_fired(due.deadline_us), due.deadline_us);
                break;
            case TimerKind::Garp:
                exec_->gratuitous_due(*inst, due.deadline_us);
                break;
            case TimerKind::Housekeeping:
            case TimerKind::StartupHold:
            case TimerKind::Watchdog:
            case TimerKind::GarpPacing:
                break;
        }
    }
}

void Controller::on_kernel_events() {
    events_woke_us_ = clocks_.monotonic_us();
    auto batch = events_.drain();
    if (!batch) {
        spdlog::warn("{}", batch.error().message);
        return;
    }
    for (const auto& le : *batch) {
        std::visit(Overloaded{
                       [&](const dataplane::AdvertEvent& a) {
                           Instance* inst = find(le.ifname, a.router);
                           if (!inst) {
                               return;
                           }
                           proto::Advert adv;
                           adv.version = static_cast<proto::Version>(a.version);
                           adv.family = a.router.family;
                           adv.vrid = a.router.vrid;
                           adv.priority = a.priority;
                           adv.interval = a.interval;
                           const uint64_t t = a.timestamp_ns / 1000;
                           exec_->apply(*inst, inst->fsm().advert_received(adv, a.source, t), t);
                       },
                       [&](const dataplane::MasterDownEvent& m) {
                           Instance* inst = find(le.ifname, m.router);
                           if (inst && !stale_master_down(*inst)) {
                               const bool was_master = inst->fsm().state() == fsm::State::Master;
                               master_down(*inst, m.timestamp_ns / 1000);
                               if (!was_master && inst->fsm().state() == fsm::State::Master) {
                                   takeover_ = Takeover{inst->id(), m.deadline_ns, m.timestamp_ns,
                                                        events_woke_us_, clocks_.monotonic_us()};
                                   exec_->mark_next_flush();
                               }
                           }
                       },
                       [&](const dataplane::ConflictEvent& c) {
                           const std::string key = "conflict/" + le.ifname + c.vip.to_string();
                           if (warnings_.allow(key, clocks_.monotonic_us()) >= 0) {
                               spdlog::warn("{}: {}: {} {} claims our VIP {} while we are MASTER",
                                            le.ifname, dataplane::describe(c.router),
                                            mac_text(c.mac),
                                            c.is_arp() ? "(gratuitous ARP)" : "(unsolicited NA)",
                                            c.vip.to_string());
                           }
                       },
                   },
                   le.event);
    }
}

void Controller::on_monitor() {
    auto events = monitor_->drain();
    if (!events) {
        spdlog::error("{}", events.error().message);
        return;
    }
    const uint64_t now = clocks_.monotonic_us();
    std::map<std::string, bool> changed;
    bool resync = false;
    for (const auto& ev : *events) {
        std::visit(Overloaded{
                       [&](const net::LinkEvent& l) {
                           auto it = running_.find(l.link.name);
                           if (it == running_.end()) {
                               return;  // not an interface any instance cares about
                           }
                           ifnames_[l.link.index] = l.link.name;
                           if (links_->manages(l.link.name)) {
                               relink(l.link, l.deleted);
                           }
                           const bool up = !l.deleted && usable(l.link);
                           if (it->second != up) {
                               spdlog::info("{}: link {}", l.link.name,
                                            l.deleted ? "deleted" : (up ? "up" : "down"));
                               changed[l.link.name] = up;
                           }
                       },
                       [&](const net::AddressEvent& a) {
                           if (a.added) {
                               address_added(a.address.ifindex, changed);
                           } else {
                               vip_removed(a.address.ifindex, a.address.addr);
                           }
                       },
                       [&](const net::ResyncNeeded&) { resync = true; },
                   },
                   ev);
    }
    if (resync) {
        spdlog::warn("netlink notifications were lost; re-reading link states");
        for (const auto& [name, was] : running_) {
            auto info = net::link_info(*rtnl_, name);
            if (links_->manages(name)) {
                if (info) {
                    relink(*info, false);
                } else if (const Link* gone = links_->find(name); gone && links_->attached(name)) {
                    relink(gone->info, true);
                }
            }
            changed[name] = info && usable(*info);
        }
        for (auto& inst : instances_) {
            if (inst->fsm().state() == fsm::State::Master) {
                exec_->reinstall_vips(*inst);
            }
        }
    }
    for (const auto& [name, up] : changed) {
        link_changed(name, up, now);
    }
}

// A MASTER_DOWN read after the timer was re-armed (an advert from the
// master queued before it, processed first) is history: the kernel timer
// now runs to a later deadline.
bool Controller::stale_master_down(const Instance& inst) {
    const Link* link = links_->find(inst.ifname());
    if (!link) {
        return false;
    }
    auto t = link->maps->timer(inst.key());
    if (!t || !*t) {
        return false;
    }
    const uint64_t now_ns = clocks_.monotonic_us() * 1000;
    if ((*t)->expires_ns > now_ns) {
        spdlog::debug("{}: MASTER_DOWN ignored: the timer was re-armed since", inst.describe());
        return true;
    }
    return false;
}

// Someone removed one of our VIPs while we are MASTER: put it back.
void Controller::vip_removed(int ifindex, const proto::IpAddr& addr) {
    auto name = ifnames_.find(ifindex);
    if (name == ifnames_.end()) {
        return;
    }
    for (auto& inst : instances_) {
        if (inst->fsm().state() != fsm::State::Master) {
            continue;
        }
        for (const auto& vip : installed_vips(inst->cfg(), name->second)) {
            if (vip.addr == addr) {
                spdlog::warn(
                    "{}: VIP {} was removed from {} by someone else while MASTER; "
                    "adding it back",
                    inst->describe(), net::to_string(vip), name->second);
                io_->add_vips(name->second, {&vip, 1});
            }
        }
    }
}

void Controller::on_control_listen() {
    const uint64_t now = clocks_.monotonic_us();
    // A bounded batch: the listen socket stays readable if more wait, and
    // they are taken on the next pass, after timers and kernel events.
    for (const int fd : control_->accept_clients(now)) {
        epoll_.add(fd, kTagClient | static_cast<uint64_t>(fd));
    }
    if (const uint64_t n = control_->out_of_fds(); n != control_fd_shortages_) {
        control_fd_shortages_ = n;
        if (warnings_.allow("control-emfile", now) >= 0) {
            spdlog::warn("control socket: out of file descriptors, clients refused ({} so far)", n);
        }
    }
}

nlohmann::json Controller::handle(const nlohmann::json& request) {
    const std::string command = request.value("command", "");
    if (command == "status") {
        std::vector<InstanceStatus> all;
        for (const auto& inst : instances_) {
            all.push_back(status_of(*inst));
        }
        auto reply = status_json(all);
        reply["control_clients_refused"] = control_->refused();
        reply["scheduling"] = {{"policy", scheduling_.policy},
                               {"priority", scheduling_.priority},
                               {"rlimit_rttime_us", scheduling_.rlimit_rttime_us},
                               {"short_slice", scheduling_.short_slice},
                               {"demoted_by_rlimit_rttime", demotion_logged_},
                               {"memory_locked", memory_locked_}};
        return reply;
    }
    return nlohmann::json{{"error", "unknown command '" + command + "' (known: status)"}};
}

// Discards never wake the controller (the kernel counts them), so they are
// logged from the counters, at most once per period per interface.
void Controller::housekeeping(uint64_t now_us) {
    timers_.arm(TimerKey{kControllerTimer, TimerKind::Housekeeping}, now_us + kHousekeepingUs);
    for (auto& [name, link] : links_->all()) {
        auto now = link->maps->counters();
        if (!now) {
            continue;
        }
        std::string report;
        for (size_t i = 0; i < now->size() && i < link->counters.size(); ++i) {
            const auto c = (*now)[i].counter;
            const bool discard = c > XVRRP_CNT_ADVERT_ACCEPTED && c < XVRRP_CNT_ADVERT_RX;
            const bool lost = c == XVRRP_CNT_RINGBUF_FULL || c == XVRRP_CNT_TIMER_ERROR;
            const uint64_t delta = (*now)[i].value - link->counters[i].value;
            if ((discard || lost) && delta > 0) {
                report += fmt::format("{}{} {}", report.empty() ? "" : ", ", (*now)[i].name, delta);
            }
        }
        if (!report.empty()) {
            spdlog::warn("{}: in the last {} s: {}", name, kHousekeepingUs / 1'000'000, report);
        }
        link->counters = std::move(now).value();
    }
}

// Once per pass of the loop, before it sleeps: READY=1 and STATUS= follow
// the states as they are when the loop has nothing left to do.
void Controller::notify_states() {
    if (!notify_.enabled()) {
        return;
    }
    StateCounts counts;
    for (const auto& inst : instances_) {
        counts.add(inst->fsm().state());
    }
    notify_.observe(counts);
}

// Pinged from a timer of this loop, so a loop that no longer turns (stuck in
// a handler, stopped) stops pinging and the manager restarts it.
void Controller::watchdog_ping(uint64_t now_us) {
    if (const auto period = notify_.watchdog_period_us()) {
        notify_.watchdog();
        timers_.arm(TimerKey{kControllerTimer, TimerKind::Watchdog}, now_us + *period);
    }
}

void Controller::shutdown() {
    hand_over();
    const uint64_t now = clocks_.monotonic_us();
    for (auto& inst : instances_) {
        exec_->apply(*inst, inst->fsm().shutdown(now), now);  // S3 / S7
    }
    settle(now);
    exec_->flush();
    sync_static(*io_, &opts_.config, nullptr);
    drain_notifications();
    for (auto& inst : instances_) {
        if (!links_->attached(inst->ifname()) || inst->cfg().real_mac) {
            continue;  // the filter went with the device, or never had it
        }
        const proto::Mac vmac = proto::vmac(inst->cfg().family, inst->cfg().vrid);
        const auto& link = links_->at(inst->ifname());
        for (const auto& f : net::remove_unicast_filter(*rtnl_, link.info.iface(), {&vmac, 1})) {
            spdlog::error("{}", f.error.message);
        }
    }
    links_->detach_all();
    spdlog::info("stopped");
}

Instance* Controller::find(const std::string& ifname, dataplane::RouterKey key) {
    // Once per kernel event. A scan of every instance was ~4,000 steps per
    // event at 16 x 255 (a takeover of all of them: 16 million): the id
    // remembered for this (interface, router) is checked, and only a miss
    // scans, key first, the name only on a match.
    auto hint = by_router_.find({ifname, key});
    if (hint != by_router_.end()) {
        if (Instance* inst = find(hint->second);
            inst && inst->key() == key && inst->ifname() == ifname) {
            return inst;
        }
    }
    for (auto& inst : instances_) {
        if (inst->key() == key && inst->ifname() == ifname) {
            if (hint != by_router_.end()) {
                hint->second = inst->id();
            } else {
                by_router_.emplace(std::pair{ifname, key}, inst->id());
            }
            return inst.get();
        }
    }
    if (hint != by_router_.end()) {
        by_router_.erase(hint);
    }
    return nullptr;
}

Instance* Controller::find(uint32_t id) {
    // Called once per due timer: a binary search, the ids grow with creation.
    auto it = std::lower_bound(instances_.begin(), instances_.end(), id,
                               [](const auto& p, uint32_t v) { return p->id() < v; });
    return it != instances_.end() && (*it)->id() == id ? it->get() : nullptr;
}

Instance* Controller::find(const std::string& name) {
    for (auto& inst : instances_) {
        if (inst->cfg().name == name) {
            return inst.get();
        }
    }
    return nullptr;
}

}  // namespace xvrrp::daemon

// SIGHUP: apply a new configuration without flapping what did not change,
// and all or nothing.
//   unchanged instances keep running, with no transition;
//   removed ones leave (S7 from MASTER: the backups take over at once);
//   changed ones are re-created: a MASTER that stays the same router on the
//     wire (interface, VRID, family) is re-created in place (adopted, no
//     priority 0, no transition), anything else leaves and starts again;
//   added ones start (S1 / S2).
// The file is read and the next tracker made off the loop (reload_worker.h).
// In the loop, in three steps:
//   1. build: every new instance (advert sources read) — nothing changed yet;
//   2. add: kernel entries the new configuration needs that are missing or
//      different (VMAC filters, group memberships, VIP owners, peers), each
//      with its undo — a failure here undoes them all and the running
//      configuration stays;
//   3. commit: instances leave and start, the tracker is swapped, and only
//      then are the entries nothing needs any more deleted. Nothing here
//      fails but memory.
// A kernel entry that stays is never deleted and added again, so every
// MASTER that stays one — unchanged or re-created in place — keeps answering
// ARP/NS with its VMAC throughout.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>

#include <time.h>

#include "daemon/controller.h"
#include "daemon/controller_link.h"
#include "daemon/errors.h"
#include "daemon/link_set.h"
#include "daemon/loop_tags.h"
#include "daemon/reload_plan.h"
#include "daemon/router_setup.h"
#include "daemon/static_entries.h"
#include "net/vmac_filter.h"
#include "proto/frames.h"

namespace xvrrp::daemon {

namespace {

void log_diagnostic(const config::Diagnostic& d) {
    switch (d.severity) {
        case config::Severity::Error:
            spdlog::error("{}", d.render());
            break;
        case config::Severity::Warning:
            spdlog::warn("{}", d.render());
            break;
        default:
            spdlog::info("{}", d.render());
            break;
    }
}

const config::Instance& named(const std::vector<config::Instance>& list, const std::string& n) {
    return *std::find_if(list.begin(), list.end(),
                         [&](const config::Instance& in) { return in.name == n; });
}

// The undo of each change made so far, run newest first unless committed
// (also when an exception unwinds through it).
class Journal {
  public:
    Journal() = default;
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;
    ~Journal() {
        for (auto it = undo_.rbegin(); !committed_ && it != undo_.rend(); ++it) {
            try {
                (*it)();
            } catch (...) {
                spdlog::error("reload: undoing a change failed; carrying on with the next");
            }
        }
    }
    void add(std::function<void()> undo) { undo_.push_back(std::move(undo)); }
    void commit() { committed_ = true; }

  private:
    std::vector<std::function<void()>> undo_;
    bool committed_ = false;
};

template <typename T>
void check(const Result<T>& r) {
    if (!r) {
        throw std::runtime_error(r.error().message);
    }
}

void check(const std::vector<net::MacFailure>& failures) {
    if (!failures.empty()) {
        throw std::runtime_error(failures.front().error.message);
    }
}

uint64_t thread_cpu_us() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000 + static_cast<uint64_t>(ts.tv_nsec) / 1000;
}

}  // namespace

struct Controller::ReloadSummary {
    ReloadPlan plan;
    size_t in_place = 0;
};

void Controller::on_sighup() {
    if (!opts_.reload) {
        spdlog::warn("SIGHUP: started from command-line flags, there is no file to reload");
        return;
    }
    if (!reload_worker_.start(reload_job())) {
        spdlog::info("SIGHUP while {} is being read: it is read once more after that",
                     opts_.config_source);
        return;
    }
    spdlog::info("SIGHUP: reloading {}", opts_.config_source);
    notify_.reloading(clocks_.monotonic_us());
}

// Runs on the worker's thread: touches nothing of the controller's but
// copies of what does not change.
ReloadWorker::Job Controller::reload_job() const {
    return [read = opts_.reload, interfaces = opts_.interfaces, source = opts_.config_source,
            clock = clocks_.monotonic_us] {
        PreparedReload next;
        const uint64_t began = clock();
        next.parsed = read();
        for (const auto& d : next.parsed.diagnostics) {
            log_diagnostic(d);
        }
        if (next.parsed.ok()) {
            next.wanted = select_instances(next.parsed.config, interfaces, source);
            try {
                next.tracker = make_tracker(next.wanted, next.parsed.config, clock(), false);
            } catch (const std::exception& e) {
                next.error = e.what();
            }
        }
        next.prepare_us = clock() - began;
        return next;
    };
}

void Controller::on_reload_ready() {
    auto done = reload_worker_.collect();
    if (done.superseded) {
        spdlog::info("SIGHUP came again while {} was being read: reading it again",
                     opts_.config_source);
        (void)reload_worker_.start(reload_job());
        return;  // still RELOADING for the service manager
    }
    finish_reload(done.result);
    notify_.reloaded();
}

void Controller::finish_reload(PreparedReload& next) {
    if (!next.parsed.ok() || !next.tracker) {
        spdlog::error("reload refused: {}; the running configuration stays",
                      next.error.empty() ? opts_.config_source + " has errors"
                                         : opts_.config_source + ": " + next.error);
        return;
    }
    // Wall time is what the loop was held for; CPU time is the reload's own
    // share of it, whatever else the machine runs.
    const uint64_t began = clocks_.monotonic_us();
    const uint64_t cpu_began = thread_cpu_us();
    auto held = [&] {
        return fmt::format("{} us in the loop, {} us of CPU", clocks_.monotonic_us() - began,
                           thread_cpu_us() - cpu_began);
    };
    try {
        const ReloadSummary s = apply_reload(next, began);
        sync_static(*io_, &opts_.config, &next.parsed.config);
        opts_.config = next.parsed.config;
        exec_->set_gratuitous_gaps(opts_.config.global.garp_interval_us,
                                   opts_.config.global.gna_interval_us);
        spdlog::info(
            "reloaded {}: {} unchanged, {} changed, {} removed, {} added ({} MASTER kept in "
            "place; read in {} us off the loop, applied in {})",
            opts_.config_source, s.plan.unchanged.size(), s.plan.changed.size(),
            s.plan.removed.size(), s.plan.added.size(), s.in_place, next.prepare_us, held());
    } catch (const std::exception& e) {
        spdlog::error(
            "reload failed: {}; every change was undone, the running configuration "
            "stays ({})",
            e.what(), held());
    } catch (...) {
        spdlog::error(
            "reload failed (unknown exception); every change was undone, the running "
            "configuration stays ({})",
            held());
    }
}

Controller::ReloadSummary Controller::apply_reload(PreparedReload& next, uint64_t now) {
    const auto& wanted = next.wanted;
    std::vector<config::Instance> running;
    std::set<std::string> in_place;
    for (const auto& inst : instances_) {
        running.push_back(inst->cfg());
    }
    ReloadSummary summary{plan_reload(running, wanted), 0};
    const ReloadPlan& plan = summary.plan;
    for (const auto& name : plan.changed) {
        const Instance& old = *find(name);
        if (same_router(old.cfg(), named(wanted, name)) &&
            old.fsm().state() == fsm::State::Master) {
            in_place.insert(name);
        }
    }
    summary.in_place = in_place.size();

    // 1. Build. Their ids are taken in order, so instances_ stays sorted.
    std::vector<std::unique_ptr<Instance>> fresh;
    {
        const AddressBatch batch(*this);
        for (const auto* names : {&plan.changed, &plan.added}) {
            for (const auto& name : *names) {
                fresh.push_back(build(named(wanted, name)));
            }
        }
    }

    // 2. Add, with undo.
    Journal journal;
    const auto changes = link_changes(running, wanted);
    for (const auto& [ifname, c] : changes) {
        if (!links_->attached(ifname)) {
            continue;  // installed when the device appears (relink.cpp)
        }
        Link& link = links_->at(ifname);
        const net::Iface iface = link.info.iface();
        for (const auto& vmac : c.vmac_add) {
            check(net::add_unicast_filter(*rtnl_, iface, {&vmac, 1}));
            journal.add([this, iface, vmac] {
                (void)net::remove_unicast_filter(*rtnl_, iface, {&vmac, 1});
            });
        }
        for (const auto& put : c.vip_put) {
            check(link.maps->add_vip(put.addr, put.owner));
            journal.add([&link, put] {
                (void)(put.before ? link.maps->add_vip(put.addr, *put.before)
                                  : link.maps->delete_vip(put.addr));
            });
        }
        for (const auto& peer : c.peer_add) {
            check(link.maps->add_peer(peer.router, peer.addr));
            journal.add([&link, peer] { (void)link.maps->delete_peer(peer.router, peer.addr); });
        }
    }
    // Memberships count their users: joined for the new instances before the
    // old ones leave, a group in use never drops.
    for (const auto& inst : fresh) {
        const auto& in = inst->cfg();
        if (in.unicast() || !links_->attached(in.interface)) {
            continue;
        }
        const net::Iface iface = links_->at(in.interface).info.iface();
        check(mcast_.join_vrrp_group(iface, in.family));
        journal.add(
            [this, iface, family = in.family] { (void)mcast_.leave_vrrp_group(iface, family); });
    }
    epoll_.add(next.tracker->fd(), kTagTrackerFd);
    journal.add([this, fd = next.tracker->fd()] { epoll_.remove(fd); });
    journal.commit();

    // 3. Commit. Leaving first, under the tracker that knows them (their
    // STOP notifications are queued there).
    struct Carried {
        std::optional<xvrrp_router> mirrored;
        InstanceStatusInfo status;
    };
    std::map<std::string, Carried> images;
    for (const auto& name : plan.removed) {
        tracker_->deleting(name);
        retire(*find(name), true, now);
    }
    for (const auto& name : plan.changed) {
        Instance& old = *find(name);
        const bool keep = in_place.contains(name);
        if (keep) {
            drop_vanished_vips(old.cfg(), named(wanted, name));
            images[name] = Carried{old.mirrored(), old.status()};
            images[name].status.transitions_before += old.fsm().transitions();
        }
        retire(old, !keep, now);
    }
    settle(now);
    // Before the map entries of what left go: its addresses leave the
    // interface first, or the kernel would answer for them meanwhile.
    exec_->flush();
    std::swap(tracker_, next.tracker);
    feed_links();
    (void)tracker_->inherit(*next.tracker);
    if (retiring_) {
        epoll_.remove(retiring_->fd());
    }
    if (next.tracker->notifications_pending()) {
        retiring_ = std::move(next.tracker);  // its fd stays in the loop
    } else {
        epoll_.remove(next.tracker->fd());
        retiring_.reset();
    }
    next.tracker.reset();
    for (auto& inst : fresh) {
        Instance& started = *inst;
        const auto image = images.find(started.cfg().name);
        const bool adopt = image != images.end();
        if (adopt) {
            // The kernel entry is the old one until the new one is written:
            // never an INIT entry in between. And it is the same router to
            // whoever reads `status`: its history goes on.
            started.mirrored() = image->second.mirrored;
            started.status() = image->second.status;
        }
        instances_.push_back(std::move(inst));
        start_when_ready(started, adopt, now);
    }
    for (auto& inst : instances_) {
        const auto* v = tracker_->verdict(inst->cfg().name);
        if (v && !awaiting_.contains(inst->id()) && inst->fsm().state() != fsm::State::Init) {
            apply_verdict(*inst, *v, now);
        }
    }
    settle(now);
    exec_->flush();
    for (const auto& [ifname, c] : changes) {
        if (!links_->attached(ifname)) {
            continue;
        }
        Link& link = links_->at(ifname);
        for (const auto& addr : c.vip_delete) {
            (void)link.maps->delete_vip(addr);
        }
        for (const auto& peer : c.peer_delete) {
            (void)link.maps->delete_peer(peer.router, peer.addr);
        }
        for (const auto& key : c.router_delete) {
            (void)link.maps->delete_router(key);
        }
        for (const auto& f : net::remove_unicast_filter(*rtnl_, link.info.iface(), c.vmac_delete)) {
            spdlog::error("{}", f.error.message);
        }
    }
    return summary;
}

// A MASTER re-created in place keeps the addresses the new configuration
// still has; the others go now.
void Controller::drop_vanished_vips(const config::Instance& old, const config::Instance& next) {
    for (const auto& dev : vip_interfaces(old)) {
        std::vector<net::Vip> gone;
        const auto keep = installed_vips(next, dev);
        for (const auto& v : installed_vips(old, dev)) {
            if (std::find(keep.begin(), keep.end(), v) == keep.end()) {
                gone.push_back(v);
            }
        }
        if (!gone.empty()) {
            io_->remove_vips(dev, gone);
        }
    }
    // Its routes and rules likewise; the new ones come with the adoption
    // (reinstall_vips).
    const auto keep_routes = net_routes(next.routes);
    const auto keep_rules = net_rules(next.rules);
    std::vector<net::Route> gone_routes;
    std::vector<net::Rule> gone_rules;
    for (const auto& r : net_routes(old.routes)) {
        if (std::find(keep_routes.begin(), keep_routes.end(), r) == keep_routes.end()) {
            gone_routes.push_back(r);
        }
    }
    for (const auto& r : net_rules(old.rules)) {
        if (std::find(keep_rules.begin(), keep_rules.end(), r) == keep_rules.end()) {
            gone_rules.push_back(r);
        }
    }
    if (!gone_routes.empty() || !gone_rules.empty()) {
        io_->remove_routes(gone_routes, gone_rules);
    }
}

// Takes one instance out: S3/S7 first when asked, then its timers and its
// group membership. Its kernel entries stay: the caller deletes those the
// new configuration does not need.
void Controller::retire(Instance& inst, bool shut_down, uint64_t now_us) {
    if (shut_down) {
        exec_->apply(inst, inst.fsm().shutdown(now_us), now_us);
    }
    exec_->forget(inst);
    if (!inst.cfg().unicast() && links_->attached(inst.ifname())) {
        (void)mcast_.leave_vrrp_group(links_->at(inst.ifname()).info.iface(), inst.cfg().family);
    }
    const uint32_t id = inst.id();
    awaiting_.erase(id);
    instances_.erase(std::remove_if(instances_.begin(), instances_.end(),
                                    [&](const auto& p) { return p->id() == id; }),
                     instances_.end());
}

}  // namespace xvrrp::daemon

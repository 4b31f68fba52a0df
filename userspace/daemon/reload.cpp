// SIGHUP: apply a new configuration without flapping what did not change.
//   unchanged instances keep running, with no transition;
//   removed ones leave (S7 from MASTER: the backups take over at once);
//   changed ones are re-created: a MASTER that stays the same router on the
//     wire (interface, VRID, family) is re-created in place (adopted, no
//     priority 0, no transition), anything else leaves and starts again;
//   added ones start (S1 / S2).
// A configuration with errors is refused as a whole; the running one stays.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "daemon/controller.h"
#include "daemon/controller_link.h"
#include "daemon/errors.h"
#include "daemon/link_set.h"
#include "daemon/loop_tags.h"
#include "daemon/reload_plan.h"
#include "daemon/router_setup.h"
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

}  // namespace

void Controller::reload() {
    if (!opts_.reload) {
        spdlog::warn("SIGHUP: started from command-line flags, there is no file to reload");
        return;
    }
    notify_.reloading(clocks_.monotonic_us());
    const auto parsed = opts_.reload();
    for (const auto& d : parsed.diagnostics) {
        log_diagnostic(d);
    }
    if (!parsed.ok()) {
        spdlog::error("reload refused: {} has errors; the running configuration stays",
                      opts_.config_source);
        notify_.reloaded();
        return;
    }
    const auto wanted = selected(parsed.config);
    std::vector<config::Instance> running;
    for (const auto& inst : instances_) {
        running.push_back(inst->cfg());
    }
    const ReloadPlan plan = plan_reload(running, wanted);
    const uint64_t now = clocks_.monotonic_us();
    try {
        // Leaving first, under the tracker that knows them (their STOP
        // notifications are queued there).
        std::vector<std::string> in_place;
        for (const auto& name : plan.removed) {
            retire(*find(name), true, now);
        }
        for (const auto& name : plan.changed) {
            Instance& old = *find(name);
            const config::Instance& next = named(wanted, name);
            if (same_router(old.cfg(), next) && old.fsm().state() == fsm::State::Master) {
                drop_vanished_vips(old.cfg(), next);
                retire(old, false, now);
                in_place.push_back(name);
            } else {
                retire(old, true, now);
            }
        }
        settle(now);
        // The new tracker takes over script health and link states.
        auto fresh = make_tracker(wanted, parsed.config, now);
        std::swap(tracker_, fresh);
        epoll_.remove(fresh->fd());
        epoll_.add(tracker_->fd(), kTagTrackerFd);
        feed_links();
        (void)tracker_->inherit(*fresh);
        fresh.reset();
        const AddressBatch batch(*this);
        for (const auto& name : plan.changed) {
            const auto& in = named(wanted, name);
            install(in);
            const bool adopt = std::find(in_place.begin(), in_place.end(), name) != in_place.end();
            start_when_ready(create(in), adopt, now);
        }
        for (const auto& name : plan.added) {
            const auto& in = named(wanted, name);
            install(in);
            start_when_ready(create(in), false, now);
        }
        for (auto& inst : instances_) {
            const auto* v = tracker_->verdict(inst->cfg().name);
            if (v && !awaiting_.contains(inst->id()) && inst->fsm().state() != fsm::State::Init) {
                apply_verdict(*inst, *v, now);
            }
        }
        settle(now);
    } catch (const Fatal& e) {
        spdlog::error("reload: {}", e.what());
    }
    exec_->set_gratuitous_gaps(parsed.config.global.garp_interval_us,
                               parsed.config.global.gna_interval_us);
    exec_->flush();
    opts_.config = parsed.config;
    spdlog::info("reloaded {}: {} unchanged, {} changed, {} removed, {} added", opts_.config_source,
                 plan.unchanged.size(), plan.changed.size(), plan.removed.size(),
                 plan.added.size());
    notify_.reloaded();
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
}

// Takes one instance out: S3/S7 first when asked, then its kernel entries,
// its VMAC and its group membership.
void Controller::retire(Instance& inst, bool shut_down, uint64_t now_us) {
    if (shut_down) {
        exec_->apply(inst, inst.fsm().shutdown(now_us), now_us);
    }
    exec_->forget(inst);
    uninstall(inst.cfg());
    const uint32_t id = inst.id();
    awaiting_.erase(id);
    instances_.erase(std::remove_if(instances_.begin(), instances_.end(),
                                    [&](const auto& p) { return p->id() == id; }),
                     instances_.end());
}

void Controller::uninstall(const config::Instance& in) {
    Link* loaded = links_->find(in.interface);
    if (!loaded) {
        return;  // its device never appeared: nothing was installed
    }
    Link& link = *loaded;
    const auto key = router_key(in);
    const proto::Mac vmac = proto::vmac(in.family, in.vrid);
    if (links_->attached(in.interface)) {
        for (const auto& f : net::remove_unicast_filter(*rtnl_, link.info.iface(), {&vmac, 1})) {
            spdlog::error("{}", f.error.message);
        }
        if (!in.unicast()) {
            (void)mcast_.leave_vrrp_group(link.info.iface(), in.family);
        }
    }
    for (const auto& v : installed_vips(in, in.interface)) {
        (void)link.maps->delete_vip(v.addr);
    }
    for (const auto& peer : in.unicast_peers) {
        (void)link.maps->delete_peer(key, peer);
    }
    (void)link.maps->delete_router(key);
}

}  // namespace xvrrp::daemon

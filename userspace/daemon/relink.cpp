// The controller's side of interfaces that come and go (link_set.h owns the
// links): monitor events for our own interfaces go to the LinkSet; what is
// per instance (VMAC filter, VRRP group, advert source) is done again here
// on the new device. FAULT and its end come from the tracker, which is told
// the link is up only once it is usable (usable()).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "daemon/controller.h"
#include "daemon/controller_link.h"
#include "daemon/errors.h"
#include "daemon/link_set.h"
#include "daemon/loop_tags.h"
#include "daemon/router_setup.h"
#include "net/interfaces.h"

namespace xvrrp::daemon {

void Controller::relink(const net::LinkInfo& info, bool deleted) {
    const auto change = links_->on_link(info, deleted);
    if (change.dropped) {
        for (const auto& inst : instances_) {
            const track::Verdict* v = tracker_->verdict(inst->cfg().name);
            if (inst->ifname() == info.name && v && v->fault) {
                inst->status().fault = fault_reason(*inst, *v);  // now: does not exist
            }
        }
        // The kernel dropped the device's memberships with it; this only
        // clears our count of them, so the new device is joined afresh.
        for (const auto& inst : instances_) {
            if (inst->ifname() == info.name && !inst->cfg().unicast()) {
                (void)mcast_.leave_vrrp_group(*change.dropped, inst->cfg().family);
            }
        }
    }
    if (!change.attached) {
        return;
    }
    if (!events_polled_ && events_.epoll_fd() >= 0) {
        epoll_.add(events_.epoll_fd(), kTagEvents);
        events_polled_ = true;
    }
    for (const auto& inst : instances_) {
        if (inst->ifname() == info.name) {
            install(inst->cfg());
            // Deleted and created again within one netlink read, a MASTER
            // may never have seen its link down: its VIPs and groups went
            // with the old device.
            if (inst->fsm().state() == fsm::State::Master) {
                exec_->reinstall_vips(*inst);
            }
        }
    }
    if (resolve_sources(info.name, false)) {
        unresolved_.erase(info.name);
    } else {
        unresolved_.insert(info.name);
    }
}

bool Controller::usable(const net::LinkInfo& info) const {
    if (!links_->manages(info.name)) {
        return info.running();
    }
    return info.running() && links_->attached(info.name) && !unresolved_.contains(info.name);
}

bool Controller::resolve_sources(const std::string& ifname, bool retry) {
    const AddressBatch batch(*this);
    bool all = true;
    for (auto& slot : instances_) {
        if (slot->ifname() != ifname) {
            continue;
        }
        const config::Instance cfg = slot->cfg();
        std::optional<proto::IpAddr> primary;
        try {
            primary = primary_of(cfg);
        } catch (const Fatal& e) {
            // Said once per new device; each address event retries quietly.
            const std::string msg =
                std::string(e.what()) + " (stays in FAULT until the address is there)";
            if (retry) {
                spdlog::debug("{}", msg);
            } else {
                spdlog::warn("{}", msg);
            }
            all = false;
            continue;
        }
        const proto::Mac mac =
            links_->attached(ifname) ? frame_mac(cfg, links_->at(ifname).info.mac) : slot->mac();
        if (*primary == slot->primary() && mac == slot->mac()) {
            continue;
        }
        // The state machine and its frames carry the source: make the
        // instance again, under its id (timers and status find it), in
        // FAULT until the tracker hears the link is usable.
        const uint32_t id = slot->id();
        std::optional<proto::IpAddr> ll;
        if (cfg.family == proto::Family::V6) {
            ll = primary->is_link_local() ? primary : link_local_of(ifname);
        }
        spdlog::info("{}: advert source {}", describe(cfg), primary->to_string());
        exec_->forget(*slot);
        slot = std::make_unique<Instance>(
            id, cfg, *primary, ll,
            links_->attached(ifname) ? links_->at(ifname).info.mac : proto::Mac{});
        const bool waiting =
            awaiting_.contains(id) || std::find(held_.begin(), held_.end(), id) != held_.end();
        if (!waiting) {
            start_when_ready(*slot, false, clocks_.monotonic_us());
        }
    }
    return all;
}

void Controller::address_added(int ifindex, std::map<std::string, bool>& changed) {
    auto name = ifnames_.find(ifindex);
    if (name == ifnames_.end() || !unresolved_.contains(name->second) ||
        !links_->attached(name->second)) {
        return;
    }
    if (!resolve_sources(name->second, true)) {
        return;
    }
    unresolved_.erase(name->second);
    auto info = net::link_info(*rtnl_, name->second);
    changed[name->second] = info && usable(*info);
}

}  // namespace xvrrp::daemon

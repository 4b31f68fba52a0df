// Controller startup: interfaces checked, XDP attached, the kernel maps
// filled, stale state from a previous controller cleaned up or adopted
// (hitless restart, DESIGN decision 4), then every state machine started.
#include <spdlog/spdlog.h>

#include <time.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "config/interfaces.h"
#include "daemon/controller.h"
#include "daemon/controller_link.h"
#include "daemon/errors.h"
#include "daemon/link_set.h"
#include "daemon/router_setup.h"
#include "daemon/static_entries.h"
#include "net/interfaces.h"
#include "net/vmac_filter.h"
#include "proto/frames.h"

namespace xvrrp::daemon {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// Every VIP of `wanted` that lives on `ifname`.
std::set<proto::IpAddr> wanted_vips(const std::vector<config::Instance>& wanted,
                                    const std::string& ifname) {
    std::set<proto::IpAddr> out;
    for (const auto& in : wanted) {
        for (const auto& v : installed_vips(in, ifname)) {
            out.insert(v.addr);
        }
    }
    return out;
}

}  // namespace

std::vector<config::Instance> Controller::selected(const config::Config& cfg) const {
    return select_instances(cfg, opts_.interfaces, opts_.config_source);
}

std::vector<config::Instance> Controller::select_instances(
    const config::Config& cfg, const std::vector<std::string>& interfaces,
    const std::string& source) {
    std::vector<config::Instance> out;
    for (const auto& in : cfg.instances) {
        if (contains(interfaces, in.interface)) {
            out.push_back(in);
        } else {
            spdlog::info("{}: vrrp_instance {} is on {}, which this controller does not attach",
                         source, in.name, in.interface);
        }
    }
    return out;
}

void Controller::start() {
    const uint64_t began = clocks_.monotonic_us();  // vrrp_startup_delay counts from here
    started_us_ = began;                            // non-zero while start() launches instances
    const auto wanted = selected(opts_.config);
    for (const auto& ifname : opts_.interfaces) {
        if (std::none_of(wanted.begin(), wanted.end(),
                         [&](const config::Instance& in) { return in.interface == ifname; })) {
            throw Fatal(kExitConfig, ifname + ": no vrrp_instance in " + opts_.config_source +
                                         " runs on this interface");
        }
    }
    auto rtnl = net::RtnlSocket::open();
    if (!rtnl) {
        throw Fatal(kExitRuntime, rtnl.error().message);
    }
    rtnl_.emplace(std::move(rtnl).value());
    auto monitor = net::LinkMonitor::open();  // before reading states: no change is missed
    if (!monitor) {
        throw Fatal(kExitRuntime, monitor.error().message);
    }
    monitor_.emplace(std::move(monitor).value());
    io_ = std::make_unique<KernelIo>(*rtnl_, mcast_);
    exec_ = std::make_unique<Executor>(*io_, timers_, clocks_);
    exec_->set_gratuitous_gaps(opts_.config.global.garp_interval_us,
                               opts_.config.global.gna_interval_us);

    const auto missing = check_interfaces(wanted);
    tracker_ = make_tracker(wanted, opts_.config, clocks_.monotonic_us());
    feed_links();
    exec_->set_transition_observer([this](Instance& inst, const fsm::StateChanged& c) {
        transitions_.push_back(
            {inst.cfg().name, c.from, c.to, inst.fsm().priority(), clocks_.monotonic_us()});
    });
    std::vector<std::string> present;
    for (const auto& name : opts_.interfaces) {
        if (!contains(missing, name)) {
            present.push_back(name);
        }
    }
    links_ = std::make_unique<LinkSet>(*rtnl_, *io_, events_,
                                       dataplane::AttachOptions{opts_.pin_root, opts_.xdp_mode});
    links_->attach_at_start(present, missing);
    std::map<std::string, std::map<dataplane::RouterKey, bool>> adopt;
    for (auto& [name, link] : links_->all()) {
        adopt[name] = adoptable(*link, wanted);
    }
    remove_stale_vips(wanted, adopt);
    for (auto& [name, link] : links_->all()) {
        prune_maps(*link, wanted);
    }
    // Before any instance runs: a virtual route may go through a static
    // address's subnet.
    sync_static(*io_, nullptr, &opts_.config);
    const uint64_t now = clocks_.monotonic_us();
    for (const auto& in : wanted) {
        install(in);
    }
    const AddressBatch batch(*this);
    // vrrp_startup_delay counts from the start, not from the end of attach:
    // two routers started together then start their state machines
    // together too, whichever attached faster.
    const uint64_t hold_until = began + opts_.config.global.startup_delay_us;
    for (const auto& in : wanted) {
        Instance& inst = create(in);
        const bool adopting = adopt[in.interface][router_key(in)];
        if (hold_until > now && !adopting) {
            held_.push_back(inst.id());  // vrrp_startup_delay: INIT for now
            continue;
        }
        start_when_ready(inst, adopting, now);
    }
    started_us_ = 0;
    if (!held_.empty()) {
        spdlog::info("vrrp_startup_delay: {} instance(s) stay in INIT for {} ms more", held_.size(),
                     (hold_until - now) / 1000);
        timers_.arm(TimerKey{kControllerTimer, TimerKind::StartupHold}, hold_until);
    }
    settle(now);
    exec_->flush();
    links_->commit_all();  // past the point of rolling back
}

// Every interface an instance needs. Its own may be missing (keepalived's
// dynamic_interfaces): its instances wait in FAULT for it, with a warning
// naming the configuration line. Tracked ones and VIP devices that are
// missing just count as down.
std::vector<std::string> Controller::check_interfaces(const std::vector<config::Instance>& wanted) {
    std::vector<std::string> missing;
    std::set<std::string> others;
    for (const auto& in : wanted) {
        for (const auto& t : in.track_interfaces) {
            others.insert(t.name);
        }
        for (const auto& dev : vip_interfaces(in)) {
            others.insert(dev);
        }
    }
    for (const auto& ifname : opts_.interfaces) {
        auto info = net::link_info(*rtnl_, ifname);
        others.erase(ifname);
        if (!info && info.error().code == ENODEV) {
            running_[ifname] = false;
            missing.push_back(ifname);
            continue;
        }
        if (!info) {
            throw Fatal(kExitRuntime, info.error().message);
        }
        running_[ifname] = info->running();
        ifnames_[info->index] = ifname;
        others.erase(ifname);
    }
    for (const auto& name : others) {
        auto info = net::link_info(*rtnl_, name);
        running_[name] = info && info->running();
        if (info) {
            ifnames_[info->index] = name;
        } else {
            spdlog::warn("{} (counted as down)", info.error().message);
        }
    }
    auto exists = [&](const std::string& name) { return !contains(missing, name); };
    for (const auto& d :
         config::check_interfaces(opts_.config, exists, config::Severity::Warning)) {
        if (std::any_of(missing.begin(), missing.end(), [&](const std::string& m) {
                return d.message.find("'" + m + "'") != std::string::npos;
            })) {
            spdlog::warn("{} (its instances wait in FAULT until it appears)", d.render());
        }
    }
    return missing;
}

// Hitless restart: a router the previous controller left as MASTER whose
// lease has not run out is adopted, if it is still configured and nothing
// would put it in FAULT right away.
std::map<dataplane::RouterKey, bool> Controller::adoptable(
    Link& link, const std::vector<config::Instance>& wanted) {
    std::map<dataplane::RouterKey, bool> out;
    const uint64_t now_ns = clocks_.monotonic_us() * 1000;
    auto faulty = [&](const config::Instance& in) {
        const track::Verdict* v = tracker_->verdict(in.name);
        return v && v->fault;
    };
    for (const auto& [key, r] : link.pinned_routers) {
        // Captured by name: clang 14 cannot capture a structured binding.
        auto it =
            std::find_if(wanted.begin(), wanted.end(), [&, &k = key](const config::Instance& in) {
                return in.interface == link.name && router_key(in) == k;
            });
        // The lease runs 4 intervals past the last advert (router_image.cpp),
        // but a backup may take over from 3 intervals + Skew_Time on: adopt
        // only within the first 3, when no backup can have become MASTER.
        const uint64_t interval_ns = uint64_t{r.adver_int_cs} * 10'000'000;
        const bool fresh =
            r.state == XVRRP_STATE_MASTER && r.lease_expires_ns > now_ns + interval_ns;
        out[key] = fresh && it != wanted.end() && !faulty(*it);
        if (r.state == XVRRP_STATE_MASTER && !out[key]) {
            spdlog::info(
                "{}: {}: the previous controller's MASTER state is stale ({}); "
                "starting over",
                link.name, dataplane::describe(key),
                fresh ? "no longer configured or in fault" : "lease expired");
        }
    }
    return out;
}

// Addresses a crashed controller (or keepalived) left: pinned VIPs of routers
// not adopted, and configured VIPs of routers not adopted, found on the
// interface. They must go before anything starts, or the kernel would keep
// answering for them (DESIGN decision 4).
void Controller::remove_stale_vips(
    const std::vector<config::Instance>& wanted,
    const std::map<std::string, std::map<dataplane::RouterKey, bool>>& adopt) {
    std::map<std::string, std::set<proto::IpAddr>> stale;
    auto adopted = [&](const std::string& ifname, dataplane::RouterKey key) {
        auto l = adopt.find(ifname);
        if (l == adopt.end()) {
            return false;
        }
        auto k = l->second.find(key);
        return k != l->second.end() && k->second;
    };
    for (const auto& [name, link] : links_->all()) {
        for (const auto& [addr, owner] : link->pinned_vips) {
            if (!adopted(name, owner)) {
                stale[name].insert(addr);
            }
        }
    }
    std::set<proto::IpAddr> primaries;
    for (const auto& in : wanted) {
        if (adopted(in.interface, router_key(in))) {
            continue;
        }
        for (const auto& dev : vip_interfaces(in)) {
            for (const auto& v : installed_vips(in, dev)) {
                stale[dev].insert(v.addr);
            }
        }
        if (in.unicast_src_ip) {
            primaries.insert(*in.unicast_src_ip);
        }
    }
    for (const auto& [dev, addrs] : stale) {
        auto iface = net::find_interface(dev);
        if (!iface) {
            continue;
        }
        auto present = net::list_addresses(*rtnl_, *iface);
        if (!present) {
            spdlog::warn("{}", present.error().message);
            continue;
        }
        std::vector<net::Vip> remove;
        for (const auto& a : *present) {
            if (addrs.contains(a.addr) && !primaries.contains(a.addr)) {
                remove.push_back(net::Vip{a.addr, a.prefix_len, a.label, true});
                spdlog::warn("{}: removing {}/{}, a VIP left behind by an earlier run", dev,
                             a.addr.to_string(), a.prefix_len);
            }
        }
        if (!remove.empty()) {
            for (const auto& f : net::remove_vips(*rtnl_, *iface, remove)) {
                spdlog::error("{}", f.error.message);
            }
        }
    }
}

// Entries of the pinned maps that no configured router owns any more.
void Controller::prune_maps(Link& link, const std::vector<config::Instance>& wanted) {
    std::set<dataplane::RouterKey> keys;
    for (const auto& in : wanted) {
        if (in.interface == link.name) {
            keys.insert(router_key(in));
        }
    }
    const auto vips = wanted_vips(wanted, link.name);
    for (const auto& [key, r] : link.pinned_routers) {
        if (!keys.contains(key)) {
            (void)link.maps->delete_router(key);
        }
    }
    for (const auto& [addr, owner] : link.pinned_vips) {
        if (!vips.contains(addr)) {
            (void)link.maps->delete_vip(addr);
        }
    }
    if (auto peers = link.maps->peers()) {
        for (const auto& p : *peers) {
            (void)link.maps->delete_peer(p.router, p.addr);  // re-added by install()
        }
    }
}

// The static part of a router in the kernel and the NIC: its VMAC in the
// unicast filter (DESIGN decision 3), the VRRP group, its VIPs and peers in
// the maps.
void Controller::install(const config::Instance& in) {
    if (!links_->attached(in.interface)) {
        return;  // no device yet: done when it appears (relink.cpp)
    }
    Link& link = links_->at(in.interface);
    const auto key = router_key(in);
    const proto::Mac vmac = proto::vmac(in.family, in.vrid);
    if (!in.real_mac) {
        for (const auto& f : net::add_unicast_filter(*rtnl_, link.info.iface(), {&vmac, 1})) {
            spdlog::error("{}", f.error.message);
        }
    }
    if (!in.unicast()) {
        if (auto r = mcast_.join_vrrp_group(link.info.iface(), in.family); !r) {
            spdlog::error("{}", r.error().message);
        }
    }
    for (const auto& v : installed_vips(in, in.interface)) {
        if (auto r = link.maps->add_vip(v.addr, key); !r) {
            spdlog::error("{}", r.error().message);
        }
    }
    for (const auto& peer : in.unicast_peers) {
        if (auto r = link.maps->add_peer(key, peer); !r) {
            spdlog::error("{}", r.error().message);
        }
    }
}

proto::IpAddr Controller::primary_of(const config::Instance& in) {
    if (in.unicast_src_ip) {
        return *in.unicast_src_ip;
    }
    std::vector<proto::IpAddr> exclude = advertised_vips(in);
    for (const auto& v : in.excluded_vips) {
        exclude.push_back(v.addr);
    }
    auto addrs = addresses_of(in.interface, in.family);
    if (!addrs) {
        throw Fatal(kExitRuntime, addrs.error().message);
    }
    auto addr = in.family == proto::Family::V4
                    ? net::pick_primary_ipv4(*addrs, in.interface, exclude)
                    : net::pick_ipv6_link_local(*addrs, in.interface, exclude);
    if (!addr) {
        throw Fatal(kExitRuntime, addr.error().message + " (needed as the advert source of " +
                                      describe(in) + "; add one, or set unicast_src_ip)");
    }
    return *addr;
}

std::optional<proto::IpAddr> Controller::link_local_of(const std::string& ifname) {
    auto addrs = addresses_of(ifname, proto::Family::V6);
    if (!addrs) {
        return std::nullopt;
    }
    auto addr = net::pick_ipv6_link_local(*addrs, ifname);
    if (!addr) {
        return std::nullopt;
    }
    return *addr;
}

Result<std::vector<net::InterfaceAddress>> Controller::addresses_of(const std::string& ifname,
                                                                    proto::Family family) {
    if (address_cache_) {
        if (auto it = address_cache_->find({ifname, family}); it != address_cache_->end()) {
            return it->second;
        }
    }
    auto got = net::list_addresses(*rtnl_, links_->at(ifname).info.iface(), family);
    if (got && address_cache_) {
        (*address_cache_)[{ifname, family}] = *got;
    }
    return got;
}

Instance& Controller::create(const config::Instance& in) {
    instances_.push_back(build(in));
    return *instances_.back();
}

std::unique_ptr<Instance> Controller::build(const config::Instance& in) {
    if (!links_->attached(in.interface)) {
        // No device, so no advert source yet: the instance waits in FAULT
        // and is made again with its source when the device appears.
        const proto::IpAddr none =
            in.family == proto::Family::V4 ? proto::IpAddr::v4({}) : proto::IpAddr::v6({});
        return std::make_unique<Instance>(next_id_++, in, none);
    }
    const proto::IpAddr primary = primary_of(in);
    std::optional<proto::IpAddr> ll;
    if (in.family == proto::Family::V6) {
        ll = primary.is_link_local() ? std::optional(primary) : link_local_of(in.interface);
        if (!ll) {
            spdlog::warn("{}: no IPv6 link-local address: no unsolicited NA will be sent",
                         describe(in));
        }
    }
    return std::make_unique<Instance>(next_id_++, in, primary, ll,
                                      links_->at(in.interface).info.mac);
}

// The verdict of its tracking is already applied (start_when_ready).
void Controller::launch(Instance& inst, bool adopt, uint64_t now_us) {
    auto& vr = inst.fsm();
    if (adopt && !vr.fault()) {
        exec_->reinstall_vips(inst);
        exec_->apply(inst, vr.adopt_master(now_us), now_us);
        spdlog::info(
            "{} ({}): adopted the MASTER state of the previous controller (lease "
            "still valid): no transition",
            inst.describe(), inst.cfg().name);
        return;
    }
    // Start-up listening, from this launch rather than the process start:
    // attaching took 1.5 s on a loaded machine, longer than the period, and
    // differed by 130 ms between two routers (state-machine.md).
    const bool listen = started_us_ != 0;
    exec_->apply(inst, vr.startup(now_us, listen ? std::optional(now_us) : std::nullopt), now_us);
}

}  // namespace xvrrp::daemon

#include "daemon/link_set.h"

#include <time.h>

#include <algorithm>
#include <cerrno>

#include <spdlog/spdlog.h>

#include "common/log_context.h"
#include "daemon/errors.h"
#include "daemon/link_driver.h"
#include "net/interfaces.h"

namespace xvrrp::daemon {

namespace {

// The interface's one master-down timer. The kernel allocates it without
// sleeping, which can fail for a while under memory churn (-ENOMEM): retry
// for up to ~1 s before refusing to run without it, because a backup
// without a master-down timer never takes over.
Result<void> prepare_sweep_timer(const dataplane::TimerControl& ctl) {
    constexpr int kAttempts = 20;
    auto made = ctl.prepare();
    for (int i = 1; i < kAttempts && !made && made.error().code == ENOMEM; ++i) {
        const timespec pause{0, 5'000'000L * i};
        nanosleep(&pause, nullptr);
        made = ctl.prepare();
    }
    if (!made) {
        return Error{made.error().code,
                     made.error().message + " (after " + std::to_string(kAttempts) + " attempts)"};
    }
    return {};
}

// --xdp-mode auto on veth only means skb mode: native XDP on veth loses the
// program's ARP/NA answers and VMAC traffic.
dataplane::AttachOptions for_links(dataplane::AttachOptions options,
                                   const std::vector<std::string>& names) {
    if (options.mode == dataplane::XdpMode::Auto &&
        std::all_of(names.begin(), names.end(),
                    [](const std::string& n) { return link_driver(n) == "veth"; })) {
        options.mode = dataplane::XdpMode::Skb;
    }
    return options;
}

// Lines about one interface carry XVRRP_IFACE in the journal.
logctx::Fields iface_fields(const std::string& ifname) {
    logctx::Fields f;
    f.iface = ifname;
    return f;
}

void log_attached(const dataplane::Attachment& a, const char* how) {
    const logctx::Scope scope(iface_fields(a.ifname()));
    spdlog::info("{}: XDP program {} ({} mode){}", a.ifname(), how, dataplane::to_string(a.mode()),
                 a.reused_state() ? ", reusing the pinned state of a previous run" : "");
}

}  // namespace

LinkSet::LinkSet(net::RtnlSocket& rtnl, KernelIo& io, dataplane::EventReader& events,
                 dataplane::AttachOptions options)
    : rtnl_(rtnl), io_(io), events_(events), options_(std::move(options)) {}

void LinkSet::attach_at_start(const std::vector<std::string>& present,
                              const std::vector<std::string>& missing) {
    for (const auto& name : missing) {
        phases_[name] = LinkLifecycle();
        io_.link_absent(name);
    }
    if (present.empty()) {
        return;
    }
    const dataplane::AttachOptions options = for_links(options_, present);
    if (options.mode != options_.mode) {
        spdlog::info(
            "veth interface(s): XDP in skb mode (native XDP on veth loses the "
            "program's ARP/NA answers and VMAC traffic; --xdp-mode native forces it)");
    }
    auto attached = dataplane::attach_all(present, options);
    if (!attached) {
        throw Fatal(kExitRuntime, attached.error().message);
    }
    for (auto& a : attached.value()) {
        auto info = net::link_info(rtnl_, a.ifname());
        if (!info) {
            throw Fatal(kExitRuntime, info.error().message);
        }
        const std::string name = a.ifname();
        log_attached(a, "attached");
        links_[name] = std::make_unique<AttachedLink>(name, *info, std::move(a));
        phases_[name] = LinkLifecycle::attached_to(info->index);
        if (auto ready = prepare(*links_[name], true); !ready) {
            throw Fatal(kExitRuntime, ready.error().message);
        }
    }
}

bool LinkSet::attached(const std::string& ifname) const {
    auto it = phases_.find(ifname);
    return it != phases_.end() && it->second.phase() == LinkPhase::Attached;
}

AttachedLink* LinkSet::find(const std::string& ifname) {
    auto it = links_.find(ifname);
    return it == links_.end() ? nullptr : it->second.get();
}

// Everything bound to the device, after the programs are on it. `fresh`:
// the programs were loaded just now (their maps and ring are new to us).
Result<void> LinkSet::prepare(AttachedLink& link, bool fresh) {
    if (fresh) {
        auto maps = dataplane::Maps::from_skeleton(link.attachment.skeleton(), link.name);
        if (!maps) {
            return maps.error();
        }
        link.maps.emplace(std::move(maps).value());
        auto ctl = dataplane::TimerControl::from_skeleton(link.attachment.skeleton(), link.name);
        if (!ctl) {
            return ctl.error();
        }
        link.timer_ctl.emplace(std::move(ctl).value());
        if (auto made = prepare_sweep_timer(*link.timer_ctl); !made) {
            return made.error();
        }
    }
    auto tx = net::PacketTransmitter::open(link.info.iface());
    if (!tx) {
        return tx.error();
    }
    link.tx.emplace(std::move(tx).value());
    if (auto done = link.maps->set_interface(link.info.mac, static_cast<uint32_t>(link.info.index));
        !done) {
        return done.error();
    }
    if (fresh && link.attachment.reused_state()) {
        if (auto routers = link.maps->routers()) {
            link.pinned_routers = std::move(routers).value();
        }
        if (auto vips = link.maps->vips()) {
            link.pinned_vips = std::move(vips).value();
        }
    }
    link.arp_announce.emplace(link.name);
    if (fresh) {
        if (auto added = events_.add(link.maps->events_fd(), link.name); !added) {
            return added.error();
        }
    }
    io_.add_link(link.name, LinkPort{link.info.iface(), &*link.maps, &*link.timer_ctl, &*link.tx});
    return {};
}

void LinkSet::drop(AttachedLink& link) {
    const logctx::Scope scope(iface_fields(link.name));
    io_.link_absent(link.name);
    link.tx.reset();
    link.arp_announce.reset();  // its sysctl went with the device
    spdlog::warn(
        "{}: device (index {}) deleted: its instances are in FAULT until a device "
        "of that name appears; programs and pinned maps kept for it",
        link.name, link.info.index);
}

bool LinkSet::attach_new(const net::LinkInfo& info) {
    const logctx::Scope scope(iface_fields(info.name));
    auto a = dataplane::Attachment::attach(info.name, for_links(options_, {info.name}));
    if (!a) {
        spdlog::error("{} (the instances on it stay in FAULT)", a.error().message);
        return false;
    }
    log_attached(*a, "attached (the interface appeared)");
    auto link = std::make_unique<AttachedLink>(info.name, info, std::move(a).value());
    if (auto ready = prepare(*link, true); !ready) {
        spdlog::error("{} (the instances on it stay in FAULT)", ready.error().message);
        (void)link->attachment.detach();
        return false;
    }
    link->attachment.commit();
    links_[info.name] = std::move(link);
    return true;
}

bool LinkSet::reattach(AttachedLink& link, const net::LinkInfo& info) {
    const logctx::Scope scope(iface_fields(info.name));
    link.info = info;
    if (auto on = link.attachment.reattach(info.index); !on) {
        spdlog::error("{} (the instances on it stay in FAULT)", on.error().message);
        return false;
    }
    if (auto ready = prepare(link, false); !ready) {
        spdlog::error("{} (the instances on it stay in FAULT)", ready.error().message);
        return false;
    }
    log_attached(link.attachment, "re-attached to the new device");
    return true;
}

LinkSet::Change LinkSet::on_link(const net::LinkInfo& info, bool deleted) {
    auto& phase = phases_.at(info.name);
    Change out;
    out.step = deleted ? phase.deleted(info.index) : phase.seen(info.index);
    AttachedLink* link = find(info.name);
    if ((out.step == LinkStep::Drop || out.step == LinkStep::Replace) && link) {
        out.dropped = link->info.iface();
        drop(*link);
    }
    bool ok = false;
    switch (out.step) {
        case LinkStep::None:
        case LinkStep::Drop:
            return out;
        case LinkStep::Attach:
            ok = attach_new(info);
            break;
        case LinkStep::Reattach:
        case LinkStep::Replace:
            ok = link && reattach(*link, info);
            break;
    }
    if (ok) {
        phase.attached(info.index);
        out.attached = true;
    } else {
        phase.attach_failed();
    }
    return out;
}

void LinkSet::roll_back_all() {
    for (auto& [name, link] : links_) {
        if (auto undone = link->attachment.roll_back(); !undone) {
            spdlog::error("{}", undone.error().message);
        }
    }
}

void LinkSet::commit_all() {
    for (auto& [name, link] : links_) {
        link->attachment.commit();
    }
}

void LinkSet::detach_all() {
    for (auto& [name, link] : links_) {
        if (auto done = link->attachment.detach(); !done) {
            spdlog::error("{}", done.error().message);
        } else {
            spdlog::info("{}: XDP program detached, pins removed", name);
        }
    }
}

}  // namespace xvrrp::daemon

#include "daemon/kernel_io.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <spdlog/spdlog.h>

#include "net/interfaces.h"

namespace xvrrp::daemon {

namespace {

uint64_t mono_us() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000 + static_cast<uint64_t>(ts.tv_nsec) / 1000;
}

}  // namespace

KernelIo::KernelIo(net::RtnlSocket& rtnl, net::MulticastMemberships& mcast)
    : rtnl_(rtnl), mcast_(mcast) {}

void KernelIo::add_link(const std::string& ifname, LinkPort port) {
    links_[ifname] = port;
}

void KernelIo::remove_link(const std::string& ifname) {
    links_.erase(ifname);
}

void KernelIo::link_absent(const std::string& ifname) {
    auto& p = links_[ifname];
    p.present = false;
    p.tx = nullptr;
    std::erase_if(raw_, [&](const auto& e) { return e.first.first == ifname; });
}

void KernelIo::complain(const std::string& op, const std::string& ifname,
                        const std::string& message) {
    const int64_t dropped = complaints_.allow(op + "/" + ifname, mono_us());
    if (dropped < 0) {
        return;
    }
    if (dropped > 0) {
        spdlog::error("{} ({} more like it in the last 5 s)", message, dropped);
    } else {
        spdlog::error("{}", message);
    }
}

const LinkPort* KernelIo::port(const std::string& ifname, const char* op) {
    auto it = links_.find(ifname);
    if (it == links_.end()) {
        complain(op, ifname, ifname + ": " + op + ": xvrrp is not attached to this interface");
        return nullptr;
    }
    if (!it->second.maps) {
        return nullptr;  // missing since startup: nothing loaded yet, nothing to say
    }
    return &it->second;
}

std::optional<net::Iface> KernelIo::iface(const std::string& ifname) {
    if (auto it = links_.find(ifname); it != links_.end()) {
        if (!it->second.present) {
            return std::nullopt;  // the device is gone: so is what was on it
        }
        return it->second.iface;
    }
    auto found = net::find_interface(ifname);
    if (!found) {
        complain("iface", ifname, found.error().message);
        return std::nullopt;
    }
    return *found;
}

void KernelIo::write_router(const std::string& ifname, dataplane::RouterKey key,
                            const xvrrp_router& image) {
    if (const auto* p = port(ifname, "write router state")) {
        if (auto r = p->maps->put_router(key, image); !r) {
            complain("write_router", ifname, r.error().message);
        }
    }
}

void KernelIo::refresh_leases(const std::string& ifname, std::span<const dataplane::RouterKey> keys,
                              uint64_t validity_ns) {
    if (const auto* p = port(ifname, "refresh lease")) {
        auto r = p->maps->refresh_leases(keys, std::chrono::nanoseconds(validity_ns));
        if (!r) {
            complain("lease", ifname, r.error().message);
        }
    }
}

void KernelIo::arm_master_down(const std::string& ifname, dataplane::RouterKey key,
                               uint64_t delay_us) {
    if (const auto* p = port(ifname, "arm master-down timer")) {
        // Arming allocates nothing (the sweep timer was made at attach), so
        // a failure here is a bug worth shouting about.
        if (auto r = p->timers->arm(key, std::chrono::microseconds(delay_us)); !r) {
            complain("arm", ifname,
                     r.error().message +
                         " (until an advert re-arms it this backup has no master-down timer)");
        }
    }
}

void KernelIo::cancel_master_down(const std::string& ifname, dataplane::RouterKey key) {
    if (const auto* p = port(ifname, "cancel master-down timer")) {
        if (auto r = p->timers->cancel(key); !r) {
            complain("cancel", ifname, r.error().message);
        }
    }
}

void KernelIo::add_vips(const std::string& ifname, std::span<const net::Vip> vips) {
    if (auto i = iface(ifname)) {
        for (const auto& f : net::add_vips(rtnl_, *i, vips)) {
            complain("add_vips", ifname, f.error.message);
        }
    }
}

void KernelIo::remove_vips(const std::string& ifname, std::span<const net::Vip> vips) {
    if (auto i = iface(ifname)) {
        for (const auto& f : net::remove_vips(rtnl_, *i, vips)) {
            complain("remove_vips", ifname, f.error.message);
        }
    }
}

void KernelIo::join_solicited_nodes(const std::string& ifname,
                                    std::span<const proto::IpAddr> vips) {
    if (auto i = iface(ifname)) {
        for (const auto& vip : vips) {
            if (auto r = mcast_.join_solicited_node(*i, vip); !r) {
                complain("join", ifname, r.error().message);
            }
        }
    }
}

void KernelIo::leave_solicited_nodes(const std::string& ifname,
                                     std::span<const proto::IpAddr> vips) {
    if (auto i = iface(ifname)) {
        for (const auto& vip : vips) {
            if (auto r = mcast_.leave_solicited_node(*i, vip); !r) {
                complain("leave", ifname, r.error().message);
            }
        }
    }
}

// Keyed by the failure itself: every route that fails is named once, the
// same failure repeating within the period only counted.
void KernelIo::add_routes(std::span<const net::Route> routes, std::span<const net::Rule> rules) {
    for (const auto& f : net::add_routes(rtnl_, routes)) {
        complain("route", f.message, f.message);
    }
    for (const auto& f : net::add_rules(rtnl_, rules)) {
        complain("rule", f.message, f.message);
    }
}

void KernelIo::remove_routes(std::span<const net::Route> routes, std::span<const net::Rule> rules) {
    for (const auto& f : net::remove_rules(rtnl_, rules)) {
        complain("rule", f.message, f.message);
    }
    for (const auto& f : net::remove_routes(rtnl_, routes)) {
        complain("route", f.message, f.message);
    }
}

void KernelIo::send_frames(const std::string& ifname,
                           std::span<const std::span<const uint8_t>> frames) {
    if (const auto* p = port(ifname, "send"); p && p->tx) {
        auto report = p->tx->send_batch(frames);
        if (!report.ok()) {
            complain("send", ifname, report.error->message);
        }
    }
}

int KernelIo::raw_socket(const std::string& ifname, const proto::IpAddr& peer) {
    const proto::Family family = peer.family();
    auto& fd = raw_[{ifname, peer}];
    if (fd.valid()) {
        return fd.get();
    }
    // IPPROTO_RAW: we hand over the whole IP header (TTL 255, our source);
    // the kernel routes it and resolves the peer's MAC.
    const int domain = family == proto::Family::V4 ? AF_INET : AF_INET6;
    fd.reset(socket(domain, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
    if (!fd.valid() || setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, ifname.c_str(),
                                  static_cast<socklen_t>(ifname.size())) != 0) {
        complain(
            "raw", ifname,
            ifname + ": cannot open a raw socket for unicast adverts: " + std::strerror(errno));
        fd.reset();
        return -1;
    }
    return fd.get();
}

void KernelIo::send_unicast(const std::string& ifname, std::span<const UnicastPacket> packets) {
    if (auto it = links_.find(ifname); it != links_.end() && !it->second.present) {
        return;
    }
    for (const auto& p : packets) {
        const int fd = raw_socket(ifname, p.dst);
        if (fd < 0) {
            continue;
        }
        sockaddr_storage ss{};
        socklen_t len = 0;
        if (p.dst.is_v4()) {
            auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
            sin->sin_family = AF_INET;
            std::memcpy(&sin->sin_addr, p.dst.data(), 4);
            len = sizeof *sin;
        } else {
            auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
            sin6->sin6_family = AF_INET6;
            std::memcpy(&sin6->sin6_addr, p.dst.data(), 16);
            if (auto i = iface(ifname)) {
                sin6->sin6_scope_id = static_cast<uint32_t>(i->index);
            }
            len = sizeof *sin6;
        }
        if (sendto(fd, p.packet.data(), p.packet.size(), MSG_DONTWAIT,
                   reinterpret_cast<const sockaddr*>(&ss), len) < 0) {
            complain(
                "unicast", ifname,
                ifname + ": unicast advert to " + p.dst.to_string() + ": " + std::strerror(errno));
        }
    }
}

}  // namespace xvrrp::daemon

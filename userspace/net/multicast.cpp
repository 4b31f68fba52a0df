#include "net/multicast.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "proto/frames.h"

namespace xvrrp::net {
namespace {

int set_membership(int fd, const Iface& iface, const proto::IpAddr& group, bool join) {
    if (group.is_v4()) {
        ip_mreqn req{};
        std::memcpy(&req.imr_multiaddr, group.data(), 4);
        req.imr_ifindex = iface.index;
        const int opt = join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP;
        return ::setsockopt(fd, IPPROTO_IP, opt, &req, sizeof(req)) < 0 ? errno : 0;
    }
    ipv6_mreq req{};
    std::memcpy(&req.ipv6mr_multiaddr, group.data(), 16);
    req.ipv6mr_interface = static_cast<unsigned>(iface.index);
    const int opt = join ? IPV6_JOIN_GROUP : IPV6_LEAVE_GROUP;
    return ::setsockopt(fd, IPPROTO_IPV6, opt, &req, sizeof(req)) < 0 ? errno : 0;
}

std::string describe(const char* what, const Iface& iface, const proto::IpAddr& group) {
    return iface.name + ": " + what + " multicast group " + group.to_string();
}

Error join_error(int err, const Iface& iface, const proto::IpAddr& group) {
    if (err == ENODEV) {
        return Error{ENODEV, iface.name + ": no such interface"};
    }
    return errno_error(err, describe("join", iface, group));
}

}  // namespace

Result<size_t> MulticastMemberships::kernel_join(const Iface& iface, const proto::IpAddr& group) {
    std::vector<Fd>& sockets = pool(group.family());
    if (!sockets.empty()) {
        const int err = set_membership(sockets.back().get(), iface, group, true);
        if (err == 0) {
            return sockets.size() - 1;
        }
        if (err != ENOBUFS && err != ENOMEM) {
            return join_error(err, iface, group);
        }
    }
    // No socket yet, or the last one is full.
    const int domain = group.is_v4() ? AF_INET : AF_INET6;
    Fd fd(::socket(domain, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP));
    if (!fd.valid()) {
        return errno_error(errno, describe("join", iface, group) + ": open a socket");
    }
    if (int err = set_membership(fd.get(), iface, group, true); err != 0) {
        return join_error(err, iface, group);
    }
    sockets.push_back(std::move(fd));
    return sockets.size() - 1;
}

Result<void> MulticastMemberships::join(const Iface& iface, const proto::IpAddr& group) {
    if (!group.is_multicast()) {
        return Error{EINVAL, describe("join", iface, group) + ": not a multicast address"};
    }
    const Key key{iface.index, group};
    if (auto it = joined_.find(key); it != joined_.end()) {
        ++it->second.users;
        return {};
    }
    auto socket = kernel_join(iface, group);
    if (!socket) {
        return socket.error();
    }
    joined_.emplace(key, Membership{*socket, 1});
    return {};
}

Result<void> MulticastMemberships::leave(const Iface& iface, const proto::IpAddr& group) {
    auto it = joined_.find(Key{iface.index, group});
    if (it == joined_.end()) {
        return Error{ENOENT, describe("leave", iface, group) + ": not joined"};
    }
    if (--it->second.users > 0) {
        return {};
    }
    const int fd = pool(group.family())[it->second.socket].get();
    joined_.erase(it);
    const int err = set_membership(fd, iface, group, false);
    // EADDRNOTAVAIL / ENODEV: the interface went away and took the group along.
    if (err != 0 && err != EADDRNOTAVAIL && err != ENODEV) {
        return errno_error(err, describe("leave", iface, group));
    }
    return {};
}

Result<void> MulticastMemberships::join_vrrp_group(const Iface& iface, proto::Family family) {
    return join(iface, proto::vrrp_group(family));
}

Result<void> MulticastMemberships::leave_vrrp_group(const Iface& iface, proto::Family family) {
    return leave(iface, proto::vrrp_group(family));
}

Result<void> MulticastMemberships::join_solicited_node(const Iface& iface,
                                                       const proto::IpAddr& vip) {
    return join(iface, proto::solicited_node(vip));
}

Result<void> MulticastMemberships::leave_solicited_node(const Iface& iface,
                                                        const proto::IpAddr& vip) {
    return leave(iface, proto::solicited_node(vip));
}

unsigned MulticastMemberships::users(const Iface& iface, const proto::IpAddr& group) const {
    auto it = joined_.find(Key{iface.index, group});
    return it == joined_.end() ? 0 : it->second.users;
}

}  // namespace xvrrp::net

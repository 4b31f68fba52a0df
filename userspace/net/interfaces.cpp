#include "net/interfaces.h"

#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <string>

namespace xvrrp::net {
namespace {

constexpr uint8_t kScopeHost = 254;  // RT_SCOPE_HOST

Error no_such_interface(std::string_view name) {
    return Error{ENODEV, std::string(name) + ": no such interface"};
}

Result<LinkInfo> get_link(RtnlSocket& rtnl, int index, std::string_view name) {
    NlMsgPtr msg(nlmsg_alloc_simple(RTM_GETLINK, 0));
    ifinfomsg ifi{};
    ifi.ifi_family = AF_UNSPEC;
    ifi.ifi_index = index;
    if (!msg || nlmsg_append(msg.get(), &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
        (index == 0 && nla_put_string(msg.get(), IFLA_IFNAME, std::string(name).c_str()) < 0)) {
        return Error{ENOMEM, std::string(name) + ": cannot build a link request"};
    }
    std::optional<LinkInfo> found;
    auto done = rtnl.query(msg, [&](const nlmsghdr& h) {
        if (auto link = decode_link(h)) {
            found = std::move(link);
        }
    });
    if (!done) {
        if (done.error().code == ENODEV) {
            return no_such_interface(name);
        }
        return with_context(done.error(), std::string(name));
    }
    if (!found) {
        return no_such_interface(name);
    }
    return *found;
}

bool excluded(const proto::IpAddr& addr, std::span<const proto::IpAddr> exclude) {
    return std::find(exclude.begin(), exclude.end(), addr) != exclude.end();
}

}  // namespace

Result<Iface> find_interface(std::string_view name) {
    if (name.empty() || name.size() >= IF_NAMESIZE) {
        return no_such_interface(name);
    }
    const unsigned index = if_nametoindex(std::string(name).c_str());
    if (index == 0) {
        if (errno == ENODEV || errno == ENXIO) {
            return no_such_interface(name);
        }
        return errno_error(errno, std::string(name) + ": cannot look up the interface");
    }
    return Iface{static_cast<int>(index), std::string(name)};
}

Result<LinkInfo> link_info(RtnlSocket& rtnl, std::string_view name) {
    if (name.empty() || name.size() >= IF_NAMESIZE) {
        return no_such_interface(name);
    }
    return get_link(rtnl, 0, name);
}

Result<LinkInfo> link_info(RtnlSocket& rtnl, const Iface& iface) {
    return get_link(rtnl, iface.index, iface.name);
}

Result<std::vector<InterfaceAddress>> list_addresses(RtnlSocket& rtnl, const Iface& iface,
                                                     std::optional<proto::Family> family) {
    NlMsgPtr msg(nlmsg_alloc_simple(RTM_GETADDR, NLM_F_DUMP));
    ifaddrmsg ifa{};
    ifa.ifa_family = !family ? AF_UNSPEC : *family == proto::Family::V4 ? AF_INET : AF_INET6;
    ifa.ifa_index = static_cast<uint32_t>(iface.index);  // filtered by the kernel (strict check)
    if (!msg || nlmsg_append(msg.get(), &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0) {
        return Error{ENOMEM, iface.name + ": cannot build an address request"};
    }
    std::vector<InterfaceAddress> out;
    auto done = rtnl.query(msg, [&](const nlmsghdr& h) {
        auto addr = decode_address(h);
        // Filter again: kernels without strict checking dump every interface.
        if (addr && addr->ifindex == iface.index && (!family || addr->addr.family() == *family)) {
            out.push_back(std::move(*addr));
        }
    });
    if (!done) {
        return with_context(done.error(), iface.name + ": list addresses");
    }
    return out;
}

Result<proto::IpAddr> primary_ipv4(RtnlSocket& rtnl, const Iface& iface,
                                   std::span<const proto::IpAddr> exclude) {
    auto addrs = list_addresses(rtnl, iface, proto::Family::V4);
    if (!addrs) {
        return addrs.error();
    }
    return pick_primary_ipv4(*addrs, iface.name, exclude);
}

Result<proto::IpAddr> pick_primary_ipv4(std::span<const InterfaceAddress> addrs,
                                        const std::string& ifname,
                                        std::span<const proto::IpAddr> exclude) {
    for (const auto& a : addrs) {
        if (a.addr.is_v4() && !a.secondary() && a.scope != kScopeHost &&
            !excluded(a.addr, exclude)) {
            return a.addr;
        }
    }
    return Error{EADDRNOTAVAIL, ifname +
                                    ": no IPv4 address to send VRRP adverts from; add one "
                                    "to the interface (VIPs do not count)"};
}

Result<proto::IpAddr> ipv6_link_local(RtnlSocket& rtnl, const Iface& iface,
                                      std::span<const proto::IpAddr> exclude) {
    auto addrs = list_addresses(rtnl, iface, proto::Family::V6);
    if (!addrs) {
        return addrs.error();
    }
    return pick_ipv6_link_local(*addrs, iface.name, exclude);
}

Result<proto::IpAddr> pick_ipv6_link_local(std::span<const InterfaceAddress> addrs,
                                           const std::string& ifname,
                                           std::span<const proto::IpAddr> exclude) {
    std::optional<proto::IpAddr> tentative;
    for (const auto& a : addrs) {
        if (!a.addr.is_link_local() || a.dad_failed() || excluded(a.addr, exclude)) {
            continue;
        }
        if (!a.tentative()) {
            return a.addr;
        }
        if (!tentative) {
            tentative = a.addr;
        }
    }
    if (tentative) {
        return *tentative;
    }
    return Error{EADDRNOTAVAIL,
                 ifname +
                     ": no IPv6 link-local address to send VRRP adverts from; is IPv6 "
                     "enabled on the interface (addr_gen_mode, disable_ipv6)?"};
}

}  // namespace xvrrp::net

#include "net/rtnl_decode.h"

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace xvrrp::net {
namespace {

nlmsghdr* mutable_header(const nlmsghdr& h) {
    // libnl's parsers take non-const pointers but only read.
    return const_cast<nlmsghdr*>(&h);
}

std::string attr_string(const nlattr* a) {
    if (a == nullptr) {
        return {};
    }
    const auto* text = static_cast<const char*>(nla_data(a));
    return std::string(text, strnlen(text, static_cast<size_t>(nla_len(a))));
}

std::optional<proto::IpAddr> attr_ip(const nlattr* a, int family) {
    if (a == nullptr) {
        return std::nullopt;
    }
    const auto* bytes = static_cast<const uint8_t*>(nla_data(a));
    if (family == AF_INET && nla_len(a) == 4) {
        std::array<uint8_t, 4> b{};
        std::copy_n(bytes, 4, b.begin());
        return proto::IpAddr::v4(b);
    }
    if (family == AF_INET6 && nla_len(a) == 16) {
        std::array<uint8_t, 16> b{};
        std::copy_n(bytes, 16, b.begin());
        return proto::IpAddr::v6(b);
    }
    return std::nullopt;
}

}  // namespace

std::string to_string(const proto::Mac& mac) {
    char text[18];
    std::snprintf(text, sizeof(text), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
                  mac[3], mac[4], mac[5]);
    return text;
}

std::string_view to_string(OperState state) {
    switch (state) {
        case OperState::Unknown:
            return "unknown";
        case OperState::NotPresent:
            return "notpresent";
        case OperState::Down:
            return "down";
        case OperState::LowerLayerDown:
            return "lowerlayerdown";
        case OperState::Testing:
            return "testing";
        case OperState::Dormant:
            return "dormant";
        case OperState::Up:
            return "up";
    }
    return "unknown";
}

bool LinkInfo::admin_up() const {
    return (flags & IFF_UP) != 0;
}
bool LinkInfo::running() const {
    return (flags & IFF_RUNNING) != 0;
}
bool LinkInfo::lower_up() const {
    return (flags & IFF_LOWER_UP) != 0;
}

bool InterfaceAddress::secondary() const {
    return (flags & IFA_F_SECONDARY) != 0;
}
bool InterfaceAddress::tentative() const {
    return (flags & IFA_F_TENTATIVE) != 0;
}
bool InterfaceAddress::dad_failed() const {
    return (flags & IFA_F_DADFAILED) != 0;
}
bool InterfaceAddress::nodad() const {
    return (flags & IFA_F_NODAD) != 0;
}
bool InterfaceAddress::no_prefix_route() const {
    return (flags & IFA_F_NOPREFIXROUTE) != 0;
}

bool message_fits(const nlmsghdr* h, int rest) {
    if (rest < static_cast<int>(sizeof(nlmsghdr))) {
        return false;
    }
    return h->nlmsg_len >= sizeof(nlmsghdr) && h->nlmsg_len <= static_cast<unsigned>(rest);
}

std::optional<LinkInfo> decode_link(const nlmsghdr& h) {
    if (h.nlmsg_type != RTM_NEWLINK && h.nlmsg_type != RTM_DELLINK) {
        return std::nullopt;
    }
    nlattr* tb[IFLA_MAX + 1] = {};
    if (nlmsg_parse(mutable_header(h), sizeof(ifinfomsg), tb, IFLA_MAX, nullptr) < 0) {
        return std::nullopt;
    }
    const auto* ifi = static_cast<const ifinfomsg*>(nlmsg_data(&h));
    // Bridge port notifications (AF_BRIDGE) share the group but describe
    // the port, not the link.
    if (ifi->ifi_family != AF_UNSPEC) {
        return std::nullopt;
    }
    LinkInfo link;
    link.index = ifi->ifi_index;
    link.flags = ifi->ifi_flags;
    link.name = attr_string(tb[IFLA_IFNAME]);
    if (tb[IFLA_ADDRESS] != nullptr && nla_len(tb[IFLA_ADDRESS]) == 6) {
        std::memcpy(link.mac.data(), nla_data(tb[IFLA_ADDRESS]), 6);
    }
    if (tb[IFLA_MTU] != nullptr && nla_len(tb[IFLA_MTU]) == 4) {
        link.mtu = nla_get_u32(tb[IFLA_MTU]);
    }
    if (tb[IFLA_OPERSTATE] != nullptr && nla_len(tb[IFLA_OPERSTATE]) == 1) {
        const uint8_t op = nla_get_u8(tb[IFLA_OPERSTATE]);
        link.oper_state = op <= IF_OPER_UP ? static_cast<OperState>(op) : OperState::Unknown;
    }
    return link;
}

std::optional<InterfaceAddress> decode_address(const nlmsghdr& h) {
    if (h.nlmsg_type != RTM_NEWADDR && h.nlmsg_type != RTM_DELADDR) {
        return std::nullopt;
    }
    nlattr* tb[IFA_MAX + 1] = {};
    if (nlmsg_parse(mutable_header(h), sizeof(ifaddrmsg), tb, IFA_MAX, nullptr) < 0) {
        return std::nullopt;
    }
    const auto* ifa = static_cast<const ifaddrmsg*>(nlmsg_data(&h));
    // IFA_LOCAL is the address itself on point-to-point links, where
    // IFA_ADDRESS is the peer; IPv6 normally sends only IFA_ADDRESS.
    auto addr = attr_ip(tb[IFA_LOCAL], ifa->ifa_family);
    if (!addr) {
        addr = attr_ip(tb[IFA_ADDRESS], ifa->ifa_family);
    }
    if (!addr) {
        return std::nullopt;
    }
    InterfaceAddress out;
    out.ifindex = static_cast<int>(ifa->ifa_index);
    out.addr = *addr;
    out.prefix_len = ifa->ifa_prefixlen;
    out.scope = ifa->ifa_scope;
    out.flags = ifa->ifa_flags;
    if (tb[IFA_FLAGS] != nullptr && nla_len(tb[IFA_FLAGS]) == 4) {
        out.flags = nla_get_u32(tb[IFA_FLAGS]);
    }
    out.label = attr_string(tb[IFA_LABEL]);
    return out;
}

}  // namespace xvrrp::net

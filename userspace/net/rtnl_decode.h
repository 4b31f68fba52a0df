// What rtnetlink link and address messages say, as plain C++ values. Shared
// by the lookups (replies to our queries) and the monitor (notifications).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "proto/address.h"
#include "proto/frames.h"

struct nlmsghdr;

namespace xvrrp::net {

// An interface as the error messages and the kernel both know it.
struct Iface {
    int index = 0;
    std::string name;  // for messages; the kernel is addressed by index
};

// "00:00:5e:00:01:33"
std::string to_string(const proto::Mac& mac);

// RFC 2863 operational state, values as IF_OPER_* (linux/if.h).
enum class OperState : uint8_t {
    Unknown = 0,
    NotPresent = 1,
    Down = 2,
    LowerLayerDown = 3,
    Testing = 4,
    Dormant = 5,
    Up = 6,
};
std::string_view to_string(OperState state);

struct LinkInfo {
    int index = 0;
    std::string name;
    proto::Mac mac{};  // zero when the link has no 6-byte hardware address
    uint32_t mtu = 0;
    uint32_t flags = 0;  // IFF_* (IFF_UP, IFF_RUNNING, IFF_LOWER_UP, ...)
    OperState oper_state = OperState::Unknown;

    bool admin_up() const;  // IFF_UP: `ip link set up`
    // IFF_RUNNING: up with carrier, what VRRP calls the interface being up.
    bool running() const;
    bool lower_up() const;  // IFF_LOWER_UP: carrier
    Iface iface() const { return Iface{index, name}; }
};

struct InterfaceAddress {
    int ifindex = 0;
    proto::IpAddr addr;
    uint8_t prefix_len = 0;
    uint8_t scope = 0;   // RT_SCOPE_* (0 universe, 253 link, 254 host)
    uint32_t flags = 0;  // IFA_F_* including the 32-bit IFA_FLAGS ones
    std::string label;   // IPv4 only

    bool secondary() const;
    bool tentative() const;   // IPv6 DAD in progress
    bool dad_failed() const;  // IPv6 duplicate found
    bool nodad() const;
    bool no_prefix_route() const;
};

// nullopt when the message is not a well-formed RTM_NEWLINK / RTM_DELLINK
// (AF_UNSPEC) or RTM_NEWADDR / RTM_DELADDR.
std::optional<LinkInfo> decode_link(const nlmsghdr& h);
std::optional<InterfaceAddress> decode_address(const nlmsghdr& h);

// NLMSG_OK(h, rest) without its comparison of the u32 length with an int
// (clang's -Wsign-compare): a whole message header and body fit in `rest`.
bool message_fits(const nlmsghdr* h, int rest);

}  // namespace xvrrp::net

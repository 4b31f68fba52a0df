// Putting the egress program (xvrrp_egress, bpf/egress.h) on an interface's
// clsact egress hook and taking it off, through libbpf's netlink TC API.
//
// Ours is one cls_bpf filter (direct action) at a fixed handle and priority,
// so every xvrrp process finds it without state: `tc filter show dev bond1
// egress` lists it as "xvrrp_egress:[ID] direct-action" at pref 1 handle
// 0x7876. The clsact qdisc is created when missing and never removed: other
// programs may hang filters on it, and an empty clsact costs nothing that
// matters. A filter at our handle and priority that is not our program is
// never replaced nor removed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dataplane/result.h"
#include "xvrrp/abi.h"

namespace xvrrp::dataplane {

inline constexpr const char* kEgressProgName = XVRRP_PROG_EGRESS;
// First among filters on the hook ("pref 1"), so another filter that ends
// the chain with TC_ACT_OK cannot skip it; ours ends nothing (TC_ACT_UNSPEC).
inline constexpr uint32_t kEgressPriority = 1;
inline constexpr uint32_t kEgressHandle = 0x7876;  // "xv"

// The filter at our handle and priority.
struct EgressFilter {
    uint32_t prog_id = 0;
    std::string name;  // the program's name as the kernel reports it
    bool is_xvrrp() const { return name == kEgressProgName; }
};

// What sits at our handle and priority on the egress hook now; nullopt when
// nothing does (or the interface has no clsact qdisc).
Result<std::optional<EgressFilter>> query_egress(std::string_view ifname, int ifindex);

// Creates clsact if missing and attaches `prog_fd` at our handle and
// priority. `replace`: atomically swap out the xvrrp filter there (a
// restarted controller, or a roll-back); otherwise the slot must be free.
Result<void> attach_egress(int prog_fd, std::string_view ifname, int ifindex, bool replace);

// Removes our filter if it is there and runs an xvrrp program; the qdisc
// stays. Nothing there is not an error.
Result<void> detach_egress(std::string_view ifname, int ifindex);

}  // namespace xvrrp::dataplane

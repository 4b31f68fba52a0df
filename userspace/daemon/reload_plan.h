// SIGHUP: which running instances a new configuration keeps, changes, drops
// or adds, by instance name, and what that means for each interface's kernel
// maps and unicast filter, entry by entry. Pure.
//
// "Unchanged" ignores where things are written (file and line), so editing
// a comment above an instance does not restart it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/model.h"
#include "dataplane/router_key.h"
#include "proto/address.h"
#include "proto/frames.h"

namespace xvrrp::daemon {

struct ReloadPlan {
    std::vector<std::string> unchanged;  // keep running, no transition
    std::vector<std::string> changed;    // same name, different settings: re-create
    std::vector<std::string> removed;    // shut down (S7 if MASTER)
    std::vector<std::string> added;      // start (S1 / S2)
};

// Equal as running settings (source positions ignored).
bool same_settings(const config::Instance& a, const config::Instance& b);

// Whether a changed instance still is the same virtual router on the wire:
// same interface, VRID and family (the kernel entry can be kept).
bool same_router(const config::Instance& a, const config::Instance& b);

ReloadPlan plan_reload(const std::vector<config::Instance>& running,
                       const std::vector<config::Instance>& wanted);

// One VIP entry to write (BPF_ANY: created, or its owner replaced in place),
// with what it was, to put it back if the reload fails.
struct VipPut {
    proto::IpAddr addr;
    dataplane::RouterKey owner;
    std::optional<dataplane::RouterKey> before;
    friend bool operator==(const VipPut&, const VipPut&) = default;
};

struct PeerRef {
    dataplane::RouterKey router;
    proto::IpAddr addr;
    friend bool operator==(const PeerRef&, const PeerRef&) = default;
};

// How one interface's kernel state goes from the running routers to the
// wanted ones. Additions (`*_add`, `vip_put`) are made before anything
// stops and can be undone; deletions are only of what the new configuration
// no longer has, made after: an entry that stays is never deleted and added
// again (in between, the kernel would answer ARP for the VIP with the real
// MAC).
struct LinkChanges {
    std::vector<proto::Mac> vmac_add, vmac_delete;  // the NIC's unicast filter
    std::vector<VipPut> vip_put;
    std::vector<proto::IpAddr> vip_delete;
    std::vector<PeerRef> peer_add, peer_delete;
    std::vector<dataplane::RouterKey> router_delete;
};

// By interface (the instance's own: its maps hold its VIPs and peers).
std::map<std::string, LinkChanges> link_changes(const std::vector<config::Instance>& running,
                                                const std::vector<config::Instance>& wanted);

}  // namespace xvrrp::daemon

// The VMAC in a device's unicast address filter, so the NIC accepts frames
// sent to it without macvlan (DESIGN decision 3). This is the netlink form of
// `bridge fdb add 00:00:5e:00:01:VRID dev IF self local`: RTM_NEWNEIGH,
// AF_BRIDGE, NTF_SELF, NUD_PERMANENT, NDA_LLADDR. Devices without their own
// FDB (veth, bond, most NICs) take it through the kernel's default handler,
// which puts the address in the device's unicast list (dev_uc_add_excl);
// a device without unicast filtering then goes promiscuous, which the kernel
// undoes when the list empties again.
#pragma once

#include <span>
#include <vector>

#include "net/result.h"
#include "net/rtnl.h"
#include "net/rtnl_decode.h"
#include "proto/frames.h"

namespace xvrrp::net {

struct MacFailure {
    proto::Mac mac;
    Error error;  // "bond1: add VMAC 00:00:5e:00:01:33 to the unicast filter: ..."
};

// One batch; an entry already present (EEXIST) counts as added. Returns the
// MACs that could not be added (empty: all in place).
std::vector<MacFailure> add_unicast_filter(RtnlSocket& rtnl, const Iface& iface,
                                           std::span<const proto::Mac> macs);
// One batch; an entry not present (ENOENT) counts as removed.
std::vector<MacFailure> remove_unicast_filter(RtnlSocket& rtnl, const Iface& iface,
                                              std::span<const proto::Mac> macs);
// The device's own (NTF_SELF) unicast filter entries, as `bridge fdb show
// dev IF` lists them; includes the multicast MACs the stack subscribed to.
Result<std::vector<proto::Mac>> list_unicast_filter(RtnlSocket& rtnl, const Iface& iface);

}  // namespace xvrrp::net

// What the controller holds for one interface its programs were loaded for
// (owned by LinkSet, link_set.h). While the device is gone, `attachment`,
// `maps` and `timer_ctl` stay (the programs are reused when it comes back);
// `tx` and `arp_announce` are reset, and `info` describes the old device.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/arp_announce.h"
#include "dataplane/attachment.h"
#include "dataplane/counters.h"
#include "dataplane/maps.h"
#include "dataplane/timer_control.h"
#include "net/rtnl_decode.h"
#include "net/transmitter.h"

namespace xvrrp::daemon {

struct AttachedLink {
    AttachedLink(std::string n, net::LinkInfo i, dataplane::Attachment a)
        : name(std::move(n)), info(std::move(i)), attachment(std::move(a)) {}

    std::string name;
    net::LinkInfo info;
    dataplane::Attachment attachment;
    std::optional<dataplane::Maps> maps;
    std::optional<dataplane::TimerControl> timer_ctl;
    std::optional<net::PacketTransmitter> tx;
    // What a previous controller left in the pinned maps (restart).
    std::vector<std::pair<dataplane::RouterKey, xvrrp_router>> pinned_routers;
    std::vector<std::pair<proto::IpAddr, dataplane::RouterKey>> pinned_vips;
    // Last counter reading, to log new discards.
    std::vector<dataplane::CounterValue> counters;
    std::optional<ArpAnnounce> arp_announce;
};

}  // namespace xvrrp::daemon

// What the controller holds for one attached interface (internal to the
// controller's .cpp files).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/arp_announce.h"
#include "daemon/controller.h"
#include "dataplane/attachment.h"
#include "dataplane/counters.h"
#include "dataplane/maps.h"
#include "dataplane/timer_control.h"
#include "net/rtnl_decode.h"
#include "net/transmitter.h"

namespace xvrrp::daemon {

struct Controller::Link {
    Link(std::string n, net::LinkInfo i, dataplane::Attachment a)
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

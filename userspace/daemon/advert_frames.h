// The advertisements one virtual router sends, prebuilt (DESIGN decision 2):
// built once per priority and reused on every tick until the priority or
// the VIPs change. Pure.
//
// Multicast mode: one Ethernet frame from the VMAC to 224.0.0.18 / ff02::12
// (P5, P6), sent over AF_PACKET. Unicast mode: one IP packet per peer,
// handed to the kernel's IP layer, which resolves the peer's MAC (the VMAC
// cannot be the source there: keepalived does the same).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "config/model.h"
#include "fsm/router_config.h"
#include "proto/address.h"

namespace xvrrp::daemon {

struct AdvertBatch {
    bool unicast = false;
    // Multicast: one complete Ethernet frame. Unicast: one IP packet per
    // entry of `peers`, in the same order.
    std::vector<std::vector<uint8_t>> packets;
    std::vector<proto::IpAddr> peers;
};

using AdvertBatchPtr = std::shared_ptr<const AdvertBatch>;

class AdvertFrames {
  public:
    AdvertFrames(const fsm::RouterConfig& rc, const config::Instance& in);

    // The advert with `priority` (0 when leaving MASTER), built on first use.
    AdvertBatchPtr get(uint8_t priority);

  private:
    AdvertBatchPtr build(uint8_t priority) const;

    fsm::RouterConfig rc_;
    bool pass_auth_ = false;
    std::string auth_pass_;
    std::vector<proto::IpAddr> peers_;
    std::map<uint8_t, AdvertBatchPtr> cache_;
};

}  // namespace xvrrp::daemon

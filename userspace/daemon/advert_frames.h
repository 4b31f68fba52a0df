// The advertisements one virtual router sends, prebuilt (DESIGN decision 2):
// built once per priority and reused on every tick until the priority or
// the VIPs change. Pure.
//
// Multicast mode: one Ethernet frame from the VMAC to 224.0.0.18 / ff02::12
// (P5, P6), sent over AF_PACKET. Unicast mode: one IP packet per peer,
// handed to the kernel's IP layer, which resolves the peer's MAC (the VMAC
// cannot be the source there: keepalived does the same), with TTL 255 or
// keepalived's unicast_ttl when the peers are routers away.
//
// VRRPv3 over IPv4 carries its checksum with the IPv4 pseudo-header (as
// keepalived and FRR send it) or, with v3_checksum_as_v2, over the message
// only (RFC 9568) (P3). In version_migration mode each batch holds a v3 and
// then a v2 advert (per peer in unicast mode): RFC 9568 8.4, I1.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "config/model.h"
#include "fsm/router_config.h"
#include "proto/address.h"
#include "proto/frames.h"
#include "xvrrp/abi.h"

namespace xvrrp::daemon {

struct AdvertBatch {
    uint8_t priority = 0;
    bool unicast = false;
    // Multicast: one complete Ethernet frame. Unicast: one IP packet per
    // entry of `peers`, in the same order.
    std::vector<std::vector<uint8_t>> packets;
    std::vector<proto::IpAddr> peers;
};

using AdvertBatchPtr = std::shared_ptr<const AdvertBatch>;

class AdvertFrames {
  public:
    // `mac`: the Ethernet source of multicast adverts (the VMAC, P5, or the
    // interface's MAC in real-MAC mode).
    AdvertFrames(const fsm::RouterConfig& rc, const config::Instance& in, const proto::Mac& mac);

    // The advert with `priority` (0 when leaving MASTER), built on first use.
    AdvertBatchPtr get(uint8_t priority);

  private:
    AdvertBatchPtr build(uint8_t priority) const;
    void add(AdvertBatch& batch, const proto::Advert& a, xvrrp_csum_form form) const;

    fsm::RouterConfig rc_;
    proto::Mac mac_;
    xvrrp_csum_form v3_form_ = XVRRP_CSUM_PSEUDO;
    bool v2_too_ = false;  // version_migration (I1)
    uint16_t v2_interval_s_ = 1;
    bool pass_auth_ = false;
    std::string auth_pass_;
    std::vector<proto::IpAddr> peers_;
    uint8_t unicast_ttl_ = XVRRP_TTL;
    std::map<uint8_t, AdvertBatchPtr> cache_;
    // The priority asked for last: every tick asks for the same one.
    AdvertBatchPtr last_;
};

}  // namespace xvrrp::daemon

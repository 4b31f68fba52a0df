#include "daemon/advert_frames.h"

#include <algorithm>

#include "proto/frames.h"

namespace xvrrp::daemon {

AdvertFrames::AdvertFrames(const fsm::RouterConfig& rc, const config::Instance& in)
    : rc_(rc),
      pass_auth_(in.version == proto::Version::V2 && in.auth_pass_enabled),
      auth_pass_(in.auth_pass),
      peers_(in.unicast_peers) {}

AdvertBatchPtr AdvertFrames::get(uint8_t priority) {
    auto& slot = cache_[priority];
    if (!slot) {
        slot = build(priority);
    }
    return slot;
}

AdvertBatchPtr AdvertFrames::build(uint8_t priority) const {
    proto::Advert a;
    a.version = rc_.version;
    a.family = rc_.family;
    a.vrid = rc_.vrid;
    a.priority = priority;
    a.interval = rc_.advert_interval;
    a.addresses = rc_.vips;
    if (pass_auth_) {
        a.auth_type = proto::AuthType::Pass;
        std::copy_n(auth_pass_.begin(), std::min(auth_pass_.size(), a.auth.size()), a.auth.begin());
    }
    // v3/IPv4 with the pseudo-header, as keepalived and FRR send it (P3);
    // the encoder ignores the form where the RFC fixes it.
    const auto form = rc_.version == proto::Version::V2 ? XVRRP_CSUM_PLAIN : XVRRP_CSUM_PSEUDO;
    auto batch = std::make_shared<AdvertBatch>();
    if (peers_.empty()) {
        batch->packets.push_back(proto::build_advert_frame(a, proto::vmac(rc_.family, rc_.vrid),
                                                           rc_.primary,
                                                           proto::vrrp_group(rc_.family), form));
        return batch;
    }
    batch->unicast = true;
    for (const auto& peer : peers_) {
        batch->packets.push_back(proto::build_advert_packet(a, rc_.primary, peer, form));
        batch->peers.push_back(peer);
    }
    return batch;
}

}  // namespace xvrrp::daemon

#include "daemon/advert_frames.h"

#include <algorithm>

#include "proto/frames.h"

namespace xvrrp::daemon {

AdvertFrames::AdvertFrames(const fsm::RouterConfig& rc, const config::Instance& in,
                           const proto::Mac& mac)
    : rc_(rc),
      mac_(mac),
      v3_form_(in.v3_checksum_as_v2 ? XVRRP_CSUM_PLAIN : XVRRP_CSUM_PSEUDO),
      v2_too_(in.version == proto::Version::V3 && in.version_migration),
      v2_interval_s_(static_cast<uint16_t>(in.advert_int_cs / 100)),
      pass_auth_(in.version == proto::Version::V2 && in.auth_pass_enabled),
      auth_pass_(in.auth_pass),
      peers_(in.unicast_peers),
      unicast_ttl_(in.unicast_ttl.value_or(XVRRP_TTL)) {}

AdvertBatchPtr AdvertFrames::get(uint8_t priority) {
    if (last_ && last_->priority == priority) {
        return last_;
    }
    auto& slot = cache_[priority];
    if (!slot) {
        slot = build(priority);
    }
    last_ = slot;
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
    auto batch = std::make_shared<AdvertBatch>();
    batch->priority = priority;
    batch->unicast = !peers_.empty();
    // The encoder ignores the form where the RFC fixes it (v2, IPv6).
    add(*batch, a, rc_.version == proto::Version::V2 ? XVRRP_CSUM_PLAIN : v3_form_);
    if (v2_too_) {
        // v3 first: a migrating backup that hears both follows the v3 one (I3).
        a.version = proto::Version::V2;
        a.interval = v2_interval_s_;
        add(*batch, a, XVRRP_CSUM_PLAIN);
    }
    return batch;
}

void AdvertFrames::add(AdvertBatch& batch, const proto::Advert& a, xvrrp_csum_form form) const {
    if (!batch.unicast) {
        batch.packets.push_back(
            proto::build_advert_frame(a, mac_, rc_.primary, proto::vrrp_group(rc_.family), form));
        return;
    }
    for (const auto& peer : peers_) {
        batch.packets.push_back(
            proto::build_advert_packet(a, rc_.primary, peer, form, {.ttl = unicast_ttl_}));
        batch.peers.push_back(peer);
    }
}

}  // namespace xvrrp::daemon

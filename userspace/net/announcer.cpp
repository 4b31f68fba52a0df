#include "net/announcer.h"

#include <cerrno>

#include "proto/frames.h"

namespace xvrrp::net {

Result<Announcement> Announcement::build(uint8_t vrid, std::span<const proto::IpAddr> vips,
                                         const std::optional<proto::IpAddr>& src_link_local) {
    std::vector<std::vector<uint8_t>> frames;
    frames.reserve(vips.size());
    for (const auto& vip : vips) {
        if (vip.is_v4()) {
            frames.push_back(proto::build_garp(vrid, vip));
            continue;
        }
        if (!src_link_local || src_link_local->is_v4() || !src_link_local->is_link_local()) {
            return Error{EINVAL, "VRID " + std::to_string(vrid) + ": unsolicited NA for " +
                                     vip.to_string() +
                                     " needs the interface's IPv6 link-local address as source"};
        }
        frames.push_back(proto::build_unsolicited_na(vrid, vip, *src_link_local));
    }
    return Announcement(std::move(frames));
}

SendReport Announcement::send(PacketTransmitter& tx, unsigned repeat) const {
    std::vector<std::span<const uint8_t>> batch;
    batch.reserve(frames_.size() * repeat);
    for (unsigned round = 0; round < repeat; ++round) {
        for (const auto& frame : frames_) {
            batch.emplace_back(frame);
        }
    }
    return tx.send_batch(std::span<const std::span<const uint8_t>>(batch));
}

}  // namespace xvrrp::net

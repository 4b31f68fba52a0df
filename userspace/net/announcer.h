// The gratuitous frames of one virtual router (A4): a GARP per IPv4 VIP and
// an unsolicited NA per IPv6 VIP, all from the VMAC, built once (they change
// only with the VIP list) and sent as one batch.
//
// A5 is the caller's part: send only after the VIPs and the VMAC filter are
// in place.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "net/result.h"
#include "net/transmitter.h"
#include "proto/address.h"

namespace xvrrp::net {

class Announcement {
  public:
    // `src_link_local` is the IPv6 source of the NAs (the interface's
    // link-local address, ipv6_link_local()); required when any VIP is IPv6.
    static Result<Announcement> build(uint8_t vrid, std::span<const proto::IpAddr> vips,
                                      const std::optional<proto::IpAddr>& src_link_local = {});

    // One frame per VIP, in VIP order.
    const std::vector<std::vector<uint8_t>>& frames() const { return frames_; }

    // `repeat` rounds over every VIP (VIP 1, 2, ..., 1, 2, ...) in one batch.
    SendReport send(PacketTransmitter& tx, unsigned repeat) const;

  private:
    explicit Announcement(std::vector<std::vector<uint8_t>> frames) : frames_(std::move(frames)) {}

    std::vector<std::vector<uint8_t>> frames_;
};

}  // namespace xvrrp::net

// IPv4 / IPv6 / Ethernet header parsing in front of the VRRP ladder
// (decode_ip_packet, decode_frame in codec.h).

#include "proto/checksum.h"
#include "proto/codec.h"
#include "proto/frames.h"
#include "proto/wire.h"

namespace xvrrp::proto {

namespace {

constexpr size_t kIpv4MinHeader = 20;
constexpr size_t kIpv6Header = 40;
constexpr uint16_t kIpv4FragMask = 0x3fff;  // MF flag + fragment offset

// The IP payload is shorter than the IP header claims: the VRRP message was
// cut short, whatever it says.
DecodeResult truncated(const IpHeader& ip) {
    DecodeResult r;
    r.ip = ip;
    r.discard = XVRRP_DISCARD_D4_TRUNCATED;
    return r;
}

std::optional<DecodeResult> decode_ipv4(std::span<const uint8_t> p, const ReceivePolicy* policy) {
    if (p.size() < kIpv4MinHeader) {
        return std::nullopt;
    }
    const size_t ihl = size_t{p[0] & 0x0fu} * 4;
    const size_t total = wire::load_u16(p, 2);
    if (ihl < kIpv4MinHeader || p.size() < ihl || total < ihl) {
        return std::nullopt;
    }
    if (inet_checksum(p.first(ihl)) != 0 || (wire::load_u16(p, 6) & kIpv4FragMask) != 0 ||
        p[9] != XVRRP_IPPROTO_VRRP) {
        return std::nullopt;
    }
    const IpHeader ip{wire::load_addr(p, 12, Family::V4), wire::load_addr(p, 16, Family::V4), p[8]};
    if (total > p.size()) {
        return truncated(ip);
    }
    return decode(p.subspan(ihl, total - ihl), ip, policy);
}

std::optional<DecodeResult> decode_ipv6(std::span<const uint8_t> p, const ReceivePolicy* policy) {
    if (p.size() < kIpv6Header || p[6] != XVRRP_IPPROTO_VRRP) {
        return std::nullopt;
    }
    const size_t payload = wire::load_u16(p, 4);
    const IpHeader ip{wire::load_addr(p, 8, Family::V6), wire::load_addr(p, 24, Family::V6), p[7]};
    if (kIpv6Header + payload > p.size()) {
        return truncated(ip);
    }
    return decode(p.subspan(kIpv6Header, payload), ip, policy);
}

}  // namespace

std::optional<DecodeResult> decode_ip_packet(std::span<const uint8_t> packet,
                                             const ReceivePolicy* policy) {
    if (packet.empty()) {
        return std::nullopt;
    }
    switch (packet[0] >> 4) {
        case 4:
            return decode_ipv4(packet, policy);
        case 6:
            return decode_ipv6(packet, policy);
        default:
            return std::nullopt;
    }
}

std::optional<DecodeResult> decode_frame(std::span<const uint8_t> frame,
                                         const ReceivePolicy* policy) {
    if (frame.size() < kEthHeaderLen + 1) {
        return std::nullopt;
    }
    const uint16_t ethertype = wire::load_u16(frame, 12);
    const uint8_t ip_version = frame[kEthHeaderLen] >> 4;
    if ((ethertype == kEtherTypeIpv4 && ip_version == 4) ||
        (ethertype == kEtherTypeIpv6 && ip_version == 6)) {
        return decode_ip_packet(frame.subspan(kEthHeaderLen), policy);
    }
    return std::nullopt;
}

}  // namespace xvrrp::proto

#include "proto/checksum.h"

namespace xvrrp::proto {

void ChecksumAccumulator::add(std::span<const uint8_t> bytes) {
    for (const uint8_t b : bytes) {
        sum_ += odd_ ? b : uint32_t{b} << 8;
        odd_ = !odd_;
    }
}

void ChecksumAccumulator::add_u16(uint16_t value) {
    sum_ += value;
}

void ChecksumAccumulator::add_u32(uint32_t value) {
    sum_ += value >> 16;
    sum_ += value & 0xffff;
}

uint16_t ChecksumAccumulator::finish() const {
    uint64_t s = sum_;
    while (s >> 16) {
        s = (s & 0xffff) + (s >> 16);
    }
    return static_cast<uint16_t>(~s & 0xffff);
}

uint16_t inet_checksum(std::span<const uint8_t> bytes) {
    ChecksumAccumulator acc;
    acc.add(bytes);
    return acc.finish();
}

uint16_t pseudo_header_checksum(std::span<const uint8_t> msg, const IpAddr& src, const IpAddr& dst,
                                uint8_t protocol) {
    ChecksumAccumulator acc;
    acc.add({src.data(), src.size()});
    acc.add({dst.data(), dst.size()});
    if (src.is_v4()) {
        // zero byte, protocol, 16-bit length
        acc.add_u16(protocol);
        acc.add_u16(static_cast<uint16_t>(msg.size()));
    } else {
        // 32-bit length, three zero bytes, next header
        acc.add_u32(static_cast<uint32_t>(msg.size()));
        acc.add_u16(protocol);
    }
    acc.add(msg);
    return acc.finish();
}

uint16_t vrrp_checksum_plain(std::span<const uint8_t> msg) {
    return inet_checksum(msg);
}

uint16_t vrrp_checksum_pseudo(std::span<const uint8_t> msg, const IpAddr& src, const IpAddr& dst) {
    return pseudo_header_checksum(msg, src, dst, XVRRP_IPPROTO_VRRP);
}

uint16_t vrrp_checksum(std::span<const uint8_t> msg, const IpAddr& src, const IpAddr& dst,
                       xvrrp_csum_form form) {
    return form == XVRRP_CSUM_PLAIN ? vrrp_checksum_plain(msg)
                                    : vrrp_checksum_pseudo(msg, src, dst);
}

uint16_t icmpv6_checksum(std::span<const uint8_t> msg, const IpAddr& src, const IpAddr& dst) {
    constexpr uint8_t kIcmpv6 = 58;
    return pseudo_header_checksum(msg, src, dst, kIcmpv6);
}

}  // namespace xvrrp::proto

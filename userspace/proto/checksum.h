// Internet checksums (RFC 1071) for VRRP and ICMPv6, with and without the IP
// pseudo-headers (P3).
//
// Every function returns the 16-bit value to store in the checksum field,
// most significant byte first, when given the message with that field zeroed.
// Given a message whose checksum field is already correct, it returns 0 —
// which is how the decoder verifies.
#pragma once

#include <cstdint>
#include <span>

#include "proto/address.h"
#include "xvrrp/abi.h"

namespace xvrrp::proto {

// Incremental RFC 1071 sum. Bytes are taken as one continuous stream, so
// add() may be called with odd-length pieces.
class ChecksumAccumulator {
  public:
    void add(std::span<const uint8_t> bytes);
    void add_u16(uint16_t value);  // a big-endian 16-bit word (only on an even offset)
    void add_u32(uint32_t value);  // two words (only on an even offset)
    // The ones' complement of the folded sum.
    uint16_t finish() const;

  private:
    uint64_t sum_ = 0;
    bool odd_ = false;  // the stream so far has an odd length
};

uint16_t inet_checksum(std::span<const uint8_t> bytes);

// The sum of an IPv4 (RFC 791) or IPv6 (RFC 8200 §8.1) pseudo-header plus
// `msg`; the pseudo-header family is src's.
uint16_t pseudo_header_checksum(std::span<const uint8_t> msg, const IpAddr& src, const IpAddr& dst,
                                uint8_t protocol);

// VRRP message only (v2; v3/IPv4 per RFC 9568).
uint16_t vrrp_checksum_plain(std::span<const uint8_t> msg);
// VRRP with the pseudo-header of src's family, protocol/next header 112
// (v3/IPv6 always; v3/IPv4 as keepalived and FRR send it).
uint16_t vrrp_checksum_pseudo(std::span<const uint8_t> msg, const IpAddr& src, const IpAddr& dst);
// VRRP in the given form. For v2 pass XVRRP_CSUM_PLAIN; for v3/IPv6 pass
// XVRRP_CSUM_PSEUDO. XVRRP_CSUM_NONE is treated as XVRRP_CSUM_PSEUDO.
uint16_t vrrp_checksum(std::span<const uint8_t> msg, const IpAddr& src, const IpAddr& dst,
                       xvrrp_csum_form form);

// ICMPv6 (next header 58) with the IPv6 pseudo-header (NS, NA).
uint16_t icmpv6_checksum(std::span<const uint8_t> msg, const IpAddr& src, const IpAddr& dst);

}  // namespace xvrrp::proto

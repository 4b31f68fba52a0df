// VRRP v2/v3 advertisement encoder and the receive validation ladder
// (CONFORMANCE.md P1-P4, D1-D12, V1-V3).
//
// Pure: bytes in, bytes or a verdict out. The decoder reports every discard
// as the shared enum xvrrp_discard, so user space and the XDP program count
// the same reasons under one name.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

#include "proto/address.h"
#include "proto/advert.h"
#include "xvrrp/abi.h"

namespace xvrrp::proto {

inline constexpr size_t kVrrpHeaderLen = 8;

// Length of a VRRP message with `count` addresses (P1, P2).
size_t vrrp_message_len(Version version, Family family, size_t count);

// Thrown by encode() and the frame builders for what cannot be put on the
// wire: more than 255 addresses, an address not of advert.family, an
// interval too large for its field (v3: 12 bits, v2: 8 bits), src and dst of
// different families.
class EncodeError : public std::invalid_argument {
  public:
    using std::invalid_argument::invalid_argument;
};

// The VRRP message (no IP header) with its checksum (P3): v2 over the message
// only; v3 in an IPv6 packet with the IPv6 pseudo-header; v3 in an IPv4
// packet plain or pseudo per `form` (XVRRP_CSUM_NONE = pseudo, keepalived's
// choice). `form` is ignored otherwise. src/dst are the IP header's (dst =
// the unicast peer in unicast mode); the pseudo-header family is theirs.
// v3 reserved bits are sent as zero; v2 auth data as advert.auth (send zeros
// for AuthType::None).
//
// Anything representable is encoded, including adverts the decoder discards
// (VRID 0, count 0, interval 0, a list of the other family than src/dst), so
// tests can build them.
std::vector<uint8_t> encode(const Advert& advert, const IpAddr& src, const IpAddr& dst,
                            xvrrp_csum_form form);

// The IP-header facts the ladder needs. The family is src's.
struct IpHeader {
    IpAddr src{};
    IpAddr dst{};
    uint8_t ttl = XVRRP_TTL;  // TTL (IPv4) or hop limit (IPv6)

    Family family() const { return src.family(); }
};

// One instance's (or one interface's) receive settings.
struct ReceivePolicy {
    Version version = Version::V3;  // D2: the configured version ...
    bool accept_v2_and_v3 = false;  // ... unless both are accepted (I1-I3)
    // D1: TTL / hop limit 255, except (unicast_ttl) on an advert from one of
    // `peers` of a unicast policy to a unicast address: those peers may be
    // routers away. Multicast and other sources keep the rule.
    bool relax_ttl_for_peers = false;

    // D6: VRIDs configured on the interface; empty = not checked here.
    std::vector<uint8_t> vrids{};

    // D12: in unicast mode the IP source must be one of `peers`. D9 (an IPv6
    // list starts with a link-local address) is not applied in unicast mode,
    // whose peers may advertise global addresses only.
    bool unicast = false;
    std::vector<IpAddr> peers{};

    // v2 only. V1: auth type (and for Pass, all 8 bytes of auth data).
    AuthType v2_auth_type = AuthType::None;
    std::array<uint8_t, XVRRP_V2_AUTH_LEN> v2_auth{};
    // V2: our advert interval in whole seconds.
    uint16_t v2_interval_s = 1;
    // V3: our virtual addresses. The list must hold as many addresses as we
    // have VIPs, each one of ours, in any order (the XDP program's rule); a
    // v2 advert from a sender of priority 255 is accepted whatever its list.
    std::vector<IpAddr> vips{};
};

struct DecodeResult {
    xvrrp_discard discard = XVRRP_DISCARD_NONE;
    // The form the checksum matched (P3): PLAIN for v2, PSEUDO for v3/IPv6,
    // either for v3/IPv4 (PLAIN if both happen to match). NONE on discard.
    xvrrp_csum_form csum_form = XVRRP_CSUM_NONE;
    // Meaningful when ok(). After a discard past the checksum step (D8, D9,
    // D6, V1-V3) it holds the decoded fields, for the log line.
    Advert advert{};
    IpHeader ip{};  // the header facts the verdict was made with

    bool ok() const { return discard == XVRRP_DISCARD_NONE; }
};

// The validation ladder over a VRRP message (the IP payload, exactly). With
// no policy only the protocol rules apply: D1 (TTL 255), D3, D4, D5, D7, D8,
// D9, D10, and D2 for versions other than 2 and 3. With a policy, also D2
// against the configured version, D6, D12 and, for v2, V1-V3; a unicast
// policy lifts D9.
//
// Lengths: the message must be exactly as long as its count says; a length
// that fits the other family's address size is D10, any other mismatch D4.
// A v2 advert in an IPv6 packet is D10 (v2 lists are IPv4). An owner's
// priority-255 advert is never discarded for that (D11).
DecodeResult decode(std::span<const uint8_t> vrrp, const IpHeader& ip,
                    const ReceivePolicy* policy = nullptr);

// Parses an IPv4 (options allowed; header checksum verified; the payload
// trimmed to Total Length) or IPv6 header (no extension headers), then
// decodes. nullopt when the bytes are not one unfragmented IP packet carrying
// protocol / next header 112 (not an IP packet, header malformed or cut
// short, bad IPv4 header checksum, fragment, another protocol).
// A VRRP payload shorter than the IP length says is D4.
std::optional<DecodeResult> decode_ip_packet(std::span<const uint8_t> packet,
                                             const ReceivePolicy* policy = nullptr);

// Same, behind a 14-byte Ethernet header (EtherType 0x0800 / 0x86DD; no
// VLAN tag). Trailing Ethernet padding is ignored.
std::optional<DecodeResult> decode_frame(std::span<const uint8_t> frame,
                                         const ReceivePolicy* policy = nullptr);

// Human-readable name of a discard reason ("D5 bad checksum"), for logs.
const char* discard_name(xvrrp_discard reason);

}  // namespace xvrrp::proto

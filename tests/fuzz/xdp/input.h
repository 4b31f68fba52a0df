// The XDP fuzzer's input format, decoded byte to structure: a fixed header
// of one-byte fields (which world, which kind of frame, and for each header
// field "the right value" or "something else"), then a tail of raw bytes the
// builders draw from (IPv4 options, ND options, address lists, auth data,
// trailing bytes). A byte-level mutation of the input is thus a mutation of
// one field of a well-formed frame, which is what reaches deep into the
// program: random bytes die at the first checksum.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace xvrrp::xdpfuzz {

enum class Kind : uint8_t { Arp, Ns, Na, Advert4, Advert6, ToVmac, Raw, Count };

struct Spec {
    uint8_t world[2];  // see make_world
    uint8_t kind;      // Kind, modulo Kind::Count
    uint8_t vlan;      // % 8 == 7: one or two 802.1Q / 802.1ad / 0x9100 tags;
                       // bit 6: an IPv6 hop-by-hop header (NS, NA, advert6)
    uint8_t eth_dst;   // choices per kind; 0 = the usual one
    uint8_t eth_src;
    uint8_t src;       // IP source / ARP sender IP
    uint8_t dst;       // IP destination
    uint8_t target;    // ARP / ND target, first advertised address
    uint8_t ttl;       // < 0xc0: 255, else this value
    uint8_t vrid;      // advert VRID: 10, 20, 30, 40, 99 or raw
    uint8_t ver_type;  // 0: v3 advert, 1: v2 advert, else raw first byte
    uint8_t priority;
    uint8_t count;  // addresses listed (% 9); bit 7: a count field that lies
    uint8_t interval_hi;
    uint8_t interval_lo;
    uint8_t csum;     // 0 plain / right, 1 pseudo-header, 2 off by one, 3 raw
    uint8_t options;  // IPv4 option words / ND options
    uint8_t len;      // signed adjustment of the IP length field (when bit 7 of flags)
    uint8_t flags;    // bits: 0 ARP header field, 1 fragment, 2 IP version, 3 IHL,
                      // 4 IPv4 header checksum, 5 code / reserved, 6 sha != eth src,
                      // 7 length adjustment
    uint8_t op;       // ARP op / NA flags
    uint8_t cut;      // bit 7: cut (cut & 0x7f) bytes off the end
    uint8_t pad;      // trailing bytes (% 48)
};
static_assert(sizeof(Spec) == 23);

struct Input {
    Spec spec{};
    std::vector<uint8_t> frame;  // at least 14 bytes
};

Input decode_input(std::span<const uint8_t> data);
// The input that decode_input reads as `spec` followed by `tail` (seeds).
std::vector<uint8_t> encode_input(const Spec& spec, std::span<const uint8_t> tail);

}  // namespace xvrrp::xdpfuzz

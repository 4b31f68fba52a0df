// Complete Ethernet frames: VRRP adverts (P5, P6), gratuitous ARP and
// unsolicited NA (A4), and generic ARP / NS / NA builders for test inputs and
// expected outputs.
//
// Frames are NOT padded to the 60-byte Ethernet minimum (a GARP is 42 bytes):
// veth does not pad, so XDP on veth sees frames exactly as built and fixture
// tests compare exact bytes. A physical NIC pads short frames on transmit, and
// the decoders here ignore trailing padding.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "proto/address.h"
#include "proto/advert.h"
#include "xvrrp/abi.h"

namespace xvrrp::proto {

using Mac = std::array<uint8_t, 6>;

inline constexpr size_t kEthHeaderLen = 14;
inline constexpr uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr uint16_t kEtherTypeArp = 0x0806;
inline constexpr uint16_t kEtherTypeIpv6 = 0x86dd;

inline constexpr Mac kBroadcastMac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
inline constexpr Mac kVrrpMulticastMac4 = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x12};  // 224.0.0.18
inline constexpr Mac kVrrpMulticastMac6 = {0x33, 0x33, 0x00, 0x00, 0x00, 0x12};  // ff02::12
inline constexpr Mac kAllNodesMac6 = {0x33, 0x33, 0x00, 0x00, 0x00, 0x01};       // ff02::1

// P6: 00-00-5E-00-01-{VRID} (IPv4) or 00-00-5E-00-02-{VRID} (IPv6).
Mac vmac(Family family, uint8_t vrid);
// The VRRP group: 224.0.0.18 or ff02::12.
IpAddr vrrp_group(Family family);
// ff02::1
IpAddr all_nodes_v6();
// ff02::1:ffXX:XXXX for `addr` (IPv6).
IpAddr solicited_node(const IpAddr& addr);
// The Ethernet address an IP multicast group maps to (RFC 1112 §6.4 /
// RFC 2464 §7). `group` must be multicast.
Mac multicast_mac(const IpAddr& group);

struct AdvertFrameOptions {
    // Ethernet destination. Unset: the multicast MAC of dst, which must then
    // be multicast (unicast mode needs the peer's MAC here).
    std::optional<Mac> dst_mac{};
    uint8_t ttl = XVRRP_TTL;    // TTL / hop limit; tests override for D1
    bool dont_fragment = true;  // IPv4 DF, as keepalived sends
};

// The IP packet (IPv4 header, ID 0, no options, header checksum; or IPv6
// header, flow label 0) carrying encode(advert, src, dst, form).
std::vector<uint8_t> build_advert_packet(const Advert& advert, const IpAddr& src, const IpAddr& dst,
                                         xvrrp_csum_form form,
                                         const AdvertFrameOptions& options = {});
// The same behind an Ethernet header from src_mac (P5: the VMAC).
std::vector<uint8_t> build_advert_frame(const Advert& advert, const Mac& src_mac, const IpAddr& src,
                                        const IpAddr& dst, xvrrp_csum_form form,
                                        const AdvertFrameOptions& options = {});

enum class ArpOp : uint16_t { Request = 1, Reply = 2 };

// Ethernet + ARP for IPv4 over Ethernet (htype 1, ptype 0x0800).
std::vector<uint8_t> build_arp(ArpOp op, const Mac& eth_src, const Mac& eth_dst, const Mac& sha,
                               const IpAddr& spa, const Mac& tha, const IpAddr& tpa);

// A4: broadcast ARP request from the VMAC: sender HW = target HW = VMAC,
// sender IP = target IP = vip.
std::vector<uint8_t> build_garp(uint8_t vrid, const IpAddr& vip);
// The same from `mac` (real-MAC mode: the interface's own).
std::vector<uint8_t> build_garp(const Mac& mac, const IpAddr& vip);

struct NaFlags {
    bool router = false;
    bool solicited = false;
    bool override_ = false;
};

// Ethernet + IPv6 (hop limit 255) + ICMPv6 Neighbor Advertisement (type 136)
// with a target link-layer address option when target_ll is set.
std::vector<uint8_t> build_neighbor_advert(const Mac& src_mac, const Mac& dst_mac,
                                           const IpAddr& src_ip, const IpAddr& dst_ip,
                                           const IpAddr& target, NaFlags flags,
                                           const std::optional<Mac>& target_ll);

// A4: unsolicited NA from the VMAC to ff02::1 (33:33:00:00:00:01), R=1 S=0
// O=1, target = vip, target link-layer option = VMAC.
std::vector<uint8_t> build_unsolicited_na(uint8_t vrid, const IpAddr& vip,
                                          const IpAddr& src_link_local);
// The same from `mac` (real-MAC mode: the interface's own).
std::vector<uint8_t> build_unsolicited_na(const Mac& mac, const IpAddr& vip,
                                          const IpAddr& src_link_local);

struct UnicastDst {
    Mac mac{};
    IpAddr ip{};
};

// Ethernet + IPv6 (hop limit 255) + ICMPv6 Neighbor Solicitation (type 135)
// for `target`, to its solicited-node group and MAC unless `unicast` is
// given; with a source link-layer address option (= src_mac) if asked.
std::vector<uint8_t> build_neighbor_solicitation(const Mac& src_mac, const IpAddr& src_ip,
                                                 const IpAddr& target, bool source_ll_option,
                                                 const std::optional<UnicastDst>& unicast = {});

}  // namespace xvrrp::proto

#include "proto/frames.h"

#include "proto/checksum.h"
#include "proto/codec.h"
#include "proto/wire.h"

namespace xvrrp::proto {

namespace {

constexpr uint8_t kIpv4VersionIhl = 0x45;  // version 4, 20-byte header, no options
// DSCP CS6 (network control), as keepalived and FRR mark VRRP.
constexpr uint8_t kTrafficClassNetworkControl = 0xc0;
constexpr uint16_t kIpv4DontFragment = 0x4000;
constexpr size_t kIpv4HeaderLen = 20;
constexpr size_t kIpv4ChecksumOffset = 10;
constexpr uint8_t kIpprotoIcmpv6 = 58;
constexpr uint8_t kNdHopLimit = 255;
constexpr uint8_t kIcmpv6NeighborSolicitation = 135;
constexpr uint8_t kIcmpv6NeighborAdvert = 136;
constexpr uint8_t kNdOptSourceLinkAddr = 1;
constexpr uint8_t kNdOptTargetLinkAddr = 2;
constexpr uint8_t kNdOptLinkAddrUnits = 1;  // option length in units of 8 bytes
constexpr size_t kIcmpv6ChecksumOffset = 2;

void put_eth(std::vector<uint8_t>& out, const Mac& dst, const Mac& src, uint16_t ethertype) {
    wire::put_bytes(out, dst);
    wire::put_bytes(out, src);
    wire::put_u16(out, ethertype);
}

void require_family(const IpAddr& a, Family f, const char* what) {
    if (a.family() != f) {
        throw EncodeError(std::string(what) + " " + a.to_string() + " is of the wrong family");
    }
}

void put_ipv4_header(std::vector<uint8_t>& out, const IpAddr& src, const IpAddr& dst,
                     uint8_t protocol, size_t payload_len, uint8_t ttl, bool dont_fragment) {
    const size_t start = out.size();
    wire::put_u8(out, kIpv4VersionIhl);
    wire::put_u8(out, kTrafficClassNetworkControl);
    wire::put_u16(out, static_cast<uint16_t>(kIpv4HeaderLen + payload_len));
    wire::put_u16(out, 0);  // identification: unused with DF and never fragmented
    wire::put_u16(out, dont_fragment ? kIpv4DontFragment : 0);
    wire::put_u8(out, ttl);
    wire::put_u8(out, protocol);
    wire::put_u16(out, 0);  // header checksum, filled below
    wire::put_addr(out, src);
    wire::put_addr(out, dst);
    const uint16_t csum = inet_checksum(std::span(out).subspan(start, kIpv4HeaderLen));
    wire::store_u16(out, start + kIpv4ChecksumOffset, csum);
}

void put_ipv6_header(std::vector<uint8_t>& out, const IpAddr& src, const IpAddr& dst,
                     uint8_t next_header, size_t payload_len, uint8_t hop_limit,
                     uint8_t traffic_class) {
    // version 6, traffic class, flow label 0
    wire::put_u32(out, uint32_t{6} << 28 | uint32_t{traffic_class} << 20);
    wire::put_u16(out, static_cast<uint16_t>(payload_len));
    wire::put_u8(out, next_header);
    wire::put_u8(out, hop_limit);
    wire::put_addr(out, src);
    wire::put_addr(out, dst);
}

// Ethernet + IPv6 + ICMPv6 `body` (type first, checksum at offset 2 zeroed).
std::vector<uint8_t> icmpv6_frame(const Mac& src_mac, const Mac& dst_mac, const IpAddr& src_ip,
                                  const IpAddr& dst_ip, std::vector<uint8_t> body) {
    require_family(src_ip, Family::V6, "ICMPv6 source");
    require_family(dst_ip, Family::V6, "ICMPv6 destination");
    wire::store_u16(body, kIcmpv6ChecksumOffset, icmpv6_checksum(body, src_ip, dst_ip));
    std::vector<uint8_t> out;
    out.reserve(kEthHeaderLen + 40 + body.size());
    put_eth(out, dst_mac, src_mac, kEtherTypeIpv6);
    put_ipv6_header(out, src_ip, dst_ip, kIpprotoIcmpv6, body.size(), kNdHopLimit, 0);
    wire::put_bytes(out, body);
    return out;
}

void put_link_addr_option(std::vector<uint8_t>& body, uint8_t type, const Mac& mac) {
    wire::put_u8(body, type);
    wire::put_u8(body, kNdOptLinkAddrUnits);
    wire::put_bytes(body, mac);
}

}  // namespace

Mac vmac(Family family, uint8_t vrid) {
    return {XVRRP_VMAC_OUI0,
            XVRRP_VMAC_OUI1,
            XVRRP_VMAC_OUI2,
            0x00,
            family == Family::V4 ? uint8_t{XVRRP_VMAC_V4} : uint8_t{XVRRP_VMAC_V6},
            vrid};
}

IpAddr vrrp_group(Family family) {
    if (family == Family::V4) {
        return IpAddr::v4({224, 0, 0, 18});
    }
    return IpAddr::v6({0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});
}

IpAddr all_nodes_v6() {
    return IpAddr::v6({0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01});
}

IpAddr solicited_node(const IpAddr& addr) {
    require_family(addr, Family::V6, "solicited-node target");
    const auto& b = addr.bytes();
    return IpAddr::v6({0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, b[13], b[14], b[15]});
}

Mac multicast_mac(const IpAddr& group) {
    if (!group.is_multicast()) {
        throw EncodeError("multicast MAC for " + group.to_string() + ": not a multicast address");
    }
    const auto& b = group.bytes();
    if (group.is_v4()) {
        return {0x01, 0x00, 0x5e, static_cast<uint8_t>(b[1] & 0x7f), b[2], b[3]};
    }
    return {0x33, 0x33, b[12], b[13], b[14], b[15]};
}

std::vector<uint8_t> build_advert_packet(const Advert& advert, const IpAddr& src, const IpAddr& dst,
                                         xvrrp_csum_form form, const AdvertFrameOptions& options) {
    const std::vector<uint8_t> vrrp = encode(advert, src, dst, form);
    std::vector<uint8_t> out;
    out.reserve(40 + vrrp.size());
    if (src.is_v4()) {
        put_ipv4_header(out, src, dst, XVRRP_IPPROTO_VRRP, vrrp.size(), options.ttl,
                        options.dont_fragment);
    } else {
        put_ipv6_header(out, src, dst, XVRRP_IPPROTO_VRRP, vrrp.size(), options.ttl,
                        kTrafficClassNetworkControl);
    }
    wire::put_bytes(out, vrrp);
    return out;
}

std::vector<uint8_t> build_advert_frame(const Advert& advert, const Mac& src_mac, const IpAddr& src,
                                        const IpAddr& dst, xvrrp_csum_form form,
                                        const AdvertFrameOptions& options) {
    const Mac dst_mac = options.dst_mac ? *options.dst_mac : multicast_mac(dst);
    const std::vector<uint8_t> packet = build_advert_packet(advert, src, dst, form, options);
    std::vector<uint8_t> out;
    out.reserve(kEthHeaderLen + packet.size());
    put_eth(out, dst_mac, src_mac, src.is_v4() ? kEtherTypeIpv4 : kEtherTypeIpv6);
    wire::put_bytes(out, packet);
    return out;
}

std::vector<uint8_t> build_arp(ArpOp op, const Mac& eth_src, const Mac& eth_dst, const Mac& sha,
                               const IpAddr& spa, const Mac& tha, const IpAddr& tpa) {
    require_family(spa, Family::V4, "ARP sender address");
    require_family(tpa, Family::V4, "ARP target address");
    constexpr uint16_t kHwEthernet = 1;
    std::vector<uint8_t> out;
    out.reserve(kEthHeaderLen + 28);
    put_eth(out, eth_dst, eth_src, kEtherTypeArp);
    wire::put_u16(out, kHwEthernet);
    wire::put_u16(out, kEtherTypeIpv4);
    wire::put_u8(out, 6);  // hardware address length
    wire::put_u8(out, 4);  // protocol address length
    wire::put_u16(out, static_cast<uint16_t>(op));
    wire::put_bytes(out, sha);
    wire::put_addr(out, spa);
    wire::put_bytes(out, tha);
    wire::put_addr(out, tpa);
    return out;
}

std::vector<uint8_t> build_garp(uint8_t vrid, const IpAddr& vip) {
    return build_garp(vmac(Family::V4, vrid), vip);
}

std::vector<uint8_t> build_garp(const Mac& mac, const IpAddr& vip) {
    return build_arp(ArpOp::Request, mac, kBroadcastMac, mac, vip, mac, vip);
}

std::vector<uint8_t> build_neighbor_advert(const Mac& src_mac, const Mac& dst_mac,
                                           const IpAddr& src_ip, const IpAddr& dst_ip,
                                           const IpAddr& target, NaFlags flags,
                                           const std::optional<Mac>& target_ll) {
    require_family(target, Family::V6, "NA target");
    std::vector<uint8_t> body;
    wire::put_u8(body, kIcmpv6NeighborAdvert);
    wire::put_u8(body, 0);   // code
    wire::put_u16(body, 0);  // checksum, filled by icmpv6_frame
    const uint8_t rso = static_cast<uint8_t>(
        (flags.router ? 0x80 : 0) | (flags.solicited ? 0x40 : 0) | (flags.override_ ? 0x20 : 0));
    wire::put_u32(body, uint32_t{rso} << 24);
    wire::put_addr(body, target);
    if (target_ll) {
        put_link_addr_option(body, kNdOptTargetLinkAddr, *target_ll);
    }
    return icmpv6_frame(src_mac, dst_mac, src_ip, dst_ip, std::move(body));
}

std::vector<uint8_t> build_unsolicited_na(uint8_t vrid, const IpAddr& vip,
                                          const IpAddr& src_link_local) {
    return build_unsolicited_na(vmac(Family::V6, vrid), vip, src_link_local);
}

std::vector<uint8_t> build_unsolicited_na(const Mac& mac, const IpAddr& vip,
                                          const IpAddr& src_link_local) {
    const NaFlags flags{.router = true, .solicited = false, .override_ = true};
    return build_neighbor_advert(mac, kAllNodesMac6, src_link_local, all_nodes_v6(), vip, flags,
                                 mac);
}

std::vector<uint8_t> build_neighbor_solicitation(const Mac& src_mac, const IpAddr& src_ip,
                                                 const IpAddr& target, bool source_ll_option,
                                                 const std::optional<UnicastDst>& unicast) {
    const IpAddr dst_ip = unicast ? unicast->ip : solicited_node(target);
    const Mac dst_mac = unicast ? unicast->mac : multicast_mac(dst_ip);
    require_family(target, Family::V6, "NS target");
    std::vector<uint8_t> body;
    wire::put_u8(body, kIcmpv6NeighborSolicitation);
    wire::put_u8(body, 0);   // code
    wire::put_u16(body, 0);  // checksum, filled by icmpv6_frame
    wire::put_u32(body, 0);  // reserved
    wire::put_addr(body, target);
    if (source_ll_option) {
        put_link_addr_option(body, kNdOptSourceLinkAddr, src_mac);
    }
    return icmpv6_frame(src_mac, dst_mac, src_ip, dst_ip, std::move(body));
}

}  // namespace xvrrp::proto

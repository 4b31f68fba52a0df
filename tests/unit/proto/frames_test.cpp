// Frame builders: exact bytes, written out by hand or checked field by field
// against the RFC layouts, with checksums from the test's own reference.
#include <gtest/gtest.h>

#include "helpers.h"
#include "proto/codec.h"
#include "proto/frames.h"

namespace xvrrp::proto {
namespace {

using test::hex;
using test::ip;
using test::ref_checksum;

std::vector<uint8_t> slice(const std::vector<uint8_t>& v, size_t from, size_t len) {
    return {v.begin() + static_cast<long>(from), v.begin() + static_cast<long>(from + len)};
}
std::vector<uint8_t> bytes(const Mac& m) {
    return {m.begin(), m.end()};
}
std::vector<uint8_t> bytes(const IpAddr& a) {
    return {a.data(), a.data() + a.size()};
}

// Recomputes the IPv4 header checksum of a packet (IHL from byte 0).
void fix_ipv4_header_checksum(std::vector<uint8_t>& p) {
    const size_t ihl = size_t{p[0] & 0x0fu} * 4;
    std::vector<uint8_t> h(p.begin(), p.begin() + static_cast<long>(ihl));
    test::ref_fix_checksum(h, 10);
    std::copy(h.begin(), h.end(), p.begin());
}

Advert adv4() {
    return test::v3_advert(Family::V4, 7, 100, 100, {ip("10.0.0.100")});
}
Advert adv6() {
    return test::v3_advert(Family::V6, 9, 200, 50, {ip("fe80::1")});
}

TEST(Frames, P6_VirtualMacs) {
    EXPECT_EQ(vmac(Family::V4, 1), (Mac{0x00, 0x00, 0x5e, 0x00, 0x01, 0x01}));
    EXPECT_EQ(vmac(Family::V4, 255), (Mac{0x00, 0x00, 0x5e, 0x00, 0x01, 0xff}));
    EXPECT_EQ(vmac(Family::V6, 1), (Mac{0x00, 0x00, 0x5e, 0x00, 0x02, 0x01}));
    EXPECT_EQ(vmac(Family::V6, 42), (Mac{0x00, 0x00, 0x5e, 0x00, 0x02, 0x2a}));
}

TEST(Frames, MulticastMacMapping) {
    EXPECT_EQ(multicast_mac(ip("224.0.0.18")), kVrrpMulticastMac4);
    EXPECT_EQ(multicast_mac(ip("ff02::12")), kVrrpMulticastMac6);
    EXPECT_EQ(multicast_mac(ip("ff02::1")), kAllNodesMac6);
    // Only the low 23 bits of an IPv4 group map.
    EXPECT_EQ(multicast_mac(ip("239.129.2.3")), (Mac{0x01, 0x00, 0x5e, 0x01, 0x02, 0x03}));
    EXPECT_EQ(multicast_mac(ip("ff02::1:ff12:3456")), (Mac{0x33, 0x33, 0xff, 0x12, 0x34, 0x56}));
    EXPECT_THROW(multicast_mac(ip("10.0.0.1")), EncodeError);
}

TEST(Frames, GroupsAndSolicitedNode) {
    EXPECT_EQ(vrrp_group(Family::V4), ip("224.0.0.18"));
    EXPECT_EQ(vrrp_group(Family::V6), ip("ff02::12"));
    EXPECT_EQ(all_nodes_v6(), ip("ff02::1"));
    EXPECT_EQ(solicited_node(ip("2001:db8::aa:bbcc:ddee")), ip("ff02::1:ffcc:ddee"));
}

TEST(Frames, P5_Ipv4AdvertFrame) {
    const Mac src_mac = vmac(Family::V4, 7);
    const auto f =
        build_advert_frame(adv4(), src_mac, ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PSEUDO);
    const auto vrrp = encode(adv4(), ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PSEUDO);
    ASSERT_EQ(f.size(), 14u + 20 + vrrp.size()) << hex(f);  // unpadded
    const std::vector<uint8_t> expected_head = {
        0x01, 0x00, 0x5e, 0x00, 0x00, 0x12,  // dst: 224.0.0.18's MAC
        0x00, 0x00, 0x5e, 0x00, 0x01, 0x07,  // src: VMAC
        0x08, 0x00,                          // IPv4
        0x45, 0xc0, 0x00, 0x20,              // v4, IHL 5, DSCP CS6, total 32
        0x00, 0x00, 0x40, 0x00,              // ID 0, DF
        0xff, 0x70,                          // TTL 255, protocol 112
    };
    EXPECT_EQ(slice(f, 0, 24), expected_head) << hex(f);
    EXPECT_EQ(ref_checksum(slice(f, 14, 20)), 0);  // IPv4 header checksum
    EXPECT_EQ(slice(f, 26, 4), bytes(ip("10.0.0.1")));
    EXPECT_EQ(slice(f, 30, 4), bytes(ip("224.0.0.18")));
    EXPECT_EQ(slice(f, 34, vrrp.size()), vrrp);
}

TEST(Frames, P5_Ipv6AdvertFrame) {
    const Mac src_mac = vmac(Family::V6, 9);
    const auto f =
        build_advert_frame(adv6(), src_mac, ip("fe80::a"), ip("ff02::12"), XVRRP_CSUM_PSEUDO);
    const auto vrrp = encode(adv6(), ip("fe80::a"), ip("ff02::12"), XVRRP_CSUM_PSEUDO);
    ASSERT_EQ(f.size(), 14u + 40 + vrrp.size()) << hex(f);
    const std::vector<uint8_t> expected_head = {
        0x33, 0x33, 0x00, 0x00, 0x00, 0x12,  // dst: ff02::12's MAC
        0x00, 0x00, 0x5e, 0x00, 0x02, 0x09,  // src: VMAC
        0x86, 0xdd,                          // IPv6
        0x6c, 0x00, 0x00, 0x00,              // v6, traffic class 0xc0, flow 0
        0x00, 0x18, 0x70, 0xff,              // payload 24, next header 112, hop limit 255
    };
    EXPECT_EQ(slice(f, 0, 22), expected_head) << hex(f);
    EXPECT_EQ(slice(f, 22, 16), bytes(ip("fe80::a")));
    EXPECT_EQ(slice(f, 38, 16), bytes(ip("ff02::12")));
    EXPECT_EQ(slice(f, 54, vrrp.size()), vrrp);
}

TEST(Frames, P5_UnicastAdvertNeedsPeerMac) {
    const Mac peer_mac = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
    EXPECT_THROW(build_advert_frame(adv4(), vmac(Family::V4, 7), ip("10.0.0.1"), ip("10.0.0.2"),
                                    XVRRP_CSUM_PSEUDO),
                 EncodeError);
    const auto f = build_advert_frame(adv4(), vmac(Family::V4, 7), ip("10.0.0.1"), ip("10.0.0.2"),
                                      XVRRP_CSUM_PSEUDO, {.dst_mac = peer_mac});
    EXPECT_EQ(slice(f, 0, 6), bytes(peer_mac));
    EXPECT_EQ(slice(f, 30, 4), bytes(ip("10.0.0.2")));
    // The VRRP checksum was taken over the peer's address.
    const auto r = decode_frame(f);
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->ok()) << discard_name(r->discard);
}

TEST(Frames, D1_TtlOverrideForTests) {
    const auto f = build_advert_frame(adv4(), vmac(Family::V4, 7), ip("10.0.0.1"), ip("224.0.0.18"),
                                      XVRRP_CSUM_PSEUDO, {.ttl = 64, .dont_fragment = false});
    EXPECT_EQ(f[22], 64);
    EXPECT_EQ(f[20], 0x00);  // no DF
    EXPECT_EQ(ref_checksum(slice(f, 14, 20)), 0);
    const auto r = decode_frame(f);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->discard, XVRRP_DISCARD_D1_TTL);
    const auto f6 = build_advert_frame(adv6(), vmac(Family::V6, 9), ip("fe80::a"), ip("ff02::12"),
                                       XVRRP_CSUM_PSEUDO, {.ttl = 1});
    EXPECT_EQ(f6[21], 1);
    EXPECT_EQ(decode_frame(f6)->discard, XVRRP_DISCARD_D1_TTL);
}

TEST(Frames, AdvertPacketIsFrameWithoutEthernet) {
    const auto f = build_advert_frame(adv6(), vmac(Family::V6, 9), ip("fe80::a"), ip("ff02::12"),
                                      XVRRP_CSUM_PSEUDO);
    const auto p = build_advert_packet(adv6(), ip("fe80::a"), ip("ff02::12"), XVRRP_CSUM_PSEUDO);
    EXPECT_EQ(slice(f, 14, f.size() - 14), p);
}

TEST(Frames, A4_GratuitousArp) {
    const auto f = build_garp(7, ip("192.0.2.10"));
    const std::vector<uint8_t> expected = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // broadcast
        0x00, 0x00, 0x5e, 0x00, 0x01, 0x07,  // from the VMAC
        0x08, 0x06,                          // ARP
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04,  // Ethernet / IPv4
        0x00, 0x01,                          // request
        0x00, 0x00, 0x5e, 0x00, 0x01, 0x07,  // sender HW = VMAC
        0xc0, 0x00, 0x02, 0x0a,              // sender IP = VIP
        0x00, 0x00, 0x5e, 0x00, 0x01, 0x07,  // target HW = VMAC
        0xc0, 0x00, 0x02, 0x0a,              // target IP = VIP
    };
    EXPECT_EQ(f, expected) << hex(f);  // 42 bytes: not padded to 60
}

TEST(Frames, ArpReply) {
    const Mac a = {0x02, 0, 0, 0, 0, 0x0a}, b = {0x02, 0, 0, 0, 0, 0x0b};
    const auto f = build_arp(ArpOp::Reply, a, b, a, ip("10.0.0.1"), b, ip("10.0.0.2"));
    ASSERT_EQ(f.size(), 42u);
    EXPECT_EQ(slice(f, 0, 6), bytes(b));
    EXPECT_EQ(slice(f, 6, 6), bytes(a));
    EXPECT_EQ(f[20], 0x00);
    EXPECT_EQ(f[21], 0x02);
    EXPECT_EQ(slice(f, 22, 6), bytes(a));
    EXPECT_EQ(slice(f, 28, 4), bytes(ip("10.0.0.1")));
    EXPECT_EQ(slice(f, 32, 6), bytes(b));
    EXPECT_EQ(slice(f, 38, 4), bytes(ip("10.0.0.2")));
    EXPECT_THROW(build_arp(ArpOp::Reply, a, b, a, ip("fe80::1"), b, ip("10.0.0.2")), EncodeError);
}

TEST(Frames, A4_UnsolicitedNeighborAdvert) {
    const IpAddr vip = ip("2001:db8::100"), ll = ip("fe80::a");
    const auto f = build_unsolicited_na(9, vip, ll);
    ASSERT_EQ(f.size(), 14u + 40 + 32) << hex(f);
    std::vector<uint8_t> expected = {
        0x33, 0x33, 0x00, 0x00, 0x00, 0x01,  // all-nodes MAC
        0x00, 0x00, 0x5e, 0x00, 0x02, 0x09,  // from the IPv6 VMAC
        0x86, 0xdd,                          // IPv6
        0x60, 0x00, 0x00, 0x00,              // v6
        0x00, 0x20, 0x3a, 0xff,              // payload 32, ICMPv6, hop limit 255
    };
    test::append(expected, ll);
    test::append(expected, ip("ff02::1"));
    const size_t icmp = expected.size();
    expected.insert(expected.end(), {136, 0, 0, 0,     // NA, code 0, checksum below
                                     0xa0, 0, 0, 0});  // R=1 S=0 O=1
    test::append(expected, vip);                       // target
    expected.insert(expected.end(), {2, 1, 0x00, 0x00, 0x5e, 0x00, 0x02, 0x09});  // TLLA = VMAC
    // Checksum over the IPv6 pseudo-header with the real destination ff02::1.
    const IpAddr all_nodes = ip("ff02::1");
    std::vector<uint8_t> icmp_body(expected.begin() + static_cast<long>(icmp), expected.end());
    test::ref_fix_checksum(icmp_body, 2, &ll, &all_nodes, 58);
    expected[icmp + 2] = icmp_body[2];
    expected[icmp + 3] = icmp_body[3];
    EXPECT_EQ(f, expected) << hex(f) << "\nwanted\n" << hex(expected);
}

TEST(Frames, NeighborAdvertFlagsAndNoOption) {
    const Mac a = {0x02, 0, 0, 0, 0, 0x0a}, b = {0x02, 0, 0, 0, 0, 0x0b};
    const IpAddr src = ip("2001:db8::1"), dst = ip("fe80::b");
    const auto f = build_neighbor_advert(a, b, src, dst, src, {.solicited = true}, std::nullopt);
    ASSERT_EQ(f.size(), 14u + 40 + 24);
    EXPECT_EQ(f[54], 136);
    EXPECT_EQ(f[58], 0x40);  // S only
    const auto icmp = slice(f, 54, 24);
    EXPECT_EQ(ref_checksum(test::ref_with_pseudo(icmp, src, dst, 58)), 0);
    const auto all = build_neighbor_advert(
        a, b, src, dst, src, {.router = true, .solicited = true, .override_ = true}, a);
    EXPECT_EQ(all[58], 0xe0);
    EXPECT_EQ(all.size(), 14u + 40 + 32);
}

TEST(Frames, NeighborSolicitationToSolicitedNode) {
    const Mac a = {0x02, 0, 0, 0, 0, 0x0a};
    const IpAddr src = ip("fe80::a"), target = ip("2001:db8::12:3456");
    const auto f = build_neighbor_solicitation(a, src, target, true);
    ASSERT_EQ(f.size(), 14u + 40 + 32) << hex(f);
    EXPECT_EQ(slice(f, 0, 6), (std::vector<uint8_t>{0x33, 0x33, 0xff, 0x12, 0x34, 0x56}));
    EXPECT_EQ(slice(f, 6, 6), bytes(a));
    EXPECT_EQ(f[21], 255);  // hop limit
    EXPECT_EQ(slice(f, 38, 16), bytes(ip("ff02::1:ff12:3456")));
    EXPECT_EQ(f[54], 135);
    EXPECT_EQ(slice(f, 62, 16), bytes(target));
    EXPECT_EQ(slice(f, 78, 8), (std::vector<uint8_t>{1, 1, 0x02, 0, 0, 0, 0, 0x0a}));
    EXPECT_EQ(
        ref_checksum(test::ref_with_pseudo(slice(f, 54, 32), src, ip("ff02::1:ff12:3456"), 58)), 0);
}

TEST(Frames, NeighborSolicitationUnicastWithoutOption) {
    const Mac a = {0x02, 0, 0, 0, 0, 0x0a}, b = {0x02, 0, 0, 0, 0, 0x0b};
    const IpAddr src = ip("fe80::a"), dst = ip("fe80::b");
    const auto f = build_neighbor_solicitation(a, src, dst, false, UnicastDst{b, dst});
    ASSERT_EQ(f.size(), 14u + 40 + 24);
    EXPECT_EQ(slice(f, 0, 6), bytes(b));
    EXPECT_EQ(slice(f, 38, 16), bytes(dst));
    EXPECT_EQ(ref_checksum(test::ref_with_pseudo(slice(f, 54, 24), src, dst, 58)), 0);
}

// ---- decode_frame / decode_ip_packet -------------------------------------

TEST(Frames, FrameRoundTripThroughDecoder) {
    for (const auto form : {XVRRP_CSUM_PLAIN, XVRRP_CSUM_PSEUDO}) {
        const auto r = decode_frame(build_advert_frame(adv4(), vmac(Family::V4, 7), ip("10.0.0.1"),
                                                       ip("224.0.0.18"), form));
        ASSERT_TRUE(r.has_value());
        ASSERT_TRUE(r->ok()) << discard_name(r->discard);
        EXPECT_EQ(r->advert, adv4());
        EXPECT_EQ(r->csum_form, form);
        EXPECT_EQ(r->ip.src, ip("10.0.0.1"));
        EXPECT_EQ(r->ip.dst, ip("224.0.0.18"));
        EXPECT_EQ(r->ip.ttl, 255);
    }
    const auto r6 = decode_frame(build_advert_frame(adv6(), vmac(Family::V6, 9), ip("fe80::a"),
                                                    ip("ff02::12"), XVRRP_CSUM_PSEUDO));
    ASSERT_TRUE(r6.has_value() && r6->ok());
    EXPECT_EQ(r6->advert, adv6());
    EXPECT_EQ(r6->ip.src, ip("fe80::a"));
}

TEST(Frames, DecodeIgnoresEthernetPadding) {
    auto f = build_advert_frame(adv4(), vmac(Family::V4, 7), ip("10.0.0.1"), ip("224.0.0.18"),
                                XVRRP_CSUM_PSEUDO);
    f.resize(60, 0);
    const auto r = decode_frame(f);
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->ok()) << discard_name(r->discard);
}

TEST(Frames, DecodeIpv4HeaderWithOptions) {
    auto p = build_advert_packet(adv4(), ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN);
    // Insert a 4-byte Router Alert option: IHL 6, total length + 4.
    p.insert(p.begin() + 20, {0x94, 0x04, 0x00, 0x00});
    p[0] = 0x46;
    const uint16_t total = static_cast<uint16_t>(p.size());
    p[2] = static_cast<uint8_t>(total >> 8);
    p[3] = static_cast<uint8_t>(total);
    fix_ipv4_header_checksum(p);
    const auto r = decode_ip_packet(p);
    ASSERT_TRUE(r.has_value());
    ASSERT_TRUE(r->ok()) << discard_name(r->discard);
    EXPECT_EQ(r->advert, adv4());
}

TEST(Frames, NotVrrpIsNullopt) {
    const auto p = build_advert_packet(adv4(), ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN);
    auto bad_hdr = p;
    bad_hdr[11] ^= 1;  // IPv4 header checksum
    EXPECT_FALSE(decode_ip_packet(bad_hdr).has_value());
    auto udp = p;
    udp[9] = 17;
    fix_ipv4_header_checksum(udp);
    EXPECT_FALSE(decode_ip_packet(udp).has_value());
    auto frag = p;
    frag[6] = 0x20;  // MF
    fix_ipv4_header_checksum(frag);
    EXPECT_FALSE(decode_ip_packet(frag).has_value());
    auto offset = p;
    offset[7] = 0x01;  // fragment offset 8
    fix_ipv4_header_checksum(offset);
    EXPECT_FALSE(decode_ip_packet(offset).has_value());
    EXPECT_FALSE(decode_ip_packet(frag).has_value());
    EXPECT_FALSE(decode_ip_packet({}).has_value());
    EXPECT_FALSE(decode_ip_packet(std::vector<uint8_t>(p.begin(), p.begin() + 19)).has_value());
    EXPECT_FALSE(decode_frame(build_garp(7, ip("10.0.0.100"))).has_value());
    EXPECT_FALSE(
        decode_frame(build_unsolicited_na(9, ip("2001:db8::1"), ip("fe80::a"))).has_value());
    // EtherType IPv4 with an IPv6 packet behind it.
    auto mismatched = build_advert_frame(adv6(), vmac(Family::V6, 9), ip("fe80::a"), ip("ff02::12"),
                                         XVRRP_CSUM_PSEUDO);
    mismatched[12] = 0x08;
    mismatched[13] = 0x00;
    EXPECT_FALSE(decode_frame(mismatched).has_value());
}

TEST(Frames, D4_IpLengthBeyondCapturedBytes) {
    auto f = build_advert_frame(adv4(), vmac(Family::V4, 7), ip("10.0.0.1"), ip("224.0.0.18"),
                                XVRRP_CSUM_PSEUDO);
    f.pop_back();
    const auto r = decode_frame(f);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->discard, XVRRP_DISCARD_D4_TRUNCATED);
    auto f6 = build_advert_frame(adv6(), vmac(Family::V6, 9), ip("fe80::a"), ip("ff02::12"),
                                 XVRRP_CSUM_PSEUDO);
    f6.resize(f6.size() - 3);
    const auto r6 = decode_frame(f6);
    ASSERT_TRUE(r6.has_value());
    EXPECT_EQ(r6->discard, XVRRP_DISCARD_D4_TRUNCATED);
}

TEST(Frames, PolicyPassedThroughDecodeFrame) {
    ReceivePolicy p;
    p.vrids = {1};
    const auto r = decode_frame(build_advert_frame(adv4(), vmac(Family::V4, 7), ip("10.0.0.1"),
                                                   ip("224.0.0.18"), XVRRP_CSUM_PSEUDO),
                                &p);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->discard, XVRRP_DISCARD_D6_VRID);
}

}  // namespace
}  // namespace xvrrp::proto

// The receive ladder: one test per discard rule, plus the rules' edges.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "helpers.h"
#include "proto/codec.h"

namespace xvrrp::proto {
namespace {

using test::ip;

const IpAddr kSrc4 = ip("10.0.0.1");
const IpAddr kGroup4 = ip("224.0.0.18");
const IpAddr kSrc6 = ip("fe80::a");
const IpAddr kGroup6 = ip("ff02::12");

IpHeader hdr4(uint8_t ttl = 255) {
    return {kSrc4, kGroup4, ttl};
}
IpHeader hdr6(uint8_t ttl = 255) {
    return {kSrc6, kGroup6, ttl};
}

Advert adv4() {
    return test::v3_advert(Family::V4, 7, 100, 100, {ip("10.0.0.100")});
}
Advert adv6() {
    return test::v3_advert(Family::V6, 9, 200, 50, {ip("fe80::1"), ip("2001:db8::100")});
}
Advert adv2() {
    return test::v2_pass_advert(51, 150, 1, {ip("192.168.1.1"), ip("192.168.1.2")}, "secret");
}

std::vector<uint8_t> msg(const Advert& a, const IpHeader& h,
                         xvrrp_csum_form form = XVRRP_CSUM_PSEUDO) {
    return encode(a, h.src, h.dst, form);
}

// The local settings matching adv2().
ReceivePolicy v2_policy() {
    ReceivePolicy p;
    p.version = Version::V2;
    p.v2_auth_type = AuthType::Pass;
    p.v2_auth = adv2().auth;
    p.v2_interval_s = 1;
    p.vips = {ip("192.168.1.1"), ip("192.168.1.2")};
    return p;
}

xvrrp_discard verdict(const std::vector<uint8_t>& m, const IpHeader& h,
                      const ReceivePolicy* p = nullptr) {
    return decode(m, h, p).discard;
}

#define EXPECT_DISCARD(expected, actual)                                         \
    EXPECT_EQ(actual, expected) << "got " << discard_name(actual) << ", wanted " \
                                << discard_name(expected)

// ---- accepted packets and P3 --------------------------------------------

TEST(Decode, P1_V3Ipv4RoundTrip) {
    const auto r = decode(msg(adv4(), hdr4()), hdr4());
    ASSERT_TRUE(r.ok()) << discard_name(r.discard);
    EXPECT_EQ(r.advert, adv4());
    EXPECT_EQ(r.ip.src, kSrc4);
    EXPECT_EQ(r.advert.interval_us(), 1'000'000u);
}

TEST(Decode, P2_V2PassRoundTrip) {
    const ReceivePolicy p = v2_policy();
    const auto r = decode(msg(adv2(), hdr4()), hdr4(), &p);
    ASSERT_TRUE(r.ok()) << discard_name(r.discard);
    EXPECT_EQ(r.advert, adv2());
    EXPECT_EQ(r.csum_form, XVRRP_CSUM_PLAIN);
    EXPECT_EQ(r.advert.interval_us(), 1'000'000u);
}

TEST(Decode, P3_V3Ipv4PlainFormAcceptedAndReported) {
    const auto r = decode(msg(adv4(), hdr4(), XVRRP_CSUM_PLAIN), hdr4());
    ASSERT_TRUE(r.ok()) << discard_name(r.discard);
    EXPECT_EQ(r.csum_form, XVRRP_CSUM_PLAIN);
}

TEST(Decode, P3_V3Ipv4PseudoFormAcceptedAndReported) {
    const auto r = decode(msg(adv4(), hdr4(), XVRRP_CSUM_PSEUDO), hdr4());
    ASSERT_TRUE(r.ok()) << discard_name(r.discard);
    EXPECT_EQ(r.csum_form, XVRRP_CSUM_PSEUDO);
}

TEST(Decode, P3_V3Ipv4ValidInNeitherFormIsD5) {
    auto m = msg(adv4(), hdr4(), XVRRP_CSUM_PLAIN);
    m[7] ^= 0x01;
    EXPECT_DISCARD(XVRRP_DISCARD_D5_CHECKSUM, verdict(m, hdr4()));
    auto p = msg(adv4(), hdr4(), XVRRP_CSUM_PSEUDO);
    p[6] ^= 0x80;
    EXPECT_DISCARD(XVRRP_DISCARD_D5_CHECKSUM, verdict(p, hdr4()));
}

TEST(Decode, P3_Ipv6NeedsPseudoHeader) {
    const auto r = decode(msg(adv6(), hdr6()), hdr6());
    ASSERT_TRUE(r.ok()) << discard_name(r.discard);
    EXPECT_EQ(r.csum_form, XVRRP_CSUM_PSEUDO);
    EXPECT_EQ(r.advert, adv6());
    // The same message with a plain (v2-style) checksum is not valid IPv6 VRRP.
    auto plain = msg(adv6(), hdr6());
    test::ref_fix_checksum(plain, 6);
    EXPECT_DISCARD(XVRRP_DISCARD_D5_CHECKSUM, verdict(plain, hdr6()));
}

TEST(Decode, P3_PseudoHeaderUsesRealDestination) {
    const IpHeader unicast{kSrc4, ip("10.0.0.2"), 255};
    // Checksummed for the peer: accepted when received at the peer.
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(adv4(), unicast), unicast));
    // Checksummed as if to the group but sent to the peer: wrong.
    EXPECT_DISCARD(XVRRP_DISCARD_D5_CHECKSUM, verdict(msg(adv4(), hdr4()), unicast));
    // The same for the source address.
    const IpHeader other_src{ip("10.0.0.3"), kGroup4, 255};
    EXPECT_DISCARD(XVRRP_DISCARD_D5_CHECKSUM, verdict(msg(adv4(), hdr4()), other_src));
    const IpHeader unicast6{kSrc6, ip("fe80::b"), 255};
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(adv6(), unicast6), unicast6));
    EXPECT_DISCARD(XVRRP_DISCARD_D5_CHECKSUM, verdict(msg(adv6(), hdr6()), unicast6));
}

TEST(Decode, P4_Ipv6LinkLocalFirstThenGlobals) {
    const auto r = decode(msg(adv6(), hdr6()), hdr6());
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.advert.addresses.size(), 2u);
    EXPECT_TRUE(r.advert.addresses[0].is_link_local());
    EXPECT_EQ(r.advert.addresses[1], ip("2001:db8::100"));
    EXPECT_EQ(r.advert.family, Family::V6);
}

TEST(Decode, P1_ReservedBitsIgnored) {
    auto m = msg(adv4(), hdr4(), XVRRP_CSUM_PLAIN);
    m[4] |= 0xf0;
    test::ref_fix_checksum(m, 6);
    const auto r = decode(m, hdr4());
    ASSERT_TRUE(r.ok()) << discard_name(r.discard);
    EXPECT_EQ(r.advert.interval, 100);
}

// ---- D rules --------------------------------------------------------------

TEST(Decode, D1_TtlNot255Discarded) {
    const auto m = msg(adv4(), hdr4());
    for (const int ttl : {0, 1, 64, 254}) {
        EXPECT_DISCARD(XVRRP_DISCARD_D1_TTL, verdict(m, hdr4(static_cast<uint8_t>(ttl))));
        const ReceivePolicy p;
        EXPECT_DISCARD(XVRRP_DISCARD_D1_TTL, verdict(m, hdr4(static_cast<uint8_t>(ttl)), &p));
    }
}

TEST(Decode, D1_HopLimitNot255DiscardedIpv6) {
    EXPECT_DISCARD(XVRRP_DISCARD_D1_TTL, verdict(msg(adv6(), hdr6()), hdr6(254)));
}

// unicast_ttl: a configured peer, sending to us (a unicast address), may be
// routers away.
ReceivePolicy distant_peers() {
    ReceivePolicy p;
    p.unicast = true;
    p.peers = {kSrc4, kSrc6};
    p.relax_ttl_for_peers = true;
    return p;
}

TEST(Decode, D1_UnicastPeersMayBeHopsAwayIfConfigured) {
    const ReceivePolicy p = distant_peers();
    const IpHeader routed{kSrc4, ip("10.0.0.2"), 61};
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(adv4(), routed), routed, &p));
    const IpHeader routed6{kSrc6, ip("fe80::b"), 1};
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(adv6(), routed6), routed6, &p));
}

TEST(Decode, D1_StillAppliesToSourcesThatAreNotPeers) {
    const ReceivePolicy p = distant_peers();
    const IpHeader stranger{ip("10.0.0.9"), ip("10.0.0.2"), 254};
    EXPECT_DISCARD(XVRRP_DISCARD_D1_TTL, verdict(msg(adv4(), stranger), stranger, &p));
    const IpHeader at_255{ip("10.0.0.9"), ip("10.0.0.2"), 255};  // then D12
    EXPECT_DISCARD(XVRRP_DISCARD_D12_PEER, verdict(msg(adv4(), at_255), at_255, &p));
}

TEST(Decode, D1_StillAppliesToMulticastFromPeers) {
    const ReceivePolicy p = distant_peers();
    EXPECT_DISCARD(XVRRP_DISCARD_D1_TTL, verdict(msg(adv4(), hdr4()), hdr4(254), &p));
    EXPECT_DISCARD(XVRRP_DISCARD_D1_TTL, verdict(msg(adv6(), hdr6()), hdr6(254), &p));
}

TEST(Decode, D1_PeersHeldTo255WithoutUnicastTtl) {
    ReceivePolicy p = distant_peers();
    p.relax_ttl_for_peers = false;
    const IpHeader routed{kSrc4, ip("10.0.0.2"), 254};
    EXPECT_DISCARD(XVRRP_DISCARD_D1_TTL, verdict(msg(adv4(), routed), routed, &p));
    p.relax_ttl_for_peers = true;
    p.unicast = false;  // the relaxation is for unicast mode only
    EXPECT_DISCARD(XVRRP_DISCARD_D1_TTL, verdict(msg(adv4(), routed), routed, &p));
}

TEST(Decode, D2_VersionNotConfiguredDiscarded) {
    const ReceivePolicy v3;  // default: v3 only
    const ReceivePolicy v2 = v2_policy();
    EXPECT_DISCARD(XVRRP_DISCARD_D2_VERSION, verdict(msg(adv2(), hdr4()), hdr4(), &v3));
    EXPECT_DISCARD(XVRRP_DISCARD_D2_VERSION, verdict(msg(adv4(), hdr4()), hdr4(), &v2));
}

TEST(Decode, D2_UnknownVersionsDiscarded) {
    for (uint8_t v = 0; v < 16; ++v) {
        if (v == 2 || v == 3) {
            continue;
        }
        auto m = msg(adv4(), hdr4(), XVRRP_CSUM_PLAIN);
        m[0] = static_cast<uint8_t>(v << 4 | 1);
        test::ref_fix_checksum(m, 6);
        EXPECT_DISCARD(XVRRP_DISCARD_D2_VERSION, verdict(m, hdr4())) << int{v};
    }
}

TEST(Decode, D2_InteropModeAcceptsBothVersions) {
    ReceivePolicy p = v2_policy();
    p.version = Version::V3;
    p.accept_v2_and_v3 = true;
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(adv2(), hdr4()), hdr4(), &p));
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(adv4(), hdr4()), hdr4(), &p));
}

TEST(Decode, D3_TypeNot1Discarded) {
    for (uint8_t type = 0; type < 16; ++type) {
        if (type == 1) {
            continue;
        }
        auto m = msg(adv4(), hdr4(), XVRRP_CSUM_PLAIN);
        m[0] = static_cast<uint8_t>(0x30 | type);
        test::ref_fix_checksum(m, 6);
        EXPECT_DISCARD(XVRRP_DISCARD_D3_TYPE, verdict(m, hdr4())) << int{type};
    }
}

TEST(Decode, D4_ShorterThanHeaderDiscarded) {
    const auto m = msg(adv4(), hdr4());
    for (size_t n = 0; n < 8; ++n) {
        const std::vector<uint8_t> cut(m.begin(), m.begin() + static_cast<long>(n));
        EXPECT_DISCARD(XVRRP_DISCARD_D4_TRUNCATED, verdict(cut, hdr4())) << n;
    }
}

TEST(Decode, D4_ShorterThanAddressListDiscarded) {
    Advert a = adv4();
    a.addresses.push_back(ip("10.0.0.101"));
    const auto m = msg(a, hdr4());
    for (size_t n = 8; n < m.size(); ++n) {
        const std::vector<uint8_t> cut(m.begin(), m.begin() + static_cast<long>(n));
        EXPECT_DISCARD(XVRRP_DISCARD_D4_TRUNCATED, verdict(cut, hdr4())) << n;
    }
    const auto m6 = msg(adv6(), hdr6());
    for (size_t n = 8; n < m6.size(); ++n) {
        const std::vector<uint8_t> cut(m6.begin(), m6.begin() + static_cast<long>(n));
        const auto d = verdict(cut, hdr6());
        // 8 + 4 * 2 = 16 bytes is what an IPv4 list of two would take (D10).
        EXPECT_DISCARD(n == 16 ? XVRRP_DISCARD_D10_FAMILY : XVRRP_DISCARD_D4_TRUNCATED, d) << n;
    }
}

TEST(Decode, D4_V2WithoutAuthBytesDiscarded) {
    const ReceivePolicy p = v2_policy();
    auto m = msg(adv2(), hdr4());
    m.resize(m.size() - 8);  // what a v3-sized v2 message would be
    test::ref_fix_checksum(m, 6);
    EXPECT_DISCARD(XVRRP_DISCARD_D4_TRUNCATED, verdict(m, hdr4(), &p));
}

TEST(Decode, D4_LongerThanCountSaysDiscarded) {
    auto m = msg(adv4(), hdr4(), XVRRP_CSUM_PLAIN);
    m.insert(m.end(), {0, 0});
    test::ref_fix_checksum(m, 6);
    EXPECT_DISCARD(XVRRP_DISCARD_D4_TRUNCATED, verdict(m, hdr4()));
}

TEST(Decode, D5_BadChecksumDiscarded) {
    const auto good = msg(adv4(), hdr4());
    for (size_t i = 0; i < good.size(); ++i) {
        if (i == 0 || i == 3) {
            continue;  // version/type and count are judged before the checksum
        }
        auto m = good;
        m[i] ^= 0x04;
        EXPECT_DISCARD(XVRRP_DISCARD_D5_CHECKSUM, verdict(m, hdr4())) << "byte " << i;
    }
}

TEST(Decode, D5_V2WithPseudoHeaderChecksumDiscarded) {
    const ReceivePolicy p = v2_policy();
    auto m = msg(adv2(), hdr4());
    test::ref_fix_checksum(m, 6, &kSrc4, &kGroup4);
    EXPECT_DISCARD(XVRRP_DISCARD_D5_CHECKSUM, verdict(m, hdr4(), &p));
}

TEST(Decode, D6_VridNotConfiguredDiscarded) {
    ReceivePolicy p;
    p.vrids = {1, 2, 8};
    EXPECT_DISCARD(XVRRP_DISCARD_D6_VRID, verdict(msg(adv4(), hdr4()), hdr4(), &p));
    p.vrids.push_back(7);
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(adv4(), hdr4()), hdr4(), &p));
}

TEST(Decode, D7_CountZeroDiscarded) {
    Advert a = adv4();
    a.addresses.clear();
    EXPECT_DISCARD(XVRRP_DISCARD_D7_COUNT_ZERO, verdict(msg(a, hdr4()), hdr4()));
    Advert b = adv6();
    b.addresses.clear();
    EXPECT_DISCARD(XVRRP_DISCARD_D7_COUNT_ZERO, verdict(msg(b, hdr6()), hdr6()));
    // A count of 0 in front of a valid list is judged by the count.
    auto m = msg(adv4(), hdr4(), XVRRP_CSUM_PLAIN);
    m[3] = 0;
    test::ref_fix_checksum(m, 6);
    EXPECT_DISCARD(XVRRP_DISCARD_D7_COUNT_ZERO, verdict(m, hdr4()));
}

TEST(Decode, D8_V3IntervalZeroDiscarded) {
    Advert a = adv4();
    a.interval = 0;
    EXPECT_DISCARD(XVRRP_DISCARD_D8_INTERVAL_ZERO, verdict(msg(a, hdr4()), hdr4()));
    // Zero with reserved bits set is still zero.
    auto m = msg(a, hdr4(), XVRRP_CSUM_PLAIN);
    m[4] = 0xf0;
    test::ref_fix_checksum(m, 6);
    EXPECT_DISCARD(XVRRP_DISCARD_D8_INTERVAL_ZERO, verdict(m, hdr4()));
    a.interval = 1;
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(a, hdr4()), hdr4()));
}

TEST(Decode, D8_DoesNotApplyToV2) {
    // A v2 interval of 0 is a mismatch with ours (V2), not D8.
    Advert a = adv2();
    a.interval = 0;
    const ReceivePolicy p = v2_policy();
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(a, hdr4()), hdr4()));
    EXPECT_DISCARD(XVRRP_DISCARD_V2_INTERVAL, verdict(msg(a, hdr4()), hdr4(), &p));
}

TEST(Decode, D9_Ipv6FirstAddressNotLinkLocalDiscarded) {
    Advert a = adv6();
    std::swap(a.addresses[0], a.addresses[1]);
    EXPECT_DISCARD(XVRRP_DISCARD_D9_NOT_LINK_LOCAL, verdict(msg(a, hdr6()), hdr6()));
}

TEST(Decode, D9_AppliesWithAMulticastPolicy) {
    Advert a = adv6();
    std::swap(a.addresses[0], a.addresses[1]);
    ReceivePolicy p;
    p.vrids = {a.vrid};
    EXPECT_DISCARD(XVRRP_DISCARD_D9_NOT_LINK_LOCAL, verdict(msg(a, hdr6()), hdr6(), &p));
}

TEST(Decode, D9_UnicastPeerWithGlobalAddressesAccepted) {
    // keepalived-style unicast IPv6: global source, global peer, global VIPs only.
    const IpHeader h{ip("2001:db8::1"), ip("2001:db8::2"), 255};
    Advert a = adv6();
    a.addresses = {ip("2001:db8::254"), ip("2001:db8:1::254")};
    ReceivePolicy p;
    p.unicast = true;
    p.peers = {h.src};
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(a, h), h, &p));
    p.unicast = false;  // the same advert on the multicast link breaks P4
    EXPECT_DISCARD(XVRRP_DISCARD_D9_NOT_LINK_LOCAL, verdict(msg(a, h), h, &p));
    EXPECT_DISCARD(XVRRP_DISCARD_D9_NOT_LINK_LOCAL, verdict(msg(a, h), h));
}

TEST(Decode, D10_Ipv6ListInIpv4PacketDiscarded) {
    // An IPv6-sized list (8 + 16n) with a valid checksum in an IPv4 packet.
    auto m = msg(adv6(), hdr6());
    test::ref_fix_checksum(m, 6);
    EXPECT_DISCARD(XVRRP_DISCARD_D10_FAMILY, verdict(m, hdr4()));
}

TEST(Decode, D10_Ipv4ListInIpv6PacketDiscarded) {
    Advert a = adv4();
    a.addresses.push_back(ip("10.0.0.101"));
    const auto m = encode(a, kSrc6, kGroup6, XVRRP_CSUM_PSEUDO);  // 4-byte list, IPv6 sum
    EXPECT_DISCARD(XVRRP_DISCARD_D10_FAMILY, verdict(m, hdr6()));
}

TEST(Decode, D10_V2InIpv6PacketDiscarded) {
    const auto m = encode(adv2(), kSrc6, kGroup6, XVRRP_CSUM_PLAIN);
    EXPECT_DISCARD(XVRRP_DISCARD_D10_FAMILY, verdict(m, hdr6()));
}

TEST(Decode, D11_OwnerPriority255NotDiscarded) {
    Advert a = adv4();
    a.priority = 255;
    const auto r = decode(msg(a, hdr4()), hdr4());
    ASSERT_TRUE(r.ok()) << discard_name(r.discard);
    EXPECT_EQ(r.advert.priority, 255);
    // v2: an owner's list may differ from ours (V3 exempts priority 255).
    Advert b = adv2();
    b.priority = 255;
    b.addresses = {ip("192.168.9.9")};
    const ReceivePolicy p = v2_policy();
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(b, hdr4()), hdr4(), &p));
}

TEST(Decode, D12_UnicastSourceNotPeerDiscarded) {
    ReceivePolicy p;
    p.unicast = true;
    p.peers = {ip("10.0.0.2"), ip("10.0.0.3")};
    EXPECT_DISCARD(XVRRP_DISCARD_D12_PEER, verdict(msg(adv4(), hdr4()), hdr4(), &p));
    p.peers.push_back(kSrc4);
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(adv4(), hdr4()), hdr4(), &p));
}

TEST(Decode, D12_MulticastModeIgnoresPeerList) {
    ReceivePolicy p;
    p.peers = {ip("10.0.0.2")};
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(adv4(), hdr4()), hdr4(), &p));
}

// ---- V rules (v2) -----------------------------------------------------------

TEST(Decode, V1_AuthTypeDiffersDiscarded) {
    Advert a = adv2();
    a.auth_type = AuthType::None;
    a.auth = {};
    const ReceivePolicy p = v2_policy();
    EXPECT_DISCARD(XVRRP_DISCARD_V1_AUTH, verdict(msg(a, hdr4()), hdr4(), &p));
    ReceivePolicy none = v2_policy();
    none.v2_auth_type = AuthType::None;
    EXPECT_DISCARD(XVRRP_DISCARD_V1_AUTH, verdict(msg(adv2(), hdr4()), hdr4(), &none));
}

TEST(Decode, V1_PassTextDiffersDiscarded) {
    const ReceivePolicy p = v2_policy();
    for (size_t i = 0; i < XVRRP_V2_AUTH_LEN; ++i) {
        Advert a = adv2();
        a.auth[i] ^= 0x20;  // every byte counts, including the zero padding
        EXPECT_DISCARD(XVRRP_DISCARD_V1_AUTH, verdict(msg(a, hdr4()), hdr4(), &p)) << i;
    }
}

TEST(Decode, V1_NoAuthIgnoresAuthData) {
    ReceivePolicy p = v2_policy();
    p.v2_auth_type = AuthType::None;
    Advert a = adv2();
    a.auth_type = AuthType::None;  // auth bytes left as "secret"
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(a, hdr4()), hdr4(), &p));
}

TEST(Decode, V2_IntervalDiffersDiscarded) {
    Advert a = adv2();
    a.interval = 2;
    const ReceivePolicy p = v2_policy();
    EXPECT_DISCARD(XVRRP_DISCARD_V2_INTERVAL, verdict(msg(a, hdr4()), hdr4(), &p));
}

TEST(Decode, V2_V3IntervalDifferenceIsNotADiscard) {
    ReceivePolicy p;
    p.v2_interval_s = 3;
    Advert a = adv4();
    a.interval = 37;
    const auto r = decode(msg(a, hdr4()), hdr4(), &p);
    ASSERT_TRUE(r.ok()) << discard_name(r.discard);
    EXPECT_EQ(r.advert.interval, 37);
}

TEST(Decode, V3_AddressListDiffersDiscarded) {
    const ReceivePolicy p = v2_policy();
    Advert missing = adv2();
    missing.addresses.pop_back();
    EXPECT_DISCARD(XVRRP_DISCARD_V3_ADDRESSES, verdict(msg(missing, hdr4()), hdr4(), &p));
    Advert extra = adv2();
    extra.addresses.push_back(ip("192.168.1.3"));
    EXPECT_DISCARD(XVRRP_DISCARD_V3_ADDRESSES, verdict(msg(extra, hdr4()), hdr4(), &p));
    Advert other = adv2();
    other.addresses[1] = ip("192.168.1.4");
    EXPECT_DISCARD(XVRRP_DISCARD_V3_ADDRESSES, verdict(msg(other, hdr4()), hdr4(), &p));
    other.priority = 254;
    EXPECT_DISCARD(XVRRP_DISCARD_V3_ADDRESSES, verdict(msg(other, hdr4()), hdr4(), &p));
}

// The XDP program counts the listed addresses against its VIP count, so a
// VIP listed twice is a different list (found by the XDP fuzzer, where the
// two ladders disagreed).
TEST(Decode, V3_AVipListedTwiceIsADifferentList) {
    ReceivePolicy p = v2_policy();
    p.vips.pop_back();
    Advert twice = adv2();
    twice.addresses = {p.vips[0], p.vips[0]};
    EXPECT_DISCARD(XVRRP_DISCARD_V3_ADDRESSES, verdict(msg(twice, hdr4()), hdr4(), &p));
    twice.addresses.pop_back();
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(twice, hdr4()), hdr4(), &p));
}

TEST(Decode, V3_AddressOrderDoesNotMatter) {
    const ReceivePolicy p = v2_policy();
    Advert a = adv2();
    std::swap(a.addresses[0], a.addresses[1]);
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(a, hdr4()), hdr4(), &p));
}

TEST(Decode, V3_V3AddressMismatchIsNotADiscard) {
    ReceivePolicy p;
    p.vips = {ip("10.9.9.9")};
    EXPECT_DISCARD(XVRRP_DISCARD_NONE, verdict(msg(adv4(), hdr4()), hdr4(), &p));
}

// ---- ladder order and names -----------------------------------------------

TEST(Decode, LadderReportsTheFirstRuleBroken) {
    Advert a = adv4();
    a.addresses.clear();
    auto m = msg(a, hdr4());
    m[7] ^= 1;                                                  // also a bad checksum
    EXPECT_DISCARD(XVRRP_DISCARD_D1_TTL, verdict(m, hdr4(1)));  // TTL first
    EXPECT_DISCARD(XVRRP_DISCARD_D7_COUNT_ZERO, verdict(m, hdr4()));
    m[0] = 0x32;  // and a bad type
    EXPECT_DISCARD(XVRRP_DISCARD_D3_TYPE, verdict(m, hdr4()));
    m[0] = 0x42;  // and a bad version
    EXPECT_DISCARD(XVRRP_DISCARD_D2_VERSION, verdict(m, hdr4()));
    // D8/D9 are judged only on a message with a good checksum.
    Advert z = adv4();
    z.interval = 0;
    auto zm = msg(z, hdr4());
    zm[7] ^= 1;
    EXPECT_DISCARD(XVRRP_DISCARD_D5_CHECKSUM, verdict(zm, hdr4()));
}

TEST(Decode, DiscardedResultCarriesNoChecksumForm) {
    Advert a = adv4();
    a.interval = 0;
    const auto r = decode(msg(a, hdr4()), hdr4());
    EXPECT_EQ(r.discard, XVRRP_DISCARD_D8_INTERVAL_ZERO);
    EXPECT_EQ(r.csum_form, XVRRP_CSUM_NONE);
    EXPECT_EQ(r.advert.vrid, 7);  // for the log line
}

TEST(Decode, EveryDiscardReasonHasItsOwnName) {
    std::set<std::string> names;
    for (int d = XVRRP_DISCARD_NONE; d < XVRRP_DISCARD_MAX; ++d) {
        const std::string n = discard_name(static_cast<xvrrp_discard>(d));
        EXPECT_NE(n, "unknown discard reason") << d;
        names.insert(n);
    }
    EXPECT_EQ(names.size(), static_cast<size_t>(XVRRP_DISCARD_MAX));
    EXPECT_EQ(std::string(discard_name(XVRRP_DISCARD_D5_CHECKSUM)).substr(0, 2), "D5");
}

}  // namespace
}  // namespace xvrrp::proto

#include <gtest/gtest.h>

#include <random>

#include "helpers.h"
#include "proto/checksum.h"

namespace xvrrp::proto {
namespace {

using test::ip;
using test::ref_checksum;
using test::ref_with_pseudo;

TEST(Checksum, Rfc1071WorkedExample) {
    // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (after the fold).
    const std::vector<uint8_t> b = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    EXPECT_EQ(inet_checksum(b), 0x220d);
}

TEST(Checksum, EmptyAndOddLength) {
    EXPECT_EQ(inet_checksum({}), 0xffff);
    const std::vector<uint8_t> odd = {0x12, 0x34, 0x56};  // 1234 + 5600
    EXPECT_EQ(inet_checksum(odd), static_cast<uint16_t>(~(0x1234 + 0x5600)));
}

TEST(Checksum, MatchesReferenceAndVerifiesToZero) {
    std::mt19937 rng(1071);
    for (int n = 0; n < 500; ++n) {
        std::vector<uint8_t> b(rng() % 200 + 2);
        for (auto& x : b) {
            x = static_cast<uint8_t>(rng());
        }
        b[0] = 0x31;  // never all-zero, so "verifies" has one answer
        EXPECT_EQ(inet_checksum(b), ref_checksum(b));
        // Put the checksum in an even-offset 2-byte slot and verify.
        b.push_back(0);
        if (b.size() % 2) {
            b.push_back(0);
        }
        b.insert(b.end(), {0, 0});
        const uint16_t c = inet_checksum(b);
        b[b.size() - 2] = static_cast<uint8_t>(c >> 8);
        b[b.size() - 1] = static_cast<uint8_t>(c);
        EXPECT_EQ(inet_checksum(b), 0);
    }
}

TEST(Checksum, AccumulatorAcceptsAnySplit) {
    std::mt19937 rng(7);
    std::vector<uint8_t> b(101);
    for (auto& x : b) {
        x = static_cast<uint8_t>(rng());
    }
    for (size_t cut1 = 0; cut1 <= b.size(); cut1 += 7) {
        for (size_t cut2 = cut1; cut2 <= b.size(); cut2 += 13) {
            ChecksumAccumulator acc;
            acc.add(std::span(b).first(cut1));
            acc.add(std::span(b).subspan(cut1, cut2 - cut1));
            acc.add(std::span(b).subspan(cut2));
            EXPECT_EQ(acc.finish(), ref_checksum(b)) << cut1 << " " << cut2;
        }
    }
}

const std::vector<uint8_t> kV3Ipv4 = {0x31, 0x07, 0x64, 0x01, 0x00, 0x64,
                                      0x00, 0x00, 0x0a, 0x00, 0x00, 0x64};

TEST(Checksum, P3_PlainIsOverMessageOnly) {
    EXPECT_EQ(vrrp_checksum_plain(kV3Ipv4), 0x602f);  // computed by hand (Python)
    EXPECT_EQ(vrrp_checksum_plain(kV3Ipv4), ref_checksum(kV3Ipv4));
}

TEST(Checksum, P3_Ipv4PseudoHeader) {
    const IpAddr src = ip("10.0.0.1"), dst = ip("224.0.0.18");
    EXPECT_EQ(vrrp_checksum_pseudo(kV3Ipv4, src, dst), 0x759f);
    EXPECT_EQ(vrrp_checksum_pseudo(kV3Ipv4, src, dst),
              ref_checksum(ref_with_pseudo(kV3Ipv4, src, dst, 112)));
    EXPECT_EQ(vrrp_checksum(kV3Ipv4, src, dst, XVRRP_CSUM_PSEUDO), 0x759f);
    EXPECT_EQ(vrrp_checksum(kV3Ipv4, src, dst, XVRRP_CSUM_PLAIN), 0x602f);
    EXPECT_EQ(vrrp_checksum(kV3Ipv4, src, dst, XVRRP_CSUM_NONE), 0x759f);
}

TEST(Checksum, P3_PseudoHeaderUsesUnicastDestination) {
    const IpAddr src = ip("10.0.0.1"), peer = ip("10.0.0.2");
    EXPECT_EQ(vrrp_checksum_pseudo(kV3Ipv4, src, peer), 0x4bb0);
    EXPECT_NE(vrrp_checksum_pseudo(kV3Ipv4, src, peer),
              vrrp_checksum_pseudo(kV3Ipv4, src, ip("224.0.0.18")));
}

TEST(Checksum, P3_Ipv6PseudoHeader) {
    std::vector<uint8_t> m = {0x31, 0x09, 0xc8, 0x02, 0x00, 0x32, 0x00, 0x00};
    test::append(m, ip("fe80::1"));
    test::append(m, ip("2001:db8::100"));
    const IpAddr src = ip("fe80::a"), dst = ip("ff02::12");
    EXPECT_EQ(vrrp_checksum_pseudo(m, src, dst), 0xdb4e);
    EXPECT_EQ(vrrp_checksum_pseudo(m, src, dst), ref_checksum(ref_with_pseudo(m, src, dst, 112)));
}

TEST(Checksum, Icmpv6UsesNextHeader58) {
    std::vector<uint8_t> m = {136, 0, 0, 0, 0xa0, 0, 0, 0};
    test::append(m, ip("2001:db8::1"));
    const IpAddr src = ip("fe80::1"), dst = ip("ff02::1");
    EXPECT_EQ(icmpv6_checksum(m, src, dst), ref_checksum(ref_with_pseudo(m, src, dst, 58)));
    EXPECT_NE(icmpv6_checksum(m, src, dst), vrrp_checksum_pseudo(m, src, dst));
    EXPECT_EQ(pseudo_header_checksum(m, src, dst, 58), icmpv6_checksum(m, src, dst));
}

}  // namespace
}  // namespace xvrrp::proto

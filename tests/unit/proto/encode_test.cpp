// Golden encodings: every expected byte written out by hand, checksums
// computed outside the code under test (values from a Python one-liner, and
// re-checked here against the test's own reference sum).
#include <gtest/gtest.h>

#include "helpers.h"
#include "proto/codec.h"

namespace xvrrp::proto {
namespace {

using test::hex;
using test::ip;
using test::ref_checksum;
using test::ref_with_pseudo;

// v2, VRID 51, priority 150, 2 addresses, auth PASS "secret", 1 s.
const std::vector<uint8_t> kGoldenV2Pass = {
    0x21, 0x33, 0x96, 0x02, 0x01, 0x01, 0x88, 0x28,  // header, checksum 0x8828
    0xc0, 0xa8, 0x01, 0x01, 0xc0, 0xa8, 0x01, 0x02,  // 192.168.1.1, 192.168.1.2
    's',  'e',  'c',  'r',  'e',  't',  0x00, 0x00,  // auth data
};

// v3/IPv4, VRID 7, priority 100, 10.0.0.100, 100 cs; checksum bytes per form.
std::vector<uint8_t> golden_v3_ipv4(uint8_t csum_hi, uint8_t csum_lo) {
    return {0x31, 0x07, 0x64, 0x01, 0x00, 0x64, csum_hi, csum_lo, 0x0a, 0x00, 0x00, 0x64};
}

// v3/IPv6, VRID 9, priority 200, fe80::1 and 2001:db8::100, 50 cs,
// from fe80::a to ff02::12.
const std::vector<uint8_t> kGoldenV3Ipv6 = {
    0x31, 0x09, 0xc8, 0x02, 0x00, 0x32, 0xdb, 0x4e,  // header, checksum 0xdb4e
    0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // fe80::1
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  //
    0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // 2001:db8::100
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,  //
};

Advert golden_v2() {
    return test::v2_pass_advert(51, 150, 1, {ip("192.168.1.1"), ip("192.168.1.2")}, "secret");
}
Advert golden_v3_ipv4_advert() {
    return test::v3_advert(Family::V4, 7, 100, 100, {ip("10.0.0.100")});
}
Advert golden_v3_ipv6_advert() {
    return test::v3_advert(Family::V6, 9, 200, 50, {ip("fe80::1"), ip("2001:db8::100")});
}

TEST(Encode, GoldenChecksumsAgreeWithReference) {
    // Guards the hand-written vectors themselves.
    EXPECT_EQ(ref_checksum(kGoldenV2Pass), 0);
    EXPECT_EQ(ref_checksum(golden_v3_ipv4(0x60, 0x2f)), 0);
    EXPECT_EQ(ref_checksum(ref_with_pseudo(golden_v3_ipv4(0x75, 0x9f), ip("10.0.0.1"),
                                           ip("224.0.0.18"), 112)),
              0);
    EXPECT_EQ(ref_checksum(ref_with_pseudo(kGoldenV3Ipv6, ip("fe80::a"), ip("ff02::12"), 112)), 0);
}

TEST(Encode, P2_GoldenV2WithPassAuth) {
    const auto out = encode(golden_v2(), ip("192.168.1.10"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN);
    EXPECT_EQ(out, kGoldenV2Pass) << hex(out);
}

TEST(Encode, P3_V2ChecksumIgnoresFormAndAddresses) {
    // v2 covers the message only: neither the form nor the IP addresses matter.
    for (const auto form : {XVRRP_CSUM_NONE, XVRRP_CSUM_PLAIN, XVRRP_CSUM_PSEUDO}) {
        const auto out = encode(golden_v2(), ip("10.9.9.9"), ip("10.8.8.8"), form);
        EXPECT_EQ(out, kGoldenV2Pass) << hex(out);
    }
}

TEST(Encode, P1_GoldenV3Ipv4PseudoForm) {
    const auto out =
        encode(golden_v3_ipv4_advert(), ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PSEUDO);
    EXPECT_EQ(out, golden_v3_ipv4(0x75, 0x9f)) << hex(out);
}

TEST(Encode, P1_GoldenV3Ipv4PlainForm) {
    const auto out =
        encode(golden_v3_ipv4_advert(), ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN);
    EXPECT_EQ(out, golden_v3_ipv4(0x60, 0x2f)) << hex(out);
}

TEST(Encode, P3_FormNoneIsKeepalivedPseudoDefault) {
    const auto out =
        encode(golden_v3_ipv4_advert(), ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_NONE);
    EXPECT_EQ(out, golden_v3_ipv4(0x75, 0x9f)) << hex(out);
}

TEST(Encode, P3_PseudoHeaderUsesUnicastPeer) {
    const auto out =
        encode(golden_v3_ipv4_advert(), ip("10.0.0.1"), ip("10.0.0.2"), XVRRP_CSUM_PSEUDO);
    EXPECT_EQ(out, golden_v3_ipv4(0x4b, 0xb0)) << hex(out);
}

TEST(Encode, P1_GoldenV3Ipv6) {
    const auto out =
        encode(golden_v3_ipv6_advert(), ip("fe80::a"), ip("ff02::12"), XVRRP_CSUM_PSEUDO);
    EXPECT_EQ(out, kGoldenV3Ipv6) << hex(out);
}

TEST(Encode, P3_Ipv6AlwaysUsesPseudoHeader) {
    for (const auto form : {XVRRP_CSUM_NONE, XVRRP_CSUM_PLAIN}) {
        const auto out = encode(golden_v3_ipv6_advert(), ip("fe80::a"), ip("ff02::12"), form);
        EXPECT_EQ(out, kGoldenV3Ipv6) << hex(out);
    }
}

TEST(Encode, P1_LengthIs8Plus4nOr16n) {
    for (size_t n : {1u, 2u, 17u, 255u}) {
        Advert a4 = test::v3_advert(Family::V4, 1, 100, 100, {});
        Advert a6 = test::v3_advert(Family::V6, 1, 100, 100, {});
        for (size_t i = 0; i < n; ++i) {
            a4.addresses.push_back(
                IpAddr::v4({10, 0, static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)}));
            a6.addresses.push_back(ip("fe80::1"));
        }
        const auto m4 = encode(a4, ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN);
        const auto m6 = encode(a6, ip("fe80::a"), ip("ff02::12"), XVRRP_CSUM_PSEUDO);
        EXPECT_EQ(m4.size(), 8 + 4 * n);
        EXPECT_EQ(m6.size(), 8 + 16 * n);
        EXPECT_EQ(m4[3], n);
        EXPECT_EQ(vrrp_message_len(Version::V3, Family::V4, n), 8 + 4 * n);
        EXPECT_EQ(vrrp_message_len(Version::V3, Family::V6, n), 8 + 16 * n);
    }
}

TEST(Encode, P2_LengthIs16Plus4n) {
    Advert a = golden_v2();
    a.addresses.push_back(ip("192.168.1.3"));
    const auto m = encode(a, ip("192.168.1.10"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN);
    EXPECT_EQ(m.size(), 16u + 4 * 3);
    EXPECT_EQ(vrrp_message_len(Version::V2, Family::V4, 3), 16u + 4 * 3);
    // The auth data comes after the addresses.
    EXPECT_EQ(std::vector<uint8_t>(m.end() - 8, m.end()),
              (std::vector<uint8_t>{'s', 'e', 'c', 'r', 'e', 't', 0, 0}));
}

TEST(Encode, P1_MaxIntervalAndReservedBitsZero) {
    const auto m = encode(test::v3_advert(Family::V4, 255, 254, 4095, {ip("10.0.0.100")}),
                          ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN);
    EXPECT_EQ(m[0], 0x31);
    EXPECT_EQ(m[1], 255);
    EXPECT_EQ(m[2], 254);
    EXPECT_EQ(m[4], 0x0f);  // reserved nibble 0, interval high nibble f
    EXPECT_EQ(m[5], 0xff);
    EXPECT_EQ(ref_checksum(m), 0);
}

TEST(Encode, RejectsWhatTheWireCannotCarry) {
    Advert many = test::v3_advert(Family::V4, 1, 100, 100, {});
    many.addresses.assign(256, ip("10.0.0.1"));
    EXPECT_THROW(encode(many, ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN), EncodeError);

    const Advert mixed = test::v3_advert(Family::V4, 1, 100, 100, {ip("10.0.0.1"), ip("fe80::1")});
    EXPECT_THROW(encode(mixed, ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN), EncodeError);

    const Advert v3_slow = test::v3_advert(Family::V4, 1, 100, 4096, {ip("10.0.0.1")});
    EXPECT_THROW(encode(v3_slow, ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN), EncodeError);

    Advert v2_slow = golden_v2();
    v2_slow.interval = 256;
    EXPECT_THROW(encode(v2_slow, ip("10.0.0.1"), ip("224.0.0.18"), XVRRP_CSUM_PLAIN), EncodeError);

    EXPECT_THROW(encode(golden_v3_ipv4_advert(), ip("10.0.0.1"), ip("ff02::12"), XVRRP_CSUM_PLAIN),
                 EncodeError);
}

TEST(Encode, EncodesInvalidAdvertsForTests) {
    // Count 0, interval 0, VRID 0 are representable: tests build D7/D8 input.
    const auto m = encode(test::v3_advert(Family::V4, 0, 100, 0, {}), ip("10.0.0.1"),
                          ip("224.0.0.18"), XVRRP_CSUM_PLAIN);
    EXPECT_EQ(m, (std::vector<uint8_t>{0x31, 0, 100, 0, 0, 0, 0x6a, 0xff}));  // ~(0x3100 + 0x6400)
}

}  // namespace
}  // namespace xvrrp::proto

#include <gtest/gtest.h>

#include "helpers.h"
#include "proto/address.h"

namespace xvrrp::proto {
namespace {

using test::ip;

TEST(Address, ParsesDottedQuad) {
    const auto a = IpAddr::parse("192.0.2.17");
    ASSERT_TRUE(a.has_value());
    EXPECT_TRUE(a->is_v4());
    EXPECT_EQ(a->size(), 4u);
    EXPECT_EQ(a->bytes()[0], 192);
    EXPECT_EQ(a->bytes()[3], 17);
    EXPECT_EQ(a->to_string(), "192.0.2.17");
    EXPECT_EQ(*a, IpAddr::v4({192, 0, 2, 17}));
}

TEST(Address, Ipv6TextIsRfc5952) {
    // input form -> canonical RFC 5952 output
    const std::pair<const char*, const char*> cases[] = {
        {"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
        {"fe80:0000::0001", "fe80::1"},
        {"::", "::"},
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // one zero group stays
        {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},           // the longest run is compressed
        {"ff02::12", "ff02::12"},
    };
    for (const auto& [in, out] : cases) {
        const auto a = IpAddr::parse(in);
        ASSERT_TRUE(a.has_value()) << in;
        EXPECT_EQ(a->family(), Family::V6);
        EXPECT_EQ(a->size(), 16u);
        EXPECT_EQ(a->to_string(), out) << in;
        EXPECT_EQ(IpAddr::parse(a->to_string()), a) << in;
    }
}

TEST(Address, ParseRejectsMalformedText) {
    for (const char* bad :
         {"", "1.2.3", "256.0.0.1", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4/24", "fe80::1::2",
          "fe80::1%eth0", "abc", "1.2.3.4.5", "01.2.3.4", "12345::1"}) {
        EXPECT_FALSE(IpAddr::parse(bad).has_value()) << "'" << bad << "'";
    }
}

TEST(Address, LinkLocalIsFe80Slash10AndIpv6Only) {
    EXPECT_TRUE(ip("fe80::1").is_link_local());
    EXPECT_TRUE(ip("febf:ffff::1").is_link_local());
    EXPECT_FALSE(ip("fec0::1").is_link_local());
    EXPECT_FALSE(ip("2001:db8::1").is_link_local());
    EXPECT_FALSE(ip("169.254.1.1").is_link_local());
}

TEST(Address, Multicast) {
    EXPECT_TRUE(ip("224.0.0.18").is_multicast());
    EXPECT_TRUE(ip("239.255.255.255").is_multicast());
    EXPECT_FALSE(ip("223.255.255.255").is_multicast());
    EXPECT_FALSE(ip("240.0.0.1").is_multicast());
    EXPECT_TRUE(ip("ff02::12").is_multicast());
    EXPECT_FALSE(ip("fe80::12").is_multicast());
}

TEST(Address, S10_OrderingIsUnsignedNetworkOrder) {
    EXPECT_LT(ip("10.0.0.10"), ip("10.0.0.200"));
    EXPECT_LT(ip("127.255.255.255"), ip("128.0.0.1"));  // unsigned: no sign bit
    EXPECT_LT(ip("9.255.255.255"), ip("10.0.0.0"));
    EXPECT_LT(ip("fe80::2"), ip("fe80::10"));
    EXPECT_LT(ip("255.255.255.255"), ip("::"));  // IPv4 sorts before IPv6
    EXPECT_EQ(ip("10.1.2.3"), IpAddr::v4({10, 1, 2, 3}));
    EXPECT_NE(ip("10.1.2.3"), ip("::a01:203"));  // same leading bytes, other family
}

TEST(Address, V4LeavesTrailingBytesZero) {
    const IpAddr a = IpAddr::v4({1, 2, 3, 4});
    for (size_t i = 4; i < 16; ++i) {
        EXPECT_EQ(a.bytes()[i], 0) << i;
    }
}

}  // namespace
}  // namespace xvrrp::proto

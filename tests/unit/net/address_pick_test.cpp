// P5: the advert source chosen from an address list already read (one dump
// serving every instance created together).
#include <linux/if_addr.h>

#include <gtest/gtest.h>

#include "net/interfaces.h"

namespace xvrrp::net {
namespace {

using proto::IpAddr;

IpAddr ip(const char* s) {
    return *IpAddr::parse(s);
}

InterfaceAddress addr(const char* s, uint32_t flags = 0, uint8_t scope = 0) {
    InterfaceAddress a;
    a.addr = ip(s);
    a.flags = flags;
    a.scope = scope;
    return a;
}

TEST(AddressPick, P5_FirstPrimaryIpv4ThatIsNotAVip) {
    const std::vector<InterfaceAddress> list = {
        addr("127.0.0.5", 0, 254),           // host scope
        addr("192.0.2.254"),                 // our VIP
        addr("192.0.2.7", IFA_F_SECONDARY),  // secondary
        addr("2001:db8::1"),                 // other family
        addr("192.0.2.1"),
    };
    const std::vector<IpAddr> vips = {ip("192.0.2.254")};
    auto got = pick_primary_ipv4(list, "bond1", vips);
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(*got, ip("192.0.2.1"));
}

TEST(AddressPick, P5_NoUsableIpv4NamesTheInterface) {
    const std::vector<InterfaceAddress> list = {addr("192.0.2.254")};
    const std::vector<IpAddr> vips = {ip("192.0.2.254")};
    auto got = pick_primary_ipv4(list, "bond1", vips);
    ASSERT_FALSE(got.ok());
    EXPECT_NE(got.error().message.find("bond1: no IPv4 address"), std::string::npos);
}

TEST(AddressPick, P5_LinkLocalPrefersOneWhoseDadIsDoneAndNeverAFailedOne) {
    const std::vector<InterfaceAddress> list = {
        addr("2001:db8::1"),
        addr("fe80::1", IFA_F_DADFAILED),
        addr("fe80::2", IFA_F_TENTATIVE),
        addr("fe80::3"),
    };
    auto got = pick_ipv6_link_local(list, "bond1");
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, ip("fe80::3"));
    const std::vector<InterfaceAddress> only_tentative = {addr("fe80::2", IFA_F_TENTATIVE)};
    EXPECT_EQ(*pick_ipv6_link_local(only_tentative, "bond1"), ip("fe80::2"));
    const std::vector<InterfaceAddress> failed = {addr("fe80::1", IFA_F_DADFAILED)};
    auto none = pick_ipv6_link_local(failed, "bond1");
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().message.find("bond1: no IPv6 link-local"), std::string::npos);
}

TEST(AddressPick, P5_LinkLocalSkipsExcludedAddresses) {
    const std::vector<InterfaceAddress> list = {addr("fe80::1"), addr("fe80::2")};
    const std::vector<IpAddr> vips = {ip("fe80::1")};
    EXPECT_EQ(*pick_ipv6_link_local(list, "bond1", vips), ip("fe80::2"));
}

}  // namespace
}  // namespace xvrrp::net

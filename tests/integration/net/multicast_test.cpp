// Multicast memberships (VRRP groups; S4 solicited-node groups), checked
// with `ip maddr`, which lists the groups the interface accepts.
#include "net/multicast.h"

#include <nlohmann/json.hpp>

#include "netns_lab.h"
#include "proto/frames.h"

namespace xvrrp::net {
namespace {

using json = nlohmann::json;
using testing::NetnsLab;

class Multicast : public NetnsLab {
  protected:
    std::set<std::string> groups() {
        std::set<std::string> out;
        const json links = json::parse(ip_json(ns_a, "maddr show dev " + if_a));
        for (const auto& m : links.at(0).at("maddr")) {
            // IP groups carry "address", the Ethernet filter entries "link".
            out.insert(m.contains("address") ? m.at("address").get<std::string>()
                                             : m.at("link").get<std::string>());
        }
        return out;
    }
};

TEST_F(Multicast, P5_VrrpGroupsJoinedAndLeft) {
    MulticastMemberships m;
    const Iface iface{ifindex_a, if_a};
    ASSERT_FALSE(groups().count("224.0.0.18"));
    ASSERT_FALSE(groups().count("ff02::12"));
    auto v4 = m.join_vrrp_group(iface, proto::Family::V4);
    ASSERT_TRUE(v4) << v4.error().message;
    auto v6 = m.join_vrrp_group(iface, proto::Family::V6);
    ASSERT_TRUE(v6) << v6.error().message;
    auto now = groups();
    EXPECT_TRUE(now.count("224.0.0.18"));
    EXPECT_TRUE(now.count("ff02::12"));
    // The NIC-level filter too: the groups' Ethernet addresses.
    EXPECT_TRUE(now.count("01:00:5e:00:00:12"));
    EXPECT_TRUE(now.count("33:33:00:00:00:12"));

    ASSERT_TRUE(m.leave_vrrp_group(iface, proto::Family::V4));
    ASSERT_TRUE(m.leave_vrrp_group(iface, proto::Family::V6));
    now = groups();
    EXPECT_FALSE(now.count("224.0.0.18"));
    EXPECT_FALSE(now.count("ff02::12"));
}

TEST_F(Multicast, S4_SolicitedNodeGroupOfAnIpv6Vip) {
    MulticastMemberships m;
    const Iface iface{ifindex_a, if_a};
    // Not on the interface, so the kernel has not joined the group itself.
    const auto vip = *proto::IpAddr::parse("2001:db8::ab:cdef");
    ASSERT_FALSE(groups().count("ff02::1:ffab:cdef"));
    auto joined = m.join_solicited_node(iface, vip);
    ASSERT_TRUE(joined) << joined.error().message;
    EXPECT_TRUE(groups().count("ff02::1:ffab:cdef"));
    EXPECT_TRUE(groups().count("33:33:ff:ab:cd:ef"));
    ASSERT_TRUE(m.leave_solicited_node(iface, vip));
    EXPECT_FALSE(groups().count("ff02::1:ffab:cdef"));
}

TEST_F(Multicast, JoinsAreCountedPerInterfaceAndGroup) {
    MulticastMemberships m;
    const Iface iface{ifindex_a, if_a};
    const auto group = proto::vrrp_group(proto::Family::V4);
    ASSERT_TRUE(m.join(iface, group));
    ASSERT_TRUE(m.join(iface, group));  // a second instance on the interface
    EXPECT_EQ(m.users(iface, group), 2u);
    ASSERT_TRUE(m.leave(iface, group));
    EXPECT_TRUE(groups().count("224.0.0.18")) << "left while still in use";
    ASSERT_TRUE(m.leave(iface, group));
    EXPECT_FALSE(groups().count("224.0.0.18"));
    auto extra = m.leave(iface, group);
    ASSERT_FALSE(extra);
    EXPECT_EQ(extra.error().code, ENOENT);
}

TEST_F(Multicast, ManyGroupsOutgrowOneSocket) {
    // More groups than net.ipv4.igmp_max_memberships (20) allows per socket.
    MulticastMemberships m;
    const Iface iface{ifindex_a, if_a};
    for (int i = 1; i <= 40; ++i) {
        const auto group = *proto::IpAddr::parse("239.1.1." + std::to_string(i));
        auto joined = m.join(iface, group);
        ASSERT_TRUE(joined) << joined.error().message;
    }
    const auto now = groups();
    EXPECT_TRUE(now.count("239.1.1.1"));
    EXPECT_TRUE(now.count("239.1.1.40"));
}

TEST_F(Multicast, ErrorsNameTheInterfaceAndGroup) {
    MulticastMemberships m;
    auto missing = m.join_vrrp_group(Iface{ifindex_a + 1000, "bond1"}, proto::Family::V4);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "bond1: no such interface");
    auto unicast = m.join(Iface{ifindex_a, if_a}, *proto::IpAddr::parse("192.0.2.1"));
    ASSERT_FALSE(unicast);
    EXPECT_EQ(unicast.error().message,
              if_a + ": join multicast group 192.0.2.1: not a multicast address");
}

}  // namespace
}  // namespace xvrrp::net

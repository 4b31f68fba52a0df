// Interface lookups (P5 advert sources) against what iproute2 reports.
#include "net/interfaces.h"

#include <nlohmann/json.hpp>

#include <cctype>

#include "netns_lab.h"

namespace xvrrp::net {
namespace {

using json = nlohmann::json;
using testing::NetnsLab;

class Interfaces : public NetnsLab {
  protected:
    RtnlSocket rtnl() {
        auto r = RtnlSocket::open();
        EXPECT_TRUE(r) << r.error().message;
        return std::move(r).value();
    }
    static proto::IpAddr addr(const char* text) { return *proto::IpAddr::parse(text); }
    static std::string upper(std::string_view text) {
        std::string out(text);
        for (char& c : out) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        return out;
    }
};

TEST_F(Interfaces, LookupByNameMatchesIproute2) {
    auto iface = find_interface(if_a);
    ASSERT_TRUE(iface) << iface.error().message;
    EXPECT_EQ(iface->index, ifindex_a);
    EXPECT_EQ(iface->name, if_a);

    ip(ns_a, "link set " + if_a + " mtu 1400");
    auto sock = rtnl();
    auto link = link_info(sock, if_a);
    ASSERT_TRUE(link) << link.error().message;
    const json shown = json::parse(ip_json(ns_a, "link show dev " + if_a)).at(0);
    EXPECT_EQ(link->index, shown.at("ifindex").get<int>());
    EXPECT_EQ(link->name, if_a);
    EXPECT_EQ(to_string(link->mac), shown.at("address").get<std::string>());
    EXPECT_EQ(link->mtu, 1400u);
    EXPECT_TRUE(link->admin_up());
    EXPECT_TRUE(link->running());
    EXPECT_EQ(link->oper_state, OperState::Up);
    EXPECT_EQ(std::string(to_string(link->oper_state)), "up");

    // The same link by index.
    auto by_index = link_info(sock, *iface);
    ASSERT_TRUE(by_index) << by_index.error().message;
    EXPECT_EQ(by_index->mac, link->mac);
}

TEST_F(Interfaces, DownLinkReportsItsState) {
    ip(ns_b, "link set " + if_b + " down");  // carrier gone on our side
    auto sock = rtnl();
    auto link = link_info(sock, if_a);
    ASSERT_TRUE(link) << link.error().message;
    EXPECT_TRUE(link->admin_up());
    EXPECT_FALSE(link->running());
    EXPECT_FALSE(link->lower_up());
    EXPECT_NE(link->oper_state, OperState::Up);
    const json shown = json::parse(ip_json(ns_a, "link show dev " + if_a)).at(0);
    EXPECT_EQ(upper(to_string(link->oper_state)), shown.at("operstate").get<std::string>());
}

TEST_F(Interfaces, MissingInterfaceErrorNamesIt) {
    auto iface = find_interface("bond1");
    ASSERT_FALSE(iface);
    EXPECT_EQ(iface.error().code, ENODEV);
    EXPECT_EQ(iface.error().message, "bond1: no such interface");

    auto sock = rtnl();
    auto link = link_info(sock, "bond1");
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().message, "bond1: no such interface");

    auto gone = link_info(sock, Iface{ifindex_a + 1000, "eth9"});
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().message, "eth9: no such interface");

    auto too_long = find_interface("a-name-longer-than-ifnamsiz");
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().message, "a-name-longer-than-ifnamsiz: no such interface");
}

TEST_F(Interfaces, P5_PrimaryIpv4SkipsSecondariesAndExcludedVips) {
    // A VIP added before the interface's own address is listed first: only
    // the exclusion keeps it from becoming the advert source.
    ip(ns_a, "addr add 198.51.100.7/32 dev " + if_a);
    ip(ns_a, "addr add 192.0.2.1/24 dev " + if_a);
    ip(ns_a, "addr add 192.0.2.2/24 dev " + if_a);  // secondary
    const Iface iface{ifindex_a, if_a};
    auto sock = rtnl();

    auto without = primary_ipv4(sock, iface);
    ASSERT_TRUE(without) << without.error().message;
    EXPECT_EQ(without->to_string(), "198.51.100.7");

    const std::vector<proto::IpAddr> vips{addr("198.51.100.7")};
    auto with = primary_ipv4(sock, iface, vips);
    ASSERT_TRUE(with) << with.error().message;
    EXPECT_EQ(with->to_string(), "192.0.2.1");

    const std::vector<proto::IpAddr> all{addr("198.51.100.7"), addr("192.0.2.1")};
    auto none = primary_ipv4(sock, iface, all);  // 192.0.2.2 is secondary
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, EADDRNOTAVAIL);
    EXPECT_NE(none.error().message.find(if_a + ": no IPv4 address"), std::string::npos)
        << none.error().message;
}

TEST_F(Interfaces, P5_Ipv6LinkLocalIsTheKernelOne) {
    auto sock = rtnl();
    auto ll = ipv6_link_local(sock, Iface{ifindex_a, if_a});
    ASSERT_TRUE(ll) << ll.error().message;
    const json shown = json::parse(ip_json(ns_a, "-6 addr show dev " + if_a + " scope link"));
    const std::string expected = shown.at(0).at("addr_info").at(0).at("local").get<std::string>();
    EXPECT_EQ(ll->to_string(), expected);
    EXPECT_TRUE(ll->is_link_local());
}

TEST_F(Interfaces, P5_Ipv6LinkLocalSkipsExcludedVipAndNeedsOne) {
    ip(ns_a, "link set " + if_a + " down");
    ip(ns_a, "link set " + if_a + " addrgenmode none");
    ip(ns_a, "link set " + if_a + " up");
    const Iface iface{ifindex_a, if_a};
    auto sock = rtnl();
    auto missing = ipv6_link_local(sock, iface);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find(if_a + ": no IPv6 link-local address"),
              std::string::npos)
        << missing.error().message;

    ip(ns_a, "addr add fe80::1/64 dev " + if_a + " nodad");  // the virtual router's LL VIP
    ip(ns_a, "addr add fe80::2/64 dev " + if_a + " nodad");
    const std::vector<proto::IpAddr> vips{addr("fe80::1")};
    auto ll = ipv6_link_local(sock, iface, vips);
    ASSERT_TRUE(ll) << ll.error().message;
    EXPECT_EQ(ll->to_string(), "fe80::2");
}

TEST_F(Interfaces, ListAddressesFiltersByInterfaceAndFamily) {
    ip(ns_a, "addr add 192.0.2.1/24 dev " + if_a + " label " + if_a + ":x");
    ip(ns_a, "addr add 2001:db8::1/64 dev " + if_a + " nodad");
    ip(ns_a, "addr add 192.0.2.99/24 dev lo");  // another interface: not listed
    auto sock = rtnl();
    const Iface iface{ifindex_a, if_a};

    auto v4 = list_addresses(sock, iface, proto::Family::V4);
    ASSERT_TRUE(v4) << v4.error().message;
    ASSERT_EQ(v4->size(), 1u);
    EXPECT_EQ((*v4)[0].addr.to_string(), "192.0.2.1");
    EXPECT_EQ((*v4)[0].prefix_len, 24);
    EXPECT_EQ((*v4)[0].label, if_a + ":x");
    EXPECT_EQ((*v4)[0].ifindex, ifindex_a);

    auto all = list_addresses(sock, iface);
    ASSERT_TRUE(all) << all.error().message;
    bool global6 = false;
    for (const auto& a : *all) {
        EXPECT_EQ(a.ifindex, ifindex_a);
        EXPECT_NE(a.addr.to_string(), "192.0.2.99");
        if (a.addr.to_string() == "2001:db8::1") {
            global6 = true;
            EXPECT_EQ(a.prefix_len, 64);
            EXPECT_TRUE(a.nodad());
        }
    }
    EXPECT_TRUE(global6);
}

}  // namespace
}  // namespace xvrrp::net

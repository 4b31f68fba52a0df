// VIPs added and removed in one netlink batch, checked with `ip -j addr`.
#include "net/vip_manager.h"

#include <nlohmann/json.hpp>

#include "net/interfaces.h"
#include "netns_lab.h"

namespace xvrrp::net {
namespace {

using json = nlohmann::json;
using testing::NetnsLab;

class Vips : public NetnsLab {
  protected:
    void SetUp() override {
        NetnsLab::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        auto r = RtnlSocket::open();
        ASSERT_TRUE(r) << r.error().message;
        rtnl_.emplace(std::move(r).value());
        iface_ = Iface{ifindex_a, if_a};
    }

    static Vip vip(const char* text, uint8_t prefix, std::string label = {}) {
        return Vip{*proto::IpAddr::parse(text), prefix, std::move(label)};
    }

    // "address/prefix" -> iproute2's addr_info entry, for if_a.
    std::map<std::string, json> shown() {
        std::map<std::string, json> out;
        const json links = json::parse(ip_json(ns_a, "addr show dev " + if_a));
        for (const auto& a : links.at(0).at("addr_info")) {
            out[a.at("local").get<std::string>() + "/" +
                std::to_string(a.at("prefixlen").get<int>())] = a;
        }
        return out;
    }

    static std::string failures_text(const std::vector<VipFailure>& failures) {
        std::string text;
        for (const auto& f : failures) {
            text += f.error.message + "\n";
        }
        return text;
    }

    std::optional<RtnlSocket> rtnl_;
    Iface iface_;
};

TEST_F(Vips, Ipv4BatchAddedWithLabelsThenRemoved) {
    const std::vector<Vip> vips{vip("192.0.2.10", 24, if_a + ":vip"), vip("192.0.2.11", 32),
                                vip("198.51.100.1", 25)};
    auto added = add_vips(*rtnl_, iface_, vips);
    ASSERT_TRUE(added.empty()) << failures_text(added);
    auto now = shown();
    ASSERT_TRUE(now.count("192.0.2.10/24"));
    EXPECT_EQ(now["192.0.2.10/24"].at("label").get<std::string>(), if_a + ":vip");
    EXPECT_TRUE(now.count("192.0.2.11/32"));
    EXPECT_TRUE(now.count("198.51.100.1/25"));

    auto removed = remove_vips(*rtnl_, iface_, vips);
    ASSERT_TRUE(removed.empty()) << failures_text(removed);
    now = shown();
    EXPECT_FALSE(now.count("192.0.2.10/24"));
    EXPECT_FALSE(now.count("192.0.2.11/32"));
    EXPECT_FALSE(now.count("198.51.100.1/25"));
}

TEST_F(Vips, Ipv6VipIsUsableAtOnceBecauseOfNodad) {
    // Control: the kernel holds an address added without nodad in DAD.
    ip(ns_a, "addr add 2001:db8::99/64 dev " + if_a);
    ASSERT_TRUE(shown()["2001:db8::99/64"].value("tentative", false))
        << "DAD does not run here, the nodad check below would prove nothing";

    const std::vector<Vip> vips{vip("2001:db8::10", 64), vip("2001:db8:1::10", 128)};
    auto added = add_vips(*rtnl_, iface_, vips);
    ASSERT_TRUE(added.empty()) << failures_text(added);
    auto now = shown();
    ASSERT_TRUE(now.count("2001:db8::10/64"));
    ASSERT_TRUE(now.count("2001:db8:1::10/128"));
    for (const char* key : {"2001:db8::10/64", "2001:db8:1::10/128"}) {
        EXPECT_FALSE(now[key].value("tentative", false)) << key;
        EXPECT_TRUE(now[key].value("nodad", false)) << key;
    }

    auto removed = remove_vips(*rtnl_, iface_, vips);
    ASSERT_TRUE(removed.empty()) << failures_text(removed);
    now = shown();
    EXPECT_FALSE(now.count("2001:db8::10/64"));
    EXPECT_FALSE(now.count("2001:db8:1::10/128"));
}

TEST_F(Vips, AddingPresentAndRemovingAbsentVipsIsNotAnError) {
    const std::vector<Vip> vips{vip("192.0.2.20", 24), vip("2001:db8::20", 64)};
    ASSERT_TRUE(add_vips(*rtnl_, iface_, vips).empty());
    auto again = add_vips(*rtnl_, iface_, vips);  // EEXIST
    EXPECT_TRUE(again.empty()) << failures_text(again);
    ASSERT_TRUE(remove_vips(*rtnl_, iface_, vips).empty());
    auto gone = remove_vips(*rtnl_, iface_, vips);  // EADDRNOTAVAIL
    EXPECT_TRUE(gone.empty()) << failures_text(gone);
}

TEST_F(Vips, OneBadAddressInABatchIsReportedAlone) {
    const std::vector<Vip> vips{vip("192.0.2.30", 24), vip("192.0.2.31", 33),
                                vip("2001:db8::30", 64)};
    auto failures = add_vips(*rtnl_, iface_, vips);
    ASSERT_EQ(failures.size(), 1u) << failures_text(failures);
    EXPECT_EQ(failures[0].vip, vips[1]);
    EXPECT_EQ(failures[0].error.code, EINVAL);
    EXPECT_EQ(failures[0].error.message.rfind(if_a + ": add VIP 192.0.2.31/33: ", 0), 0u)
        << failures[0].error.message;
    auto now = shown();
    EXPECT_TRUE(now.count("192.0.2.30/24"));
    EXPECT_TRUE(now.count("2001:db8::30/64"));
}

TEST_F(Vips, VipsOnAMissingInterfaceFailEachNamingIt) {
    const Iface gone{ifindex_a + 1000, "bond1"};
    const std::vector<Vip> vips{vip("192.0.2.40", 24), vip("2001:db8::40", 64)};
    auto failures = add_vips(*rtnl_, gone, vips);
    ASSERT_EQ(failures.size(), 2u);
    for (const auto& f : failures) {
        EXPECT_EQ(f.error.code, ENODEV);
        EXPECT_EQ(f.error.message.rfind("bond1: add VIP ", 0), 0u) << f.error.message;
    }
}

TEST_F(Vips, PrefixRouteFollowsTheVipUnlessTurnedOff) {
    Vip with_route = vip("198.51.100.5", 24);
    Vip without_route = vip("203.0.113.5", 24);
    without_route.prefix_route = false;
    const std::vector<Vip> vips{with_route, without_route};
    ASSERT_TRUE(add_vips(*rtnl_, iface_, vips).empty());
    const std::string routes = ip_json(ns_a, "route show dev " + if_a);
    EXPECT_NE(routes.find("\"198.51.100.0/24\""), std::string::npos) << routes;
    EXPECT_EQ(routes.find("\"203.0.113.0/24\""), std::string::npos) << routes;
    EXPECT_TRUE(shown()["203.0.113.5/24"].value("noprefixroute", false));
}

TEST_F(Vips, LeftoverVipsAreListedWithTheirPrefix) {
    // What a restarted controller sees after a crash left its VIPs behind.
    const std::vector<Vip> vips{vip("192.0.2.50", 24, if_a + ":old"), vip("2001:db8::50", 64)};
    ASSERT_TRUE(add_vips(*rtnl_, iface_, vips).empty());
    auto listed = list_addresses(*rtnl_, iface_);
    ASSERT_TRUE(listed) << listed.error().message;
    std::vector<Vip> found;
    for (const auto& a : *listed) {
        if (a.addr == vips[0].addr || a.addr == vips[1].addr) {
            found.push_back(Vip{a.addr, a.prefix_len, a.label, !a.no_prefix_route()});
        }
    }
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0], vips[0]);
    EXPECT_EQ(found[1].addr, vips[1].addr);
    EXPECT_EQ(found[1].prefix_len, 64);
    // What was listed is exactly what removes them.
    ASSERT_TRUE(remove_vips(*rtnl_, iface_, found).empty());
    EXPECT_FALSE(shown().count("192.0.2.50/24"));
    EXPECT_FALSE(shown().count("2001:db8::50/64"));
}

TEST_F(Vips, ManyVipsSpanSeveralDatagramsAndAllLand) {
    std::vector<Vip> vips;
    for (int i = 1; i <= 200; ++i) {
        const std::string text =
            "10.77." + std::to_string(i / 100) + "." + std::to_string(i % 100 + 1);
        vips.push_back(vip(text.c_str(), 32));
    }
    auto failures = add_vips(*rtnl_, iface_, vips);
    ASSERT_TRUE(failures.empty()) << failures_text(failures);
    auto now = shown();
    for (const auto& v : vips) {
        EXPECT_TRUE(now.count(to_string(v))) << to_string(v);
    }
    ASSERT_TRUE(remove_vips(*rtnl_, iface_, vips).empty());
    now = shown();
    for (const auto& v : vips) {
        EXPECT_FALSE(now.count(to_string(v))) << to_string(v);
    }
}

}  // namespace
}  // namespace xvrrp::net

// A4: gratuitous ARP and unsolicited NA as they leave the interface, decoded
// by tshark (an independent dissector) from a capture in the peer namespace.
#include "net/announcer.h"

#include "net/interfaces.h"
#include "netns_lab.h"
#include "proto/frames.h"

namespace xvrrp::net {
namespace {

using testing::Frame;
using testing::NetnsLab;

constexpr uint8_t kVrid = 51;

proto::IpAddr addr(const char* text) {
    return *proto::IpAddr::parse(text);
}

bool from_mac(const Frame& f, const proto::Mac& mac) {
    return f.size() >= 14 && std::equal(mac.begin(), mac.end(), f.begin() + 6);
}

class Announcer : public NetnsLab {
  protected:
    std::vector<Frame> announce_and_capture(const std::vector<proto::IpAddr>& vips,
                                            const std::optional<proto::IpAddr>& src_ll,
                                            unsigned repeat, const proto::Mac& vmac) {
        Fd capture = open_capture_b();
        auto tx = PacketTransmitter::open(Iface{ifindex_a, if_a});
        EXPECT_TRUE(tx) << tx.error().message;
        auto announcement = Announcement::build(kVrid, vips, src_ll);
        EXPECT_TRUE(announcement) << announcement.error().message;
        if (!tx || !announcement) {
            return {};
        }
        EXPECT_EQ(announcement->frames().size(), vips.size());
        const SendReport report = announcement->send(*tx, repeat);
        EXPECT_TRUE(report.ok()) << report.error->message;
        EXPECT_EQ(report.sent, vips.size() * repeat);
        return receive(capture.get(), vips.size() * repeat, 3000,
                       [&](const Frame& f) { return from_mac(f, vmac); });
    }
};

TEST_F(Announcer, A4_GratuitousArpFromTheVmacPerVipAndRepeat) {
    const std::vector<proto::IpAddr> vips{addr("192.0.2.10"), addr("198.51.100.20")};
    const auto frames =
        announce_and_capture(vips, std::nullopt, 3, proto::vmac(proto::Family::V4, kVrid));
    ASSERT_EQ(frames.size(), 6u);
    const auto rows = tshark_fields(
        write_pcap(frames), {"eth.dst", "eth.src", "arp.opcode", "arp.src.hw_mac", "arp.dst.hw_mac",
                             "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "arp.isgratuitous"});
    ASSERT_EQ(rows.size(), 6u);
    for (size_t i = 0; i < rows.size(); ++i) {
        const std::string vip = vips[i % 2].to_string();  // VIP 1, 2, 1, 2, ...
        ASSERT_EQ(rows[i].size(), 8u) << i;
        EXPECT_EQ(rows[i][0], "ff:ff:ff:ff:ff:ff");
        EXPECT_EQ(rows[i][1], "00:00:5e:00:01:33");
        EXPECT_EQ(rows[i][2], "1");  // request
        EXPECT_EQ(rows[i][3], "00:00:5e:00:01:33");
        EXPECT_EQ(rows[i][4], "00:00:5e:00:01:33");
        EXPECT_EQ(rows[i][5], vip);
        EXPECT_EQ(rows[i][6], vip);
        EXPECT_EQ(rows[i][7], "1") << "tshark does not see a gratuitous ARP";
    }
}

TEST_F(Announcer, A4_UnsolicitedNaToAllNodesWithRouterAndOverrideFlags) {
    auto rtnl = RtnlSocket::open();
    ASSERT_TRUE(rtnl) << rtnl.error().message;
    auto ll = ipv6_link_local(*rtnl, Iface{ifindex_a, if_a});
    ASSERT_TRUE(ll) << ll.error().message;
    const std::vector<proto::IpAddr> vips{addr("2001:db8::10"), addr("fe80::1")};
    const auto frames = announce_and_capture(vips, *ll, 2, proto::vmac(proto::Family::V6, kVrid));
    ASSERT_EQ(frames.size(), 4u);
    const auto rows = tshark_fields(
        write_pcap(frames),
        {"eth.dst", "eth.src", "ipv6.src", "ipv6.dst", "ipv6.hlim", "icmpv6.type",
         "icmpv6.nd.na.flag.r", "icmpv6.nd.na.flag.s", "icmpv6.nd.na.flag.o",
         "icmpv6.nd.na.target_address", "icmpv6.opt.linkaddr", "icmpv6.checksum.status"});
    ASSERT_EQ(rows.size(), 4u);
    for (size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 12u) << i;
        EXPECT_EQ(rows[i][0], "33:33:00:00:00:01");
        EXPECT_EQ(rows[i][1], "00:00:5e:00:02:33");
        EXPECT_EQ(rows[i][2], ll->to_string());
        EXPECT_EQ(rows[i][3], "ff02::1");
        EXPECT_EQ(rows[i][4], "255");
        EXPECT_EQ(rows[i][5], "136");
        EXPECT_EQ(rows[i][6], "1");  // router
        EXPECT_EQ(rows[i][7], "0");  // not solicited
        EXPECT_EQ(rows[i][8], "1");  // override
        EXPECT_EQ(rows[i][9], vips[i % 2].to_string());
        EXPECT_EQ(rows[i][10], "00:00:5e:00:02:33");
        EXPECT_EQ(rows[i][11], "1") << "tshark does not find the ICMPv6 checksum good";
    }
}

TEST_F(Announcer, A4_Ipv6VipWithoutLinkLocalSourceIsRefused) {
    const std::vector<proto::IpAddr> vips{addr("192.0.2.1"), addr("2001:db8::10")};
    auto none = Announcement::build(kVrid, vips, std::nullopt);
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().message.find("VRID 51"), std::string::npos) << none.error().message;
    EXPECT_NE(none.error().message.find("2001:db8::10"), std::string::npos);
    auto global = Announcement::build(kVrid, vips, addr("2001:db8::1"));
    EXPECT_FALSE(global);
}

}  // namespace
}  // namespace xvrrp::net

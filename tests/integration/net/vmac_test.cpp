// The VMAC in the device's unicast filter (DESIGN decision 3), checked with
// `bridge fdb show`, the tool operators use to look at it.
#include "net/vmac_filter.h"

#include <nlohmann/json.hpp>

#include "netns_lab.h"
#include "proto/frames.h"

namespace xvrrp::net {
namespace {

using json = nlohmann::json;
using testing::NetnsLab;

class Vmac : public NetnsLab {
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

    // mac -> the `bridge -j fdb show dev if_a` entry
    std::map<std::string, json> fdb() {
        const testing::Cmd c = testing::run("bridge -j -n " + ns_a + " fdb show dev " + if_a);
        EXPECT_EQ(c.status, 0);
        std::map<std::string, json> out;
        for (const auto& e : json::parse(c.out)) {
            out[e.at("mac").get<std::string>()] = e;
        }
        return out;
    }

    bool listed(const proto::Mac& mac) {
        auto macs = list_unicast_filter(*rtnl_, iface_);
        EXPECT_TRUE(macs) << macs.error().message;
        return macs && std::find(macs->begin(), macs->end(), mac) != macs->end();
    }

    std::optional<RtnlSocket> rtnl_;
    Iface iface_;
};

TEST_F(Vmac, P6_VmacsEnterAndLeaveTheUnicastFilter) {
    const std::vector<proto::Mac> vmacs{proto::vmac(proto::Family::V4, 51),
                                        proto::vmac(proto::Family::V6, 51)};
    auto added = add_unicast_filter(*rtnl_, iface_, vmacs);
    ASSERT_TRUE(added.empty()) << added[0].error.message;

    auto entries = fdb();
    for (const char* mac : {"00:00:5e:00:01:33", "00:00:5e:00:02:33"}) {
        ASSERT_TRUE(entries.count(mac)) << mac << " not in bridge fdb show";
        const auto& flags = entries[mac].at("flags");
        EXPECT_NE(std::find(flags.begin(), flags.end(), "self"), flags.end()) << entries[mac];
        EXPECT_EQ(entries[mac].at("state").get<std::string>(), "permanent") << entries[mac];
    }
    EXPECT_TRUE(listed(vmacs[0]));
    EXPECT_TRUE(listed(vmacs[1]));

    auto removed = remove_unicast_filter(*rtnl_, iface_, vmacs);
    ASSERT_TRUE(removed.empty()) << removed[0].error.message;
    entries = fdb();
    EXPECT_FALSE(entries.count("00:00:5e:00:01:33"));
    EXPECT_FALSE(entries.count("00:00:5e:00:02:33"));
    EXPECT_FALSE(listed(vmacs[0]));
}

TEST_F(Vmac, AddingPresentAndRemovingAbsentEntriesIsNotAnError) {
    const std::vector<proto::Mac> vmacs{proto::vmac(proto::Family::V4, 7)};
    ASSERT_TRUE(add_unicast_filter(*rtnl_, iface_, vmacs).empty());
    auto again = add_unicast_filter(*rtnl_, iface_, vmacs);  // EEXIST
    EXPECT_TRUE(again.empty()) << again[0].error.message;
    ASSERT_TRUE(remove_unicast_filter(*rtnl_, iface_, vmacs).empty());
    auto gone = remove_unicast_filter(*rtnl_, iface_, vmacs);  // ENOENT
    EXPECT_TRUE(gone.empty()) << gone[0].error.message;
    EXPECT_FALSE(fdb().count("00:00:5e:00:01:07"));
}

TEST_F(Vmac, AllVridsInOneBatch) {
    std::vector<proto::Mac> vmacs;
    for (int vrid = 1; vrid <= 255; ++vrid) {
        vmacs.push_back(proto::vmac(proto::Family::V4, static_cast<uint8_t>(vrid)));
    }
    auto added = add_unicast_filter(*rtnl_, iface_, vmacs);
    ASSERT_TRUE(added.empty()) << added[0].error.message;
    auto macs = list_unicast_filter(*rtnl_, iface_);
    ASSERT_TRUE(macs) << macs.error().message;
    for (const auto& m : vmacs) {
        EXPECT_NE(std::find(macs->begin(), macs->end(), m), macs->end()) << to_string(m);
    }
    auto entries = fdb();  // iproute2 agrees
    for (const auto& m : vmacs) {
        EXPECT_TRUE(entries.count(to_string(m))) << to_string(m);
    }
    ASSERT_TRUE(remove_unicast_filter(*rtnl_, iface_, vmacs).empty());
    EXPECT_FALSE(listed(vmacs.front()));
    EXPECT_FALSE(listed(vmacs.back()));
}

TEST_F(Vmac, FailureNamesTheInterfaceAndTheMac) {
    const Iface gone{ifindex_a + 1000, "bond1"};
    const std::vector<proto::Mac> vmacs{proto::vmac(proto::Family::V4, 9)};
    auto failures = add_unicast_filter(*rtnl_, gone, vmacs);
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(failures[0].error.message.rfind("bond1: add VMAC 00:00:5e:00:01:09", 0), 0u)
        << failures[0].error.message;
}

}  // namespace
}  // namespace xvrrp::net

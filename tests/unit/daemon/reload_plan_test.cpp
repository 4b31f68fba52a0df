#include "daemon/reload_plan.h"

#include <gtest/gtest.h>

#include "helpers.h"
#include "proto/frames.h"

namespace xvrrp::daemon {
namespace {

using testing::instance;
using V = std::vector<std::string>;

TEST(ReloadPlan, SourcePositionsDoNotCountAsChanges) {
    auto a = instance(7);
    auto b = a;
    b.where = {"/etc/xvrrp/xvrrp.conf", 40};
    b.vips[0].where = {"/etc/xvrrp/xvrrp.conf", 44};
    b.interface_where = {"/etc/xvrrp/xvrrp.conf", 41};
    EXPECT_TRUE(same_settings(a, b));
    const auto plan = plan_reload({a}, {b});
    EXPECT_EQ(plan.unchanged, V{"VI_7"});
    EXPECT_TRUE(plan.changed.empty());
}

TEST(ReloadPlan, ClassifiesEveryInstance) {
    auto keep = instance(1);
    auto change = instance(2);
    auto drop = instance(3);
    auto add = instance(4);
    auto changed = change;
    changed.priority = 150;
    const auto plan = plan_reload({keep, change, drop}, {add, changed, keep});
    EXPECT_EQ(plan.unchanged, V{"VI_1"});
    EXPECT_EQ(plan.changed, V{"VI_2"});
    EXPECT_EQ(plan.removed, V{"VI_3"});
    EXPECT_EQ(plan.added, V{"VI_4"});
}

TEST(ReloadPlan, VipChangeIsAChange) {
    auto a = instance(7);
    auto b = a;
    b.vips[0].prefix_len = 24;
    EXPECT_FALSE(same_settings(a, b));
    EXPECT_TRUE(same_router(a, b));
}

TEST(ReloadPlan, OtherVridIsAnotherRouter) {
    auto a = instance(7);
    auto b = instance(8);
    b.name = a.name;
    EXPECT_FALSE(same_router(a, b));
}

}  // namespace
}  // namespace xvrrp::daemon

// ---- link_changes: what a reload does to each interface's kernel state ----

namespace xvrrp::daemon {
namespace {

using dataplane::RouterKey;
using testing::instance;
using testing::ip;

config::Instance with_vips(config::Instance in, std::initializer_list<const char*> vips) {
    in.vips.clear();
    for (const char* v : vips) {
        in.vips.push_back(config::VirtualAddress{ip(v), 32, "", "", {}});
    }
    return in;
}

RouterKey key(uint8_t vrid) {
    return RouterKey{vrid, proto::Family::V4};
}

bool empty(const LinkChanges& c) {
    return c.vmac_add.empty() && c.vmac_delete.empty() && c.vip_put.empty() &&
           c.vip_delete.empty() && c.peer_add.empty() && c.peer_delete.empty() &&
           c.router_delete.empty();
}

TEST(ReloadLinkChanges, PriorityChangeTouchesNoKernelEntry) {
    auto a = instance(10, 200);
    auto b = instance(10, 150);
    const auto changes = link_changes({a}, {b});
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_TRUE(empty(changes.at("bond1")));
}

TEST(ReloadLinkChanges, VipSetChangePutsNewDeletesGoneKeepsTheRest) {
    auto a = with_vips(instance(10), {"192.0.2.1", "192.0.2.2"});
    auto b = with_vips(instance(10), {"192.0.2.2", "192.0.2.3"});
    const auto c = link_changes({a}, {b}).at("bond1");
    EXPECT_EQ(c.vip_put, (std::vector<VipPut>{{ip("192.0.2.3"), key(10), std::nullopt}}));
    EXPECT_EQ(c.vip_delete, std::vector<proto::IpAddr>{ip("192.0.2.1")});
    EXPECT_TRUE(c.router_delete.empty());
    EXPECT_TRUE(c.vmac_add.empty());
    EXPECT_TRUE(c.vmac_delete.empty());
}

TEST(ReloadLinkChanges, VipMovingToAnotherRouterIsAPutWithItsOldOwner) {
    auto a = with_vips(instance(10), {"192.0.2.9"});
    auto b = with_vips(instance(11), {"192.0.2.9"});
    const auto c = link_changes({a}, {b}).at("bond1");
    EXPECT_EQ(c.vip_put, (std::vector<VipPut>{{ip("192.0.2.9"), key(11), key(10)}}));
    EXPECT_TRUE(c.vip_delete.empty());
    EXPECT_EQ(c.router_delete, std::vector<RouterKey>{key(10)});
    EXPECT_EQ(c.vmac_add, std::vector<proto::Mac>{proto::vmac(proto::Family::V4, 11)});
    EXPECT_EQ(c.vmac_delete, std::vector<proto::Mac>{proto::vmac(proto::Family::V4, 10)});
}

TEST(ReloadLinkChanges, RenamedInstanceOnTheSameRouterKeepsEverything) {
    auto a = instance(10);
    auto b = instance(10);
    b.name = "RENAMED";
    EXPECT_TRUE(empty(link_changes({a}, {b}).at("bond1")));
}

TEST(ReloadLinkChanges, RemovedRouterGoesAndAddedOneComes) {
    auto gone = with_vips(instance(10), {"192.0.2.10"});
    auto kept = with_vips(instance(11), {"192.0.2.11"});
    auto added = with_vips(instance(12), {"192.0.2.12"});
    const auto c = link_changes({gone, kept}, {kept, added}).at("bond1");
    EXPECT_EQ(c.vip_put, (std::vector<VipPut>{{ip("192.0.2.12"), key(12), std::nullopt}}));
    EXPECT_EQ(c.vip_delete, std::vector<proto::IpAddr>{ip("192.0.2.10")});
    EXPECT_EQ(c.router_delete, std::vector<RouterKey>{key(10)});
    EXPECT_EQ(c.vmac_add, std::vector<proto::Mac>{proto::vmac(proto::Family::V4, 12)});
    EXPECT_EQ(c.vmac_delete, std::vector<proto::Mac>{proto::vmac(proto::Family::V4, 10)});
}

TEST(ReloadLinkChanges, PeersAddedAndRemovedOneByOne) {
    auto a = instance(10);
    a.unicast_peers = {ip("10.0.0.2"), ip("10.0.0.3")};
    auto b = a;
    b.unicast_peers = {ip("10.0.0.3"), ip("10.0.0.4")};
    const auto c = link_changes({a}, {b}).at("bond1");
    EXPECT_EQ(c.peer_add, (std::vector<PeerRef>{{key(10), ip("10.0.0.4")}}));
    EXPECT_EQ(c.peer_delete, (std::vector<PeerRef>{{key(10), ip("10.0.0.2")}}));
}

TEST(ReloadLinkChanges, ExcludedVipsAreEntriesToo) {
    auto a = instance(10);
    auto b = instance(10);
    b.excluded_vips.push_back(config::VirtualAddress{ip("198.51.100.1"), 32, "", "", {}});
    const auto c = link_changes({a}, {b}).at("bond1");
    EXPECT_EQ(c.vip_put, (std::vector<VipPut>{{ip("198.51.100.1"), key(10), std::nullopt}}));
}

TEST(ReloadLinkChanges, EachInterfaceOnItsOwn) {
    auto a = instance(10, 100, "bond1");
    auto b = instance(10, 100, "bond2");
    const auto changes = link_changes({a}, {b});
    EXPECT_EQ(changes.at("bond1").router_delete, std::vector<RouterKey>{key(10)});
    EXPECT_EQ(changes.at("bond1").vip_delete, std::vector<proto::IpAddr>{ip("192.0.2.254")});
    EXPECT_EQ(changes.at("bond2").vip_put,
              (std::vector<VipPut>{{ip("192.0.2.254"), key(10), std::nullopt}}));
    EXPECT_TRUE(changes.at("bond2").router_delete.empty());
}

}  // namespace
}  // namespace xvrrp::daemon

#include "daemon/reload_plan.h"

#include <gtest/gtest.h>

#include "helpers.h"

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

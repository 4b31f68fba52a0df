// virtual_routes / virtual_rules follow mastership through the executor;
// static_* are synced at start, reload and stop. Against the recording Io.
#include <gtest/gtest.h>

#include <algorithm>

#include "daemon/executor.h"
#include "daemon/router_setup.h"
#include "daemon/static_entries.h"
#include "fake_io.h"
#include "helpers.h"

namespace xvrrp::daemon {
namespace {

using testing::FakeIo;
using testing::ip;

config::Route route(const char* dst, uint8_t len, const char* via) {
    config::Route r;
    r.dst = {ip(dst), len};
    r.via = ip(via);
    r.table = 100;
    return r;
}

config::Rule rule(const char* from, uint8_t len, uint32_t table, uint32_t priority) {
    config::Rule r;
    r.from = config::Prefix{ip(from), len};
    r.table = table;
    r.priority = priority;
    return r;
}

class RoutesTest : public ::testing::Test {
  protected:
    uint64_t now_us = 1'000'000;
    FakeIo io;
    TimerQueue timers;
    Executor exec{io, timers, Clocks{[this] { return now_us; }, [] { return int64_t{1234}; }}};

    Instance make(uint8_t priority) {
        config::Instance in = testing::instance(7, priority);
        in.routes = {route("10.9.0.0", 16, "192.0.2.9")};
        in.rules = {rule("10.8.0.0", 24, 100, 1000)};
        return Instance(7, std::move(in), ip("192.0.2.1"));
    }
    void run(Instance& inst, const fsm::VirtualRouter::Actions& actions) {
        exec.apply(inst, actions, now_us);
        exec.flush();
    }
    int index_of(const std::string& s) {
        const auto names = io.names();
        auto it = std::find(names.begin(), names.end(), s);
        return it == names.end() ? -1 : static_cast<int>(it - names.begin());
    }
};

TEST_F(RoutesTest, BecomingMasterInstallsRoutesAndRulesAfterTheVips) {
    Instance inst = make(255);
    run(inst, inst.fsm().startup(now_us));
    auto adds = io.of("add_routes");
    ASSERT_EQ(adds.size(), 1u);
    ASSERT_EQ(adds[0].routes.size(), 1u);
    EXPECT_EQ(adds[0].routes[0].dst, ip("10.9.0.0"));
    EXPECT_EQ(adds[0].routes[0].dst_len, 16);
    EXPECT_EQ(adds[0].routes[0].via, ip("192.0.2.9"));
    EXPECT_EQ(adds[0].routes[0].table, 100u);
    EXPECT_EQ(adds[0].routes[0].protocol, config::kProtoKeepalived);
    ASSERT_EQ(adds[0].rules.size(), 1u);
    EXPECT_EQ(adds[0].rules[0].from, ip("10.8.0.0"));
    EXPECT_EQ(adds[0].rules[0].priority, 1000u);
    EXPECT_LT(index_of("add_vips"), index_of("add_routes"));
    EXPECT_TRUE(io.of("remove_routes").empty());
}

TEST_F(RoutesTest, BackupInstallsNothing) {
    Instance inst = make(100);
    run(inst, inst.fsm().startup(now_us));
    EXPECT_TRUE(io.of("add_routes").empty());
    EXPECT_TRUE(io.of("remove_routes").empty());
}

TEST_F(RoutesTest, LeavingMasterRemovesThem) {
    for (bool fault : {true, false}) {
        io.calls.clear();
        Instance inst = make(255);
        run(inst, inst.fsm().startup(now_us));
        io.calls.clear();
        run(inst, fault ? inst.fsm().set_fault(true, now_us) : inst.fsm().shutdown(now_us));
        auto dels = io.of("remove_routes");
        ASSERT_EQ(dels.size(), 1u) << (fault ? "FAULT" : "stop");
        EXPECT_EQ(dels[0].routes.size(), 1u);
        EXPECT_EQ(dels[0].rules.size(), 1u);
        EXPECT_TRUE(io.of("add_routes").empty());
    }
}

TEST_F(RoutesTest, OutAndBackInOneIterationLeavesThemInPlace) {
    Instance inst = make(255);
    exec.apply(inst, inst.fsm().startup(now_us), now_us);
    exec.apply(inst, inst.fsm().set_fault(true, now_us), now_us);
    exec.apply(inst, inst.fsm().set_fault(false, now_us), now_us);
    exec.flush();
    EXPECT_TRUE(io.of("remove_routes").empty());
    EXPECT_EQ(io.of("add_routes").size(), 1u);
}

TEST_F(RoutesTest, AdoptedMasterAddsThemAgain) {
    Instance inst = make(100);
    exec.reinstall_vips(inst);
    exec.flush();
    EXPECT_EQ(io.of("add_routes").size(), 1u);
}

TEST(StaticEntries, AddedAtStartResyncedOnReloadRemovedAtStop) {
    FakeIo io;
    config::Config a;
    config::VirtualAddress addr;
    addr.addr = ip("192.0.2.50");
    addr.prefix_len = 24;
    addr.dev = "eth0";
    a.static_addresses = {addr};
    a.static_routes = {route("10.1.0.0", 24, "192.0.2.1"), route("10.2.0.0", 24, "192.0.2.1")};
    a.static_rules = {rule("10.3.0.0", 24, 100, 10)};

    sync_static(io, nullptr, &a);
    ASSERT_EQ(io.calls.size(), 2u);
    EXPECT_EQ(io.calls[0].what, "add_vips");  // addresses before the routes through them
    EXPECT_EQ(io.calls[0].ifname, "eth0");
    EXPECT_EQ(io.calls[1].what, "add_routes");
    EXPECT_EQ(io.calls[1].routes.size(), 2u);
    EXPECT_EQ(io.calls[1].rules.size(), 1u);

    config::Config b = a;
    b.static_routes.pop_back();
    b.static_routes.front().where = {"other.conf", 9};  // moved lines are the same route
    io.calls.clear();
    sync_static(io, &a, &b);
    auto dels = io.of("remove_routes");
    ASSERT_EQ(dels.size(), 1u);
    ASSERT_EQ(dels[0].routes.size(), 1u);
    EXPECT_EQ(dels[0].routes[0].dst, ip("10.2.0.0"));
    EXPECT_TRUE(dels[0].rules.empty());
    EXPECT_TRUE(io.of("remove_vips").empty());

    io.calls.clear();
    sync_static(io, &b, nullptr);
    ASSERT_EQ(io.calls.size(), 2u);
    EXPECT_EQ(io.calls[0].what, "remove_routes");
    EXPECT_EQ(io.calls[0].routes.size(), 1u);
    EXPECT_EQ(io.calls[0].rules.size(), 1u);
    EXPECT_EQ(io.calls[1].what, "remove_vips");
}

TEST(StaticEntries, NoneConfiguredTouchesNothing) {
    FakeIo io;
    config::Config c;
    sync_static(io, nullptr, &c);
    sync_static(io, &c, &c);
    sync_static(io, &c, nullptr);
    EXPECT_TRUE(io.calls.empty());
}

}  // namespace
}  // namespace xvrrp::daemon

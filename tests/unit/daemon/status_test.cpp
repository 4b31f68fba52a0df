#include "daemon/status.h"

#include <gtest/gtest.h>

#include "helpers.h"

namespace xvrrp::daemon {
namespace {

using testing::instance;
using testing::ip;

TEST(Status, BackupWithoutMasterRendersNulls) {
    Instance inst(1, instance(7, 100), ip("192.0.2.1"));
    (void)inst.fsm().startup(0);
    const auto j = status_json({status_of(inst)});
    ASSERT_EQ(j["instances"].size(), 1u);
    const auto& s = j["instances"][0];
    EXPECT_EQ(s["name"], "VI_7");
    EXPECT_EQ(s["interface"], "bond1");
    EXPECT_EQ(s["vrid"], 7);
    EXPECT_EQ(s["family"], "IPv4");
    EXPECT_EQ(s["version"], 3);
    EXPECT_EQ(s["state"], "BACKUP");
    EXPECT_EQ(s["priority"], 100);
    EXPECT_EQ(s["effective_priority"], 100);
    EXPECT_TRUE(s["master_ip"].is_null());
    EXPECT_EQ(s["advert_interval_ms"], 10);
    EXPECT_EQ(s["vips"], nlohmann::json::array({"192.0.2.254/32"}));
    EXPECT_EQ(s["transitions"], 1);
    EXPECT_TRUE(s["last_transition"].is_null());  // the executor stamps it
}

TEST(Status, MasterReportsItsOwnPrimaryAsMaster) {
    Instance inst(1, instance(7, 255), ip("192.0.2.1"));
    (void)inst.fsm().startup(0);
    inst.status().last_transition_unix_ms = 1'767'323'045'678;  // 2026-01-02T03:04:05.678Z
    inst.status().last_reason = "startup";
    const auto s = to_json(status_of(inst));
    EXPECT_EQ(s["state"], "MASTER");
    EXPECT_EQ(s["master_ip"], "192.0.2.1");
    EXPECT_EQ(s["last_transition"], "2026-01-02T03:04:05.678Z");
    EXPECT_EQ(s["last_reason"], "startup");
}

TEST(Status, BackupReportsTheMasterItFollows) {
    Instance inst(1, instance(7, 100), ip("192.0.2.1"));
    (void)inst.fsm().startup(0);
    proto::Advert adv;
    adv.vrid = 7;
    adv.priority = 200;
    adv.interval = 1;
    (void)inst.fsm().advert_received(adv, ip("192.0.2.2"), 1000);
    EXPECT_EQ(to_json(status_of(inst))["master_ip"], "192.0.2.2");
}

TEST(Status, EffectivePriorityDiffersFromConfigured) {
    Instance inst(1, instance(7, 100), ip("192.0.2.1"));
    (void)inst.fsm().set_priority(80, 0);
    const auto s = to_json(status_of(inst));
    EXPECT_EQ(s["priority"], 100);
    EXPECT_EQ(s["effective_priority"], 80);
    EXPECT_EQ(s["state"], "INIT");
}

TEST(Status, FaultReasonOnlyWhileFault) {
    Instance inst(1, instance(7, 100), ip("192.0.2.1"));
    (void)inst.fsm().startup(0);
    inst.status().fault = "interface bond1 does not exist (waiting for it)";
    EXPECT_TRUE(to_json(status_of(inst))["fault_reason"].is_null());  // BACKUP: stale text hidden
    (void)inst.fsm().set_fault(true, 1000);
    EXPECT_EQ(to_json(status_of(inst))["fault_reason"],
              "interface bond1 does not exist (waiting for it)");
}

TEST(Status, EmptyListIsAnEmptyArray) {
    EXPECT_EQ(status_json({}).dump(), R"({"instances":[]})");
}

TEST(Status, Iso8601HasMillisecondsAndZ) {
    EXPECT_EQ(iso8601_utc(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(iso8601_utc(86'400'007), "1970-01-02T00:00:00.007Z");
}

}  // namespace
}  // namespace xvrrp::daemon

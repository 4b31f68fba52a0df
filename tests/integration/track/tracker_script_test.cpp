// vrrp_script tracking through the Tracker, with real scripts: results drive
// FAULT and priority; timeouts count as failures; a run never overlaps itself.
#include <gtest/gtest.h>

#include "track/tracker.h"
#include "tracker_loop.h"

using namespace xvrrp::track;
using track_it::drive;
using track_it::no_links;
using track_it::now_us;
using track_it::TempDir;
using track_it::write_script;

namespace {

xvrrp::config::VrrpScript vrrp_script(const std::string& name, const std::string& command,
                                      int32_t weight) {
    xvrrp::config::VrrpScript s;
    s.name = name;
    s.script.command = command;
    s.weight = weight;
    s.interval_s = 1;
    s.timeout_s = 1;
    return s;
}

xvrrp::config::Config one_instance(std::vector<xvrrp::config::VrrpScript> scripts) {
    xvrrp::config::Config cfg;
    cfg.global.script_user = track_it::current_user();
    xvrrp::config::Instance in;
    in.name = "VI_1";
    in.interface = "eth0";
    in.vrid = 1;
    in.priority = 100;
    for (const auto& s : scripts) {
        in.track_scripts.push_back({s.name, std::nullopt, false, {}});
    }
    cfg.scripts = std::move(scripts);
    cfg.instances.push_back(in);
    return cfg;
}

}  // namespace

TEST(TrackerScript, ResultsDriveFaultAndPriority) {
    TempDir dir;
    const auto flag = dir / "healthy";
    auto cfg = one_instance({vrrp_script("chk_file", "/usr/bin/test -f " + flag, 0),
                             vrrp_script("chk_true", "true", 20)});
    Tracker t(cfg, no_links(), now_us());
    EXPECT_TRUE(t.verdict("VI_1")->pending);  // nothing reported yet: hold startup
    auto both_reported = [&] {
        return t.verdict("VI_1")->fault && t.verdict("VI_1")->priority == 120;
    };
    ASSERT_TRUE(drive(t, both_reported, 3000));
    EXPECT_FALSE(t.verdict("VI_1")->pending);
    EXPECT_EQ(t.verdict("VI_1")->why, "vrrp_script chk_file failed");
    std::ofstream(flag) << "ok";
    ASSERT_TRUE(drive(
        t, [&] { return !t.verdict("VI_1")->fault; }, 3000));
    const auto status = t.scripts();
    ASSERT_EQ(status.size(), 2u);
    EXPECT_EQ(status[0].health, Health::Up);
    EXPECT_EQ(status[0].last_result, "exited 0");
    EXPECT_GE(status[0].failures, 1u);
}

TEST(TrackerScript, ATimedOutRunIsAFailureAndOverlappingRunsAreSkipped) {
    TempDir dir;
    write_script(dir / "hang.sh", "sleep 30");
    auto s = vrrp_script("chk_hang", dir / "hang.sh", 0);
    s.timeout_s = 2;  // longer than the interval: the 1 s run finds it still going
    Tracker t(one_instance({s}), no_links(), now_us());
    const uint64_t t0 = now_us();
    ASSERT_TRUE(drive(
        t, [&] { return t.verdict("VI_1")->fault; }, 5000));
    EXPECT_GE(now_us() - t0, 1'900'000u);
    EXPECT_EQ(t.stats().script_timeouts, 1u);
    EXPECT_GE(t.stats().script_skips, 1u);
    EXPECT_EQ(t.scripts()[0].last_result, "timed out (killed)");
    EXPECT_FALSE(t.scripts()[0].running);
}

TEST(TrackerScript, AnUnusableCommandCountsAsAFailureWithoutRunning) {
    Tracker t(one_instance({vrrp_script("chk_bad", "/bin/true \"unterminated", 0)}), no_links(),
              now_us());
    ASSERT_FALSE(t.warnings().empty());
    t.on_deadline(now_us());
    EXPECT_TRUE(t.verdict("VI_1")->fault);
    EXPECT_EQ(t.scripts()[0].last_result.rfind("not run: ", 0), 0u) << t.scripts()[0].last_result;
}

TEST(TrackerScript, AReloadKeepsScriptHealthAndSoThePriority) {
    auto cfg = one_instance({vrrp_script("chk_true", "true", 20)});
    Tracker first(cfg, no_links(), now_us());
    ASSERT_TRUE(drive(
        first, [&] { return first.verdict("VI_1")->priority == 120; }, 3000));
    Tracker second(cfg, no_links(), now_us());
    EXPECT_EQ(second.verdict("VI_1")->priority, 100);
    auto changes = second.inherit(first);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].verdict.priority, 120);
}

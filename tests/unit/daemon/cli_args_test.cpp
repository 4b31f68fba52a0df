// The `xvrrp` command-line contract (tests and operators script against it).
#include "cli/cli_args.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/status_table.h"
#include "cli/version.h"
#include "config/quick_start.h"
#include "config/values.h"

namespace xvrrp::cli {
namespace {

struct Parsed {
    ParseOutcome outcome;
    std::string out, err;
};

Parsed parse(std::vector<std::string> argv) {
    argv.insert(argv.begin(), "xvrrp");
    std::ostringstream out, err;
    Parsed p{parse_args(argv, out, err), "", ""};
    p.out = out.str();
    p.err = err.str();
    return p;
}

TEST(CliArgs, AttachWithFileDefaults) {
    auto p = parse({"attach", "bond1"});
    ASSERT_TRUE(p.outcome.args) << p.err;
    const Args& a = *p.outcome.args;
    EXPECT_EQ(a.command, Command::Attach);
    EXPECT_EQ(a.attach.interfaces, std::vector<std::string>{"bond1"});
    EXPECT_EQ(a.attach.file, "/etc/xvrrp/xvrrp.conf");
    EXPECT_FALSE(a.attach.file_given);
    EXPECT_FALSE(a.attach.quick_start());
    EXPECT_EQ(a.pin_root, "/sys/fs/bpf/xvrrp");
    EXPECT_EQ(a.run_dir, "/run/xvrrp");
    EXPECT_EQ(a.xdp_mode, "auto");
    EXPECT_EQ(a.log_level, "info");
}

TEST(CliArgs, AttachSeveralInterfacesAndCommonFlags) {
    auto p = parse({"attach", "bond1", "bond2", "-f", "/tmp/x.conf", "--pin-root", "/tmp/bpf",
                    "--run-dir", "/tmp/run", "--xdp-mode", "skb", "--log-level", "debug"});
    ASSERT_TRUE(p.outcome.args) << p.err;
    const Args& a = *p.outcome.args;
    EXPECT_EQ(a.attach.interfaces, (std::vector<std::string>{"bond1", "bond2"}));
    EXPECT_EQ(a.attach.file, "/tmp/x.conf");
    EXPECT_TRUE(a.attach.file_given);
    EXPECT_EQ(a.pin_root, "/tmp/bpf");
    EXPECT_EQ(a.run_dir, "/tmp/run");
    EXPECT_EQ(a.xdp_mode, "skb");
    EXPECT_EQ(a.log_level, "debug");
}

TEST(CliArgs, QuickStartFlags) {
    auto p = parse({"attach",         "bond1",     "--vrid",         "7",          "--vip",
                    "192.0.2.254/24", "--vip",     "192.0.2.253",    "--priority", "200",
                    "--advert-int",   "10ms",      "--version",      "2",          "--no-preempt",
                    "--unicast-src",  "192.0.2.1", "--unicast-peer", "192.0.2.2",  "--auth-pass",
                    "secret"});
    ASSERT_TRUE(p.outcome.args) << p.err;
    const auto& q = p.outcome.args->attach.quick;
    EXPECT_TRUE(p.outcome.args->attach.quick_start());
    EXPECT_EQ(q.vrid, 7);
    EXPECT_EQ(q.vips, (std::vector<std::string>{"192.0.2.254/24", "192.0.2.253"}));
    EXPECT_EQ(q.priority, 200);
    EXPECT_EQ(q.advert_int, "10ms");
    EXPECT_EQ(q.version, 2);
    EXPECT_TRUE(q.no_preempt);
    EXPECT_EQ(q.unicast_src, "192.0.2.1");
    EXPECT_EQ(q.unicast_peers, std::vector<std::string>{"192.0.2.2"});
    EXPECT_EQ(q.auth_pass, "secret");
}

// What --advert-int means once it reaches the configuration: the same
// centiseconds a keepalived file would give.
uint16_t advert_cs(const std::string& text) {
    auto p =
        parse({"attach", "bond1", "--vrid", "7", "--vip", "192.0.2.254", "--advert-int", text});
    EXPECT_TRUE(p.outcome.args) << p.err;
    if (!p.outcome.args) {
        return 0;
    }
    config::QuickStart qs;
    qs.interface = "bond1";
    qs.vrid = 7;
    qs.vips = {"192.0.2.254"};
    qs.advert_int = p.outcome.args->attach.quick.advert_int;
    auto r = config::quick_start(qs);
    EXPECT_TRUE(r.ok());
    return r.config.instances.empty() ? 0 : r.config.instances[0].advert_int_cs;
}

TEST(CliArgs, AdvertIntAcceptsMillisecondsSecondsAndBareSeconds) {
    EXPECT_EQ(advert_cs("10ms"), 1);
    EXPECT_EQ(advert_cs("1s"), 100);
    EXPECT_EQ(advert_cs("0.5"), 50);
    EXPECT_EQ(advert_cs("100cs"), 100);
}

TEST(CliArgs, AdvertIntRejectsGarbageWithExitOne) {
    for (const char* bad : {"10x", "fast", "-1s", ""}) {
        auto p =
            parse({"attach", "bond1", "--vrid", "7", "--vip", "192.0.2.254", "--advert-int", bad});
        EXPECT_FALSE(p.outcome.args) << bad;
        EXPECT_EQ(p.outcome.exit_code, 1) << bad;
    }
}

TEST(CliArgs, MetricsFlagIsOffByDefaultAndTakesAddrPort) {
    auto off = parse({"attach", "bond1"});
    ASSERT_TRUE(off.outcome.args) << off.err;
    EXPECT_EQ(off.outcome.args->attach.metrics, "");
    auto on = parse({"attach", "bond1", "--metrics", "127.0.0.1:9650"});
    ASSERT_TRUE(on.outcome.args) << on.err;
    EXPECT_EQ(on.outcome.args->attach.metrics, "127.0.0.1:9650");
}

TEST(CliArgs, MetricsFlagRefusesBadValuesNamingThemWithExitOne) {
    auto p = parse({"attach", "bond1", "--metrics", "9650"});
    EXPECT_FALSE(p.outcome.args);
    EXPECT_EQ(p.outcome.exit_code, 1);
    EXPECT_NE(p.err.find("'9650': expected ADDR:PORT"), std::string::npos) << p.err;
}

TEST(CliArgs, RtPriorityIsUnsetByDefaultAndTakesZeroTo99) {
    auto unset = parse({"attach", "bond1"});
    ASSERT_TRUE(unset.outcome.args) << unset.err;
    EXPECT_FALSE(unset.outcome.args->attach.rt_priority);
    EXPECT_FALSE(unset.outcome.args->attach.no_mlock);
    for (const char* v : {"0", "1", "99"}) {
        auto p = parse({"attach", "bond1", "--rt-priority", v, "--no-mlock"});
        ASSERT_TRUE(p.outcome.args) << v << p.err;
        EXPECT_EQ(p.outcome.args->attach.rt_priority, std::stoul(v));
        EXPECT_TRUE(p.outcome.args->attach.no_mlock);
    }
    for (const char* bad : {"100", "-1", "rr"}) {
        auto p = parse({"attach", "bond1", "--rt-priority", bad});
        EXPECT_FALSE(p.outcome.args) << bad;
        EXPECT_EQ(p.outcome.exit_code, 1) << bad;
    }
}

TEST(CliArgs, QuickStartAndFileExcludeEachOther) {
    auto p = parse({"attach", "bond1", "-f", "/x.conf", "--vrid", "7", "--vip", "192.0.2.254"});
    EXPECT_FALSE(p.outcome.args);
    EXPECT_EQ(p.outcome.exit_code, 1);
    EXPECT_NE(p.err.find("either -f FILE or the quick-start flags"), std::string::npos);
}

TEST(CliArgs, QuickStartFlagsNeedVrid) {
    auto p = parse({"attach", "bond1", "--vip", "192.0.2.254"});
    EXPECT_FALSE(p.outcome.args);
    EXPECT_EQ(p.outcome.exit_code, 1);
    EXPECT_NE(p.err.find("need --vrid"), std::string::npos);
}

TEST(CliArgs, QuickStartNeedsOneInterfaceAndAVip) {
    EXPECT_EQ(parse({"attach", "a", "b", "--vrid", "7", "--vip", "192.0.2.254"}).outcome.exit_code,
              1);
    EXPECT_EQ(parse({"attach", "a", "--vrid", "7"}).outcome.exit_code, 1);
}

TEST(CliArgs, OutOfRangeValuesAreErrors) {
    EXPECT_EQ(parse({"attach", "a", "--vrid", "0", "--vip", "1.2.3.4"}).outcome.exit_code, 1);
    EXPECT_EQ(parse({"attach", "a", "--vrid", "256", "--vip", "1.2.3.4"}).outcome.exit_code, 1);
    EXPECT_EQ(parse({"attach", "a", "--vrid", "1", "--vip", "1.2.3.4", "--version", "4"})
                  .outcome.exit_code,
              1);
    EXPECT_EQ(parse({"attach", "a", "--xdp-mode", "turbo"}).outcome.exit_code, 1);
}

TEST(CliArgs, AttachWithoutInterfaceRunsTheWholeFile) {
    auto p = parse({"attach", "-f", "/x.conf"});
    ASSERT_TRUE(p.outcome.args);
    EXPECT_TRUE(p.outcome.args->attach.interfaces.empty());
    EXPECT_EQ(p.outcome.args->attach.file, "/x.conf");
    EXPECT_TRUE(parse({"attach"}).outcome.args);  // the default file, every interface
}

TEST(CliArgs, QuickStartWithoutInterfaceIsAnError) {
    auto p = parse({"attach", "--vrid", "7", "--vip", "192.0.2.254"});
    EXPECT_FALSE(p.outcome.args);
    EXPECT_EQ(p.outcome.exit_code, 1);
    EXPECT_NE(p.err.find("quick start needs the interface to run on"), std::string::npos);
}

TEST(CliArgs, StatusStatsDetachConfigCheck) {
    auto s = parse({"status", "--json", "--run-dir", "/tmp/r"});
    ASSERT_TRUE(s.outcome.args);
    EXPECT_EQ(s.outcome.args->command, Command::Status);
    EXPECT_TRUE(s.outcome.args->json);
    EXPECT_EQ(s.outcome.args->run_dir, "/tmp/r");

    auto st = parse({"stats", "bond1", "--pin-root", "/tmp/b"});
    ASSERT_TRUE(st.outcome.args);
    EXPECT_EQ(st.outcome.args->command, Command::Stats);
    EXPECT_EQ(st.outcome.args->interfaces, std::vector<std::string>{"bond1"});
    EXPECT_EQ(st.outcome.args->pin_root, "/tmp/b");
    auto all = parse({"stats"});
    ASSERT_TRUE(all.outcome.args);
    EXPECT_TRUE(all.outcome.args->interfaces.empty());

    auto d = parse({"detach", "bond1"});
    ASSERT_TRUE(d.outcome.args);
    EXPECT_EQ(d.outcome.args->command, Command::Detach);
    EXPECT_EQ(parse({"detach"}).outcome.exit_code, 1);

    auto c = parse({"config", "check", "/etc/keepalived/keepalived.conf"});
    ASSERT_TRUE(c.outcome.args);
    EXPECT_EQ(c.outcome.args->command, Command::ConfigCheck);
    EXPECT_EQ(c.outcome.args->file, "/etc/keepalived/keepalived.conf");
}

TEST(CliArgs, ConfigCheckKeepalivedDiff) {
    auto c = parse({"config", "check", "k.conf", "--keepalived-diff"});
    ASSERT_TRUE(c.outcome.args) << c.err;
    EXPECT_TRUE(c.outcome.args->keepalived_diff);
    EXPECT_EQ(c.outcome.args->file, "k.conf");
    auto plain = parse({"config", "check", "k.conf"});
    ASSERT_TRUE(plain.outcome.args);
    EXPECT_FALSE(plain.outcome.args->keepalived_diff);
    EXPECT_EQ(parse({"status", "--keepalived-diff"}).outcome.exit_code, 1);
}

// keepalived's -i: the config-id for `@ID` lines; empty means "from the
// node name", which the command (not the parser) looks up.
TEST(CliArgs, ConfigIdForAttachAndConfigCheck) {
    auto c = parse({"config", "check", "-i", "backup", "k.conf"});
    ASSERT_TRUE(c.outcome.args) << c.err;
    EXPECT_EQ(c.outcome.args->config_id, "backup");
    auto a = parse({"attach", "-f", "k.conf", "--config-id", "main"});
    ASSERT_TRUE(a.outcome.args) << a.err;
    EXPECT_EQ(a.outcome.args->config_id, "main");
    auto none = parse({"config", "check", "k.conf"});
    ASSERT_TRUE(none.outcome.args);
    EXPECT_EQ(none.outcome.args->config_id, "");
    EXPECT_EQ(parse({"status", "-i", "x"}).outcome.exit_code, 1);
}

TEST(CliArgs, NoSubcommandIsAnError) {
    auto p = parse({});
    EXPECT_FALSE(p.outcome.args);
    EXPECT_EQ(p.outcome.exit_code, 1);
}

TEST(CliArgs, HelpExitsZeroAndDescribesEveryFlag) {
    auto top = parse({"--help"});
    EXPECT_FALSE(top.outcome.args);
    EXPECT_EQ(top.outcome.exit_code, 0);
    for (const char* sub : {"attach", "status", "stats", "detach", "config"}) {
        EXPECT_NE(top.out.find(sub), std::string::npos) << sub;
    }
    auto attach = parse({"attach", "--help"});
    EXPECT_EQ(attach.outcome.exit_code, 0);
    for (const char* flag : {"--file", "--vrid", "--vip", "--priority", "--advert-int", "--version",
                             "--no-preempt", "--unicast-src", "--unicast-peer", "--auth-pass",
                             "--pin-root", "--run-dir", "--xdp-mode", "--log-level"}) {
        EXPECT_NE(attach.out.find(flag), std::string::npos) << flag;
    }
    EXPECT_NE(parse({"stats", "--help"}).out.find("--pin-root"), std::string::npos);
    EXPECT_NE(parse({"status", "--help"}).out.find("--json"), std::string::npos);
}

TEST(CliArgs, TopLevelVersionPrintsVersionAndRevisionAndExitsZero) {
    auto p = parse({"--version"});
    EXPECT_FALSE(p.outcome.args);
    EXPECT_EQ(p.outcome.exit_code, 0);
    EXPECT_EQ(p.out, version_line() + "\n");
    EXPECT_EQ(version_line(),
              std::string("xvrrp ") + project_version() + " (git " + git_revision() + ")");
    EXPECT_STRNE(project_version(), "");
    EXPECT_STRNE(git_revision(), "");
}

TEST(CliArgs, AttachVersionStaysTheQuickStartVrrpVersion) {
    auto p = parse({"attach", "a", "--vrid", "1", "--vip", "1.2.3.4", "--version", "2"});
    ASSERT_TRUE(p.outcome.args) << p.err;
    EXPECT_EQ(p.outcome.args->attach.quick.version, 2);
    EXPECT_EQ(p.out.find("xvrrp "), std::string::npos);
}

TEST(StatusTable, OneRowPerInstanceWithHeader) {
    const auto j = nlohmann::json::parse(R"({"instances":[
      {"name":"VI_7","interface":"bond1","vrid":7,"family":"IPv4","version":3,"state":"MASTER",
       "priority":200,"effective_priority":200,"master_ip":"192.0.2.1","advert_interval_ms":10,
       "vips":["192.0.2.254/32"],"transitions":1,"last_transition":"2026-01-02T03:04:05.678Z",
       "last_reason":"startup"},
      {"name":"VI_8","interface":"bond1","vrid":8,"family":"IPv6","version":3,"state":"BACKUP",
       "priority":100,"effective_priority":90,"master_ip":null,"advert_interval_ms":1000,
       "vips":[],"transitions":0,"last_transition":null,"last_reason":""}]})");
    const std::string t = render_status_table(j);
    std::istringstream in(t);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) {
        lines.push_back(l);
    }
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].rfind("NAME", 0), 0u);
    EXPECT_NE(lines[1].find("MASTER"), std::string::npos);
    EXPECT_NE(lines[1].find("192.0.2.254/32"), std::string::npos);
    EXPECT_NE(lines[1].find("2026-01-02T03:04:05.678Z (startup)"), std::string::npos);
    EXPECT_NE(lines[2].find("100->90"), std::string::npos);
    EXPECT_NE(lines[2].find("1000ms"), std::string::npos);
    // Columns line up: STATE starts at the same offset in every row.
    EXPECT_EQ(lines[0].find("STATE"), lines[1].find("MASTER"));
    EXPECT_EQ(lines[0].find("STATE"), lines[2].find("BACKUP"));
}

TEST(StatusTable, NoInstances) {
    EXPECT_NE(render_status_table(nlohmann::json::parse(R"({"instances":[]})"))
                  .find("(no virtual routers)"),
              std::string::npos);
}

}  // namespace
}  // namespace xvrrp::cli

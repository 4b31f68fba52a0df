// The operators' own keepalived files (/work/shared/seed-configs), read from
// disk through the real loader: exactly the model and exactly the findings.
#include <filesystem>

#include "config/fs_loader.h"
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string seed(const std::string& name) {
    return std::string(XVRRP_SEED_DIR) + "/" + name;
}

ParseResult parse_seed(const std::string& name) {
    const std::string dir = XVRRP_SEED_DIR;
    EXPECT_TRUE(std::filesystem::is_directory(dir))
        << "seed configurations not found at " << dir
        << ": the checkout needs ../shared/seed-configs beside the repository";
    FsLoader fs;
    return parse_file(seed(name), fs);
}

TEST(ConfigSeeds, NginxHaMaster) {
    const std::string f = seed("nginx-ha-master.conf");
    auto r = parse_seed("nginx-ha-master.conf");
    EXPECT_THAT(rendered(r), ElementsAre(f + ":34: notice: virtual_server: not handled by xvrrp "
                                             "(LVS health checking)"));
    ASSERT_TRUE(r.ok());

    GlobalDefs want_global;
    want_global.router_id = "nginx-a";
    EXPECT_EQ(r.config.global, want_global);

    VrrpScript script;
    script.name = "chk_http_port";
    script.where = {f, 10};
    script.script = {"/usr/local/src/nginx_check.sh", "", "", {f, 11}};
    script.interval_s = 2;
    script.timeout_s = 2;
    script.weight = 2;
    EXPECT_THAT(r.config.scripts, ElementsAre(script));
    EXPECT_THAT(r.config.sync_groups, IsEmpty());

    Instance want;
    want.name = "VI_1";
    want.where = {f, 16};
    want.state = InitialState::Master;
    want.interface = "bond1";
    want.interface_where = {f, 18};
    want.vrid = 52;
    want.vrid_where = {f, 19};
    want.priority = 100;
    want.version = Version::V2;
    want.family = Family::V4;
    want.advert_int_cs = 100;
    want.preempt = true;
    want.accept = true;
    want.auth_pass_enabled = true;
    want.auth_pass = "s3cret";
    want.vips = {{ip("10.30.0.66"), 32, "", "", {f, 30}}};
    want.track_scripts = {{"chk_http_port", std::nullopt, false, {f, 27}}};
    want.garp = GarpPolicy{5, 5, 0, 1};
    EXPECT_THAT(r.config.instances, ElementsAre(want));
}

TEST(ConfigSeeds, WarmStandbyUnicast) {
    const std::string f = seed("warm-standby-unicast.conf");
    auto r = parse_seed("warm-standby-unicast.conf");
    auto mail = [&](int line, const std::string& kw) {
        return f + ":" + std::to_string(line) + ": notice: " + kw +
               ": not used by xvrrp (no mail support)";
    };
    const std::string trunc =
        ": warning: auth_pass: '\u2026' (9 characters, truncated to 8, as keepalived does)";
    EXPECT_THAT(rendered(r),
                ElementsAre(mail(7, "notification_email"), mail(11, "notification_email_from"),
                            mail(12, "smtp_server"), mail(13, "smtp_connect_timeout"),
                            f + ":44" + trunc, f + ":71" + trunc));
    ASSERT_TRUE(r.ok());

    GlobalDefs want_global;
    want_global.router_id = "LVS_DEVEL1";
    EXPECT_EQ(r.config.global, want_global);

    VrrpScript script;
    script.name = "monitor_service";
    script.where = {f, 17};
    script.script = {
        "/etc/keepalived/monitor_service.sh 20.31.250.13 20.31.250.14 192.168.10.13 192.168.10.14",
        "",
        "",
        {f, 18}};
    script.interval_s = 2;
    script.timeout_s = 2;
    EXPECT_THAT(r.config.scripts, ElementsAre(script));

    SyncGroup group;
    group.name = "VG_1";
    group.where = {f, 22};
    group.members = {"VI_1", "VI_2"};
    group.notify.master = {"/etc/keepalived/notify.sh master", "", "", {f, 27}};
    group.notify.backup = {"/etc/keepalived/notify.sh backup", "", "", {f, 28}};
    group.notify.fault = {"/etc/keepalived/notify.sh fault", "", "", {f, 29}};
    EXPECT_THAT(r.config.sync_groups, ElementsAre(group));

    Instance vi1;
    vi1.name = "VI_1";
    vi1.where = {f, 32};
    vi1.state = InitialState::Backup;
    vi1.interface = "bond0";
    vi1.interface_where = {f, 35};
    vi1.vrid = 133;
    vi1.vrid_where = {f, 39};
    vi1.priority = 100;
    vi1.version = Version::V2;
    vi1.family = Family::V4;
    vi1.advert_int_cs = 100;
    vi1.preempt = false;
    vi1.accept = true;
    vi1.auth_pass_enabled = true;
    vi1.auth_pass = "33763994";
    vi1.unicast_src_ip = ip("20.31.250.10");
    vi1.unicast_peers = {ip("20.31.250.11")};
    vi1.vips = {{ip("20.31.250.13"), 32, "", "", {f, 51}},
                {ip("20.31.250.14"), 32, "", "", {f, 52}}};
    vi1.track_interfaces = {{"bond0", 0, false, {f, 37}}};
    vi1.track_scripts = {{"monitor_service", std::nullopt, false, {f, 55}}};
    vi1.garp = GarpPolicy{5, 5, 0, 1};

    Instance vi2 = vi1;
    vi2.name = "VI_2";
    vi2.where = {f, 59};
    vi2.interface = "eth2";
    vi2.interface_where = {f, 62};
    vi2.vrid = 233;
    vi2.vrid_where = {f, 66};
    vi2.unicast_src_ip = ip("192.168.10.10");
    vi2.unicast_peers = {ip("192.168.10.11")};
    vi2.vips = {{ip("192.168.10.13"), 32, "", "", {f, 78}},
                {ip("192.168.10.14"), 32, "", "", {f, 79}}};
    vi2.track_interfaces = {{"eth2", 0, false, {f, 64}}};
    vi2.track_scripts = {{"monitor_service", std::nullopt, false, {f, 82}}};
    EXPECT_THAT(r.config.instances, ElementsAre(vi1, vi2));
}

TEST(ConfigSeeds, DualVipLb) {
    const std::string f = seed("dual-vip-lb.conf");
    auto r = parse_seed("dual-vip-lb.conf");
    EXPECT_THAT(rendered(r), IsEmpty());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.config.global, GlobalDefs{});
    EXPECT_THAT(r.config.scripts, IsEmpty());
    EXPECT_THAT(r.config.sync_groups, IsEmpty());

    Instance want;
    want.name = "VI_1";
    want.where = {f, 4};
    want.state = InitialState::Master;
    want.interface = "ens33";
    want.interface_where = {f, 6};
    want.vrid = 105;
    want.vrid_where = {f, 7};
    want.priority = 120;
    want.version = Version::V2;
    want.family = Family::V4;
    want.advert_int_cs = 100;
    want.auth_pass_enabled = true;
    want.auth_pass = "11112222";
    want.vips = {{ip("192.168.200.16"), 32, "", "", {f, 15}},
                 {ip("192.168.200.17"), 32, "", "", {f, 16}}};
    EXPECT_THAT(r.config.instances, ElementsAre(want));
}

}  // namespace
}  // namespace xvrrp::config::test

// global_defs and the top level: what is used, what is reported and how.
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConfigGlobal, EveryKeywordIsParsedIntoTheModel) {
    auto r = parse(R"(global_defs {
    router_id edge-1
    vrrp_version 3
    vrrp_garp_interval 0.001
    vrrp_gna_interval 0.25
    vrrp_startup_delay 1.5
    vrrp_garp_master_delay 2
    vrrp_garp_master_repeat 3
    vrrp_garp_master_refresh 120
    vrrp_garp_master_refresh_repeat 4
    script_user vrrp vrrpgrp
    enable_script_security
    vrrp_strict
}
)");
    EXPECT_TRUE(r.ok());
    EXPECT_THAT(rendered(r), IsEmpty());
    const GlobalDefs& g = r.config.global;
    EXPECT_EQ(g.router_id, "edge-1");
    EXPECT_EQ(g.vrrp_version, Version::V3);
    EXPECT_EQ(g.garp_interval_us, 1000u);
    EXPECT_EQ(g.gna_interval_us, 250'000u);
    EXPECT_EQ(g.startup_delay_us, 1'500'000u);
    EXPECT_EQ(g.garp, (GarpPolicy{2, 3, 120, 4}));
    EXPECT_EQ(g.script_user, "vrrp");
    EXPECT_EQ(g.script_group, "vrrpgrp");
    EXPECT_TRUE(g.enable_script_security);
    EXPECT_TRUE(g.vrrp_strict);
}

// keepalived's scheduling keywords set the event loop's (xvrrp's defaults
// apply when they are absent: unset here).
TEST(ConfigGlobal, RealTimeAndNoSwapKeywordsAreParsedIntoTheModel) {
    auto none = parse("global_defs {\n  router_id a\n}\n");
    EXPECT_FALSE(none.config.global.rt_priority);
    EXPECT_FALSE(none.config.global.rlimit_rttime_us);
    EXPECT_FALSE(none.config.global.no_swap);
    auto r = parse(
        "global_defs {\n  vrrp_rt_priority 50\n  vrrp_rlimit_rttime 20000\n  vrrp_no_swap\n}\n");
    EXPECT_TRUE(r.ok());
    EXPECT_THAT(rendered(r), IsEmpty());
    EXPECT_EQ(r.config.global.rt_priority, 50u);
    EXPECT_EQ(r.config.global.rlimit_rttime_us, 20'000u);
    EXPECT_TRUE(r.config.global.no_swap);
    auto off = parse("global_defs {\n  vrrp_rt_priority 0\n  vrrp_rlimit_rttime 0\n}\n");
    EXPECT_TRUE(off.ok());
    EXPECT_EQ(off.config.global.rt_priority, 0u);
    EXPECT_EQ(off.config.global.rlimit_rttime_us, 0u);
}

TEST(ConfigGlobal, RealTimeKeywordsOutOfRangeAreErrorsWithTheLine) {
    auto r = parse(
        "global_defs {\n  vrrp_rt_priority 100\n  vrrp_rlimit_rttime -5\n  vrrp_no_swap yes\n"
        "  vrrp_rt_priority\n}\n");
    EXPECT_FALSE(r.ok());
    EXPECT_THAT(rendered(r),
                ElementsAre(At(2, "error",
                               "vrrp_rt_priority: '100' is not a whole number from 0 "
                               "to 99"),
                            At(3, "error",
                               "vrrp_rlimit_rttime: '-5' is not a whole number from 0 "
                               "to 60000000"),
                            At(4, "error", "vrrp_no_swap: unexpected 'yes' (takes no value)"),
                            At(5, "error", "vrrp_rt_priority")));
    EXPECT_FALSE(r.config.global.rt_priority);
}

TEST(ConfigGlobal, UmaskAsNumberInKeepalivedsBases) {
    for (auto [text, want] :
         {std::pair{"022", 022u}, {"0x12", 022u}, {"18", 022u}, {"0", 0u}, {"0777", 0777u}}) {
        auto r = parse(std::string("global_defs {\n    umask ") + text + "\n}\n");
        EXPECT_TRUE(r.ok()) << text;
        EXPECT_EQ(r.config.global.umask, want) << text;
    }
}

TEST(ConfigGlobal, UmaskAsBitsWithOrWithoutSpaces) {
    auto r = parse("global_defs {\n    umask IWGRP|IWOTH\n}\n");
    EXPECT_EQ(r.config.global.umask, 022u);
    r = parse("global_defs {\n    umask IRWXO_NOPE\n}\n");
    EXPECT_FALSE(r.ok());
    r = parse("global_defs {\n    umask IWGRP | IROTH | IWOTH | IXOTH\n}\n");
    EXPECT_EQ(r.config.global.umask, 027u);
}

TEST(ConfigGlobal, UmaskOutOfRangeOrGarbledIsAnErrorWithTheLine) {
    for (const char* bad : {"01000", "0x", "9z", "IWGRP|", "|IWOTH", "-1"}) {
        auto r = parse(std::string("global_defs {\n    umask ") + bad + "\n}\n");
        EXPECT_FALSE(r.ok()) << bad;
        EXPECT_THAT(rendered(r), ::testing::Contains(::testing::HasSubstr(":2:"))) << bad;
    }
    EXPECT_FALSE(parse("").config.global.umask);
}

TEST(ConfigGlobal, DefaultsWhenAbsent) {
    auto r = parse("");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.config.global, GlobalDefs{});
    EXPECT_FALSE(r.config.global.vrrp_version.has_value());
    EXPECT_EQ(r.config.global.garp, (GarpPolicy{5, 5, 0, 1}));
}

TEST(ConfigGlobal, MailKeywordsAreNoticedOnceEach) {
    auto r = parse(R"(global_defs {
    notification_email {
        a@b
    }
    notification_email_from x@y
    smtp_server 127.0.0.1
    smtp_connect_timeout 30
}
global_defs {
    smtp_server 10.0.0.1
}
)");
    EXPECT_TRUE(r.ok());
    const std::string no_mail = "not used by xvrrp (no mail support)";
    EXPECT_THAT(rendered(r), ElementsAre(At(2, "notice", "notification_email: " + no_mail),
                                         At(5, "notice", "notification_email_from: " + no_mail),
                                         At(6, "notice", "smtp_server: " + no_mail),
                                         At(7, "notice", "smtp_connect_timeout: " + no_mail)));
}

// A file that names the RFC groups itself asks for what xvrrp does anyway.
TEST(ConfigGlobal, McastGroupIsAcceptedWhenItIsTheRfcGroupOnly) {
    auto r = parse(R"(global_defs {
    vrrp_mcast_group4 224.0.0.18
    vrrp_mcast_group6 ff02::12
    vrrp_mcast_group6 ff02::13
    vrrp_mcast_group4 not-an-address
}
)");
    EXPECT_THAT(rendered(r),
                ElementsAre(At(2, "notice", "vrrp_mcast_group4 224.0.0.18: the RFC 9568 group"),
                            At(3, "notice", "vrrp_mcast_group6 ff02::12: the RFC 9568 group"),
                            At(4, "error", "vrrp_mcast_group6 ff02::13: not supported by xvrrp"),
                            At(5, "error", "vrrp_mcast_group4 not-an-address: not supported")));
}

TEST(ConfigGlobal, KeepalivedKeywordsWeDoNotHandleAreReportedByDecision) {
    auto r = parse(R"(global_defs {
    vrrp_mcast_group4 224.0.0.19
    vrrp_iptables
    lvs_sync_daemon eth0 VI_1
    vrrp_check_unicast_src
    notify_fifo_script /bin/reader
}
)");
    EXPECT_THAT(
        rendered(r),
        ElementsAre(At(2, "error",
                       "vrrp_mcast_group4 224.0.0.19: not supported by xvrrp (adverts always go to "
                       "224.0.0.18"),
                    At(3, "warning", "vrrp_iptables: ignored"),
                    At(4, "notice", "lvs_sync_daemon: not used by xvrrp"),
                    At(5, "notice", "vrrp_check_unicast_src: always on in xvrrp"),
                    At(6, "error", "notify_fifo_script: not supported by xvrrp")));
}

TEST(ConfigGlobal, NotifyFifoTakesAPathAndOptionalUserAndGroup) {
    auto r = parse("global_defs {\n  notify_fifo /run/k.fifo\n}\n");
    ASSERT_TRUE(r.ok()) << ::testing::PrintToString(rendered(r));
    EXPECT_THAT(rendered(r), IsEmpty());
    EXPECT_EQ(r.config.global.notify_fifo, (NotifyFifoConf{"/run/k.fifo", "", "", {kMain, 2}}));

    r = parse("global_defs {\n  notify_fifo /run/k.fifo mon\n}\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.config.global.notify_fifo, (NotifyFifoConf{"/run/k.fifo", "mon", "", {kMain, 2}}));

    r = parse("global_defs {\n  vrrp_notify_fifo /run/v.fifo mon adm\n}\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.config.global.notify_fifo,
              (NotifyFifoConf{"/run/v.fifo", "mon", "adm", {kMain, 2}}));
}

TEST(ConfigGlobal, NotifyFifoAndVrrpNotifyFifoNameTheSameFifo) {
    auto same =
        parse("global_defs {\n  notify_fifo /run/k.fifo\n  vrrp_notify_fifo /run/k.fifo\n}\n");
    EXPECT_TRUE(same.ok());
    EXPECT_THAT(rendered(same), IsEmpty());
    EXPECT_EQ(same.config.global.notify_fifo.path, "/run/k.fifo");

    auto other =
        parse("global_defs {\n  notify_fifo /run/k.fifo\n  vrrp_notify_fifo /run/v.fifo\n}\n");
    EXPECT_FALSE(other.ok());
    EXPECT_THAT(rendered(other), ElementsAre(At(3, "error",
                                                "vrrp_notify_fifo: the notify FIFO is already "
                                                "/run/k.fifo; xvrrp writes one FIFO")));
    EXPECT_EQ(other.config.global.notify_fifo.path, "/run/k.fifo");

    auto owner =
        parse("global_defs {\n  vrrp_notify_fifo /run/k.fifo a\n  notify_fifo /run/k.fifo b\n}\n");
    EXPECT_THAT(rendered(owner),
                ElementsAre(At(3, "error", "already /run/k.fifo with another owner")));
}

TEST(ConfigGlobal, NotifyFifoArgumentCount) {
    auto r = parse("global_defs {\n  notify_fifo\n  vrrp_notify_fifo /f u g extra\n}\n");
    EXPECT_FALSE(r.ok());
    EXPECT_THAT(rendered(r),
                ElementsAre(At(2, "error", "notify_fifo"), At(3, "error", "vrrp_notify_fifo")));
    EXPECT_EQ(r.config.global.notify_fifo, NotifyFifoConf{});
}

// Always xvrrp's behaviour (docs/operations.md, "Interfaces that come and
// go"): accepted without a word, with keepalived's one option.
TEST(ConfigGlobal, DynamicInterfacesIsAcceptedSilently) {
    for (const char* line : {"dynamic_interfaces", "dynamic_interfaces allow_if_changes"}) {
        auto r = parse(std::string("global_defs {\n  ") + line + "\n}\n");
        EXPECT_TRUE(r.ok()) << line;
        EXPECT_THAT(rendered(r), IsEmpty()) << line;
    }
    auto bad = parse("global_defs {\n  dynamic_interfaces sometimes\n}\n");
    EXPECT_THAT(rendered(bad),
                ElementsAre(At(2, "error",
                               "dynamic_interfaces: unexpected 'sometimes' (takes nothing or "
                               "allow_if_changes)")));
}

TEST(ConfigGlobal, UnknownKeywordAndBadValues) {
    auto r = parse(
        "global_defs {\n  routerid x\n  vrrp_version 4\n  vrrp_garp_interval 4295\n"
        "  vrrp_strict yes\n  vrrp_startup_delay -1\n}\n");
    EXPECT_THAT(rendered(r),
                ElementsAre(At(2, "error", "unknown keyword 'routerid' in global_defs"),
                            At(3, "error", "vrrp_version: '4' is not a whole number from 2 to 3"),
                            At(4, "error",
                               "vrrp_garp_interval: '4295' is not a number of seconds from "
                               "0.000001 to 4294.967295"),
                            At(5, "error", "vrrp_strict: unexpected 'yes' (takes no value)"),
                            At(6, "error",
                               "vrrp_startup_delay: '-1' is not a number of seconds from 0 to "
                               "3600")));
}

// keepalived 2.2.7 (`keepalived -t`): "number '0' outside range [0.000001,
// 4294.967295]", then the keyword is ignored; up to 4294.967295 s is taken.
TEST(ConfigGlobal, GarpSpacingRangeIsKeepalivedsAndZeroIsIgnoredWithAWarning) {
    auto r = parse("global_defs {\n  vrrp_garp_interval 0\n  vrrp_gna_interval 0\n}\n");
    EXPECT_THAT(rendered(r),
                ElementsAre(At(2, "warning",
                               "vrrp_garp_interval: 0 is outside from 0.000001 to 4294.967295 s "
                               "(as keepalived says); ignored: no spacing"),
                            At(3, "warning", "vrrp_gna_interval: 0 is outside")));
    EXPECT_EQ(r.config.global.garp_interval_us, 0u);
    auto wide =
        parse("global_defs {\n  vrrp_garp_interval 4294.967295\n  vrrp_gna_interval 0.000001\n}\n");
    EXPECT_TRUE(rendered(wide).empty());
    EXPECT_EQ(wide.config.global.garp_interval_us, 4'294'967'295u);
    EXPECT_EQ(wide.config.global.gna_interval_us, 1u);
}

// keepalived ignores an argument here; published configs write "1".
TEST(ConfigGlobal, EnableScriptSecurityArgumentIsIgnoredWithANotice) {
    auto r = parse("global_defs {\n  enable_script_security 1\n}\n");
    EXPECT_THAT(rendered(r),
                ElementsAre(At(2, "notice",
                               "enable_script_security takes no argument: '1' ignored, script "
                               "security is on")));
    EXPECT_TRUE(r.config.global.enable_script_security);
    EXPECT_THAT(rendered(parse("global_defs {\n  enable_script_security 1 2\n}\n")),
                ElementsAre(At(2, "error", "enable_script_security")));
}

TEST(ConfigTopLevel, VirtualServerNoticedOncePerBlockWithItsLine) {
    auto r = parse(R"(virtual_server 10.0.0.1 80 {
    real_server 10.0.1.1 80 {
        HTTP_GET {
            url {
                path /
            }
        }
    }
}

virtual_server_group G {
    10.0.0.2 80
}
virtual_server 10.0.0.3 443 {
    unknown_lvs_keyword { }
}
)");
    EXPECT_TRUE(r.ok());
    EXPECT_THAT(
        rendered(r),
        ElementsAre(
            At(1, "notice", "virtual_server: not handled by xvrrp (LVS health checking)"),
            At(11, "notice", "virtual_server_group: not handled by xvrrp (LVS health checking)"),
            At(14, "notice", "virtual_server: not handled by xvrrp (LVS health checking)")));
}

TEST(ConfigTopLevel, UnknownAndUnsupportedTopLevelKeywords) {
    auto r = parse(
        "vrrp_instanc VI_1 {\n}\n$IF=eth0\n@node1 priority 100\nbfd_instance {\n}\n"
        "garp_group {\n}\n");
    // `$IF=eth0` defines a parameter; `@node1` is not this host's line.
    EXPECT_THAT(rendered(r),
                ElementsAre(At(1, "error", "unknown keyword 'vrrp_instanc' in the top level"),
                            At(5, "error", "bfd_instance: not supported by xvrrp"),
                            At(7, "warning", "garp_group: ignored")));
}

TEST(ConfigTopLevel, GlobalDefsNeedsABlock) {
    auto r = parse("global_defs\nrouter_id x\n");
    EXPECT_THAT(rendered(r),
                ElementsAre(At(1, "error", "global_defs: needs a { } block"),
                            At(2, "error", "unknown keyword 'router_id' in the top level")));
}

}  // namespace
}  // namespace xvrrp::config::test

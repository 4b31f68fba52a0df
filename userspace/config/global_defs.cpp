// global_defs { ... }
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <variant>

#include "config/builder.h"
#include "config/listen_address.h"
#include "config/values.h"

namespace xvrrp::config::detail {

namespace {

using H = Handler<GlobalDefs>;

void router_id(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        g.router_id = st.args[0];
    }
}

void vrrp_version(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    if (auto v = uint_arg(st, 0, 2, 3, ctx)) {
        g.vrrp_version = *v == 2 ? Version::V2 : Version::V3;
    }
}

// keepalived's range is 0.000001 to 4294.967295 s (a u32 of microseconds);
// it reports 0 as invalid and ignores it, which leaves its default: no
// spacing. Same here, as a warning, not silently.
void burst_spacing(const Statement& st, uint32_t& out_us, Ctx& ctx) {
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    constexpr char kRange[] = "from 0.000001 to 4294.967295";
    auto us = parse_seconds_us(st.args[0], UINT32_MAX);
    if (!us) {
        ctx.diags.error(st.where,
                        bad_value(st, 0, std::string("is not a number of seconds ") + kRange));
    } else if (*us == 0) {
        ctx.diags.warning(st.where, st.keyword + ": 0 is outside " + kRange +
                                        " s (as keepalived says); ignored: no spacing");
    } else {
        out_us = static_cast<uint32_t>(*us);
    }
}

void garp_interval(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    burst_spacing(st, g.garp_interval_us, ctx);
}

void gna_interval(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    burst_spacing(st, g.gna_interval_us, ctx);
}

void startup_delay(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto us = seconds_arg(st, 0, 3600, ctx)) {
            g.startup_delay_us = *us;
        }
    }
}

void set_u32(const Statement& st, uint32_t& out, uint64_t min, uint64_t max, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto v = uint_arg(st, 0, min, max, ctx)) {
            out = static_cast<uint32_t>(*v);
        }
    }
}

void garp_delay(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    set_u32(st, g.garp.master_delay_s, 0, 3600, ctx);
}
void garp_repeat(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    set_u32(st, g.garp.master_repeat, 1, 255, ctx);
}
void garp_refresh(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    set_u32(st, g.garp.master_refresh_s, 0, 86400, ctx);
}
void garp_refresh_repeat(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    set_u32(st, g.garp.master_refresh_repeat, 1, 255, ctx);
}

void script_user(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (simple(st, 1, 2, ctx)) {
        g.script_user = st.args[0];
        g.script_group = st.args.size() > 1 ? st.args[1] : std::string{};
    }
}

// keepalived takes no argument but ignores one ("enable_script_security 1"
// is in the wild): security is on either way, so an argument is a notice.
void script_security(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (!simple(st, 0, 1, ctx)) {
        return;
    }
    if (!st.args.empty()) {
        ctx.diags.notice(st.where, st.keyword + " takes no argument: '" + st.args[0] +
                                       "' ignored, script security is on");
    }
    g.enable_script_security = true;
}

void vrrp_strict(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (simple(st, 0, 0, ctx)) {
        g.vrrp_strict = true;
    }
}

void real_mac(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (simple(st, 0, 0, ctx)) {
        g.real_mac = true;
    }
}

// keepalived's dynamic_interfaces is how xvrrp always behaves (an instance
// whose interface is missing or deleted waits in FAULT for it), so the
// keyword changes nothing; allow_if_changes (an interface whose index
// changes) is covered too: a re-created device is re-attached.
void dynamic_interfaces(const Statement& st, GlobalDefs&, Ctx& ctx) {
    if (!simple(st, 0, 1, ctx)) {
        return;
    }
    if (!st.args.empty() && st.args[0] != "allow_if_changes") {
        ctx.diags.error(st.where, st.keyword + ": unexpected '" + st.args[0] +
                                      "' (takes nothing or allow_if_changes)");
    }
}

void v3_checksum_as_v2(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (auto b = bool_arg(st, ctx)) {
        g.v3_checksum_as_v2 = *b;
    }
}

// notify_fifo and vrrp_notify_fifo both set the one FIFO: the same path
// twice is fine, two different paths are not (xvrrp writes one FIFO).
void notify_fifo(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (!simple(st, 1, 3, ctx)) {
        return;
    }
    NotifyFifoConf f{st.args[0], st.args.size() > 1 ? st.args[1] : std::string{},
                     st.args.size() > 2 ? st.args[2] : std::string{}, st.where};
    const auto& old = g.notify_fifo;
    if (!old.path.empty() && (old.path != f.path || old.user != f.user || old.group != f.group)) {
        ctx.diags.error(st.where, st.keyword + ": the notify FIFO is already " +
                                      g.notify_fifo.path +
                                      (g.notify_fifo.path == f.path ? " with another owner" : "") +
                                      "; xvrrp writes one FIFO for notify_fifo and "
                                      "vrrp_notify_fifo (it runs only VRRP)");
        return;
    }
    g.notify_fifo = std::move(f);
}

// keepalived's `umask NUMBER` (octal with a leading 0, hex with 0x, else
// decimal, as strtoul base 0) or `umask BITS`: IWGRP|IWOTH, the names of
// the S_I* mode bits without S_.
std::optional<uint32_t> umask_bits(std::string_view text) {
    constexpr std::array<std::pair<std::string_view, uint32_t>, 9> kBits{{{"IRUSR", 0400},
                                                                          {"IWUSR", 0200},
                                                                          {"IXUSR", 0100},
                                                                          {"IRGRP", 040},
                                                                          {"IWGRP", 020},
                                                                          {"IXGRP", 010},
                                                                          {"IROTH", 04},
                                                                          {"IWOTH", 02},
                                                                          {"IXOTH", 01}}};
    uint32_t mask = 0;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = std::min(text.find('|', start), text.size());
        const auto name = text.substr(start, end - start);
        auto it =
            std::find_if(kBits.begin(), kBits.end(), [&](auto& b) { return b.first == name; });
        if (it == kBits.end()) {
            return std::nullopt;
        }
        mask |= it->second;
        start = end + 1;
    }
    return mask;
}

std::optional<uint32_t> umask_number(const std::string& text) {
    if (text.empty() || text.find_first_not_of("0123456789abcdefABCDEFxX") != std::string::npos) {
        return std::nullopt;
    }
    char* end = nullptr;
    const unsigned long v = std::strtoul(text.c_str(), &end, 0);
    if (end != text.c_str() + text.size() || v > 0777) {
        return std::nullopt;
    }
    return static_cast<uint32_t>(v);
}

// keepalived's multicast groups may be moved; xvrrp's may not (its XDP
// program and its peers expect RFC 9568's). A file that names the RFC
// group itself, as some do to be explicit, means what xvrrp does anyway.
template <char Family>
void mcast_group(const Statement& st, GlobalDefs&, Ctx& ctx) {
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    const char* rfc = Family == '4' ? "224.0.0.18" : "ff02::12";
    const auto addr = proto::IpAddr::parse(st.args[0]);
    if (addr && *addr == *proto::IpAddr::parse(rfc)) {
        ctx.diags.notice(st.where, st.keyword + " " + st.args[0] +
                                       ": the RFC 9568 group, where xvrrp always sends adverts");
        return;
    }
    ctx.diags.error(st.where, st.keyword + " " + st.args[0] +
                                  ": not supported by xvrrp (adverts "
                                  "always go to " +
                                  rfc +
                                  ", as RFC 9568 requires; remove it, "
                                  "and from the peers' configurations too)");
}

void umask(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (st.args.empty()) {
        ctx.diags.error(st.where, "umask: expects a number (022) or bits (IWGRP|IWOTH)");
        return;
    }
    std::string text;
    for (const auto& a : st.args) {
        text += a;  // "IWGRP | IWOTH" arrives as three words
    }
    auto mask = std::isdigit(static_cast<unsigned char>(text[0])) != 0 ? umask_number(text)
                                                                       : umask_bits(text);
    if (!mask) {
        ctx.diags.error(st.where, "umask: '" + text +
                                      "' is not a mode from 0 to 0777 nor bits such as "
                                      "IWGRP|IWOTH");
        return;
    }
    g.umask = *mask;
}

// xvrrp's own keyword (keepalived has no Prometheus endpoint).
void metrics_address(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    auto parsed = parse_listen_address(st.args[0]);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
        ctx.diags.error(st.where, st.keyword + " '" + st.args[0] + "': " + *why);
        return;
    }
    g.metrics_address = std::get<ListenAddress>(parsed).to_string();
}

constexpr std::string_view kOneFifo =
    "notify_fifo and vrrp_notify_fifo name one FIFO (xvrrp runs only VRRP): two different "
    "paths are an error";

void notify_priority_changes(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (auto b = bool_arg(st, ctx)) {
        g.notify_priority_changes = *b;
    }
}

// keepalived's range is 1-99 (SCHED_RR); 0 is xvrrp's way to say "no
// real-time class" now that real time is its default.
void rt_priority(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto v = uint_arg(st, 0, 0, 99, ctx)) {
            g.rt_priority = static_cast<uint32_t>(*v);
        }
    }
}

void rlimit_rttime(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto v = uint_arg(st, 0, 0, 60'000'000, ctx)) {
            g.rlimit_rttime_us = *v;
        }
    }
}

void no_swap(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (simple(st, 0, 0, ctx)) {
        g.no_swap = true;
    }
}

constexpr std::array kHandlers{
    H{"router_id", router_id},
    H{"vrrp_notify_priority_changes", notify_priority_changes},
    H{"vrrp_version", vrrp_version},
    H{"vrrp_garp_interval", garp_interval},
    H{"vrrp_gna_interval", gna_interval},
    H{"vrrp_startup_delay", startup_delay},
    H{"vrrp_garp_master_delay", garp_delay},
    H{"vrrp_garp_master_repeat", garp_repeat},
    H{"vrrp_garp_master_refresh", garp_refresh},
    H{"vrrp_garp_master_refresh_repeat", garp_refresh_repeat},
    H{"script_user", script_user},
    H{"enable_script_security", script_security},
    H{"vrrp_strict", vrrp_strict},
    H{"notify_fifo", notify_fifo, kOneFifo},
    H{"vrrp_notify_fifo", notify_fifo, kOneFifo},
    H{"v3_checksum_as_v2", v3_checksum_as_v2, "keepalived 2.2.8's keyword: 2.2.7 does not know it"},
    H{"dynamic_interfaces", dynamic_interfaces,
      "always on in xvrrp: without it too, an instance whose interface is missing waits in "
      "FAULT (keepalived refuses it)"},
    H{"vrrp_mcast_group4", mcast_group<'4'>, "only 224.0.0.18, the RFC group; another is an error"},
    H{"vrrp_mcast_group6", mcast_group<'6'>, "only ff02::12, the RFC group; another is an error"},
    H{"umask", umask, "applies to scripts only: xvrrp creates its own files with fixed modes"},
    H{"xvrrp_metrics_address", metrics_address, "xvrrp's own keyword: keepalived does not know it"},
    H{"xvrrp_real_mac", real_mac, "xvrrp's own keyword: keepalived does not know it"},
    H{"vrrp_rt_priority", rt_priority,
      "SCHED_RR for the event loop only; xvrrp's default is 1 (keepalived: none), 0 turns it "
      "off; `attach --rt-priority` wins"},
    H{"vrrp_rlimit_rttime", rlimit_rttime,
      "microseconds, default 100000 (keepalived: 10000); at the limit the loop drops to the "
      "fair class with an error logged instead of being killed; 0: no limit"},
    H{"vrrp_no_swap", no_swap,
      "xvrrp locks its memory by default (mlockall, pages locked as they are touched); "
      "`attach --no-mlock` turns it off"},
};

constexpr std::string_view kNoMail = "not used by xvrrp (no mail support)";
constexpr std::string_view kLvs = "not used by xvrrp (LVS is keepalived's checker, not VRRP)";
constexpr std::string_view kSched =
    "ignored: xvrrp's scheduling is vrrp_rt_priority for the event loop, nothing else";
constexpr std::string_view kNoBfd = "not used by xvrrp (it has no BFD)";
constexpr std::string_view kOneProcess = "not used by xvrrp: it is one process, named xvrrp";
constexpr std::string_view kNoSnmp =
    "ignored: xvrrp has no SNMP agent (Prometheus metrics: xvrrp_metrics_address)";
constexpr std::string_view kNoFirewall =
    "ignored: xvrrp keeps BACKUP traffic off the VIPs in XDP, not with a firewall";
constexpr std::string_view kNoVmacIf =
    "not used by xvrrp: the VMAC is on the interface itself, no VMAC interface is made";
constexpr std::string_view kNetlinkBufs =
    "not used by xvrrp: its netlink buffer sizes are not configurable";
constexpr std::string_view kServiceManager =
    "xvrrp runs no start-up or shut-down scripts; run them from the service manager "
    "(systemd ExecStartPre= / ExecStopPost=)";

constexpr std::array kUnhandled{
    Unhandled{"notification_email", Severity::Notice, kNoMail, true},
    Unhandled{"notification_email_from", Severity::Notice, kNoMail, true},
    Unhandled{"smtp_server", Severity::Notice, kNoMail, true},
    Unhandled{"smtp_connect_timeout", Severity::Notice, kNoMail, true},
    Unhandled{"smtp_helo_name", Severity::Notice, kNoMail, true},
    Unhandled{"email_faults", Severity::Notice, kNoMail, true},
    Unhandled{"no_email_faults", Severity::Notice, kNoMail, true},
    Unhandled{"lvs_id", Severity::Notice, kLvs},
    Unhandled{"lvs_sync_daemon", Severity::Notice, kLvs},
    Unhandled{"lvs_flush", Severity::Notice, kLvs},
    Unhandled{"lvs_flush_onstop", Severity::Notice, kLvs},
    Unhandled{"lvs_timeouts", Severity::Notice, kLvs},
    Unhandled{"checker_priority", Severity::Notice, kLvs},
    Unhandled{"checker_no_swap", Severity::Notice, kLvs},
    Unhandled{"vrrp_priority", Severity::Warning, kSched},
    Unhandled{"vrrp_cpu_affinity", Severity::Warning, kSched},
    Unhandled{"max_auto_priority", Severity::Warning, kSched},
    Unhandled{"vrrp_check_unicast_src", Severity::Notice,
              "always on in xvrrp: adverts from addresses other than the unicast peers are "
              "discarded"},
    Unhandled{"vrrp_skip_check_adv_addr", Severity::Warning,
              "ignored: address lists are always checked (v2 discards a mismatch, v3 logs it)"},
    Unhandled{"vrrp_garp_lower_prio_delay", Severity::Warning,
              "ignored: xvrrp sends no GARPs on receiving a lower-priority advert"},
    Unhandled{"vrrp_garp_lower_prio_repeat", Severity::Warning,
              "ignored: xvrrp sends no GARPs on receiving a lower-priority advert"},
    Unhandled{"vrrp_lower_prio_no_advert", Severity::Warning,
              "ignored: a MASTER answers a lower-priority advert with an advert (RFC 9568)"},
    Unhandled{"vrrp_higher_prio_send_advert", Severity::Warning,
              "ignored: a MASTER that sees a higher priority becomes BACKUP (RFC 9568)"},
    Unhandled{"vrrp_min_garp", Severity::Warning,
              "ignored: set vrrp_garp_master_repeat / vrrp_garp_master_refresh instead"},
    Unhandled{"vrrp_iptables", Severity::Warning,
              "ignored: xvrrp keeps BACKUP traffic off the VIPs in XDP, not with iptables"},
    Unhandled{"vrrp_ipsets", Severity::Warning,
              "ignored: xvrrp keeps BACKUP traffic off the VIPs in XDP, not with ipsets"},
    Unhandled{"nftables", Severity::Warning,
              "ignored: xvrrp keeps BACKUP traffic off the VIPs in XDP, not with nftables"},
    Unhandled{"enable_traps", Severity::Warning, "ignored: xvrrp has no SNMP agent"},
    Unhandled{"enable_dbus", Severity::Warning, "ignored: xvrrp has no D-Bus interface"},
    Unhandled{"notify_fifo_script", Severity::Error,
              "read the notify_fifo with your own program instead"},
    Unhandled{"vrrp_notify_fifo_script", Severity::Error,
              "read the notify_fifo with your own program instead"},
    Unhandled{"smtp_alert", Severity::Notice, kNoMail, true},
    Unhandled{"smtp_alert_vrrp", Severity::Notice, kNoMail, true},
    Unhandled{"smtp_alert_checker", Severity::Notice, kNoMail, true},
    Unhandled{"no_checker_emails", Severity::Notice, kNoMail, true},
    Unhandled{"checker_log_all_failures", Severity::Notice, kLvs},
    Unhandled{"lvs_flush_on_stop", Severity::Notice, kLvs},
    Unhandled{"lvs_notify_fifo", Severity::Notice, kLvs},
    Unhandled{"lvs_notify_fifo_script", Severity::Notice, kLvs},
    Unhandled{"lvs_netlink_cmd_rcv_bufs", Severity::Notice, kLvs},
    Unhandled{"lvs_netlink_cmd_rcv_bufs_force", Severity::Notice, kLvs},
    Unhandled{"lvs_netlink_monitor_rcv_bufs", Severity::Notice, kLvs},
    Unhandled{"lvs_netlink_monitor_rcv_bufs_force", Severity::Notice, kLvs},
    Unhandled{"nftables_ipvs", Severity::Notice, kLvs},
    Unhandled{"nftables_ipvs_priority", Severity::Notice, kLvs},
    Unhandled{"nftables_ipvs_start_fwmark", Severity::Notice, kLvs},
    Unhandled{"rs_init_notifies", Severity::Notice, kLvs},
    Unhandled{"checker_cpu_affinity", Severity::Notice, kLvs},
    Unhandled{"checker_rt_priority", Severity::Notice, kLvs},
    Unhandled{"checker_rlimit_rttime", Severity::Notice, kLvs},
    Unhandled{"checker_process_name", Severity::Notice, kLvs},
    Unhandled{"bfd_priority", Severity::Notice, kNoBfd},
    Unhandled{"bfd_no_swap", Severity::Notice, kNoBfd},
    Unhandled{"bfd_cpu_affinity", Severity::Notice, kNoBfd},
    Unhandled{"bfd_rt_priority", Severity::Notice, kNoBfd},
    Unhandled{"bfd_rlimit_rttime", Severity::Notice, kNoBfd},
    Unhandled{"bfd_process_name", Severity::Notice, kNoBfd},
    Unhandled{"min_auto_priority_delay", Severity::Warning, kSched},
    Unhandled{"process_names", Severity::Notice, kOneProcess},
    Unhandled{"process_name", Severity::Notice, kOneProcess},
    Unhandled{"vrrp_process_name", Severity::Notice, kOneProcess},
    Unhandled{"tmp_config_directory", Severity::Notice,
              "not used by xvrrp: it reads the files themselves, not a copy"},
    Unhandled{"config_save_dir", Severity::Notice,
              "not used by xvrrp: it saves no copies of its configuration"},
    Unhandled{"data_use_instance", Severity::Notice,
              "not used by xvrrp: it writes no SIGUSR1 data files (use `xvrrp status --json`)"},
    Unhandled{"snmp_socket", Severity::Warning, kNoSnmp},
    Unhandled{"enable_snmp_vrrp", Severity::Warning, kNoSnmp},
    Unhandled{"enable_snmp_checker", Severity::Warning, kNoSnmp},
    Unhandled{"enable_snmp_rfc", Severity::Warning, kNoSnmp},
    Unhandled{"enable_snmp_rfcv2", Severity::Warning, kNoSnmp},
    Unhandled{"enable_snmp_rfcv3", Severity::Warning, kNoSnmp},
    Unhandled{"dbus_service_name", Severity::Warning, "ignored: xvrrp has no D-Bus interface"},
    Unhandled{"nftables_priority", Severity::Warning, kNoFirewall},
    Unhandled{"nftables_counters", Severity::Warning, kNoFirewall},
    Unhandled{"nftables_ifindex", Severity::Warning, kNoFirewall},
    Unhandled{"disable_local_igmp", Severity::Notice,
              "not needed by xvrrp: it creates no VMAC interfaces, so no IGMP reports leave one"},
    Unhandled{"vmac_prefix", Severity::Notice, kNoVmacIf},
    Unhandled{"vmac_addr_prefix", Severity::Notice, kNoVmacIf},
    Unhandled{"vrrp_netlink_cmd_rcv_bufs", Severity::Notice, kNetlinkBufs},
    Unhandled{"vrrp_netlink_cmd_rcv_bufs_force", Severity::Notice, kNetlinkBufs},
    Unhandled{"vrrp_netlink_monitor_rcv_bufs", Severity::Notice, kNetlinkBufs},
    Unhandled{"vrrp_netlink_monitor_rcv_bufs_force", Severity::Notice, kNetlinkBufs},
    Unhandled{"process_monitor_rcv_bufs", Severity::Notice, kNetlinkBufs},
    Unhandled{"process_monitor_rcv_bufs_force", Severity::Notice, kNetlinkBufs},
    Unhandled{"vrrp_rx_bufs_policy", Severity::Notice,
              "not used by xvrrp: adverts are received in XDP, not on a socket"},
    Unhandled{"vrrp_rx_bufs_multiplier", Severity::Notice,
              "not used by xvrrp: adverts are received in XDP, not on a socket"},
    Unhandled{"log_unknown_vrids", Severity::Notice,
              "not used by xvrrp: adverts for VRIDs it does not run are counted "
              "(discard_d6_vrid in `xvrrp stats`)"},
    Unhandled{"default_interface", Severity::Warning,
              "ignored: xvrrp needs `interface` in every vrrp_instance"},
    Unhandled{"vrrp_garp_extra_if", Severity::Warning,
              "ignored: set vrrp_garp_master_refresh for periodic GARPs instead"},
    Unhandled{"fifo_write_vrrp_states_on_reload", Severity::Warning,
              "ignored: after a reload the notify FIFO gets state changes only"},
    Unhandled{"random_seed", Severity::Warning,
              "ignored: ${_RANDOM} gives new values at every start"},
    Unhandled{"reload_check_config", Severity::Notice,
              "always on in xvrrp: a reload whose file has errors is refused and the running "
              "configuration kept (the errors go to the log)"},
    Unhandled{"include_check", Severity::Warning,
              "ignored: an include that cannot be read is an error, one matching nothing a "
              "warning (includem / includew / includea make that an error)"},
    Unhandled{"reload_file", Severity::Warning,
              "ignored: xvrrp reads the files at SIGHUP and does not signal when it is done"},
    Unhandled{"reload_repeat", Severity::Notice,
              "not used by xvrrp: it goes with reload_time_file"},
    Unhandled{"startup_script_timeout", Severity::Notice,
              "not used by xvrrp: it goes with startup_script"},
    Unhandled{"shutdown_script_timeout", Severity::Notice,
              "not used by xvrrp: it goes with shutdown_script"},
    Unhandled{"startup_script", Severity::Error, kServiceManager},
    Unhandled{"shutdown_script", Severity::Error, kServiceManager},
    Unhandled{"reload_time_file", Severity::Error,
              "xvrrp reloads at SIGHUP only; send it at the planned time (a systemd timer, at(1))"},
    Unhandled{"vrrp_down_timer_adverts", Severity::Error,
              "the master-down timer is RFC 9568's 3 intervals plus skew, which every router of "
              "a VRID must share; remove it (3 is keepalived's default too)"},
};

}  // namespace

KeywordBlock global_defs_keywords() {
    return describe<GlobalDefs>("global_defs", kHandlers, kUnhandled);
}

void build_global(const Statement& st, GlobalDefs& g, Ctx& ctx) {
    if (!with_block(st, 0, ctx)) {
        return;
    }
    for (const auto& child : st.children) {
        dispatch<GlobalDefs>(child, g, kHandlers, kUnhandled, "global_defs", ctx);
    }
}

}  // namespace xvrrp::config::detail

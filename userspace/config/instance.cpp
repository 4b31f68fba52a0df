// vrrp_instance NAME { ... }: the scalar keywords. Value blocks
// (virtual_ipaddress, track_*, unicast_peer, authentication) are in
// instance_blocks.cpp.
#include <array>

#include "config/builder.h"
#include "config/values.h"

namespace xvrrp::config::detail {

namespace {

using H = Handler<InstanceDraft>;

void state(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    if (st.args[0] == "MASTER") {
        d.state = InitialState::Master;
    } else if (st.args[0] == "BACKUP") {
        d.state = InitialState::Backup;
    } else if (st.args[0] == "master" || st.args[0] == "Master" || st.args[0] == "backup" ||
               st.args[0] == "Backup") {
        ctx.diags.error(st.where,
                        "state: '" + st.args[0] + "' is written in capitals: " +
                            (st.args[0][0] == 'm' || st.args[0][0] == 'M' ? "MASTER" : "BACKUP"));
    } else {
        ctx.diags.error(st.where, "state: '" + st.args[0] + "' is not MASTER or BACKUP");
    }
}

void interface(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    d.interface_seen = true;
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    // A `$` is a parameter never defined (defined ones were expanded).
    if (!valid_interface_name(st.args[0]) || st.args[0].find('$') != std::string::npos) {
        ctx.diags.error(st.where, bad_value(st, 0, "is not a valid interface name"));
        return;
    }
    d.inst.interface = st.args[0];
    d.inst.interface_where = st.where;
}

void vrid(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    d.vrid_seen = true;
    if (simple(st, 1, 1, ctx)) {
        if (auto v = uint_arg(st, 0, 1, 255, ctx)) {
            d.inst.vrid = static_cast<uint8_t>(*v);
            d.inst.vrid_where = st.where;
        }
    }
}

void priority(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto v = uint_arg(st, 0, 1, 255, ctx)) {
            d.priority = static_cast<uint8_t>(*v);
            d.priority_where = st.where;
        }
    }
}

// Microseconds as keepalived's decimal seconds: 1500000 is "1.5".
std::string seconds_text(uint64_t us) {
    std::string frac = std::to_string(1'000'000 + us % 1'000'000).substr(1);
    while (!frac.empty() && frac.back() == '0') {
        frac.pop_back();
    }
    return std::to_string(us / 1'000'000) + (frac.empty() ? "" : "." + frac);
}

// The range depends on the version, known only at the end: kept as written.
void advert_int(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    auto us = parse_seconds_us(st.args[0], 255'000'000);
    if (!us || *us == 0) {
        // `1s`, `100ms` are the command line's forms (--advert-int), not the file's.
        const auto unit = parse_duration_us(st.args[0], 255'000'000);
        const std::string hint =
            unit && *unit != 0
                ? " (the file takes seconds without a unit: write " + seconds_text(*unit) + ")"
                : "";
        ctx.diags.error(st.where,
                        bad_value(st, 0, "is not a number of seconds from 0.01 to 255" + hint));
        return;
    }
    d.advert_us = *us;
    d.advert_text = st.args[0];
    d.advert_where = st.where;
}

void version(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto v = uint_arg(st, 0, 2, 3, ctx)) {
            d.version = *v == 2 ? Version::V2 : Version::V3;
            d.version_where = st.where;
        }
    }
}

void nopreempt(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (simple(st, 0, 0, ctx)) {
        d.nopreempt = true;
        d.nopreempt_where = st.where;
    }
}

void preempt(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (simple(st, 0, 0, ctx)) {
        d.nopreempt = false;
    }
}

void preempt_delay(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto us = seconds_arg(st, 0, 1000, ctx)) {
            d.preempt_delay_ms = static_cast<uint32_t>(*us / 1000);
            d.preempt_delay_where = st.where;
        }
    }
}

void source_ip(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    auto a = host_address(st.args[0], st.where, st.keyword, ctx);
    if (!a) {
        return;
    }
    d.inst.unicast_src_ip = *a;
    d.src_where = st.where;
}

template <ScriptCommand NotifyScripts::*Member>
void notify(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (auto c = command_arg(st, ctx)) {
        d.inst.notify.*Member = std::move(*c);
    }
}

template <std::optional<uint32_t> InstanceDraft::*Field, uint64_t Min, uint64_t Max>
void garp(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (simple(st, 1, 1, ctx)) {
        if (auto v = uint_arg(st, 0, Min, Max, ctx)) {
            d.*Field = static_cast<uint32_t>(*v);
        }
    }
}

void accept(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (simple(st, 0, 0, ctx)) {
        d.accept = true;
    }
}

void no_accept(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (simple(st, 0, 0, ctx)) {
        d.accept = false;
    }
}

void strict_mode(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (auto b = bool_arg(st, ctx)) {
        d.strict = *b;
    }
}

void v3_checksum_as_v2(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (auto b = bool_arg(st, ctx)) {
        d.v3_checksum_as_v2 = *b;
        d.v3_checksum_where = st.where;
    }
}

void version_migration(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (auto b = bool_arg(st, ctx)) {
        d.version_migration = *b;
        d.migration_where = st.where;
    }
}

// use_vmac and xvrrp_real_mac choose the instance's MAC; both in one
// instance contradict each other.
bool choose_mac(const Statement& st, InstanceDraft& d, Ctx& ctx, bool real) {
    if (d.real_mac && *d.real_mac != real) {
        ctx.diags.error(st.where, st.keyword + ": contradicts " +
                                      (real ? "use_vmac" : "xvrrp_real_mac") + " at line " +
                                      std::to_string(d.mac_where.line) +
                                      " (an instance uses the VMAC or its interface's MAC)");
        return false;
    }
    d.real_mac = real;
    d.mac_where = st.where;
    return true;
}

void use_vmac(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (simple(st, 0, 1, ctx) && choose_mac(st, d, ctx, false)) {
        d.inst.use_vmac = true;
        ctx.diags.info(st.where,
                       "use_vmac: xvrrp uses the virtual MAC without a macvlan "
                       "(its default; xvrrp_real_mac turns it off)");
    }
}

void real_mac(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (simple(st, 0, 0, ctx)) {
        choose_mac(st, d, ctx, true);
    }
}

// Linux takes a TTL of 1-255 (IP_TTL, IPV6_UNICAST_HOPS): a 0, which
// keepalived reads, could not be sent.
void unicast_ttl(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (!simple(st, 1, 1, ctx)) {
        return;
    }
    if (st.args[0] == "0") {
        ctx.diags.error(st.where,
                        "unicast_ttl: 0 cannot be sent (Linux sends a TTL of 1-255); "
                        "write the number of routers to the peers, plus one");
        return;
    }
    if (auto v = uint_arg(st, 0, 1, 255, ctx)) {
        d.inst.unicast_ttl = static_cast<uint8_t>(*v);
        d.unicast_ttl_where = st.where;
    }
}

void addresses(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    read_addresses(st, d.inst.vips, ctx);
}

void excluded(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    read_addresses(st, d.inst.excluded_vips, ctx);
}

void routes(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    read_routes(st, d.inst.routes, ctx);
}

void rules(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    read_rules(st, d.inst.rules, ctx);
}

void track_files(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    read_tracked_names(st, d.inst.track_files, ctx);
}

void track_processes(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    read_tracked_names(st, d.inst.track_processes, ctx);
}

// `notify_deleted [script [user [group]]]`
void notify_deleted(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (st.args.empty() && !st.has_block) {
        d.inst.notify.deleted_enabled = true;
        return;
    }
    if (auto c = command_arg(st, ctx)) {
        d.inst.notify.deleted_enabled = true;
        d.inst.notify.deleted = std::move(*c);
    }
}

void notify_priority_changes(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (auto b = bool_arg(st, ctx)) {
        d.notify_priority_changes = *b;
    }
}

constexpr std::array kHandlers{
    H{"state", state, "a value other than MASTER or BACKUP is an error (keepalived uses BACKUP)"},
    H{"track_file", track_files},
    H{"track_process", track_processes},
    H{"notify_deleted", notify_deleted},
    H{"notify_priority_changes", notify_priority_changes},
    H{"interface", interface},
    H{"virtual_router_id", vrid},
    H{"priority", priority, "outside 1-255 is an error (keepalived falls back to 100)"},
    H{"advert_int", advert_int,
      "must be exact: VRRPv3 a multiple of 10 ms, VRRPv2 whole seconds (keepalived adjusts "
      "the value)"},
    H{"version", version},
    H{"nopreempt", nopreempt},
    H{"preempt", preempt},
    H{"preempt_delay", preempt_delay},
    H{"authentication", read_authentication},
    H{"unicast_src_ip", source_ip},
    H{"mcast_src_ip", source_ip},
    H{"unicast_peer", read_unicast_peers},
    H{"unicast_ttl", unicast_ttl},
    H{"virtual_ipaddress", addresses,
      "at least one address is required (keepalived warns); brd, scope, preferred_lft, home, "
      "nodad, noprefixroute, autojoin, no_track are ignored with a warning"},
    H{"virtual_ipaddress_excluded", excluded},
    H{"virtual_routes", routes},
    H{"virtual_rules", rules},
    H{"track_interface", read_track_interfaces},
    H{"track_script", read_track_scripts},
    H{"notify_master", notify<&NotifyScripts::master>},
    H{"notify_backup", notify<&NotifyScripts::backup>},
    H{"notify_fault", notify<&NotifyScripts::fault>},
    H{"notify_stop", notify<&NotifyScripts::stop>},
    H{"notify", notify<&NotifyScripts::any>},
    H{"garp_master_delay", garp<&InstanceDraft::garp_delay_s, 0, 3600>},
    H{"garp_master_repeat", garp<&InstanceDraft::garp_repeat, 1, 255>},
    H{"garp_master_refresh", garp<&InstanceDraft::garp_refresh_s, 0, 86400>},
    H{"garp_master_refresh_repeat", garp<&InstanceDraft::garp_refresh_repeat, 1, 255>},
    H{"accept", accept},
    H{"no_accept", no_accept},
    H{"strict_mode", strict_mode},
    H{"use_vmac", use_vmac,
      "the VMAC is put on the interface itself: no macvlan interface, its name and MAC "
      "arguments are not used"},
    H{"xvrrp_real_mac", real_mac, "xvrrp's own keyword: keepalived does not know it"},
    H{"v3_checksum_as_v2", v3_checksum_as_v2, "keepalived 2.2.8's keyword: 2.2.7 does not know it"},
    H{"version_migration", version_migration, "xvrrp's own keyword: keepalived does not know it"},
};

constexpr std::string_view kNoMail = "not used by xvrrp (no mail support)";

constexpr std::array kUnhandled{
    Unhandled{"smtp_alert", Severity::Notice, kNoMail, true},
    Unhandled{"lvs_sync_daemon_interface", Severity::Notice,
              "not used by xvrrp (LVS is keepalived's checker, not VRRP)"},
    Unhandled{"dont_track_primary", Severity::Warning,
              "ignored: xvrrp always tracks the instance's interface (link down means FAULT)"},
    Unhandled{"debug", Severity::Warning, "ignored: use `xvrrp status` and the logs"},
    Unhandled{"vmac_xmit_base", Severity::Warning,
              "ignored: adverts are always sent from the interface with the VMAC as source"},
    Unhandled{"garp_lower_prio_delay", Severity::Warning,
              "ignored: xvrrp sends no GARPs on receiving a lower-priority advert"},
    Unhandled{"garp_lower_prio_repeat", Severity::Warning,
              "ignored: xvrrp sends no GARPs on receiving a lower-priority advert"},
    Unhandled{"lower_prio_no_advert", Severity::Warning,
              "ignored: a MASTER answers a lower-priority advert with an advert (RFC 9568)"},
    Unhandled{"higher_prio_send_advert", Severity::Warning,
              "ignored: a MASTER that sees a higher priority becomes BACKUP (RFC 9568)"},
    Unhandled{"skip_check_adv_addr", Severity::Warning,
              "ignored: address lists are always checked (v2 discards a mismatch, v3 logs it)"},
    Unhandled{"check_unicast_src", Severity::Notice,
              "always on in xvrrp: adverts from addresses other than the unicast peers are "
              "discarded"},
    Unhandled{"track_src_ip", Severity::Warning,
              "ignored: the source address is fixed when the instance starts"},
    Unhandled{"linkbeat_use_polling", Severity::Warning,
              "ignored: link state comes from netlink events"},
    Unhandled{"promote_secondaries", Severity::Warning,
              "ignored: xvrrp does not change the interface's sysctls"},
    Unhandled{"kernel_rx_buf_size", Severity::Warning,
              "ignored: adverts are received in XDP, not on a socket"},
    Unhandled{"unicast_fault_no_peer", Severity::Warning,
              "ignored: an instance without unicast peers uses multicast"},
    Unhandled{"old_unicast_checksum", Severity::Warning,
              "ignored: both checksum forms are accepted on receive"},
    Unhandled{"notify_master_rx_lower_pri", Severity::Warning,
              "ignored: no script runs on receiving a lower-priority advert"},
    Unhandled{"native_ipv6", Severity::Error,
              "the family comes from the addresses: write IPv6 virtual addresses"},
    Unhandled{"use_ipvlan", Severity::Error, "xvrrp uses the virtual MAC on the interface itself"},
    Unhandled{"track_bfd", Severity::Error, "xvrrp has no BFD"},
    Unhandled{"use_vmac_addr", Severity::Notice,
              "not used by xvrrp: the VMAC is on the interface itself, no VMAC interface is made"},
    Unhandled{"garp_extra_if", Severity::Warning,
              "ignored: set garp_master_refresh for periodic GARPs instead"},
    Unhandled{"vrf", Severity::Error,
              "xvrrp needs `interface`, and the VRF is the interface's; remove vrf"},
    Unhandled{"mcast_dst_ip", Severity::Error,
              "adverts always go to 224.0.0.18 / ff02::12, as RFC 9568 requires"},
    Unhandled{"down_timer_adverts", Severity::Error,
              "the master-down timer is RFC 9568's 3 intervals plus skew, which every router of "
              "a VRID must share; remove it (3 is keepalived's default too)"},
};

}  // namespace

KeywordBlock instance_keywords() {
    return describe<InstanceDraft>("vrrp_instance", kHandlers, kUnhandled);
}

void build_instance(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    const std::string block = "vrrp_instance " + d.inst.name;
    for (const auto& child : st.children) {
        dispatch<InstanceDraft>(child, d, kHandlers, kUnhandled, block, ctx);
    }
}

}  // namespace xvrrp::config::detail

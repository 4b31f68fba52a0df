// From an instance as written to the instance xvrrp runs: keepalived's
// defaults, then the rules that need the whole block (family, version,
// interval range, preemption, authentication).
#include "config/builder.h"
#include "xvrrp/abi.h"

namespace xvrrp::config::detail {

namespace {

std::string_view family_name(Family f) {
    return f == Family::V4 ? "IPv4" : "IPv6";
}

// One family per instance (S13): the first VIP decides, else the unicast
// source or peers, else IPv4.
void resolve_family(InstanceDraft& d, Ctx& ctx) {
    Instance& in = d.inst;
    if (!in.vips.empty()) {
        in.family = in.vips.front().addr.family();
    } else if (in.unicast_src_ip) {
        in.family = in.unicast_src_ip->family();
    } else if (!in.unicast_peers.empty()) {
        in.family = in.unicast_peers.front().family();
    }
    const std::string fam(family_name(in.family));
    for (const auto& v : in.vips) {
        if (v.addr.family() != in.family) {
            ctx.diags.error(
                v.where, "virtual_ipaddress: " + v.addr.to_string() + " is " +
                             std::string(family_name(v.addr.family())) + " but this instance is " +
                             fam + " (its first address is " + in.vips.front().addr.to_string() +
                             "); use a second vrrp_instance for the other family");
        }
    }
    if (in.unicast_src_ip && in.unicast_src_ip->family() != in.family) {
        ctx.diags.error(d.src_where, "unicast_src_ip: " + in.unicast_src_ip->to_string() +
                                         " is not " + fam + " like the rest of the instance");
    }
    for (size_t i = 0; i < in.unicast_peers.size(); ++i) {
        if (in.unicast_peers[i].family() != in.family) {
            ctx.diags.error(d.peer_where[i], "unicast_peer: " + in.unicast_peers[i].to_string() +
                                                 " is not " + fam +
                                                 " like the rest of the instance");
        }
    }
}

// keepalived: IPv6 implies v3; otherwise global vrrp_version, else v2.
void resolve_version(InstanceDraft& d, const GlobalDefs& g, Ctx& ctx) {
    Instance& in = d.inst;
    if (d.version) {
        in.version = *d.version;
        if (in.version == Version::V2 && in.family == Family::V6) {
            ctx.diags.error(d.version_where,
                            "version 2: VRRPv2 carries IPv4 only; IPv6 needs version 3");
        }
    } else if (in.family == Family::V6) {
        in.version = Version::V3;
    } else {
        in.version = g.vrrp_version.value_or(Version::V2);
    }
}

// keepalived: a missing priority is 255 for state MASTER, else 100; a
// missing state is MASTER for priority 255, else BACKUP.
void resolve_priority(InstanceDraft& d, Ctx& ctx) {
    Instance& in = d.inst;
    const bool master = d.state == InitialState::Master;
    in.priority = d.priority.value_or(master ? 255 : 100);
    in.state = d.state.value_or(in.priority == 255 ? InitialState::Master : InitialState::Backup);
    if (in.priority == 255) {
        ctx.diags.notice(d.priority ? d.priority_where : in.where,
                         "priority 255 means \"address owner\": this router must own the virtual "
                         "addresses on " +
                             (in.interface.empty() ? std::string("its interface") : in.interface) +
                             "; it always preempts");
    }
}

void resolve_advert(InstanceDraft& d, Ctx& ctx) {
    Instance& in = d.inst;
    const uint64_t us = d.advert_us.value_or(1'000'000);
    const SourceRef& at = d.advert_us ? d.advert_where : in.where;
    const std::string text = "advert_int: '" + (d.advert_us ? d.advert_text : "1") + "'";
    if (in.version == Version::V2) {
        if (us % 1'000'000 != 0) {
            ctx.diags.error(at, text +
                                    " is not whole seconds: VRRPv2 advertises 1 to 255 s "
                                    "(use version 3 for sub-second intervals)");
            return;
        }
        in.advert_int_cs = static_cast<uint16_t>(us / 10'000);
        return;
    }
    if (us % 10'000 != 0) {
        ctx.diags.error(at, text + " is not a multiple of 10 ms (VRRPv3 counts centiseconds)");
        return;
    }
    if (us / 10'000 > XVRRP_V3_MAX_ADVER_INT_CS) {
        ctx.diags.error(at, text + " is above VRRPv3's maximum of 40.95 s");
        return;
    }
    in.advert_int_cs = static_cast<uint16_t>(us / 10'000);
}

// RFC 9568 8.4: a v3 router beside VRRPv2 peers during a migration (I1-I3).
// Its v2 adverts need a whole-second interval (their field counts seconds).
void resolve_migration(InstanceDraft& d, Ctx& ctx) {
    Instance& in = d.inst;
    if (!d.version_migration) {
        return;
    }
    if (in.version != Version::V3) {
        ctx.diags.error(d.migration_where,
                        "version_migration: needs version 3 (it lets a VRRPv3 instance run beside "
                        "VRRPv2 peers); this instance is VRRPv2 already");
        return;
    }
    if (in.family != Family::V4) {
        ctx.diags.error(d.migration_where,
                        "version_migration: VRRPv2 carries IPv4 only, so an IPv6 instance has no "
                        "VRRPv2 peers to migrate from");
        return;
    }
    if (in.advert_int_cs % 100 != 0) {
        ctx.diags.error(d.advert_us ? d.advert_where : d.migration_where,
                        "advert_int: '" + d.advert_text +
                            "' is not whole seconds: with version_migration the VRRPv2 adverts "
                            "carry the interval in whole seconds (1 to 40)");
        return;
    }
    in.version_migration = true;
}

// P3: the instance's own setting, else global_defs'. Only VRRPv3 over IPv4
// has two checksum forms.
void resolve_checksum(InstanceDraft& d, const GlobalDefs& g, Ctx& ctx) {
    Instance& in = d.inst;
    const bool has_choice = in.version == Version::V3 && in.family == Family::V4;
    if (d.v3_checksum_as_v2.value_or(false) && !has_choice) {
        ctx.diags.warning(d.v3_checksum_where,
                          "v3_checksum_as_v2: ignored: only VRRPv3 over IPv4 has two checksum "
                          "forms (VRRPv2 never uses the pseudo-header, IPv6 always does)");
    }
    in.v3_checksum_as_v2 = has_choice && d.v3_checksum_as_v2.value_or(g.v3_checksum_as_v2);
}

// keepalived clears nopreempt and preempt_delay where they cannot apply,
// with a warning; so do we, so both behave the same.
void resolve_preempt(InstanceDraft& d, Ctx& ctx) {
    Instance& in = d.inst;
    in.preempt = !d.nopreempt;
    if (d.nopreempt && in.priority == 255) {
        ctx.diags.warning(
            d.nopreempt_where,
            "nopreempt: ignored with priority 255 (the address owner always preempts)");
        in.preempt = true;
    } else if (d.nopreempt && in.state == InitialState::Master) {
        ctx.diags.warning(d.nopreempt_where,
                          "nopreempt: only works with state BACKUP; ignored with state MASTER "
                          "(as keepalived does)");
        in.preempt = true;
    }
    if (!d.preempt_delay_ms) {
        return;
    }
    if (in.state == InitialState::Master) {
        ctx.diags.warning(d.preempt_delay_where,
                          "preempt_delay: ignored with state MASTER (as keepalived does)");
    } else if (!in.preempt) {
        ctx.diags.warning(d.preempt_delay_where, "preempt_delay: ignored with nopreempt");
    } else if (in.strict) {
        ctx.diags.warning(d.preempt_delay_where,
                          "preempt_delay: ignored with vrrp_strict (as keepalived does)");
    } else {
        in.preempt_delay_ms = *d.preempt_delay_ms;
    }
}

void resolve_auth(InstanceDraft& d, Ctx& ctx) {
    Instance& in = d.inst;
    if (!d.auth_type) {
        if (d.auth_pass) {
            ctx.diags.warning(d.auth_pass_where, "auth_pass: ignored without 'auth_type PASS'");
        }
        return;
    }
    if (!d.auth_pass || d.auth_pass->empty()) {
        ctx.diags.warning(d.auth_where,
                          "authentication: auth_type PASS without auth_pass; no authentication "
                          "is used (as keepalived does)");
    } else if (in.version_migration) {
        ctx.diags.error(d.auth_where,
                        "authentication: not allowed with version_migration: its VRRPv2 adverts "
                        "carry no authentication (remove auth_type PASS from the VRRPv2 peers "
                        "first)");
    } else if (in.version == Version::V3) {
        ctx.diags.warning(d.auth_where, "authentication: ignored in VRRPv3 (RFC 5798 removed it)");
    } else if (in.strict) {
        ctx.diags.warning(d.auth_where,
                          "authentication: ignored with vrrp_strict (as keepalived does)");
    } else {
        in.auth_pass_enabled = true;
        in.auth_pass = *d.auth_pass;
    }
}

void resolve_garp(InstanceDraft& d, const GlobalDefs& g) {
    GarpPolicy& p = d.inst.garp;
    p = g.garp;
    p.master_delay_s = d.garp_delay_s.value_or(p.master_delay_s);
    p.master_repeat = d.garp_repeat.value_or(p.master_repeat);
    p.master_refresh_s = d.garp_refresh_s.value_or(p.master_refresh_s);
    p.master_refresh_repeat = d.garp_refresh_repeat.value_or(p.master_refresh_repeat);
}

void check_required(InstanceDraft& d, Ctx& ctx) {
    const Instance& in = d.inst;
    const std::string name = "vrrp_instance " + in.name;
    // A value that was written but refused has been reported already.
    if (!d.interface_seen) {
        ctx.diags.error(in.where, name + ": missing 'interface'");
    }
    if (!d.vrid_seen) {
        ctx.diags.error(in.where, name + ": missing 'virtual_router_id'");
    }
    if (in.vips.empty()) {
        ctx.diags.error(in.where, name + ": missing 'virtual_ipaddress' (at least one address)");
    } else if (in.vips.size() > 255) {
        ctx.diags.error(in.vips[255].where,
                        "virtual_ipaddress: more than 255 addresses (an advert counts them in "
                        "one byte); move the rest to virtual_ipaddress_excluded");
    }
    if (in.unicast_peers.size() > XVRRP_MAX_PEERS) {
        ctx.diags.error(d.peer_where[XVRRP_MAX_PEERS],
                        "unicast_peer: more than " + std::to_string(XVRRP_MAX_PEERS) + " peers");
    }
    if (in.strict && in.unicast()) {
        ctx.diags.error(d.peer_where.front(),
                        "unicast_peer: not allowed with vrrp_strict (as in keepalived)");
    }
    // P4: an IPv6 advert lists the router's link-local address first.
    if (in.family == Family::V6 && !in.unicast() && !in.vips.empty() &&
        !in.vips.front().addr.is_link_local()) {
        ctx.diags.error(in.vips.front().where,
                        "virtual_ipaddress: the first IPv6 address must be link-local (fe80::/10), "
                        "not " +
                            in.vips.front().addr.to_string() + " (RFC 9568 5.2.9)");
    }
}

// keepalived resets it too: multicast adverts are link-local (TTL 255, D1).
void resolve_unicast_ttl(InstanceDraft& d, Ctx& ctx) {
    if (d.inst.unicast_ttl && !d.inst.unicast()) {
        ctx.diags.warning(d.unicast_ttl_where,
                          "unicast_ttl: ignored without unicast_peer (multicast adverts keep TTL "
                          "255), as in keepalived");
        d.inst.unicast_ttl.reset();
    }
}

}  // namespace

Instance complete_instance(InstanceDraft& d, const GlobalDefs& g, Ctx& ctx) {
    resolve_family(d, ctx);
    d.inst.strict = d.strict.value_or(g.vrrp_strict);
    d.inst.notify_priority_changes = d.notify_priority_changes.value_or(g.notify_priority_changes);
    resolve_version(d, g, ctx);
    resolve_priority(d, ctx);
    resolve_advert(d, ctx);
    resolve_migration(d, ctx);
    resolve_checksum(d, g, ctx);
    resolve_preempt(d, ctx);
    resolve_auth(d, ctx);
    d.inst.accept = d.accept.value_or(!d.inst.strict);
    d.inst.real_mac = d.real_mac.value_or(g.real_mac);
    resolve_garp(d, g);
    resolve_unicast_ttl(d, ctx);
    check_required(d, ctx);
    return d.inst;
}

}  // namespace xvrrp::config::detail

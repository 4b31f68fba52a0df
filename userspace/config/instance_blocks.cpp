// The value blocks of vrrp_instance: one entry per line, the first word
// being the value (an address, an interface, a script name).
#include <algorithm>
#include <array>

#include "config/builder.h"
#include "config/values.h"

namespace xvrrp::config::detail {

namespace {

// Value-block entries are words, never blocks of their own.
bool plain_entry(const Statement& parent, const Statement& e, Ctx& ctx) {
    if (e.has_block) {
        ctx.diags.error(e.block_where,
                        parent.keyword + ": unexpected { } block after '" + e.keyword + "'");
        return false;
    }
    return true;
}

constexpr std::string_view kIgnoredWithValue[] = {"brd", "broadcast", "scope", "preferred_lft"};
constexpr std::string_view kIgnoredFlags[] = {"no_track", "home", "nodad", "noprefixroute",
                                              "autojoin"};

template <typename List>
bool contains(const List& l, std::string_view w) {
    return std::find(std::begin(l), std::end(l), w) != std::end(l);
}

// `dev IF`, `label L` and keepalived's address options after the address.
void address_options(const Statement& parent, const Statement& e, VirtualAddress& va, Ctx& ctx) {
    const std::string what = parent.keyword + " " + e.keyword;
    for (size_t i = 0; i < e.args.size(); ++i) {
        const std::string& opt = e.args[i];
        const bool takes_value = opt == "dev" || opt == "label" || contains(kIgnoredWithValue, opt);
        if (takes_value && i + 1 == e.args.size()) {
            ctx.diags.error(e.where, what + ": '" + opt + "' needs a value");
            return;
        }
        if (opt == "dev") {
            const std::string& dev = e.args[++i];
            if (!valid_interface_name(dev)) {
                ctx.diags.error(e.where, what + ": '" + dev + "' is not a valid interface name");
            }
            va.dev = dev;
        } else if (opt == "label") {
            va.label = e.args[++i];
        } else if (takes_value) {
            ctx.diags.warning(e.where, what + ": '" + opt + " " + e.args[i + 1] + "' ignored");
            ++i;
        } else if (contains(kIgnoredFlags, opt)) {
            ctx.diags.warning(e.where, what + ": '" + opt + "' ignored");
        } else {
            ctx.diags.error(e.where, what + ": unknown option '" + opt + "'");
        }
    }
}

}  // namespace

void read_addresses(const Statement& st, std::vector<VirtualAddress>& out, Ctx& ctx) {
    if (!with_block(st, 0, ctx)) {
        return;
    }
    for (const auto& e : st.children) {
        if (!plain_entry(st, e, ctx)) {
            continue;
        }
        auto p = parse_prefix(e.keyword);
        if (!p) {
            ctx.diags.error(e.where, bad_value(st.keyword, e.keyword,
                                               "is not an IP address (ADDR or ADDR/LEN)"));
            continue;
        }
        VirtualAddress va{p->first, p->second, {}, {}, e.where};
        address_options(st, e, va, ctx);
        auto dup = std::find_if(out.begin(), out.end(),
                                [&](const VirtualAddress& v) { return v.addr == va.addr; });
        if (dup != out.end()) {
            ctx.diags.error(e.where, st.keyword + ": " + va.addr.to_string() +
                                         " is listed twice (first at " + to_string(dup->where) +
                                         ")");
            continue;
        }
        out.push_back(std::move(va));
    }
}

void read_unicast_peers(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (!with_block(st, 0, ctx)) {
        return;
    }
    for (const auto& e : st.children) {
        if (!plain_entry(st, e, ctx)) {
            continue;
        }
        auto a = host_address(e.keyword, e.where, "unicast_peer", ctx);
        if (!a) {
            continue;
        }
        for (size_t i = 0; i < e.args.size(); ++i) {
            const auto& opt = e.args[i];
            if ((opt == "min_ttl" || opt == "max_ttl") && i + 1 < e.args.size()) {
                ctx.diags.warning(e.where, "unicast_peer " + e.keyword + ": '" + opt + " " +
                                               e.args[i + 1] + "' ignored");
                ++i;
            } else {
                ctx.diags.error(e.where,
                                "unicast_peer " + e.keyword + ": unexpected '" + opt + "'");
                break;
            }
        }
        if (std::find(d.inst.unicast_peers.begin(), d.inst.unicast_peers.end(), *a) !=
            d.inst.unicast_peers.end()) {
            ctx.diags.error(e.where, "unicast_peer: " + a->to_string() + " is listed twice");
            continue;
        }
        d.inst.unicast_peers.push_back(*a);
        d.peer_where.push_back(e.where);
    }
}

void read_track_interfaces(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (!with_block(st, 0, ctx)) {
        return;
    }
    for (const auto& e : st.children) {
        if (!plain_entry(st, e, ctx)) {
            continue;
        }
        if (!valid_interface_name(e.keyword)) {
            ctx.diags.error(e.where,
                            "track_interface: '" + e.keyword + "' is not a valid interface name");
            continue;
        }
        TrackedInterface t{e.keyword, 0, false, e.where};
        std::optional<int32_t> w;
        if (weight_args(e, 0, "track_interface " + e.keyword, w, t.weight_reverse, ctx)) {
            t.weight = w.value_or(0);
            d.inst.track_interfaces.push_back(std::move(t));
        }
    }
}

void read_track_scripts(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (!with_block(st, 0, ctx)) {
        return;
    }
    for (const auto& e : st.children) {
        if (!plain_entry(st, e, ctx)) {
            continue;
        }
        TrackedScript t{e.keyword, std::nullopt, false, e.where};
        if (weight_args(e, 0, "track_script " + e.keyword, t.weight, t.weight_reverse, ctx)) {
            d.inst.track_scripts.push_back(std::move(t));
        }
    }
}

namespace {

void auth_type(const Statement& e, InstanceDraft& d, Ctx& ctx) {
    if (!simple(e, 1, 1, ctx)) {
        return;
    }
    if (e.args[0] == "PASS") {
        d.auth_type = "PASS";
        d.auth_where = e.where;
    } else if (e.args[0] == "AH") {
        ctx.diags.error(e.where,
                        "auth_type AH: not supported by xvrrp (IPsec AH is obsolete and "
                        "VRRPv3 removed it); use PASS, or no authentication");
    } else if (e.args[0] == "pass" || e.args[0] == "ah") {
        ctx.diags.error(e.where, "auth_type: '" + e.args[0] + "' is written in capitals: " +
                                     (e.args[0] == "pass" ? "PASS" : "AH"));
    } else {
        ctx.diags.error(e.where, "auth_type: '" + e.args[0] + "' is not PASS or AH");
    }
}

void auth_pass(const Statement& e, InstanceDraft& d, Ctx& ctx) {
    // The password never reaches a diagnostic, not even in part.
    if (e.args.size() != 1 || e.has_block) {
        ctx.diags.error(e.where, "auth_pass: takes one value (" + std::to_string(e.args.size()) +
                                     " given; quote a password with spaces)");
        return;
    }
    std::string pass = e.args[0];
    if (pass.size() > 8) {
        ctx.diags.warning(e.where, "auth_pass: '\u2026' (" + std::to_string(pass.size()) +
                                       " characters, truncated to 8, as keepalived does)");
        pass.resize(8);
    }
    d.auth_pass = std::move(pass);
    d.auth_pass_where = e.where;
}

constexpr std::array kAuthHandlers{
    Handler<InstanceDraft>{"auth_type", auth_type},
    Handler<InstanceDraft>{"auth_pass", auth_pass},
};

}  // namespace

KeywordBlock authentication_keywords() {
    return describe<InstanceDraft>("authentication", kAuthHandlers, {});
}

void read_authentication(const Statement& st, InstanceDraft& d, Ctx& ctx) {
    if (!with_block(st, 0, ctx)) {
        return;
    }
    for (const auto& e : st.children) {
        dispatch<InstanceDraft>(e, d, kAuthHandlers, {}, "authentication", ctx);
    }
}

}  // namespace xvrrp::config::detail

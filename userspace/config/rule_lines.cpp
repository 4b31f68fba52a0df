// virtual_rules { } and static_rules { }: one rule per line, in the words of
// `ip rule add`. Selectors xvrrp does not install (tos, uidrange, ports,
// l3mdev, goto, ...) are refused with the line: a rule installed without
// them would select other traffic than the one written.

#include "config/builder.h"
#include "config/line_block.h"
#include "config/route_words.h"
#include "config/values.h"

namespace xvrrp::config::detail {

namespace {

constexpr std::string_view kRuleForms =
    "xvrrp takes [from P] [to P] [table|lookup N] [priority|preference|pref N] [fwmark M[/MASK]] "
    "[iif IF] [oif IF] [blackhole|unreachable|prohibit] [inet6] [no_track]";

struct RuleLine {
    const Statement& e;
    const std::string& block;
    std::vector<std::string> words;
    size_t i = 0;
    Ctx& ctx;
    bool ok = true;

    void fail(const std::string& why) {
        if (ok) {
            ctx.diags.error(e.where, block + " " + e.keyword + ": " + why);
        }
        ok = false;
    }
    const std::string* value() {
        if (i + 1 >= words.size()) {
            fail("'" + words[i] + "' needs a value");
            return nullptr;
        }
        return &words[++i];
    }
};

// Selector texts are kept until the family is known (`from all inet6`).
struct RuleText {
    std::optional<std::string> from, to;
    bool priority_given = false;
};

void fwmark(RuleLine& l, Rule& r, const std::string& v) {
    const size_t slash = v.find('/');
    auto mark = parse_route_number(std::string_view(v).substr(0, slash));
    std::optional<uint32_t> mask = UINT32_MAX;
    if (slash != std::string::npos) {
        mask = parse_route_number(std::string_view(v).substr(slash + 1));
    }
    if (!mark || !mask) {
        l.fail(bad_value("fwmark", v, "is not MARK or MARK/MASK"));
        return;
    }
    r.fwmark = *mark;
    r.fwmask = *mask;
}

void interface_value(RuleLine& l, std::string& out) {
    if (const std::string* v = l.value()) {
        if (!valid_interface_name(*v)) {
            l.fail("'" + *v + "' is not a valid interface name");
        }
        out = *v;
    }
}

void rule_option(RuleLine& l, Rule& r, RuleText& t) {
    const std::string& w = l.words[l.i];
    if (w == "from" || w == "to") {
        if (const std::string* v = l.value()) {
            (w == "from" ? t.from : t.to) = *v;
        }
    } else if (w == "table" || w == "lookup") {
        if (const std::string* v = l.value()) {
            if (auto n = parse_table(*v)) {
                r.table = *n;
            } else {
                l.fail(bad_value(w, *v,
                                 "is not a table number (1-4294967295, or main / local / "
                                 "default; names from rt_tables are not read: write the number)"));
            }
        }
    } else if (w == "priority" || w == "preference") {
        if (const std::string* v = l.value()) {
            if (auto n = parse_route_number(*v)) {
                r.priority = *n;
                t.priority_given = true;
            } else {
                l.fail(bad_value(w, *v, "is not a number (0-4294967295)"));
            }
        }
    } else if (w == "fwmark") {
        if (const std::string* v = l.value()) {
            fwmark(l, r, *v);
        }
    } else if (w == "iif" || w == "dev") {
        interface_value(l, r.iif);
    } else if (w == "oif") {
        interface_value(l, r.oif);
    } else if (w == "blackhole" || w == "unreachable" || w == "prohibit") {
        r.action = w == "blackhole"     ? RuleAction::Blackhole
                   : w == "unreachable" ? RuleAction::Unreachable
                                        : RuleAction::Prohibit;
    } else if (w == "inet6") {
        r.family = Family::V6;
    } else if (w == "no_track") {
        // xvrrp never watches rules: what no_track asks is what it does.
    } else {
        l.fail("'" + w + "' is not supported (" + std::string(kRuleForms) + ")");
    }
}

std::optional<Prefix> selector(RuleLine& l, const std::optional<std::string>& text,
                               const char* name, Family family) {
    if (!text) {
        return std::nullopt;
    }
    auto p = parse_route_prefix(*text, family);
    if (!p) {
        l.fail(bad_value(name, *text, "is not ADDR[/LEN] or all"));
    } else if (!host_bits_clear(*p)) {
        l.fail(bad_value(name, to_string(*p),
                         "has host bits set (did you mean " + to_string(masked(*p)) + "?)"));
    }
    return p;
}

void check_rule(RuleLine& l, Rule& r, const RuleText& t) {
    for (const auto* text : {&t.from, &t.to}) {
        auto a = *text ? IpAddr::parse((*text)->substr(0, (*text)->find('/'))) : std::nullopt;
        if (a && a->family() == Family::V6) {
            r.family = Family::V6;
        }
    }
    r.from = selector(l, t.from, "from", r.family);
    r.to = selector(l, t.to, "to", r.family);
    for (const auto& p : {r.from, r.to}) {
        if (l.ok && p && p->addr.family() != r.family) {
            l.fail("'from' and 'to' are of different families");
        }
    }
    if (l.ok && r.action == RuleAction::Lookup && r.table == 0) {
        l.fail("a rule needs `table N` (or blackhole / unreachable / prohibit)");
    }
    if (l.ok && r.action != RuleAction::Lookup && r.table != 0) {
        l.fail("`table` and blackhole / unreachable / prohibit exclude each other");
    }
}

std::optional<Rule> read_rule(const Statement& e, const std::string& block, Ctx& ctx) {
    RuleLine l{e, block, {e.keyword}, 0, ctx};
    l.words.insert(l.words.end(), e.args.begin(), e.args.end());
    Rule r;
    r.where = e.where;
    RuleText t;
    for (; l.i < l.words.size() && l.ok; ++l.i) {
        rule_option(l, r, t);
    }
    if (l.ok) {
        check_rule(l, r, t);
    }
    if (l.ok && !t.priority_given) {
        // As keepalived: left to the kernel, the number would depend on
        // the order in which rules come and go.
        ctx.diags.warning(e.where, block + " " + e.keyword + ": no priority; set to " +
                                       std::to_string(kDefaultRulePriority) +
                                       " as keepalived does (give `priority N`)");
    }
    return l.ok ? std::optional(r) : std::nullopt;
}

}  // namespace

void read_rules(const Statement& st, std::vector<Rule>& out, Ctx& ctx) {
    read_line_block(
        st, out, ctx, read_rule,
        [](Rule a, Rule b) {
            a.where = b.where = {};
            return a == b;
        },
        [](const Rule&) { return std::string("the rule"); });
}

}  // namespace xvrrp::config::detail

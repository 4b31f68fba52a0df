// virtual_routes { } and static_routes { }: one route per line, in the words
// of `ip route add`. Options xvrrp does not install (nexthop groups, metrics
// such as mtu, realms, ...) are refused with the line, never dropped: a
// route installed without them would not be the route that was written.

#include "config/builder.h"
#include "config/line_block.h"
#include "config/route_words.h"
#include "config/values.h"

namespace xvrrp::config::detail {

namespace {

constexpr std::string_view kRouteForms =
    "xvrrp takes [blackhole|unreachable|prohibit] DEST[/LEN] [src ADDR] [via|gw ADDR] [dev IF] "
    "[table N] [metric N] "
    "[scope S] [protocol P] [inet6] [no_track]";

struct RouteLine {
    const Statement& e;
    const std::string& block;
    std::vector<std::string> words;
    size_t i = 0;
    Ctx& ctx;
    bool ok = true;

    std::string what() const { return block + " " + e.keyword; }
    void fail(const std::string& why) {
        if (ok) {
            ctx.diags.error(e.where, what() + ": " + why);
        }
        ok = false;
    }
    // The word after an option, or a failure saying it is missing.
    const std::string* value() {
        if (i + 1 >= words.size()) {
            fail("'" + words[i] + "' needs a value");
            return nullptr;
        }
        return &words[++i];
    }
};

std::optional<IpAddr> address_value(RouteLine& l) {
    const std::string opt = l.words[l.i];
    const std::string* v = l.value();
    if (!v) {
        return std::nullopt;
    }
    auto a = IpAddr::parse(*v);
    if (!a) {
        l.fail(bad_value(opt, *v, "is not an IP address"));
    }
    return a;
}

template <typename T>
std::optional<T> named_value(RouteLine& l, std::optional<T> (*parse)(std::string_view),
                             const std::string& expected) {
    const std::string opt = l.words[l.i];
    const std::string* v = l.value();
    if (!v) {
        return std::nullopt;
    }
    auto out = parse(*v);
    if (!out) {
        l.fail(bad_value(opt, *v, expected));
    }
    return out;
}

std::optional<uint32_t> table_value(RouteLine& l) {
    return named_value<uint32_t>(
        l, parse_table,
        "is not a table number (1-4294967295, or main / local / default; names from "
        "rt_tables are not read: write the number)");
}

std::optional<uint32_t> metric_value(std::string_view s) {
    return parse_route_number(s);
}

// One option word (and its value) of a route line.
void route_option(RouteLine& l, Route& r, std::optional<std::string>& dst_text) {
    const std::string& w = l.words[l.i];
    if (w == "src") {
        r.src = address_value(l);
    } else if (w == "via" || w == "gw") {
        r.via = address_value(l);
    } else if (w == "dev" || w == "oif") {
        if (const std::string* v = l.value()) {
            if (!valid_interface_name(*v)) {
                l.fail("'" + *v + "' is not a valid interface name");
            }
            r.dev = *v;
        }
    } else if (w == "table") {
        if (auto t = table_value(l)) {
            r.table = *t;
        }
    } else if (w == "metric" || w == "priority" || w == "preference") {
        r.metric = named_value<uint32_t>(l, metric_value, "is not a number");
    } else if (w == "scope") {
        r.scope = named_value<uint8_t>(
            l, parse_scope, "is not a scope (host, link, global, site, nowhere or 0-255)");
    } else if (w == "protocol") {
        if (auto p = named_value<uint8_t>(l, parse_protocol, "is not a route protocol")) {
            r.protocol = *p;
        }
    } else if (w == "proto" || w == "type") {
        // ip(8) takes these; keepalived 2.2.7 refuses them ("unknown route
        // keyword"), so a file using them would not run under keepalived.
        l.fail("'" + w + "' is not a keepalived route keyword (" +
               (w == "proto" ? "write `protocol`" : "put the type first: `unreachable DEST`") +
               ")");
    } else if (w == "inet6") {
        r.family = Family::V6;
    } else if (w == "no_track") {
        // xvrrp never watches routes: what no_track asks is what it does.
    } else if (w == "to" && !dst_text) {
        if (const std::string* v = l.value()) {
            dst_text = *v;
        }
    } else if (!dst_text && (w == "default" || parse_prefix(w))) {
        dst_text = w;
    } else {
        l.fail("'" + w + "' is not supported (" + std::string(kRouteForms) + ")");
    }
}

// Family, destination and the combinations the kernel would refuse.
void check_route(RouteLine& l, Route& r, const std::optional<std::string>& dst_text) {
    if (!dst_text) {
        l.fail("no destination (" + std::string(kRouteForms) + ")");
        return;
    }
    for (const auto& a : {r.via, r.src}) {
        if (a && a->family() == Family::V6) {
            r.family = Family::V6;
        }
    }
    auto dst = parse_route_prefix(*dst_text, r.family);
    if (!dst) {
        l.fail(bad_value("destination", *dst_text, "is not ADDR[/LEN] or default"));
        return;
    }
    r.dst = *dst;
    r.family = dst->addr.family();
    for (const auto& a : {r.via, r.src}) {
        if (a && a->family() != r.family) {
            l.fail(a->to_string() + " is not of the destination's family");
        }
    }
    if (!host_bits_clear(r.dst)) {
        l.fail(bad_value("destination", to_string(r.dst),
                         "has host bits set (did you mean " + to_string(masked(r.dst)) + "?)"));
    }
    if (r.type == RouteType::Unicast && !r.via && r.dev.empty()) {
        l.fail("a route needs `via ADDR` or `dev IF`");
    }
    if (r.type != RouteType::Unicast && r.via) {
        l.fail("a " +
               std::string(r.type == RouteType::Blackhole     ? "blackhole"
                           : r.type == RouteType::Unreachable ? "unreachable"
                                                              : "prohibit") +
               " route has no gateway");
    }
}

std::optional<Route> read_route(const Statement& e, const std::string& block, Ctx& ctx) {
    RouteLine l{e, block, {e.keyword}, 0, ctx};
    l.words.insert(l.words.end(), e.args.begin(), e.args.end());
    Route r;
    r.where = e.where;
    std::optional<std::string> dst_text;
    if (auto t = parse_route_type(l.words[0])) {
        r.type = *t;
        l.i = 1;
    }
    for (; l.i < l.words.size() && l.ok; ++l.i) {
        route_option(l, r, dst_text);
    }
    if (l.ok) {
        check_route(l, r, dst_text);
    }
    return l.ok ? std::optional(r) : std::nullopt;
}

}  // namespace

void read_routes(const Statement& st, std::vector<Route>& out, Ctx& ctx) {
    read_line_block(
        st, out, ctx, read_route,
        [](const Route& a, const Route& b) {
            return a.dst == b.dst && a.table == b.table && a.metric == b.metric;
        },
        [](const Route& r) { return to_string(r.dst) + " table " + std::to_string(r.table); });
}

}  // namespace xvrrp::config::detail

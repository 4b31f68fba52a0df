#include "net/routes.h"

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/addr.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <sys/socket.h>

#include <cerrno>
#include <memory>

namespace xvrrp::net {
namespace {

enum class Op { Add, Remove };

struct NlAddrDeleter {
    void operator()(nl_addr* a) const { nl_addr_put(a); }
};
struct RouteDeleter {
    void operator()(rtnl_route* r) const { rtnl_route_put(r); }
};
struct RuleDeleter {
    void operator()(rtnl_rule* r) const { rtnl_rule_put(r); }
};
using AddrPtr = std::unique_ptr<nl_addr, NlAddrDeleter>;

int family_of(const proto::IpAddr& a) {
    return a.is_v4() ? AF_INET : AF_INET6;
}

AddrPtr nl_address(const proto::IpAddr& a, uint8_t prefix_len) {
    AddrPtr out(nl_addr_build(family_of(a), a.data(), static_cast<unsigned>(a.size())));
    if (out) {
        nl_addr_set_prefixlen(out.get(), prefix_len);
    }
    return out;
}

const char* type_name(uint8_t type) {
    switch (type) {
        case RTN_BLACKHOLE:
            return "blackhole ";
        case RTN_UNREACHABLE:
            return "unreachable ";
        case RTN_PROHIBIT:
            return "prohibit ";
        default:
            return "";
    }
}

// The libnl route for `r`; an error text when it cannot be built (a device
// that does not exist, an allocation failure).
std::unique_ptr<rtnl_route, RouteDeleter> build_route(Op op, const Route& r, std::string& why) {
    std::unique_ptr<rtnl_route, RouteDeleter> route(rtnl_route_alloc());
    AddrPtr dst = nl_address(r.dst, r.dst_len);
    if (!route || !dst) {
        why = "out of memory";
        return nullptr;
    }
    rtnl_route_set_family(route.get(), static_cast<uint8_t>(family_of(r.dst)));
    rtnl_route_set_dst(route.get(), dst.get());
    rtnl_route_set_table(route.get(), r.table);
    rtnl_route_set_protocol(route.get(), r.protocol);
    rtnl_route_set_type(route.get(), r.type);
    // A removal matches any scope, as `ip route del` does.
    const uint8_t guessed =
        r.type == RTN_UNICAST && !r.via ? uint8_t{RT_SCOPE_LINK} : uint8_t{RT_SCOPE_UNIVERSE};
    const uint8_t nowhere = RT_SCOPE_NOWHERE;
    rtnl_route_set_scope(route.get(),
                         op == Op::Remove && !r.scope ? nowhere : r.scope.value_or(guessed));
    if (r.metric) {
        rtnl_route_set_priority(route.get(), *r.metric);
    }
    if (r.src) {
        rtnl_route_set_pref_src(route.get(), nl_address(*r.src, 0).get());
    }
    if (r.via || !r.dev.empty()) {
        rtnl_nexthop* nh = rtnl_route_nh_alloc();
        if (!nh) {
            why = "out of memory";
            return nullptr;
        }
        if (r.via) {
            rtnl_route_nh_set_gateway(nh, nl_address(*r.via, 0).get());
        }
        if (!r.dev.empty()) {
            const unsigned index = if_nametoindex(r.dev.c_str());
            if (index == 0) {
                rtnl_route_nh_free(nh);
                why = r.dev + ": no such interface";
                return nullptr;
            }
            rtnl_route_nh_set_ifindex(nh, static_cast<int>(index));
        }
        rtnl_route_add_nexthop(route.get(), nh);  // the route owns it now
    }
    return route;
}

std::unique_ptr<rtnl_rule, RuleDeleter> build_rule(const Rule& r, std::string& why) {
    std::unique_ptr<rtnl_rule, RuleDeleter> rule(rtnl_rule_alloc());
    if (!rule) {
        why = "out of memory";
        return nullptr;
    }
    rtnl_rule_set_family(rule.get(), r.family == proto::Family::V4 ? AF_INET : AF_INET6);
    rtnl_rule_set_action(rule.get(), r.action);
    if (r.table != 0) {
        rtnl_rule_set_table(rule.get(), r.table);
    }
    if (r.priority) {
        rtnl_rule_set_prio(rule.get(), *r.priority);
    }
    if (r.fwmark) {
        rtnl_rule_set_mark(rule.get(), *r.fwmark);
        rtnl_rule_set_mask(rule.get(), r.fwmask.value_or(UINT32_MAX));
    }
    if (r.from && rtnl_rule_set_src(rule.get(), nl_address(*r.from, r.from_len).get()) < 0) {
        why = "bad source prefix";
        return nullptr;
    }
    if (r.to && rtnl_rule_set_dst(rule.get(), nl_address(*r.to, r.to_len).get()) < 0) {
        why = "bad destination prefix";
        return nullptr;
    }
    if ((!r.iif.empty() && rtnl_rule_set_iif(rule.get(), r.iif.c_str()) < 0) ||
        (!r.oif.empty() && rtnl_rule_set_oif(rule.get(), r.oif.c_str()) < 0)) {
        why = "bad interface name";
        return nullptr;
    }
    return rule;
}

std::optional<NlMsgPtr> request(Op op, const Route& r, std::string& why) {
    auto route = build_route(op, r, why);
    if (!route) {
        return std::nullopt;
    }
    nl_msg* msg = nullptr;
    const int err = op == Op::Add ? rtnl_route_build_add_request(route.get(), NLM_F_EXCL, &msg)
                                  : rtnl_route_build_del_request(route.get(), 0, &msg);
    if (err < 0) {
        why = "libnl refused it";
        return std::nullopt;
    }
    return NlMsgPtr(msg);
}

std::optional<NlMsgPtr> request(Op op, const Rule& r, std::string& why) {
    auto rule = build_rule(r, why);
    if (!rule) {
        return std::nullopt;
    }
    nl_msg* msg = nullptr;
    const int err = op == Op::Add ? rtnl_rule_build_add_request(rule.get(), NLM_F_EXCL, &msg)
                                  : rtnl_rule_build_delete_request(rule.get(), 0, &msg);
    if (err < 0) {
        why = "libnl refused it";
        return std::nullopt;
    }
    return NlMsgPtr(msg);
}

// One batch; `absent` is the errno a removal of a missing entry gets.
template <typename Entry>
std::vector<Error> apply(Op op, RtnlSocket& rtnl, std::span<const Entry> entries, int absent,
                         const char* noun) {
    std::vector<Error> failures;
    std::vector<NlMsgPtr> requests;
    std::vector<const Entry*> sent;
    auto describe = [&](const Entry& e) {
        return std::string(op == Op::Add ? "add " : "remove ") + noun + " " + to_string(e);
    };
    for (const Entry& e : entries) {
        std::string why;
        auto msg = request(op, e, why);
        if (!msg) {
            failures.push_back(Error{EINVAL, describe(e) + ": " + why});
            continue;
        }
        requests.push_back(std::move(*msg));
        sent.push_back(&e);
    }
    if (requests.empty()) {
        return failures;
    }
    auto acks = rtnl.transact(requests);
    const int tolerated = op == Op::Add ? EEXIST : absent;
    for (size_t i = 0; i < sent.size(); ++i) {
        if (!acks) {
            failures.push_back(with_context(acks.error(), describe(*sent[i])));
        } else if (const Ack& ack = (*acks)[i]; ack.error != 0 && ack.error != tolerated) {
            failures.push_back(ack_error(ack, describe(*sent[i])));
        }
    }
    return failures;
}

}  // namespace

std::string to_string(const Route& r) {
    std::string s = type_name(r.type) + r.dst.to_string() + "/" + std::to_string(r.dst_len);
    if (r.src) {
        s += " src " + r.src->to_string();
    }
    if (r.via) {
        s += " via " + r.via->to_string();
    }
    if (!r.dev.empty()) {
        s += " dev " + r.dev;
    }
    if (r.table != RT_TABLE_MAIN) {
        s += " table " + std::to_string(r.table);
    }
    if (r.metric) {
        s += " metric " + std::to_string(*r.metric);
    }
    return s;
}

std::string to_string(const Rule& r) {
    std::string s;
    if (r.priority) {
        s += "priority " + std::to_string(*r.priority) + " ";
    }
    s += "from " + (r.from ? r.from->to_string() + "/" + std::to_string(r.from_len) : "all");
    if (r.to) {
        s += " to " + r.to->to_string() + "/" + std::to_string(r.to_len);
    }
    if (r.fwmark) {
        s += " fwmark " + std::to_string(*r.fwmark);
    }
    if (!r.iif.empty()) {
        s += " iif " + r.iif;
    }
    if (!r.oif.empty()) {
        s += " oif " + r.oif;
    }
    switch (r.action) {
        case FR_ACT_BLACKHOLE:
            return s + " blackhole";
        case FR_ACT_UNREACHABLE:
            return s + " unreachable";
        case FR_ACT_PROHIBIT:
            return s + " prohibit";
        default:
            return s + " lookup " + std::to_string(r.table);
    }
    return s;
}

std::vector<Error> add_routes(RtnlSocket& rtnl, std::span<const Route> routes) {
    return apply(Op::Add, rtnl, routes, ESRCH, "route");
}

std::vector<Error> remove_routes(RtnlSocket& rtnl, std::span<const Route> routes) {
    return apply(Op::Remove, rtnl, routes, ESRCH, "route");
}

std::vector<Error> add_rules(RtnlSocket& rtnl, std::span<const Rule> rules) {
    return apply(Op::Add, rtnl, rules, ENOENT, "rule");
}

std::vector<Error> remove_rules(RtnlSocket& rtnl, std::span<const Rule> rules) {
    return apply(Op::Remove, rtnl, rules, ENOENT, "rule");
}

}  // namespace xvrrp::net

#include "net/vip_manager.h"

#include <linux/if_addr.h>
#include <netlink/addr.h>
#include <netlink/route/addr.h>
#include <sys/socket.h>

#include <cerrno>
#include <memory>
#include <optional>

namespace xvrrp::net {
namespace {

enum class Op { Add, Remove };

struct AddrDeleter {
    void operator()(rtnl_addr* a) const { rtnl_addr_put(a); }
};
struct NlAddrDeleter {
    void operator()(nl_addr* a) const { nl_addr_put(a); }
};

std::string describe(Op op, const Iface& iface, const Vip& vip) {
    return iface.name + (op == Op::Add ? ": add VIP " : ": remove VIP ") + to_string(vip);
}

// nullopt when libnl refuses the template (missing prefix length, label too
// long); the caller reports that VIP as invalid without asking the kernel.
std::optional<NlMsgPtr> build_request(Op op, const Iface& iface, const Vip& vip) {
    const int family = vip.addr.is_v4() ? AF_INET : AF_INET6;
    std::unique_ptr<rtnl_addr, AddrDeleter> a(rtnl_addr_alloc());
    std::unique_ptr<nl_addr, NlAddrDeleter> local(
        nl_addr_build(family, vip.addr.data(), static_cast<unsigned>(vip.addr.size())));
    if (!a || !local) {
        return std::nullopt;
    }
    rtnl_addr_set_ifindex(a.get(), iface.index);
    rtnl_addr_set_family(a.get(), family);
    if (rtnl_addr_set_local(a.get(), local.get()) < 0) {
        return std::nullopt;
    }
    rtnl_addr_set_prefixlen(a.get(), vip.prefix_len);
    unsigned flags = vip.prefix_route ? 0 : IFA_F_NOPREFIXROUTE;
    if (!vip.addr.is_v4()) {
        flags |= IFA_F_NODAD;
    }
    if (flags != 0) {
        rtnl_addr_set_flags(a.get(), flags);
    }
    if (vip.addr.is_v4() && !vip.label.empty() &&
        rtnl_addr_set_label(a.get(), vip.label.c_str()) < 0) {
        return std::nullopt;
    }
    nl_msg* msg = nullptr;
    const int err = op == Op::Add ? rtnl_addr_build_add_request(a.get(), 0, &msg)
                                  : rtnl_addr_build_delete_request(a.get(), 0, &msg);
    if (err < 0) {
        return std::nullopt;
    }
    return NlMsgPtr(msg);
}

std::vector<VipFailure> apply(Op op, RtnlSocket& rtnl, const Iface& iface,
                              std::span<const Vip> vips) {
    std::vector<VipFailure> failures;
    std::vector<NlMsgPtr> requests;
    std::vector<const Vip*> sent;
    for (const Vip& vip : vips) {
        auto msg = build_request(op, iface, vip);
        if (!msg) {
            failures.push_back(
                {vip, Error{EINVAL, describe(op, iface, vip) + ": invalid prefix length or label "
                                                               "(labels are at most 15 bytes)"}});
            continue;
        }
        requests.push_back(std::move(*msg));
        sent.push_back(&vip);
    }
    auto acks = rtnl.transact(requests);
    const int tolerated = op == Op::Add ? EEXIST : EADDRNOTAVAIL;
    for (size_t i = 0; i < sent.size(); ++i) {
        if (!acks) {
            failures.push_back(
                {*sent[i], with_context(acks.error(), describe(op, iface, *sent[i]))});
            continue;
        }
        const Ack& ack = (*acks)[i];
        if (ack.error != 0 && ack.error != tolerated) {
            failures.push_back({*sent[i], ack_error(ack, describe(op, iface, *sent[i]))});
        }
    }
    return failures;
}

}  // namespace

std::string to_string(const Vip& vip) {
    return vip.addr.to_string() + "/" + std::to_string(vip.prefix_len);
}

std::vector<VipFailure> add_vips(RtnlSocket& rtnl, const Iface& iface, std::span<const Vip> vips) {
    return apply(Op::Add, rtnl, iface, vips);
}

std::vector<VipFailure> remove_vips(RtnlSocket& rtnl, const Iface& iface,
                                    std::span<const Vip> vips) {
    return apply(Op::Remove, rtnl, iface, vips);
}

}  // namespace xvrrp::net

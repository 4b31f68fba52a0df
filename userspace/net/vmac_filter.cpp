#include "net/vmac_filter.h"

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace xvrrp::net {
namespace {

enum class Op { Add, Remove };

ndmsg self_entry(const Iface& iface) {
    ndmsg ndm{};
    ndm.ndm_family = AF_BRIDGE;
    ndm.ndm_ifindex = iface.index;
    ndm.ndm_flags = NTF_SELF;
    // The default handler accepts only permanent ("local") entries, on delete too.
    ndm.ndm_state = NUD_PERMANENT;
    return ndm;
}

NlMsgPtr build_request(Op op, const Iface& iface, const proto::Mac& mac) {
    const int type = op == Op::Add ? RTM_NEWNEIGH : RTM_DELNEIGH;
    const int flags = op == Op::Add ? NLM_F_CREATE | NLM_F_EXCL : 0;
    NlMsgPtr msg(nlmsg_alloc_simple(type, flags));
    ndmsg ndm = self_entry(iface);
    if (!msg || nlmsg_append(msg.get(), &ndm, sizeof(ndm), NLMSG_ALIGNTO) < 0 ||
        nla_put(msg.get(), NDA_LLADDR, static_cast<int>(mac.size()), mac.data()) < 0) {
        return nullptr;
    }
    return msg;
}

std::string describe(Op op, const Iface& iface, const proto::Mac& mac) {
    return iface.name + (op == Op::Add ? ": add VMAC " : ": remove VMAC ") + to_string(mac) +
           (op == Op::Add ? " to the unicast filter" : " from the unicast filter");
}

std::vector<MacFailure> apply(Op op, RtnlSocket& rtnl, const Iface& iface,
                              std::span<const proto::Mac> macs) {
    std::vector<MacFailure> failures;
    std::vector<NlMsgPtr> requests;
    for (const auto& mac : macs) {
        requests.push_back(build_request(op, iface, mac));
        if (!requests.back()) {
            return {{mac, Error{ENOMEM, describe(op, iface, mac) + ": out of memory"}}};
        }
    }
    auto acks = rtnl.transact(requests);
    const int tolerated = op == Op::Add ? EEXIST : ENOENT;
    for (size_t i = 0; i < macs.size(); ++i) {
        if (!acks) {
            failures.push_back({macs[i], with_context(acks.error(), describe(op, iface, macs[i]))});
        } else if (int err = (*acks)[i].error; err != 0 && err != tolerated) {
            failures.push_back({macs[i], ack_error((*acks)[i], describe(op, iface, macs[i]))});
        }
    }
    return failures;
}

}  // namespace

std::vector<MacFailure> add_unicast_filter(RtnlSocket& rtnl, const Iface& iface,
                                           std::span<const proto::Mac> macs) {
    return apply(Op::Add, rtnl, iface, macs);
}

std::vector<MacFailure> remove_unicast_filter(RtnlSocket& rtnl, const Iface& iface,
                                              std::span<const proto::Mac> macs) {
    return apply(Op::Remove, rtnl, iface, macs);
}

Result<std::vector<proto::Mac>> list_unicast_filter(RtnlSocket& rtnl, const Iface& iface) {
    NlMsgPtr msg(nlmsg_alloc_simple(RTM_GETNEIGH, NLM_F_DUMP));
    ndmsg ndm{};
    ndm.ndm_family = AF_BRIDGE;
    ndm.ndm_ifindex = iface.index;  // with strict checking: only this device
    if (!msg || nlmsg_append(msg.get(), &ndm, sizeof(ndm), NLMSG_ALIGNTO) < 0) {
        return Error{ENOMEM, iface.name + ": cannot build an FDB request"};
    }
    std::vector<proto::Mac> out;
    auto done = rtnl.query(msg, [&](const nlmsghdr& h) {
        nlattr* tb[NDA_MAX + 1] = {};
        if (h.nlmsg_type != RTM_NEWNEIGH ||
            nlmsg_parse(const_cast<nlmsghdr*>(&h), sizeof(ndmsg), tb, NDA_MAX, nullptr) < 0) {
            return;
        }
        const auto* entry = static_cast<const ndmsg*>(nlmsg_data(&h));
        if (entry->ndm_ifindex != iface.index || !(entry->ndm_flags & NTF_SELF) ||
            tb[NDA_LLADDR] == nullptr || nla_len(tb[NDA_LLADDR]) != 6) {
            return;
        }
        proto::Mac mac{};
        std::memcpy(mac.data(), nla_data(tb[NDA_LLADDR]), mac.size());
        out.push_back(mac);
    });
    if (!done) {
        return with_context(done.error(), iface.name + ": list the unicast filter");
    }
    return out;
}

}  // namespace xvrrp::net

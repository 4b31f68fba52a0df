#include "dataplane/tc_attach.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "dataplane/bpf_log.h"
#include "dataplane/xdp_attach.h"

namespace xvrrp::dataplane {
namespace {

// Designated initialisers, not LIBBPF_OPTS (a GNU statement expression).
bpf_tc_hook egress_hook(int ifindex) {
    bpf_tc_hook hook{};
    hook.sz = sizeof hook;
    hook.ifindex = ifindex;
    hook.attach_point = BPF_TC_EGRESS;
    return hook;
}

bpf_tc_opts our_slot() {
    bpf_tc_opts opts{};
    opts.sz = sizeof opts;
    opts.handle = kEgressHandle;
    opts.priority = kEgressPriority;
    return opts;
}

std::string errno_text(int err) {
    return errno_name(err) + ": " + std::strerror(std::abs(err));
}

std::string slot_text(std::string_view ifname) {
    return "egress pref " + std::to_string(kEgressPriority) + " handle 0x" +
           fmt::format("{:x}", kEgressHandle) + " on " + std::string(ifname);
}

Error hook_error(int err, std::string_view ifname) {
    const std::string who(ifname);
    if (err == -EOPNOTSUPP || err == -ENOENT) {
        return Error{-err, who + ": cannot create the clsact qdisc for the TC egress program (" +
                               errno_text(err) +
                               "): this kernel lacks clsact (CONFIG_NET_SCH_INGRESS); xvrrp "
                               "needs it so that nothing leaves from a VIP with the real MAC"};
    }
    return errno_error(err, who + ": cannot create the clsact qdisc for the TC egress program");
}

Error attach_error(int err, std::string_view ifname) {
    const std::string who(ifname);
    const std::string what =
        who + ": cannot attach the TC egress program (" + errno_text(err) + ")";
    switch (-err) {
        case EEXIST:
            return Error{EEXIST, what + ": another filter holds " + slot_text(ifname) +
                                     "; remove it (tc filter del dev " + who + " egress pref " +
                                     std::to_string(kEgressPriority) + ")"};
        case EINVAL:
            return Error{EINVAL,
                         what + ": another kind of filter uses egress pref " +
                             std::to_string(kEgressPriority) +
                             ", or the interface has an `ingress` qdisc where clsact belongs "
                             "(see `tc filter show dev " +
                             who + " egress`, `tc qdisc show dev " + who + "`)"};
        case ENOENT:
        case EOPNOTSUPP:
            return Error{-err, what +
                                   ": this kernel lacks cls_bpf or clsact (CONFIG_NET_CLS_BPF, "
                                   "CONFIG_NET_SCH_INGRESS)"};
        default:
            return errno_error(err, what);
    }
}

}  // namespace

Result<std::optional<EgressFilter>> query_egress(std::string_view ifname, int ifindex) {
    const bpf_tc_hook hook = egress_hook(ifindex);
    bpf_tc_opts opts = our_slot();
    install_bpf_logging();
    const QuietLibbpfWarnings quiet;  // "no such filter" is an answer, not an alarm
    const int err = bpf_tc_query(&hook, &opts);
    // ENOENT: no such filter; EINVAL: no clsact qdisc to hold one.
    if (err == -ENOENT || err == -EINVAL) {
        return std::optional<EgressFilter>{};
    }
    if (err != 0) {
        return errno_error(err, std::string(ifname) + ": cannot query the TC egress filters");
    }
    auto name = program_name(opts.prog_id, std::string(ifname) + ": TC egress program");
    if (!name) {
        return name.error();
    }
    if (!*name) {
        return std::optional<EgressFilter>{};  // removed between the two calls
    }
    return std::optional<EgressFilter>{EgressFilter{opts.prog_id, std::move(**name)}};
}

Result<void> attach_egress(int prog_fd, std::string_view ifname, int ifindex, bool replace) {
    bpf_tc_hook hook = egress_hook(ifindex);
    install_bpf_logging();
    {
        const QuietLibbpfWarnings quiet;  // an existing clsact (EEXIST) is fine
        if (const int err = bpf_tc_hook_create(&hook); err != 0 && err != -EEXIST) {
            return hook_error(err, ifname);
        }
    }
    bpf_tc_opts opts = our_slot();
    opts.prog_fd = prog_fd;
    opts.flags = replace ? BPF_TC_F_REPLACE : 0;
    if (const int err = bpf_tc_attach(&hook, &opts); err != 0) {
        return attach_error(err, ifname);
    }
    spdlog::info("{}: TC egress program attached (id {}, {})", ifname, opts.prog_id,
                 slot_text(ifname));
    return {};
}

Result<void> detach_egress(std::string_view ifname, int ifindex) {
    auto there = query_egress(ifname, ifindex);
    if (!there) {
        return there.error();
    }
    if (!*there) {
        return {};
    }
    if (!(*there)->is_xvrrp()) {
        spdlog::warn("{}: {} runs another program ('{}', id {}); left alone", ifname,
                     slot_text(ifname), (*there)->name, (*there)->prog_id);
        return {};
    }
    const bpf_tc_hook hook = egress_hook(ifindex);
    const bpf_tc_opts opts = our_slot();
    if (const int err = bpf_tc_detach(&hook, &opts); err != 0 && err != -ENOENT) {
        return errno_error(err, std::string(ifname) + ": cannot remove the TC egress filter");
    }
    spdlog::info("{}: TC egress program {} detached (the clsact qdisc stays)", ifname,
                 (*there)->prog_id);
    return {};
}

}  // namespace xvrrp::dataplane

#include "dataplane/timer_control.h"

#include <bpf/bpf.h>

#include <cerrno>

#include "dataplane/libbpf_opts.h"
#include "dataplane/skeleton.h"
#include "xvrrp/abi.h"

namespace xvrrp::dataplane {

Result<TimerControl> TimerControl::from_skeleton(const Skeleton& skel, std::string_view ifname) {
    TimerControl c;
    c.ifname_ = std::string(ifname);
    const int fd = skel.control_prog_fd();
    if (fd < 0) {
        return Error{ENOENT, c.ifname_ + ": the BPF object has no timer control program '" +
                                 std::string(XVRRP_PROG_CTL) + "'"};
    }
    c.prog_ = OwnedFd::dup_of(fd);
    if (c.prog_.get() < 0) {
        return errno_error(errno, c.ifname_ + ": cannot duplicate the control program handle");
    }
    return c;
}

Result<void> TimerControl::arm(RouterKey router, std::chrono::nanoseconds delay) const {
    return run(XVRRP_CTL_ARM, router, static_cast<uint64_t>(delay.count()),
               "cannot arm the master-down timer");
}

Result<void> TimerControl::cancel(RouterKey router) const {
    auto done = run(XVRRP_CTL_CANCEL, router, 0, "cannot cancel the master-down timer");
    if (!done && done.error().code == ENOENT) {
        return {};
    }
    return done;
}

Result<void> TimerControl::prepare() const {
    return run(XVRRP_CTL_PREPARE, RouterKey{}, 0, "cannot create the master-down sweep timer");
}

Result<void> TimerControl::run(uint32_t op, RouterKey router, uint64_t delay_ns,
                               const char* what) const {
    xvrrp_ctl ctl{};
    ctl.op = op;
    ctl.vrid = router.vrid;
    ctl.family = static_cast<xvrrp_u8>(router.family);
    ctl.delay_ns = delay_ns;
    bpf_test_run_opts opts;
    init_libbpf_opts(opts);
    opts.ctx_in = &ctl;
    opts.ctx_size_in = sizeof ctl;
    const std::string where =
        ifname_ + ": " + (op == XVRRP_CTL_PREPARE ? "" : describe(router) + ": ") + what;
    // Two different failures, told apart for whoever reads the log: the
    // kernel refused to run the program at all, or the program ran and
    // reports why the timer could not be set (below).
    if (bpf_prog_test_run_opts(prog_.get(), &opts) != 0) {
        return errno_error(
            errno, where + " (running control program " + std::string(XVRRP_PROG_CTL) + " failed)");
    }
    // The program reports failure as a negative errno in its return value.
    const auto ret = static_cast<int32_t>(opts.retval);
    if (ret < 0) {
        return errno_error(-ret, where);
    }
    return {};
}

}  // namespace xvrrp::dataplane

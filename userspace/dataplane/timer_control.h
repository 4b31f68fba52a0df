// Arming and cancelling a router's in-kernel master-down timer from user
// space. A bpf_timer can only be started from BPF, so this runs the
// SEC("syscall") program "xvrrp_ctl" with bpf_prog_test_run_opts and an
// abi.h xvrrp_ctl as its context.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "dataplane/map_spec.h"
#include "dataplane/result.h"
#include "dataplane/router_key.h"

namespace xvrrp::dataplane {

class Skeleton;

class TimerControl {
  public:
    static Result<TimerControl> from_skeleton(const Skeleton& skel, std::string_view ifname);

    // (Re)arms the master-down timer of `router` to fire after `delay`;
    // when it fires the kernel emits a MASTER_DOWN event.
    Result<void> arm(RouterKey router, std::chrono::nanoseconds delay) const;
    // Cancels it (S3 shutdown, entering MASTER). No timer is not an error.
    Result<void> cancel(RouterKey router) const;
    // Creates the interface's sweep timer and sweeps now (attach, adopt).
    // Arming works only after this succeeded once; it fails with ENOMEM
    // while the kernel cannot allocate the timer (try again later).
    Result<void> prepare() const;

  private:
    TimerControl() = default;
    Result<void> run(uint32_t op, RouterKey router, uint64_t delay_ns, const char* what) const;

    std::string ifname_;
    OwnedFd prog_;
};

}  // namespace xvrrp::dataplane

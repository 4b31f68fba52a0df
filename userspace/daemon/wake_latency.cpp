#include "daemon/wake_latency.h"

#include <sched.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace xvrrp::daemon {

namespace {
// struct sched_attr, SCHED_ATTR_SIZE_VER0 (<linux/sched/types.h> clashes with
// glibc's <sched.h> over struct sched_param).
struct SchedAttr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime, sched_deadline, sched_period;
};
static_assert(sizeof(SchedAttr) == 48);

// The smallest slice the kernel accepts is 0.1 ms; a flush of 255 adverts
// takes about 1 ms, so a burst may be split, not shortened.
constexpr unsigned long long kSliceNs = 100'000;
}  // namespace

bool request_short_slice() {
    SchedAttr attr{};
    attr.size = sizeof attr;
    attr.sched_policy = SCHED_OTHER;
    errno = 0;
    attr.sched_nice = getpriority(PRIO_PROCESS, 0);  // keep the nice value we were given
    attr.sched_runtime = kSliceNs;
    if (syscall(SYS_sched_setattr, 0, &attr, 0) != 0) {
        spdlog::debug("scheduler: short slice for the event loop refused: {}",
                      std::strerror(errno));
        return false;
    }
    spdlog::debug("scheduler: event loop asks for {} µs slices", kSliceNs / 1000);
    return true;
}

}  // namespace xvrrp::daemon

#include "daemon/wake_latency.h"

#include <sched.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
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

constexpr uint64_t kResetOnFork = 0x01;  // SCHED_FLAG_RESET_ON_FORK

// The smallest slice the kernel accepts is 0.1 ms; a flush of 255 adverts
// takes about 1 ms, so a burst may be split, not shortened.
constexpr unsigned long long kSliceNs = 100'000;

std::atomic<bool> g_demoted{false};
int g_nice = 0;  // read by the signal handler: no getpriority() there

long fair_slice() {
    SchedAttr attr{};
    attr.size = sizeof attr;
    attr.sched_policy = SCHED_OTHER;
    attr.sched_nice = g_nice;
    attr.sched_runtime = kSliceNs;
    return syscall(SYS_sched_setattr, 0, &attr, 0);
}

// SIGXCPU: the loop ran RLIMIT_RTTIME without sleeping. Only syscalls and
// an atomic here; the loop logs it (loop_demoted()).
void on_sigxcpu(int) {
    const int saved = errno;
    (void)fair_slice();
    g_demoted.store(true, std::memory_order_relaxed);
    errno = saved;
}

bool real_time(uint32_t priority) {
    SchedAttr attr{};
    attr.size = sizeof attr;
    attr.sched_policy = SCHED_RR;
    attr.sched_flags = kResetOnFork;
    attr.sched_priority = priority;
    return syscall(SYS_sched_setattr, 0, &attr, 0) == 0;
}

// Soft limit at `us`, hard a second later: SIGKILL only if the handler
// could not move the loop out of the real-time class.
bool limit_rttime(uint64_t us) {
    struct sigaction sa {};
    sa.sa_handler = on_sigxcpu;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGXCPU, &sa, nullptr) != 0) {
        return false;
    }
    const rlimit lim{us, us + 1'000'000};
    return setrlimit(RLIMIT_RTTIME, &lim) == 0;
}
}  // namespace

LoopScheduling set_loop_scheduling(uint32_t rt_priority, uint64_t rlimit_rttime_us) {
    LoopScheduling out;
    errno = 0;
    g_nice = getpriority(PRIO_PROCESS, 0);  // keep the nice value we were given
    if (rt_priority > 0) {
        if (rlimit_rttime_us > 0 && !limit_rttime(rlimit_rttime_us)) {
            spdlog::warn(
                "scheduler: RLIMIT_RTTIME {} µs not set: {}; the event loop stays in "
                "the fair class",
                rlimit_rttime_us, std::strerror(errno));
        } else if (!real_time(rt_priority)) {
            spdlog::warn(
                "scheduler: SCHED_RR priority {} for the event loop refused: {} "
                "(needs CAP_SYS_NICE or RLIMIT_RTPRIO); adverts may be late when the "
                "CPUs are busy",
                rt_priority, std::strerror(errno));
        } else {
            out.policy = "SCHED_RR";
            out.priority = rt_priority;
            out.rlimit_rttime_us = rlimit_rttime_us;
            spdlog::info("scheduler: event loop at SCHED_RR priority {}, RLIMIT_RTTIME {}",
                         rt_priority,
                         rlimit_rttime_us > 0 ? std::to_string(rlimit_rttime_us) + " µs" : "none");
            return out;
        }
    }
    out.short_slice = fair_slice() == 0;
    if (!out.short_slice) {
        spdlog::debug("scheduler: short slice for the event loop refused: {}",
                      std::strerror(errno));
    } else {
        spdlog::debug("scheduler: event loop asks for {} µs slices", kSliceNs / 1000);
    }
    return out;
}

bool loop_demoted() {
    return g_demoted.load(std::memory_order_relaxed);
}

}  // namespace xvrrp::daemon

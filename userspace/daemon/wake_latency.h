// The one place that sets how the event loop's thread is scheduled.
//
// By default the loop runs in the real-time class (SCHED_RR, priority 1):
// an advert timer or a MASTER_DOWN event then preempts every task of the
// fair class at once, so a CPU hog on the master's cores delays adverts by
// the wake-up cost, not by a share of the CPU. SCHED_RESET_ON_FORK keeps it
// to this thread: the reload worker and the scripts it starts run in the
// fair class (threads started before, the metrics exposer's, never had it).
// RLIMIT_RTTIME is the safety net: a loop that runs that long without
// sleeping gets SIGXCPU, and the handler moves it back to the fair class
// (logged as an error) instead of letting it hold a CPU.
//
// Without real time (priority 0, or the kernel refused: no CAP_SYS_NICE, a
// container) the loop asks the fair scheduler for a 0.1 ms slice instead:
// its CPU share does not change, but a wake-up can preempt a task with a
// longer slice at once instead of waiting for that task's slice to end, a
// 4 ms tick on a HZ=250 kernel (bench/failover --trace on a loaded 2-CPU
// machine: the controller woke 0.2-24 ms, median 11.8, after the sweep that
// reported its master down). Kernels before 6.12 ignore that request.
#pragma once

#include <cstdint>
#include <string>

namespace xvrrp::daemon {

constexpr uint32_t kDefaultRtPriority = 1;
constexpr uint64_t kDefaultRlimitRttimeUs = 100'000;

struct LoopScheduling {
    std::string policy = "SCHED_OTHER";  // SCHED_RR or SCHED_OTHER
    uint32_t priority = 0;               // the RR priority; 0 in the fair class
    uint64_t rlimit_rttime_us = 0;       // 0: none set
    bool short_slice = false;            // fair class with a 0.1 ms slice
};

// Applies it to the calling thread (the event loop): real time at
// `rt_priority` (1-99) when the kernel allows, else the short fair slice.
// A refusal is logged as a warning, never fatal.
LoopScheduling set_loop_scheduling(uint32_t rt_priority, uint64_t rlimit_rttime_us);

// True once SIGXCPU moved the loop back to the fair class (RLIMIT_RTTIME).
bool loop_demoted();

}  // namespace xvrrp::daemon

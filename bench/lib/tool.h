// What every bench tool needs: stop cleanly on SIGINT/SIGTERM, and a clock.
#pragma once

#include <time.h>

#include <csignal>
#include <cstdint>

namespace xvrrp::bench {

// Set by SIGINT / SIGTERM once stop_on_signals() ran.
inline volatile std::sig_atomic_t g_stop = 0;

inline void stop_on_signals() {
    const auto stop = [](int) { g_stop = 1; };
    std::signal(SIGINT, stop);
    std::signal(SIGTERM, stop);
}

inline int64_t clock_ns(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// CLOCK_MONOTONIC: intervals and deadlines.
inline int64_t mono_ns() {
    return clock_ns(CLOCK_MONOTONIC);
}

// CLOCK_REALTIME: timestamps compared with other processes' logs.
inline int64_t real_ns() {
    return clock_ns(CLOCK_REALTIME);
}

}  // namespace xvrrp::bench

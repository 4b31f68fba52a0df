// What woke the controller's epoll loop: the tag each descriptor is
// registered with (internal to the controller's .cpp files).
#pragma once

#include <cstdint>

namespace xvrrp::daemon {

enum : uint64_t {
    kTagSignal = 1,
    kTagEvents,
    kTagMonitor,
    kTagControl,
    kTagTrackerFd,
    kTagMetrics,
    kTagReload,                      // the reload worker is done
    kTagClient = uint64_t{1} << 32,  // | client fd
};

}  // namespace xvrrp::daemon

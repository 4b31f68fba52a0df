// The file descriptors the event loop is built from: epoll itself, one
// timerfd (absolute CLOCK_MONOTONIC deadlines) and a signalfd. Each owns its
// descriptor; creation failures throw Fatal.
#pragma once

#include <sys/epoll.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <vector>

#include "common/fd.h"

namespace xvrrp::daemon {

class Epoll {
  public:
    Epoll();
    // Level-triggered readability; `tag` comes back in wait().
    void add(int fd, uint64_t tag);
    void remove(int fd);
    // Ready tags; an interrupted wait returns none. timeout_ms -1 = forever.
    std::vector<uint64_t> wait(int timeout_ms);

  private:
    Fd fd_;
};

class TimerFd {
  public:
    TimerFd();
    int fd() const { return fd_.get(); }
    // Fires at `deadline_us` (CLOCK_MONOTONIC, absolute); nullopt disarms.
    void arm_at(std::optional<uint64_t> deadline_us);
    // Consumes the expiration count (the fd stays readable until then).
    void acknowledge();

  private:
    Fd fd_;
    std::optional<uint64_t> armed_;
};

class SignalFd {
  public:
    // Blocks `signals` for the process and reads them from a descriptor.
    explicit SignalFd(std::initializer_list<int> signals);
    int fd() const { return fd_.get(); }
    // The pending signals, in arrival order.
    std::vector<int> drain();

  private:
    Fd fd_;
};

}  // namespace xvrrp::daemon

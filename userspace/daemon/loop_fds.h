// The file descriptors the event loop is built from: epoll itself and a
// signalfd. Each owns its descriptor; creation failures throw Fatal.
//
// The loop's deadlines are epoll's timeout (epoll_pwait2, nanoseconds), not
// a timerfd: a wake-up for a deadline is then one syscall, where a timerfd
// took three (epoll_wait, read to acknowledge it, timerfd_settime for the
// next deadline): on a 10 ms advert tick that was half of the loop's own
// syscalls.
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
    // Ready tags into `tags` (cleared first; its storage kept), waiting at
    // most until `deadline_us` (CLOCK_MONOTONIC, absolute; nullopt: for
    // ever). None when the deadline came first or a signal interrupted.
    void wait_until(std::optional<uint64_t> deadline_us, std::vector<uint64_t>& tags);

  private:
    Fd fd_;
};

// Timeouts of this thread end on time: without it the kernel may let them
// run up to 50 µs late to merge wake-ups (timer slack), which a timerfd never
// did. An RT thread has no slack anyway.
void precise_timeouts();

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

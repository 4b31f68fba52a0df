// An exclusive lock on the pin root, held around attach and detach so two
// xvrrp processes (a controller and `xvrrp detach`, or two controllers) never
// interleave "load + pin + attach" with "detach + unpin" on one interface.
//
// The lock is flock(2) on the pin root folder itself: a bpffs cannot hold
// regular files, and locking the per-interface folder would not survive its
// removal by detach.
#pragma once

#include <string>

#include "common/fd.h"
#include "dataplane/result.h"

namespace xvrrp::dataplane {

class PinLock {
  public:
    // Blocks until the lock is held. The folder must exist.
    static Result<PinLock> acquire(const std::string& pin_root);

  private:
    explicit PinLock(int fd) : fd_(fd) {}
    Fd fd_;  // closing the last fd drops the flock
};

}  // namespace xvrrp::dataplane

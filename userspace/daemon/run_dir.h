// The controller's run directory (default /run/xvrrp): its pid file, locked
// for as long as the controller lives, and the control socket's path. A
// second controller on the same directory is refused while the first one is
// alive; a pid file left by a dead one (its lock died with it) is taken over.
#pragma once

#include <string>

#include "common/fd.h"

namespace xvrrp::daemon {

inline constexpr const char* kDefaultRunDir = "/run/xvrrp";

std::string socket_path(const std::string& run_dir);  // <run_dir>/xvrrp.sock
std::string pid_path(const std::string& run_dir);     // <run_dir>/xvrrp.pid

class RunDir {
  public:
    // Creates the directory if needed and locks the pid file; throws Fatal
    // (exit 2) naming the live controller's pid when it is taken.
    static RunDir claim(const std::string& dir);

    RunDir(RunDir&&) noexcept = default;
    RunDir& operator=(RunDir&&) noexcept = default;
    ~RunDir();

    const std::string& dir() const { return dir_; }

  private:
    RunDir(std::string dir, Fd lock) : dir_(std::move(dir)), lock_(std::move(lock)) {}
    std::string dir_;
    Fd lock_;
};

}  // namespace xvrrp::daemon

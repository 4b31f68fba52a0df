// A failure that ends the controller, with the exit code the CLI returns:
// 1 for a bad configuration or bad arguments, 2 for a runtime failure
// (interface missing, BPF load refused, run directory taken). The message
// already names the interface, file or directory, and says what to do.
#pragma once

#include <stdexcept>
#include <string>

namespace xvrrp::daemon {

inline constexpr int kExitConfig = 1;
inline constexpr int kExitRuntime = 2;

class Fatal : public std::runtime_error {
  public:
    Fatal(int exit_code, const std::string& message)
        : std::runtime_error(message), exit_code_(exit_code) {}
    int exit_code() const { return exit_code_; }

  private:
    int exit_code_;
};

// "<what>: <strerror(errno)>" as a runtime failure.
[[noreturn]] void throw_errno(const std::string& what);

}  // namespace xvrrp::daemon

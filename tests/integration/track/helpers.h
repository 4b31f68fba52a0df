// A temporary directory, small file helpers, the monotonic clock and a
// miniature event loop that drives a Tracker the way the controller does.
#pragma once

#include <poll.h>
#include <pwd.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "common/fd.h"

namespace track_it {

inline uint64_t now_us() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1'000'000 + uint64_t(ts.tv_nsec) / 1000;
}

// Scripts run as whoever runs the tests: without this a `keepalived_script`
// user on the machine would become the default and could not write our files.
inline std::string current_user() {
    const passwd* pw = getpwuid(geteuid());
    return pw != nullptr ? pw->pw_name : "root";
}

class TempDir {
  public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "xv-track-XXXXXX").string();
        if (mkdtemp(tmpl.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path_ = tmpl;
        chmod(path_.c_str(), 0755);  // scripts run as another user must reach it
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

  private:
    std::string path_;
};

inline std::string write_script(const std::string& path, const std::string& body) {
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    chmod(path.c_str(), 0755);
    return path;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Waits, without spinning, until `done()` or `limit_ms` passed, calling
// `on_fd` when `fd` is readable and `on_deadline` at `deadline()`.
inline bool run_loop(int fd, const std::function<std::optional<uint64_t>()>& deadline,
                     const std::function<void(uint64_t)>& on_fd,
                     const std::function<void(uint64_t)>& on_deadline,
                     const std::function<bool()>& done, int limit_ms) {
    const uint64_t end = now_us() + uint64_t(limit_ms) * 1000;
    while (!done()) {
        const uint64_t now = now_us();
        if (now >= end) {
            return false;
        }
        uint64_t wake = end;
        if (auto d = deadline(); d && *d < wake) {
            wake = *d;
        }
        pollfd p{fd, POLLIN, 0};
        const int wait_ms = wake > now ? int((wake - now + 999) / 1000) : 0;
        const int n = poll(&p, 1, wait_ms);
        const uint64_t t = now_us();
        if (n > 0) {
            on_fd(t);
        }
        if (auto d = deadline(); d && *d <= t) {
            on_deadline(t);
        }
    }
    return true;
}

}  // namespace track_it

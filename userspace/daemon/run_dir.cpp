#include "daemon/run_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "daemon/errors.h"

namespace xvrrp::daemon {

std::string socket_path(const std::string& run_dir) {
    return run_dir + "/xvrrp.sock";
}
std::string pid_path(const std::string& run_dir) {
    return run_dir + "/xvrrp.pid";
}

namespace {

std::string read_pid(int fd) {
    char buf[32] = {};
    const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    std::string pid(buf, n > 0 ? static_cast<size_t>(n) : 0);
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) {
        pid.pop_back();
    }
    return pid.empty() ? "unknown" : pid;
}

}  // namespace

RunDir RunDir::claim(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw Fatal(kExitRuntime, "run directory " + dir + ": " + ec.message() +
                                      " (choose another with --run-dir)");
    }
    const std::string path = pid_path(dir);
    Fd fd(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd.valid()) {
        throw_errno("run directory " + dir + ": cannot open " + path);
    }
    if (flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            throw Fatal(kExitRuntime, "another xvrrp controller (pid " + read_pid(fd.get()) +
                                          ") owns " + dir +
                                          "; stop it first, or give this one its own --run-dir");
        }
        throw_errno("run directory " + dir + ": cannot lock " + path);
    }
    const std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd.get(), 0) != 0 ||
        pwrite(fd.get(), pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        throw_errno("run directory " + dir + ": cannot write " + path);
    }
    return RunDir(dir, std::move(fd));
}

RunDir::~RunDir() {
    if (lock_.valid()) {
        // Unlinked while still locked, so a controller starting now either
        // sees our lock or a fresh file, never our stale pid unlocked.
        (void)unlink(socket_path(dir_).c_str());
        (void)unlink(pid_path(dir_).c_str());
    }
}

}  // namespace xvrrp::daemon

#include "track/process_set.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

extern char** environ;

namespace xvrrp::track {

namespace {

// waitid()'s idtype for a pidfd (Linux 5.4); glibc may not name it.
constexpr idtype_t kIdPidfd = static_cast<idtype_t>(3);

int pidfd_open(pid_t pid) {
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0u));
}

int pidfd_kill(int pidfd) {
    return static_cast<int>(::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0u));
}

std::system_error sys_error(const std::string& what) {
    return std::system_error(errno, std::generic_category(), what);
}

// Everything the child needs, laid out before fork: after fork the child
// may only make async-signal-safe calls (no allocation, no locks).
// Where the child keeps SpawnSpec::exec_fd (the first one after stdio).
constexpr int kExecFd = 3;

struct ChildPlan {
    const char* path = nullptr;
    int exec_fd = -1;
    std::vector<char*> argv;
    std::vector<char*> sh_argv;  // /bin/sh path args..., for ENOEXEC
    int devnull = -1;
    const Credentials* creds = nullptr;
    char* const* envp = nullptr;
    mode_t umask = 022;
};

int exec_fd3(const ChildPlan& p) {
    return static_cast<int>(
        ::syscall(SYS_execveat, kExecFd, "", p.argv.data(), p.envp, AT_EMPTY_PATH));
}

// Returns only when nothing could be exec'd.
void exec_program(const ChildPlan& p) {
    if (p.exec_fd < 0) {
        execve(p.path, p.argv.data(), p.envp);
        if (errno == ENOEXEC) {
            execve("/bin/sh", p.sh_argv.data(), p.envp);
        }
        return;
    }
    exec_fd3(p);
    int err = errno;
    if (err == ENOENT || err == ENOEXEC) {
        fcntl(kExecFd, F_SETFD, 0);  // a script: /bin/sh or its #! interpreter opens /dev/fd/3
    }
    if (err == ENOENT) {
        exec_fd3(p);
        err = errno;
    }
    if (err == ENOEXEC) {
        execve("/bin/sh", p.sh_argv.data(), p.envp);
    }
}

[[noreturn]] void run_child(const ChildPlan& p) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int s = 1; s < NSIG; ++s) {
        sigaction(s, &dfl, nullptr);  // SIGKILL, SIGSTOP and libc's own fail: fine
    }
    setpgid(0, 0);
    for (int fd = 0; fd <= 2; ++fd) {
        dup2(p.devnull, fd);
    }
    if (p.exec_fd >= 0 && p.exec_fd != kExecFd && dup3(p.exec_fd, kExecFd, O_CLOEXEC) < 0) {
        _exit(127);
    }
    ::syscall(SYS_close_range, p.exec_fd >= 0 ? kExecFd + 1u : 3u, ~0u, 0u);
    if (chdir("/") != 0) {
        _exit(127);
    }
    umask(p.umask);
    // Ambient capabilities would survive execve even into a non-root user.
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
        _exit(126);
    }
    if (p.creds != nullptr) {
        const auto& c = *p.creds;
        if (setgroups(c.groups.size(), c.groups.data()) != 0 || setgid(c.gid) != 0 ||
            setuid(c.uid) != 0) {
            _exit(126);
        }
    }
    exec_program(p);
    _exit(127);
}

ChildPlan plan_child(const SpawnSpec& spec, int devnull, const std::vector<char*>& envp,
                     mode_t mask) {
    ChildPlan p;
    p.envp = envp.empty() ? environ : envp.data();
    p.umask = mask;
    p.path = spec.path.c_str();
    p.exec_fd = spec.exec_fd;
    for (const auto& a : spec.argv) {
        p.argv.push_back(const_cast<char*>(a.c_str()));
    }
    p.argv.push_back(nullptr);
    p.sh_argv.push_back(const_cast<char*>("/bin/sh"));
    p.sh_argv.push_back(const_cast<char*>(spec.exec_fd >= 0 ? "/dev/fd/3" : spec.path.c_str()));
    for (size_t i = 1; i < spec.argv.size(); ++i) {
        p.sh_argv.push_back(const_cast<char*>(spec.argv[i].c_str()));
    }
    p.sh_argv.push_back(nullptr);
    p.devnull = devnull;
    // Switching to ourselves needs no privilege and must not try setgroups.
    if (spec.run_as && (spec.run_as->uid != geteuid() || spec.run_as->gid != getegid())) {
        p.creds = &*spec.run_as;
    }
    return p;
}

}  // namespace

std::string describe(const Ended& e) {
    switch (e.kind) {
        case EndKind::Exited:
            return "exited " + std::to_string(e.status);
        case EndKind::Signaled:
            return "killed by signal " + std::to_string(e.status);
        case EndKind::TimedOut:
            return "timed out (killed)";
    }
    return "?";
}

ProcessSet::ProcessSet() : epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (!epoll_.valid()) {
        throw sys_error("track: epoll_create1");
    }
    // Kept above 2 so that dup2 onto 0-2 in the child always clears CLOEXEC.
    Fd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    if (!null.valid()) {
        throw sys_error("track: open /dev/null");
    }
    devnull_.reset(::fcntl(null.get(), F_DUPFD_CLOEXEC, 3));
    if (!devnull_.valid()) {
        throw sys_error("track: dup /dev/null");
    }
}

ProcessSet::~ProcessSet() {
    for (auto& [id, child] : children_) {
        kill_group(child);
    }
    // Bounded: SIGKILLed children normally vanish within microseconds.
    int budget_ms = 1000;
    for (auto& [id, child] : children_) {
        pollfd p{child.pidfd.get(), POLLIN, 0};
        while (budget_ms > 0 && ::poll(&p, 1, 10) == 0) {
            budget_ms -= 10;
        }
        siginfo_t si{};
        ::waitid(kIdPidfd, static_cast<id_t>(child.pidfd.get()), &si, WEXITED | WNOHANG);
    }
}

void ProcessSet::set_child_environment(std::vector<std::string> env, mode_t umask) {
    env_ = std::move(env);
    envp_.clear();
    for (auto& e : env_) {
        envp_.push_back(e.data());
    }
    envp_.push_back(nullptr);
    umask_ = umask;
}

ProcessSet::Started ProcessSet::start(const SpawnSpec& spec, uint64_t now_us, uint64_t timeout_us) {
    if (spec.argv.empty() || spec.path.empty()) {
        return {0, "empty command"};
    }
    const ChildPlan plan = plan_child(spec, devnull_.get(), envp_, umask_);
    const pid_t pid = ::fork();
    if (pid < 0) {
        return {0, std::string("fork: ") + std::strerror(errno)};
    }
    if (pid == 0) {
        run_child(plan);
    }
    // Race-free: the child cannot be reaped (so its pid cannot be reused)
    // before we wait for it ourselves.
    Fd pidfd(pidfd_open(pid));
    if (!pidfd.valid()) {
        const std::string err = std::string("pidfd_open: ") + std::strerror(errno);
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);  // just killed: returns at once
        return {0, err};
    }
    const uint64_t id = next_id_++;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = id;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, pidfd.get(), &ev) != 0) {
        const std::string err = std::string("epoll_ctl: ") + std::strerror(errno);
        pidfd_kill(pidfd.get());
        ::waitid(kIdPidfd, static_cast<id_t>(pidfd.get()), nullptr, WEXITED);
        return {0, err};
    }
    const uint64_t deadline = timeout_us == 0 ? 0 : now_us + timeout_us;
    children_.emplace(id, Child{pid, std::move(pidfd), now_us, deadline, false});
    return {id, {}};
}

void ProcessSet::kill_group(const Child& child) const {
    // The group first (grandchildren too), then the leader by pidfd in case
    // it has not reached setpgid yet. Both are safe before we reap it.
    ::kill(-child.pid, SIGKILL);
    pidfd_kill(child.pidfd.get());
}

std::optional<Ended> ProcessSet::try_wait(uint64_t id, Child& child, uint64_t now_us) const {
    siginfo_t si{};
    si.si_pid = 0;
    if (::waitid(kIdPidfd, static_cast<id_t>(child.pidfd.get()), &si, WEXITED | WNOHANG) != 0 ||
        si.si_pid == 0) {
        return std::nullopt;
    }
    Ended e{id, EndKind::Exited, si.si_status, child.started_us, now_us};
    if (child.timed_out) {
        e.kind = EndKind::TimedOut;  // even if it exited on its own just before the kill
        e.status = SIGKILL;
    } else if (si.si_code != CLD_EXITED) {
        e.kind = EndKind::Signaled;
    }
    return e;
}

std::vector<Ended> ProcessSet::reap(uint64_t now_us) {
    std::vector<Ended> out;
    epoll_event events[32];
    int n;
    do {
        n = ::epoll_wait(epoll_.get(), events, 32, 0);
        for (int i = 0; i < n; ++i) {
            auto it = children_.find(events[i].data.u64);
            if (it == children_.end()) {
                continue;
            }
            if (auto e = try_wait(it->first, it->second, now_us)) {
                ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, it->second.pidfd.get(), nullptr);
                out.push_back(*e);
                children_.erase(it);
            }
        }
    } while (n == 32);
    return out;
}

std::vector<uint64_t> ProcessSet::expire(uint64_t now_us) {
    std::vector<uint64_t> killed;
    for (auto& [id, child] : children_) {
        if (!child.timed_out && child.deadline_us != 0 && child.deadline_us <= now_us) {
            kill_group(child);
            child.timed_out = true;
            killed.push_back(id);
        }
    }
    return killed;
}

std::optional<uint64_t> ProcessSet::next_deadline_us() const {
    std::optional<uint64_t> next;
    for (const auto& [id, child] : children_) {
        if (!child.timed_out && child.deadline_us != 0 && (!next || child.deadline_us < *next)) {
            next = child.deadline_us;
        }
    }
    return next;
}

std::optional<pid_t> ProcessSet::pid(uint64_t id) const {
    auto it = children_.find(id);
    if (it == children_.end()) {
        return std::nullopt;
    }
    return it->second.pid;
}

}  // namespace xvrrp::track

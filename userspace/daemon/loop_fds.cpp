#include "daemon/loop_fds.h"

#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "daemon/errors.h"

namespace xvrrp::daemon {

void throw_errno(const std::string& what) {
    throw Fatal(kExitRuntime, what + ": " + std::strerror(errno));
}

Epoll::Epoll() : fd_(epoll_create1(EPOLL_CLOEXEC)) {
    if (!fd_.valid()) {
        throw_errno("epoll_create1");
    }
}

void Epoll::add(int fd, uint64_t tag) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = tag;
    if (epoll_ctl(fd_.get(), EPOLL_CTL_ADD, fd, &ev) != 0) {
        throw_errno("epoll_ctl(ADD)");
    }
}

void Epoll::remove(int fd) {
    (void)epoll_ctl(fd_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

std::vector<uint64_t> Epoll::wait(int timeout_ms) {
    epoll_event events[64];
    const int n = epoll_wait(fd_.get(), events, 64, timeout_ms);
    std::vector<uint64_t> tags;
    if (n < 0) {
        if (errno == EINTR) {
            return tags;
        }
        throw_errno("epoll_wait");
    }
    for (int i = 0; i < n; ++i) {
        tags.push_back(events[i].data.u64);
    }
    return tags;
}

void Epoll::wait_until(std::optional<uint64_t> deadline_us, std::vector<uint64_t>& tags) {
    tags.clear();
    timespec timeout{};
    timespec* until = nullptr;
    if (deadline_us) {
        timespec now{};
        clock_gettime(CLOCK_MONOTONIC, &now);  // vDSO: no syscall
        const uint64_t now_ns =
            static_cast<uint64_t>(now.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(now.tv_nsec);
        const uint64_t at_ns = *deadline_us * 1000;
        const uint64_t left = at_ns > now_ns ? at_ns - now_ns : 0;
        timeout.tv_sec = static_cast<time_t>(left / 1'000'000'000);
        timeout.tv_nsec = static_cast<long>(left % 1'000'000'000);
        until = &timeout;
    }
    epoll_event events[64];
    const int n = epoll_pwait2(fd_.get(), events, 64, until, nullptr);
    if (n < 0) {
        if (errno == EINTR) {
            return;
        }
        throw_errno("epoll_pwait2");
    }
    for (int i = 0; i < n; ++i) {
        tags.push_back(events[i].data.u64);
    }
}

void precise_timeouts() {
    (void)prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
}

SignalFd::SignalFd(std::initializer_list<int> signals) {
    sigset_t set;
    sigemptyset(&set);
    for (int s : signals) {
        sigaddset(&set, s);
    }
    if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0) {
        throw_errno("sigprocmask");
    }
    fd_.reset(signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
    if (!fd_.valid()) {
        throw_errno("signalfd");
    }
}

std::vector<int> SignalFd::drain() {
    std::vector<int> out;
    signalfd_siginfo info{};
    while (read(fd_.get(), &info, sizeof info) == sizeof info) {
        out.push_back(static_cast<int>(info.ssi_signo));
    }
    return out;
}

}  // namespace xvrrp::daemon

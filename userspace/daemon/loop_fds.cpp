#include "daemon/loop_fds.h"

#include <sys/signalfd.h>
#include <sys/timerfd.h>
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

TimerFd::TimerFd() : fd_(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) {
    if (!fd_.valid()) {
        throw_errno("timerfd_create");
    }
}

void TimerFd::arm_at(std::optional<uint64_t> deadline_us) {
    if (deadline_us == armed_) {
        return;  // the common case on a steady tick: no syscall
    }
    itimerspec spec{};
    if (deadline_us) {
        // 0 would disarm: a deadline at time 0 is simply "now".
        const uint64_t at = *deadline_us == 0 ? 1 : *deadline_us;
        spec.it_value.tv_sec = static_cast<time_t>(at / 1'000'000);
        spec.it_value.tv_nsec = static_cast<long>((at % 1'000'000) * 1000);
    }
    if (timerfd_settime(fd_.get(), TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
        throw_errno("timerfd_settime");
    }
    armed_ = deadline_us;
}

void TimerFd::acknowledge() {
    uint64_t expirations = 0;
    if (read(fd_.get(), &expirations, sizeof expirations) == sizeof expirations) {
        armed_.reset();  // fired: a one-shot timer is disarmed
    }
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

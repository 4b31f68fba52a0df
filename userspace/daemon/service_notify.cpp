#include "daemon/service_notify.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>

namespace xvrrp::daemon {

void StateCounts::add(fsm::State s) {
    switch (s) {
        case fsm::State::Master:
            ++master;
            break;
        case fsm::State::Backup:
            ++backup;
            break;
        case fsm::State::Fault:
            ++fault;
            break;
        case fsm::State::Init:
            ++init;
            break;
    }
}

std::string status_line(const StateCounts& c) {
    std::string s = fmt::format("{} MASTER, {} BACKUP, {} FAULT", c.master, c.backup, c.fault);
    if (c.init > 0) {
        s += fmt::format(", {} INIT", c.init);
    }
    return s;
}

ServiceNotify::ServiceNotify(Send send, uint64_t watchdog_us)
    : send_(std::move(send)), watchdog_us_(watchdog_us) {}

ServiceNotify ServiceNotify::from_environment() {
    if (std::getenv("NOTIFY_SOCKET") == nullptr) {
        return {};
    }
    uint64_t usec = 0;
    // > 0: the watchdog is on and meant for this process (WATCHDOG_PID, if
    // set, is ours). The environment stays: sd_notify reads NOTIFY_SOCKET
    // on every call.
    if (const int r = sd_watchdog_enabled(0, &usec); r < 0) {
        spdlog::warn("WATCHDOG_USEC/WATCHDOG_PID: {}: no watchdog pings", std::strerror(-r));
        usec = 0;
    } else if (r == 0) {
        usec = 0;
    }
    auto send = [](const std::string& text) {
        // A datagram to the manager: returns at once unless the manager has
        // stopped reading its notification socket with its queue full.
        if (const int r = sd_notify(0, text.c_str()); r < 0) {
            spdlog::warn("sd_notify: {}", std::strerror(-r));
        }
    };
    return ServiceNotify(send, usec);
}

std::optional<uint64_t> ServiceNotify::watchdog_period_us() const {
    if (!enabled() || watchdog_us_ == 0) {
        return std::nullopt;
    }
    return watchdog_us_ / 2 > 0 ? watchdog_us_ / 2 : 1;
}

void ServiceNotify::observe(const StateCounts& c) {
    if (!enabled() || stopping_ || (last_ && *last_ == c)) {
        return;
    }
    last_ = c;
    std::string text = "STATUS=" + status_line(c);
    if (!ready_ && c.init == 0) {
        ready_ = true;
        text = "READY=1\n" + text;
    }
    send(text);
}

void ServiceNotify::reloading(uint64_t monotonic_us) {
    if (ready_ && !stopping_) {
        send(fmt::format("RELOADING=1\nMONOTONIC_USEC={}", monotonic_us));
    }
}

void ServiceNotify::reloaded() {
    if (ready_ && !stopping_) {
        send("READY=1");
    }
}

void ServiceNotify::stopping() {
    if (!stopping_) {
        stopping_ = true;
        send("STOPPING=1");
    }
}

void ServiceNotify::watchdog() {
    if (watchdog_period_us()) {
        send("WATCHDOG=1");
    }
}

void ServiceNotify::send(const std::string& text) {
    if (send_) {
        send_(text);
    }
}

}  // namespace xvrrp::daemon

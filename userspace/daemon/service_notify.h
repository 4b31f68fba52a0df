// What the controller tells its service manager (systemd, Type=notify)
// through sd_notify: READY=1 once every instance has its first state,
// RELOADING=1 ... READY=1 around a SIGHUP, STOPPING=1 on the way out, a
// STATUS= summary whenever the state counts change, and WATCHDOG=1 from the
// event loop. docs/operations.md, "Running under systemd".
//
// The decisions (what to send, when) are made here without I/O: the
// messages go to a Send function, sd_notify in the daemon, a recorder in
// the unit tests. Without NOTIFY_SOCKET nothing is sent and nothing is
// computed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "fsm/action.h"

namespace xvrrp::daemon {

struct StateCounts {
    uint32_t master = 0;
    uint32_t backup = 0;
    uint32_t fault = 0;
    uint32_t init = 0;

    void add(fsm::State s);
    friend bool operator==(const StateCounts&, const StateCounts&) = default;
};

// "3 MASTER, 1 BACKUP, 0 FAULT", with ", 2 INIT" only while some instance
// has no state yet (vrrp_startup_delay, first script results).
std::string status_line(const StateCounts& c);

class ServiceNotify {
  public:
    // One datagram's text: KEY=VALUE lines joined by '\n'.
    using Send = std::function<void(const std::string&)>;

    ServiceNotify() = default;  // disabled: sends nothing
    // `watchdog_us`: the manager's WATCHDOG_USEC, 0 when it wants no pings.
    ServiceNotify(Send send, uint64_t watchdog_us);
    // sd_notify to $NOTIFY_SOCKET, the watchdog from sd_watchdog_enabled;
    // disabled when NOTIFY_SOCKET is unset.
    static ServiceNotify from_environment();

    bool enabled() const { return static_cast<bool>(send_); }
    // How often the loop pings: half the manager's interval, so one late
    // ping is not yet a kill. nullopt: no watchdog.
    std::optional<uint64_t> watchdog_period_us() const;

    // The instances' states now (each pass of the loop): STATUS= when the
    // counts changed, with READY=1 the first time none is in INIT.
    void observe(const StateCounts& c);
    // A SIGHUP reload begins at `monotonic_us` (CLOCK_MONOTONIC) / is over,
    // applied or refused. Before the first READY=1 neither is sent: the
    // service is still starting, and READY=1 still waits for the states.
    void reloading(uint64_t monotonic_us);
    void reloaded();
    void stopping();
    void watchdog();

  private:
    void send(const std::string& text);

    Send send_;
    uint64_t watchdog_us_ = 0;
    std::optional<StateCounts> last_;
    bool ready_ = false;
    bool stopping_ = false;
};

}  // namespace xvrrp::daemon

// The controller: one process, one thread, one epoll loop (DESIGN "The two
// halves"). It attaches the XDP program to each interface, runs one state
// machine per configured virtual router, and reacts to
//   - the kernel's ring buffer (adverts that change something, MASTER_DOWN),
//   - its own deadlines, as epoll's timeout (adverts of MASTER routers, GARP
//     repeats, hold timers),
//   - netlink (links going down or up, VIPs removed behind its back),
//   - signals (SIGTERM/SIGINT: leave cleanly; SIGHUP: reload),
//   - the control socket (`xvrrp status`).
// Startup failures throw Fatal with the exit code for the CLI.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/parser.h"
#include "daemon/control_socket.h"
#include "daemon/executor.h"
#include "daemon/instance.h"
#include "daemon/kernel_io.h"
#include "daemon/loop_fds.h"
#include "daemon/reload_worker.h"
#include "daemon/run_dir.h"
#include "daemon/service_notify.h"
#include "daemon/timer_queue.h"
#include "daemon/wake_latency.h"
#include "dataplane/attachment.h"
#include "dataplane/counters.h"
#include "dataplane/event_reader.h"
#include "metrics/lateness.h"
#include "net/interfaces.h"
#include "net/monitor.h"
#include "track/tracker.h"

namespace xvrrp::metrics {
class Exporter;
}

namespace xvrrp::daemon {

struct AttachedLink;
class LinkSet;

struct ControllerOptions {
    std::vector<std::string> interfaces;  // only instances on these run
    std::string pin_root = "/sys/fs/bpf/xvrrp";
    std::string run_dir = kDefaultRunDir;
    dataplane::XdpMode xdp_mode = dataplane::XdpMode::Auto;
    config::Config config;  // already checked by the caller
    // Where the configuration came from, for logs ("/etc/xvrrp/xvrrp.conf").
    std::string config_source;
    // Re-reads the configuration on SIGHUP; unset: SIGHUP only logs.
    std::function<config::ParseResult()> reload;
    // Serve Prometheus /metrics here ("127.0.0.1:9650"); empty: off.
    std::string metrics_address;
    // The event loop's SCHED_RR priority (0: fair class) and its
    // RLIMIT_RTTIME in µs (0: none); see wake_latency.h.
    uint32_t rt_priority = kDefaultRtPriority;
    uint64_t rlimit_rttime_us = kDefaultRlimitRttimeUs;
    bool lock_memory = true;  // mlockall (memory_lock.h)
};

class Controller {
  public:
    explicit Controller(ControllerOptions options);
    ~Controller();

    // Starts, runs until SIGTERM/SIGINT, stops cleanly; returns the exit
    // code (0). Throws Fatal when it cannot start.
    int run();

  private:
    using Link = AttachedLink;

    // ---- startup (startup.cpp) ----
    void start();
    std::vector<config::Instance> selected(const config::Config& cfg) const;
    // The instances of `cfg` on `interfaces` (the others are logged); also
    // run by the reload worker, hence static.
    static std::vector<config::Instance> select_instances(
        const config::Config& cfg, const std::vector<std::string>& interfaces,
        const std::string& source);
    // Returns the interfaces of `opts_.interfaces` that do not exist (yet).
    std::vector<std::string> check_interfaces(const std::vector<config::Instance>& wanted);
    std::map<dataplane::RouterKey, bool> adoptable(Link& link,
                                                   const std::vector<config::Instance>& wanted);
    void remove_stale_vips(
        const std::vector<config::Instance>& wanted,
        const std::map<std::string, std::map<dataplane::RouterKey, bool>>& adopt);
    void prune_maps(Link& link, const std::vector<config::Instance>& wanted);
    void install(const config::Instance& in);
    Instance& create(const config::Instance& in);
    // A new instance, not yet running (its id taken, its advert source read):
    // throws Fatal when it has none.
    std::unique_ptr<Instance> build(const config::Instance& in);
    void launch(Instance& inst, bool adopt, uint64_t now_us);
    void start_when_ready(Instance& inst, bool adopt, uint64_t now_us);
    proto::IpAddr primary_of(const config::Instance& in);
    std::optional<proto::IpAddr> link_local_of(const std::string& ifname);
    // The interface's addresses of one family, from the batch cache when one
    // is open (see AddressBatch).
    Result<std::vector<net::InterfaceAddress>> addresses_of(const std::string& ifname,
                                                            proto::Family family);
    // While one lives, instances created together (startup, reload) share one
    // address dump per interface and family instead of one each: 255
    // instances on an interface holding 255 VIPs made startup and reload
    // O(n^2) in netlink, and a reload long enough to miss adverts. Stale
    // within the batch only in VIPs, which are never a source anyway.
    class AddressBatch {
      public:
        explicit AddressBatch(Controller& c) : c_(c) { c_.address_cache_.emplace(); }
        ~AddressBatch() { c_.address_cache_.reset(); }
        AddressBatch(const AddressBatch&) = delete;
        AddressBatch& operator=(const AddressBatch&) = delete;

      private:
        Controller& c_;
    };
    std::optional<
        std::map<std::pair<std::string, proto::Family>, std::vector<net::InterfaceAddress>>>
        address_cache_;

    // ---- the loop (controller.cpp) ----
    void loop();
    void turn(const std::vector<uint64_t>& tags);  // one pass: handlers, timers, flush
    void internal_error(const std::string& what);
    void on_signals();
    void on_kernel_events();
    void on_monitor();
    void on_control_listen();
    void on_metrics();  // a scrape waits for a snapshot (metrics_feed.cpp)
    void run_due_timers(uint64_t now_us);
    void housekeeping(uint64_t now_us);
    // vrrp_startup_delay is over: the held instances start (S1/S2).
    void release_held(uint64_t now_us);
    void link_changed(const std::string& ifname, bool running, uint64_t now_us);
    // The service manager's view (service_notify.h): state counts, watchdog.
    void notify_states();
    void watchdog_ping(uint64_t now_us);
    // ---- interfaces that come and go (relink.cpp): the monitor's events
    // for our own interfaces, handed to LinkSet, and the instances on them
    // set up again on the new device.
    void relink(const net::LinkInfo& info, bool deleted);
    // Up with carrier, our programs on it, and every instance's advert
    // source known: what the tracker is told as the link being up.
    bool usable(const net::LinkInfo& info) const;
    // Advert sources of the instances on `ifname` read from the new device
    // (an instance whose source changed is made again, in FAULT). False if
    // one has none yet: retried on the next address event.
    bool resolve_sources(const std::string& ifname, bool retry);
    void address_added(int ifindex, std::map<std::string, bool>& changed);
    void vip_removed(int ifindex, const proto::IpAddr& addr);
    bool stale_master_down(const Instance& inst);
    nlohmann::json handle(const nlohmann::json& request);
    Instance* find(const std::string& ifname, dataplane::RouterKey key);
    Instance* find(uint32_t id);
    Instance* find(const std::string& name);

    // ---- tracking, notify scripts, sync groups (tracking.cpp) ----
    // Static: the reload worker makes the next tracker on its own thread.
    static std::unique_ptr<track::Tracker> make_tracker(const std::vector<config::Instance>& wanted,
                                                        const config::Config& cfg, uint64_t now_us,
                                                        bool starting = true);
    void feed_links();
    void apply_verdicts(const std::vector<track::VerdictChange>& changes, uint64_t now_us);
    void apply_verdict(Instance& inst, const track::Verdict& v, uint64_t now_us);
    std::string fault_reason(const Instance& inst, const track::Verdict& v) const;
    void settle(uint64_t now_us);
    void master_down(Instance& inst, uint64_t at_us);
    void log_takeover();
    void on_tracker(uint64_t now_us, bool readable);
    std::optional<uint64_t> next_deadline();
    void drain_notifications();

    // ---- leaving (controller.cpp) and reload (reload.cpp) ----
    void shutdown();
    void hand_over();
    // SIGHUP: the file is read and the next tracker made by reload_worker_;
    // on_reload_ready() applies the result in the loop, all or nothing.
    void on_sighup();
    ReloadWorker::Job reload_job() const;
    void on_reload_ready();
    void finish_reload(PreparedReload& next);
    struct ReloadSummary;
    ReloadSummary apply_reload(PreparedReload& next, uint64_t now_us);
    void retire(Instance& inst, bool shut_down, uint64_t now_us);
    void drop_vanished_vips(const config::Instance& old, const config::Instance& next);

    ControllerOptions opts_;
    Clocks clocks_;
    std::optional<SignalFd> signals_;
    std::optional<RunDir> run_dir_;
    std::optional<net::RtnlSocket> rtnl_;
    std::optional<net::LinkMonitor> monitor_;
    net::MulticastMemberships mcast_;
    std::unique_ptr<LinkSet> links_;
    std::set<std::string> unresolved_;  // attached links waiting for an advert source
    bool events_polled_ = false;        // the ring reader is in epoll_
    std::unique_ptr<KernelIo> io_;
    TimerQueue timers_;
    // Reused on every tick (run_due_timers): the due timers and one
    // instance's actions, so a steady advert tick allocates nothing.
    std::vector<DueTimer> due_;
    fsm::VirtualRouter::Actions tick_actions_;
    std::unique_ptr<Executor> exec_;
    std::vector<std::unique_ptr<Instance>> instances_;  // creation order: ids ascending
    // (interface, router) -> instance id, for kernel events: a hint checked
    // on every use (instances come and go with reloads), filled on a miss.
    std::map<std::pair<std::string, dataplane::RouterKey>, uint32_t> by_router_;
    uint32_t next_id_ = 1;
    dataplane::EventReader events_;  // every link's ring, no handlers: drain()
    Epoll epoll_;
    std::vector<uint64_t> tags_;  // what woke the loop, reused
    std::optional<ControlServer> control_;
    std::unique_ptr<metrics::Exporter> metrics_;
    metrics::Lateness advert_lateness_;  // counted whether or not metrics are served
    std::unique_ptr<track::Tracker> tracker_;
    // The tracker a reload replaced, kept (its fd in the loop, same tag)
    // while the notify scripts of the instances it removed (STOP, DELETED)
    // still run; the next reload or the exit kills what is left.
    std::unique_ptr<track::Tracker> retiring_;
    struct Transition {
        std::string instance;
        fsm::State from, to;
        uint8_t priority;
        uint64_t at_us;
    };
    std::deque<Transition> transitions_;   // for the tracker, after each apply
    std::map<uint32_t, bool> awaiting_;    // instance id -> adopt, until its verdict is known
    std::vector<uint32_t> held_;           // instance ids in INIT until vrrp_startup_delay ends
    std::map<std::string, bool> running_;  // link up with carrier, by name
    std::map<int, std::string> ifnames_;   // index -> name, for netlink events
    RateLimiter warnings_{10'000'000};
    // A MASTER_DOWN that made an instance MASTER in this pass: its timeline
    // is logged after the flush that announces it.
    struct Takeover {
        uint32_t instance;
        uint64_t deadline_ns, sweep_ns, woke_us, applied_us;
    };
    std::optional<Takeover> takeover_;
    // When start() began, while it launches its instances (0 after): those
    // get the start-up listening period (fsm::startup_listen_us), counted
    // from their own launch.
    uint64_t started_us_ = 0;
    uint64_t events_woke_us_ = 0;        // when the current pass began reading the rings
    uint64_t control_fd_shortages_ = 0;  // ControlServer::out_of_fds() last reported
    bool stopping_ = false;
    LoopScheduling scheduling_;           // what set_loop_scheduling() got
    std::string memory_locked_ = "none";  // lock_memory()'s answer
    bool demotion_logged_ = false;
    ServiceNotify notify_;  // sd_notify; disabled without NOTIFY_SOCKET
    ReloadWorker reload_worker_;
};

}  // namespace xvrrp::daemon

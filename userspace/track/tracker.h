// Tracking and notification, as one object the controller drives from its
// single-threaded epoll loop. Nothing here blocks and nothing here reads a
// clock: every call takes the controller's CLOCK_MONOTONIC time in µs.
//
// Loop integration (see docs/tracking.md for the whole recipe):
//   - watch fd() for EPOLLIN (it never changes) -> on_readable(now);
//   - arm a timer for next_deadline_us() (re-read it after EVERY call into
//     this object) -> on_deadline(now);
//   - report links with set_link(), every state change of every instance
//     with on_transition(), and ask may_become_master() before feeding a
//     master-down expiry to a sync-group member;
//   - apply what comes back: VerdictChange -> VirtualRouter::set_priority
//     and set_fault; ForcedInput -> see ForcedKind.
// Children are reaped only through their pidfds: the controller must never
// call waitpid(-1) or ignore SIGCHLD.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/fd.h"
#include "config/model.h"
#include "fsm/action.h"
#include "track/file_watch.h"
#include "track/notify_fifo.h"
#include "track/notify_queue.h"
#include "track/plan.h"
#include "track/proc_watch.h"
#include "track/process_set.h"
#include "track/script_file.h"
#include "track/script_health.h"
#include "track/script_schedule.h"
#include "track/sync_group.h"
#include "track/verdict.h"

namespace xvrrp::track {

struct TrackerOptions {
    // A notify script still running after this long is killed (its process
    // group gets SIGKILL), so that the next notification can start.
    uint64_t notify_timeout_us = 30'000'000;
    size_t notify_queue_limit = 32;       // waiting notify scripts per instance or group
    std::string notify_fifo;              // keepalived's global_defs notify_fifo; empty: none
    config::SourceRef notify_fifo_where;  // its line, for diagnostics
    // Owner of the FIFO when the tracker creates it; empty user: the default
    // script user (script_user, keepalived_script, the daemon's), as keepalived.
    std::string notify_fifo_user, notify_fifo_group;
    // false: interfaces are not part of the verdicts (the controller tracks
    // them itself); set_link() is then ignored.
    bool track_links = true;
    // false for the tracker of a reload: track_file's init_file writes only
    // when the controller starts, never over a value set since.
    bool init_files = true;
};

struct VerdictChange {
    std::string instance;
    Verdict verdict;  // `fault` includes the hold of the instance's sync group
};

struct ForcedInput {
    std::string instance;
    ForcedKind kind = ForcedKind::GoBackup;
};

struct MasterGate {
    bool allow = true;                   // false: stay BACKUP, re-arm the master-down timer
    std::vector<std::string> followers;  // when allowed: GoMaster these too
};

struct ScriptStatus {
    std::string name;
    Health health = Health::Unknown;
    uint32_t streak = 0;  // results against `health` not yet enough to change it
    bool running = false;
    uint64_t runs = 0, failures = 0, timeouts = 0, skipped = 0;
    std::string last_result;  // "exited 0", "timed out (killed)", "could not start: ..."
    std::string disabled;     // why it never runs (bad command, refused, ...); empty if runnable
};

struct TrackerStats {
    uint64_t script_runs = 0, script_failures = 0, script_timeouts = 0, script_skips = 0;
    uint64_t notify_runs = 0, notify_failures = 0, notify_timeouts = 0, notify_dropped = 0;
    uint64_t fifo_lines = 0, fifo_dropped = 0;
};

class Tracker {
  public:
    // Resolves users, splits commands and checks them (problems are logged
    // and listed in warnings()); schedules every tracked script's first run
    // at `now_us`. Throws std::system_error only if epoll cannot be set up.
    Tracker(const config::Config& cfg, TrackerOptions options, uint64_t now_us);
    // Kills (SIGKILL) and reaps whatever is still running.
    ~Tracker();
    Tracker(const Tracker&) = delete;
    Tracker& operator=(const Tracker&) = delete;

    // ---- the event loop ---------------------------------------------------
    int fd() const { return epoll_.get(); }
    std::optional<uint64_t> next_deadline_us() const;
    // Children exited, a track_file changed, process events.
    std::vector<VerdictChange> on_readable(uint64_t now_us);
    std::vector<VerdictChange> on_deadline(uint64_t now_us);  // scripts due, timeouts

    // ---- inputs -------------------------------------------------------------
    // A link is up with carrier (false also when it is missing). Links never
    // reported count as down: report every tracked_links() entry at startup.
    std::vector<VerdictChange> set_link(const std::string& ifname, bool running);
    std::vector<std::string> tracked_links() const;

    struct Reaction {
        std::vector<VerdictChange> verdicts;  // a sync group's hold changed
        std::vector<ForcedInput> forced;
    };
    // Every fsm::StateChanged of every instance, in order, with the effective
    // priority after it: queues the notify scripts and the FIFO line, and
    // applies the sync group rules.
    Reaction on_transition(const std::string& instance, fsm::State from, fsm::State to,
                           uint8_t priority, uint64_t now_us);
    // The instance is being removed by a reload: its coming transition to
    // INIT is notified as DELETED when it has notify_deleted (else STOP).
    void deleting(const std::string& instance);
    // Before feeding master_down_timer_fired() to an instance (sync groups).
    MasterGate may_become_master(const std::string& instance, uint64_t now_us,
                                 uint64_t master_down_interval_us);

    // Reload: take over script health (same name, command, rise, fall) and
    // link states from the Tracker this one replaces, so a reload does not
    // reset priorities. Also takes over the notify FIFO when the path is the
    // same, so destroying `previous` does not remove a FIFO it created while
    // this one writes to it. Returns the verdicts that changed.
    std::vector<VerdictChange> inherit(Tracker& previous);

    // ---- observation --------------------------------------------------------
    // The current verdict; nullptr for an unknown instance.
    const Verdict* verdict(const std::string& instance) const;
    std::vector<ScriptStatus> scripts() const;
    const TrackerStats& stats() const { return stats_; }
    // Notify scripts running or waiting (at shutdown: keep looping until
    // false, or a deadline, before destroying the Tracker).
    bool notifications_pending() const { return !notify_queue_.idle(); }
    size_t notifications_waiting() const { return notify_queue_.waiting_total(); }
    const std::vector<std::string>& warnings() const { return warnings_; }
    const TrackingPlan& plan() const { return plan_; }

  private:
    struct Prepared {
        std::string where;  // "FILE:LINE: vrrp_script chk '...'", for the log
        std::vector<std::string> argv;
        SpawnSpec spec;                          // credentials; path, fd and argv filled per run
        std::shared_ptr<const ScriptFile> file;  // the executable, checked and held open
        std::string disabled;                    // why it never runs
        std::string refused;                     // why the last run was refused (logged once)
    };
    struct Owner {
        bool script = true;
        size_t index = 0;  // script, or notify target
        NotifySlot slot = NotifySlot::Any;
    };
    struct Counters {
        uint64_t runs = 0, failures = 0, timeouts = 0;
        std::string last_result;
    };

    // One check and one descriptor per file, however many scripts name it
    // (255 instances with three notify scripts each must not cost 765 fds).
    struct SharedScript {
        std::shared_ptr<const ScriptFile> file;
        std::string missing, writable;  // as OpenedScript
    };
    const SharedScript& open_shared(const std::string& path);
    Prepared prepare(const config::ScriptCommand& cmd, const std::string& what);
    void not_found(Prepared& p, const std::string& why);
    void disable(Prepared& p, const std::string& why);
    std::string recheck(Prepared& p);
    std::optional<SpawnSpec> spawn_spec(Prepared& p, std::string& why);
    void prepare_scripts();
    void prepare_notifies();
    void open_fifo();
    void start_script(size_t script, uint64_t now_us);
    void record(size_t script, bool success, const std::string& result);
    void finished(const Ended& e);
    void dispatch(size_t target, const NotifyEvent& event);
    void pump_notifies(uint64_t now_us);
    std::vector<VerdictChange> refresh();
    void watch(int fd);
    void notify_priority(size_t instance, uint8_t priority);
    std::string target_name(size_t target) const;

    TrackingPlan plan_;
    TrackerOptions options_;
    config::GlobalDefs global_;
    std::vector<std::string> warnings_;
    std::string path_env_;

    std::map<std::string, SharedScript> files_;  // by path as found
    std::vector<Prepared> scripts_;
    std::vector<ScriptHealth> health_;
    std::vector<Counters> counters_;
    ScriptSchedule schedule_;

    SyncGroups groups_;
    std::vector<std::array<Prepared, kNotifySlots>>
        notify_;  // per target (instances, then groups), per slot
    std::vector<NotifyArgv> notify_argv_;
    NotifyQueue notify_queue_;
    std::unique_ptr<NotifyFifo> fifo_;
    bool fifo_dropping_ = false;

    std::map<std::string, bool> links_;
    std::vector<Verdict> published_;
    std::vector<bool> gate_held_;
    std::unique_ptr<FileWatch> file_watch_;
    std::unique_ptr<ProcWatch> proc_watch_;
    std::vector<fsm::State> states_;  // per instance, the last transition's target
    std::vector<bool> deleting_;
    Fd epoll_;  // the process set's, the inotify and the process events descriptors
    std::map<uint64_t, Owner> owners_;
    TrackerStats stats_;
    ProcessSet procs_;  // last: destroyed first, killing children while the rest still exists
};

}  // namespace xvrrp::track

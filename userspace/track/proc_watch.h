// Watches processes for the vrrp_track_process entries through the kernel's
// process events connector (NETLINK_CONNECTOR, CN_IDX_PROC): /proc is read
// once at start (and again if the socket overflows), then every fork, exec,
// comm change and exit arrives as an event, so nothing is polled. A forked
// child counts for what its parent counted for; an exec or a comm change is
// matched again (reading /proc/PID/comm, or cmdline when needed); an exit
// removes the process. Threads are ignored. Needs CAP_NET_ADMIN; without
// the socket every tracked process is reported down (and error() says why).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/fd.h"
#include "config/model.h"
#include "track/process_match.h"

namespace xvrrp::track {

class ProcWatch {
  public:
    // Subscribes, then scans /proc; `procs` may be empty (then nothing is opened).
    ProcWatch(std::vector<config::TrackProcess> procs, uint64_t now_us);
    ~ProcWatch();
    ProcWatch(const ProcWatch&) = delete;
    ProcWatch& operator=(const ProcWatch&) = delete;

    int fd() const { return sock_.get(); }  // -1 when not watching
    const std::string& error() const { return error_; }

    // Drains the socket; true when some health changed.
    bool on_readable(uint64_t now_us);
    std::optional<uint64_t> next_deadline_us() const;
    bool on_deadline(uint64_t now_us);

    size_t size() const { return procs_.size(); }
    const config::TrackProcess& process(size_t i) const { return procs_[i]; }
    Health health(size_t i) const { return quorum_[i].health(); }
    size_t count(size_t i) const { return quorum_[i].count(); }

  private:
    void open_socket();
    void scan(uint64_t now_us);
    void read_proc();
    void examine(pid_t pid);  // matches pid again from /proc
    void forked(pid_t parent, pid_t child);
    void exited(pid_t pid);
    bool publish(uint64_t now_us, bool initial);

    std::vector<config::TrackProcess> procs_;
    std::vector<ProcessQuorum> quorum_;
    std::vector<std::set<pid_t>> pids_;  // per entry, the matching processes
    bool need_cmdline_ = false;
    Fd sock_;
    std::string error_;
};

}  // namespace xvrrp::track

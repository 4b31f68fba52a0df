// Which processes a vrrp_track_process counts, and when its count makes it
// up or down: keepalived's rules. Pure.
//
// Matching is exact, never a pattern ('ssh' does not match sshd):
//   - the process name alone (no parameters, no param_match, no
//     full_command) is compared with the comm (/proc/PID/comm, what the
//     kernel keeps: the first 15 bytes, so a longer name is compared by
//     those);
//   - otherwise with the command line: argv[0] equals the name, and the
//     parameters follow ParamMatch (Exact: the same list; Partial: the
//     written ones first, more may follow; Initial: as Partial, the last
//     written one may be a prefix; Any: whatever).
//
// The state is up while quorum <= count <= quorum_max. Gaining that is
// published fork_delay later, losing it terminate_delay later, unless it
// turned back meanwhile (so a restart by the parent does not flap).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/model.h"
#include "track/script_health.h"

namespace xvrrp::track {

// /proc/PID/cmdline: NUL-separated, usually NUL-terminated.
std::vector<std::string> split_cmdline(std::string_view raw);

bool process_matches(const config::TrackProcess& p, std::string_view comm,
                     std::span<const std::string> argv);

class ProcessQuorum {
  public:
    explicit ProcessQuorum(const config::TrackProcess& p);

    // The number of matching processes now. `initial`: the start-up scan,
    // published at once. True when the published health changed.
    bool set_count(size_t count, uint64_t now_us, bool initial = false);
    // A pending change whose delay ran out is published; true if it was.
    bool on_deadline(uint64_t now_us);
    std::optional<uint64_t> deadline_us() const { return pending_; }

    Health health() const { return health_; }
    size_t count() const { return count_; }

  private:
    bool within(size_t count) const;

    uint32_t quorum_, quorum_max_;
    uint64_t fork_delay_us_, terminate_delay_us_;
    size_t count_ = 0;
    Health health_ = Health::Unknown;
    std::optional<uint64_t> pending_;
};

}  // namespace xvrrp::track

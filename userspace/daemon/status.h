// `xvrrp status`: what each running virtual router is doing, as the JSON the
// control socket returns. Pure.
//
//   {"instances": [{"name": "VI_1", "interface": "bond1", "vrid": 7,
//     "family": "IPv4", "version": 3, "state": "MASTER", "priority": 200,
//     "effective_priority": 200, "master_ip": "192.0.2.1",
//     "advert_interval_ms": 10, "vips": ["192.0.2.254/32"], "transitions": 2,
//     "last_transition": "2026-01-02T03:04:05.678Z",
//     "last_reason": "master-down timer", "v3_checksum": "pseudo-header",
//     "version_migration": false, "immediate_adverts_coalesced": 0}],
//   "control_clients_refused": 0}
//
// v3_checksum is the checksum form of the VRRPv3 adverts we send (P3):
// "pseudo-header" (keepalived's and FRR's form over IPv4; the only one over
// IPv6) or "rfc9568" (v3_checksum_as_v2: the message only); null for a
// VRRPv2 instance. version_migration: the instance also speaks VRRPv2
// (RFC 9568 8.4).
//
// immediate_adverts_coalesced: S9/S11 adverts not sent because one went out
// less than an advert interval before (at most one per interval).
// master_entries: times this instance entered MASTER since the controller
// started (hitless adoption is not an entry).
// control_clients_refused (added by the controller): control-socket clients
// closed unanswered because ControlServer::kMaxClients were open.
// scheduling (added by the controller): how the event loop is scheduled and
// whether memory is locked (wake_latency.h, memory_lock.h): {"policy":
// "SCHED_RR", "priority": 1, "rlimit_rttime_us": 100000, "short_slice":
// false, "demoted_by_rlimit_rttime": false, "memory_locked": "all"}.
//
// master_ip is our own primary address while MASTER, the master we follow
// while BACKUP (null until one is heard), null otherwise; last_transition is
// null before the first transition.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/instance.h"

namespace xvrrp::daemon {

struct InstanceStatus {
    std::string name;
    std::string interface;
    int vrid = 0;
    std::string family;  // "IPv4" / "IPv6"
    int version = 3;
    std::string state;  // INIT / BACKUP / MASTER / FAULT
    int priority = 0;
    int effective_priority = 0;
    std::optional<std::string> master_ip;
    uint64_t advert_interval_ms = 0;  // whole: intervals are centiseconds
    std::vector<std::string> vips;    // "ADDR/LEN"
    uint64_t transitions = 0;
    int64_t last_transition_unix_ms = 0;  // 0 = none
    std::string last_reason;
    std::optional<std::string> fault_reason;  // while FAULT: "interface bond1 is down", ...
    std::optional<std::string> v3_checksum;   // "pseudo-header" / "rfc9568"; none for v2
    bool version_migration = false;
    uint64_t immediate_adverts_coalesced = 0;
    uint64_t master_entries = 0;
};

InstanceStatus status_of(const Instance& inst);

// ISO 8601 UTC with milliseconds: "2026-01-02T03:04:05.678Z".
std::string iso8601_utc(int64_t unix_ms);

nlohmann::json to_json(const InstanceStatus& s);
nlohmann::json status_json(const std::vector<InstanceStatus>& all);

}  // namespace xvrrp::daemon

// What a keepalived-syntax configuration means to xvrrp, after parsing,
// defaults and validation. Plain data: no I/O, no behaviour beyond helpers.
//
// Defaults follow keepalived 2.2.7 (see docs/configuration.md); every value
// here is already resolved (a missing `priority` is 100 or 255, not "unset").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/diagnostic.h"
#include "proto/address.h"
#include "proto/advert.h"

namespace xvrrp::config {

using proto::Family;
using proto::IpAddr;
using proto::Version;

enum class InitialState : uint8_t { Backup, Master };

// A command to run (notify_* or vrrp_script's `script`): the text of the
// quoted string, as written, plus keepalived's optional `[user [group]]`.
// Splitting it into argv is left to whoever runs it.
struct ScriptCommand {
    std::string command;  // empty: not configured
    std::string user;     // empty: global script_user (or the default)
    std::string group;
    SourceRef where;

    bool configured() const { return !command.empty(); }
    friend bool operator==(const ScriptCommand&, const ScriptCommand&) = default;
};

struct NotifyScripts {
    ScriptCommand master, backup, fault, stop;
    ScriptCommand any;  // `notify`: called on every transition with the state as arguments
    // notify_deleted [script]: an instance removed by a reload, or at stop,
    // reports DELETED (instead of FAULT/STOP) to `notify` and the FIFO; the
    // script, if given, runs too. Instances only.
    bool deleted_enabled = false;
    ScriptCommand deleted;

    friend bool operator==(const NotifyScripts&, const NotifyScripts&) = default;
};

// Gratuitous ARP / unsolicited NA policy (CONFORMANCE A4). keepalived's
// names and defaults: a burst of `master_repeat` on becoming MASTER, a second
// burst `master_delay_s` later (0 = none), and, when `master_refresh_s` > 0,
// `master_refresh_repeat` more every `master_refresh_s` seconds.
struct GarpPolicy {
    uint32_t master_delay_s = 5;
    uint32_t master_repeat = 5;
    uint32_t master_refresh_s = 0;
    uint32_t master_refresh_repeat = 1;

    friend bool operator==(const GarpPolicy&, const GarpPolicy&) = default;
};

// keepalived's global_defs `notify_fifo PATH [user [group]]` and
// `vrrp_notify_fifo` (same syntax). xvrrp runs only VRRP, so both name the
// one FIFO that receives every state-change line. The user and group own
// the FIFO when xvrrp creates it (default: the default script user, as in
// keepalived).
struct NotifyFifoConf {
    std::string path;  // empty: no FIFO
    std::string user, group;
    SourceRef where;  // the (last) line naming it

    friend bool operator==(const NotifyFifoConf&, const NotifyFifoConf&) = default;
};

struct GlobalDefs {
    std::string router_id;
    std::optional<Version> vrrp_version;  // unset: instances default to VRRPv2, as in keepalived
    uint32_t garp_interval_us = 0;        // pause between GARPs of one burst
    uint32_t gna_interval_us = 0;         // same, for unsolicited NAs
    // vrrp_startup_delay: every instance stays in INIT this long after the
    // controller starts (not one adopted as MASTER from a previous run), so
    // a peer started at the same moment can come up first.
    uint64_t startup_delay_us = 0;
    GarpPolicy garp;  // vrrp_garp_master_*: defaults for every instance
    std::string script_user, script_group;
    bool enable_script_security = false;
    bool vrrp_strict = false;
    // xvrrp_real_mac: every instance uses its interface's own MAC instead of
    // the VMAC, unless it says use_vmac (xvrrp's own keyword: keepalived
    // uses the real MAC whenever use_vmac is absent, xvrrp the VMAC).
    bool real_mac = false;
    // v3_checksum_as_v2: the default of every instance (P3).
    bool v3_checksum_as_v2 = false;
    NotifyFifoConf notify_fifo;  // notify_fifo / vrrp_notify_fifo
    // umask: the scripts' umask (unset: 022, keepalived's default).
    std::optional<uint32_t> umask;
    // xvrrp_metrics_address: where /metrics listens ("127.0.0.1:9650");
    // empty: off. `attach --metrics` wins over it.
    std::string metrics_address;
    // vrrp_notify_priority_changes: the default of every instance's
    // notify_priority_changes (FIFO lines MASTER_PRIORITY / BACKUP_PRIORITY).
    bool notify_priority_changes = false;
    // vrrp_rt_priority: the event loop's SCHED_RR priority (1-99); 0 (xvrrp
    // only) runs it in the fair class. Unset: the controller's default.
    std::optional<uint32_t> rt_priority;
    // vrrp_rlimit_rttime: CPU time (µs) the real-time loop may use without
    // sleeping before the kernel sends SIGXCPU; 0: no limit. Unset: default.
    std::optional<uint64_t> rlimit_rttime_us;
    // vrrp_no_swap: lock the controller's memory (xvrrp's default anyway).
    bool no_swap = false;

    friend bool operator==(const GlobalDefs&, const GlobalDefs&) = default;
};

struct VrrpScript {
    std::string name;
    SourceRef where;
    ScriptCommand script;
    uint32_t interval_s = 1;
    uint32_t timeout_s = 0;  // resolved: unset means `interval_s`
    int32_t weight = 0;      // -253..253; 0: failure means FAULT
    bool weight_reverse = false;
    uint32_t rise = 1;
    uint32_t fall = 1;
    bool init_fail = false;  // start as failed until the first success

    friend bool operator==(const VrrpScript&, const VrrpScript&) = default;
};

// track_file NAME { file PATH; weight W [reverse]; init_file [V] [overwrite] }
// (vrrp_track_file is keepalived's older name). The number in the file,
// times the weight, is added to the priority; see track/file_value.h.
struct TrackFile {
    std::string name;
    SourceRef where;
    std::string path;
    int32_t weight = 1;
    bool weight_reverse = false;
    bool init = false;  // init_file: write init_value at start if missing
    int64_t init_value = 0;
    bool init_overwrite = false;  // ... or even if present

    friend bool operator==(const TrackFile&, const TrackFile&) = default;
};

// How a vrrp_track_process's parameters are compared with a command line.
enum class ParamMatch : uint8_t {
    Any,      // no parameters written, no param_match: any parameters
    Exact,    // parameters written: exactly those; param_match alone: none
    Partial,  // the first N are those, more may follow
    Initial,  // as Partial, the last written one may be a prefix
};

// vrrp_track_process NAME { process P [ARGS]; ... }: up while the number of
// matching processes is within quorum..quorum_max (see track/process_match.h).
struct TrackProcess {
    std::string name;
    SourceRef where;
    std::string process;              // the comm, or argv[0] with full_command / parameters
    std::vector<std::string> params;  // argv[1..]
    ParamMatch match = ParamMatch::Any;
    bool full_command = false;
    int32_t weight = 1;  // -254..254
    bool weight_reverse = false;
    uint32_t quorum = 1;
    uint32_t quorum_max = UINT32_MAX;
    uint64_t fork_delay_us = 0;       // quorum reached: up only after this long
    uint64_t terminate_delay_us = 0;  // quorum lost: down only after this long

    // /proc/PID/cmdline is needed, not just the comm.
    bool uses_cmdline() const {
        return full_command || !params.empty() || match != ParamMatch::Any;
    }
    friend bool operator==(const TrackProcess&, const TrackProcess&) = default;
};

struct VirtualAddress {
    IpAddr addr;
    uint8_t prefix_len = 32;  // written /LEN, else 32 (IPv4) or 128 (IPv6)
    std::string dev;          // empty: the instance's interface
    std::string label;
    SourceRef where;

    friend bool operator==(const VirtualAddress&, const VirtualAddress&) = default;
};

// One destination or selector: ADDR/LEN (LEN 0 with `default` or `all`).
struct Prefix {
    IpAddr addr;
    uint8_t len = 0;

    friend bool operator==(const Prefix&, const Prefix&) = default;
};

// The kinds of route keepalived's route lines name; Unicast is a route
// through a gateway or out of a device.
enum class RouteType : uint8_t { Unicast, Blackhole, Unreachable, Prohibit };

constexpr uint32_t kMainTable = 254;
// RTPROT_KEEPALIVED: keepalived marks the routes it tracks so; the same
// mark lets `ip route show proto keepalived` list what xvrrp installed.
constexpr uint8_t kProtoKeepalived = 18;
// keepalived's preference for a rule written without one.
constexpr uint32_t kDefaultRulePriority = 16384;

// A virtual_routes / static_routes line, as `ip route add` takes it.
struct Route {
    Family family = Family::V4;
    Prefix dst;
    std::optional<IpAddr> via;
    std::string dev;  // empty: the kernel picks it from `via`
    std::optional<IpAddr> src;
    uint32_t table = kMainTable;
    std::optional<uint32_t> metric;
    std::optional<uint8_t> scope;  // unset: link without a gateway, else global
    uint8_t protocol = kProtoKeepalived;
    RouteType type = RouteType::Unicast;
    SourceRef where;

    friend bool operator==(const Route&, const Route&) = default;
};

// What a rule does with a packet it selects: look up `table`, or answer
// with one of the route types.
enum class RuleAction : uint8_t { Lookup, Blackhole, Unreachable, Prohibit };

// A virtual_rules / static_rules line, as `ip rule add` takes it.
struct Rule {
    Family family = Family::V4;
    std::optional<Prefix> from, to;
    RuleAction action = RuleAction::Lookup;
    uint32_t table = 0;  // Lookup only
    uint32_t priority = kDefaultRulePriority;
    std::optional<uint32_t> fwmark, fwmask;
    std::string iif, oif;
    SourceRef where;

    friend bool operator==(const Rule&, const Rule&) = default;
};

struct TrackedInterface {
    std::string name;
    int32_t weight = 0;  // 0: interface down means FAULT
    bool weight_reverse = false;
    SourceRef where;

    friend bool operator==(const TrackedInterface&, const TrackedInterface&) = default;
};

struct TrackedScript {
    std::string name;               // a vrrp_script
    std::optional<int32_t> weight;  // overrides the script's own weight
    bool weight_reverse = false;
    SourceRef where;

    friend bool operator==(const TrackedScript&, const TrackedScript&) = default;
};

struct Instance {
    std::string name;
    SourceRef where;  // the `vrrp_instance` line

    InitialState state = InitialState::Backup;
    std::string interface;
    SourceRef interface_where;
    uint8_t vrid = 0;
    SourceRef vrid_where;
    uint8_t priority = 100;
    Version version = Version::V2;
    Family family = Family::V4;  // of the VIPs (else of the unicast addresses, else IPv4)

    // Advertisement interval in centiseconds, for both versions: v3 carries
    // it as is (1-4095); v2 carries whole seconds, so it is a multiple of 100.
    uint16_t advert_int_cs = 100;

    bool preempt = true;
    uint32_t preempt_delay_ms = 0;  // hold preemption this long after startup
    bool accept = true;             // keepalived's default: on, unless vrrp_strict / no_accept
    bool strict = false;            // vrrp_strict (global) or strict_mode (instance)

    bool auth_pass_enabled = false;  // v2 `auth_type PASS` with a password
    std::string auth_pass;           // at most 8 characters; zero-padded on the wire

    std::optional<IpAddr> unicast_src_ip;  // unicast_src_ip / mcast_src_ip
    std::vector<IpAddr> unicast_peers;     // empty: multicast
    // Unicast mode only: the TTL / hop limit of the adverts sent to the
    // peers, and the peers may be routers away (D1 is not applied to adverts
    // from a configured peer to a unicast address). Unset: 255 both ways.
    std::optional<uint8_t> unicast_ttl;

    std::vector<VirtualAddress> vips;
    std::vector<VirtualAddress> excluded_vips;  // installed but not advertised
    std::vector<Route> routes;                  // virtual_routes: with mastership
    std::vector<Rule> rules;                    // virtual_rules: with mastership
    std::vector<TrackedInterface> track_interfaces;
    std::vector<TrackedScript> track_scripts;
    std::vector<TrackedScript> track_files;      // names of track_file blocks
    std::vector<TrackedScript> track_processes;  // names of vrrp_track_process blocks
    NotifyScripts notify;
    bool notify_priority_changes = false;  // resolved against the global default
    GarpPolicy garp;
    bool use_vmac = false;  // written in the file (the VMAC is the default anyway)
    // Real-MAC mode (xvrrp_real_mac): adverts, GARPs/NAs and XDP's ARP/ND
    // answers use the interface's own MAC, for networks that refuse a
    // virtual one; no VMAC in the NIC's filter.
    bool real_mac = false;

    // P3: VRRPv3 over IPv4 is sent with the checksum of the VRRP message only
    // (RFC 9568) instead of with the IPv4 pseudo-header (keepalived's and
    // FRR's default). Both are accepted whatever this says. Meaningful for
    // v3/IPv4 only (IPv6 always has its pseudo-header, v2 never).
    bool v3_checksum_as_v2 = false;
    // RFC 9568 8.4 (I1-I3): a v3 IPv4 instance that also accepts VRRPv2
    // adverts and, as MASTER, sends a v2 advert beside each v3 one. The
    // interval is whole seconds and there is no v2 authentication.
    bool version_migration = false;

    // The advertised interval as the wire field holds it: seconds for v2,
    // centiseconds for v3.
    uint16_t wire_advert_int() const {
        return version == Version::V2 ? static_cast<uint16_t>(advert_int_cs / 100) : advert_int_cs;
    }
    uint64_t advert_int_us() const { return uint64_t{advert_int_cs} * 10'000; }
    bool unicast() const { return !unicast_peers.empty(); }

    friend bool operator==(const Instance&, const Instance&) = default;
};

struct SyncGroup {
    std::string name;
    SourceRef where;
    std::vector<std::string> members;  // instance names, in the order written
    NotifyScripts notify;
    // Tracked by every member (weights forced to 0, as in keepalived without
    // sync_group_tracking_weight).
    std::vector<TrackedScript> track_files;
    std::vector<TrackedScript> track_processes;

    friend bool operator==(const SyncGroup&, const SyncGroup&) = default;
};

struct Config {
    GlobalDefs global;
    std::vector<VrrpScript> scripts;
    std::vector<TrackFile> track_files;
    std::vector<TrackProcess> track_processes;
    std::vector<SyncGroup> sync_groups;
    std::vector<Instance> instances;
    // static_ipaddress / static_routes / static_rules: installed at start,
    // removed at a graceful stop, whatever the instances' states.
    std::vector<VirtualAddress> static_addresses;
    std::vector<Route> static_routes;
    std::vector<Rule> static_rules;

    const Instance* find_instance(std::string_view name) const;
    const VrrpScript* find_script(std::string_view name) const;
    const TrackFile* find_track_file(std::string_view name) const;
    const TrackProcess* find_track_process(std::string_view name) const;
    // The sync group an instance belongs to, if any.
    const SyncGroup* group_of(std::string_view instance) const;

    friend bool operator==(const Config&, const Config&) = default;
};

}  // namespace xvrrp::config

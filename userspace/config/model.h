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

struct VirtualAddress {
    IpAddr addr;
    uint8_t prefix_len = 32;  // written /LEN, else 32 (IPv4) or 128 (IPv6)
    std::string dev;          // empty: the instance's interface
    std::string label;
    SourceRef where;

    friend bool operator==(const VirtualAddress&, const VirtualAddress&) = default;
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

    std::vector<VirtualAddress> vips;
    std::vector<VirtualAddress> excluded_vips;  // installed but not advertised
    std::vector<TrackedInterface> track_interfaces;
    std::vector<TrackedScript> track_scripts;
    NotifyScripts notify;
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

    friend bool operator==(const SyncGroup&, const SyncGroup&) = default;
};

struct Config {
    GlobalDefs global;
    std::vector<VrrpScript> scripts;
    std::vector<SyncGroup> sync_groups;
    std::vector<Instance> instances;

    const Instance* find_instance(std::string_view name) const;
    const VrrpScript* find_script(std::string_view name) const;
    // The sync group an instance belongs to, if any.
    const SyncGroup* group_of(std::string_view instance) const;

    friend bool operator==(const Config&, const Config&) = default;
};

}  // namespace xvrrp::config

// One running virtual router: its configuration, its state machine and what
// the controller keeps beside it (prebuilt frames, the gratuitous-ARP
// schedule, the last kernel image written, status bookkeeping).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/log_context.h"
#include "config/model.h"
#include "daemon/advert_frames.h"
#include "dataplane/router_key.h"
#include "fsm/virtual_router.h"
#include "net/garp_schedule.h"
#include "proto/address.h"
#include "xvrrp/abi.h"

namespace xvrrp::daemon {

struct InstanceStatusInfo {
    int64_t last_transition_unix_ms = 0;  // wall clock, for operators; 0 = never
    std::string last_reason;              // "startup", "master-down", ...
    std::string fault;                    // why it is in FAULT; empty otherwise
    // For the metrics: transitions by fsm::Reason, adverts handed to the
    // kernel, entries into MASTER.
    std::array<uint64_t, static_cast<size_t>(fsm::Reason::SyncGroup) + 1> transitions_by_reason{};
    uint64_t adverts_sent = 0;
    uint64_t master_entries = 0;
    // Transitions of the instances this one replaced in place (a MASTER
    // changed by a reload): `status` counts them too.
    uint64_t transitions_before = 0;
};

class Instance {
  public:
    // `primary`: the advert source (P5). `link_local`: source of unsolicited
    // NAs (IPv6 VIPs only). Throws std::invalid_argument on a configuration
    // the state machine refuses (config validation should have caught it).
    // `link_mac`: the interface's MAC, which a real-MAC instance speaks with.
    Instance(uint32_t id, config::Instance cfg, const proto::IpAddr& primary,
             std::optional<proto::IpAddr> link_local = {}, const proto::Mac& link_mac = {});

    uint32_t id() const { return id_; }
    const config::Instance& cfg() const { return cfg_; }
    const std::string& ifname() const { return cfg_.interface; }
    dataplane::RouterKey key() const { return key_; }
    const proto::IpAddr& primary() const { return primary_; }
    const std::optional<proto::IpAddr>& link_local() const { return link_local_; }
    // The Ethernet source of its adverts and gratuitous frames.
    const proto::Mac& mac() const { return mac_; }
    std::string describe() const;
    // Its name, interface, VRID and current state, for a logctx::Scope.
    logctx::Fields log_fields() const;

    fsm::VirtualRouter& fsm() { return fsm_; }
    const fsm::VirtualRouter& fsm() const { return fsm_; }
    AdvertFrames& frames() { return frames_; }
    net::GarpSchedule& garp() { return garp_; }
    // GARP / unsolicited NA frames, one per advertised VIP (A4).
    const std::vector<std::vector<uint8_t>>& gratuitous_frames() const { return gratuitous_; }

    // The last entry written to the kernel's `vrid` map (nullopt: none yet).
    std::optional<xvrrp_router>& mirrored() { return mirrored_; }
    InstanceStatusInfo& status() { return status_; }
    const InstanceStatusInfo& status() const { return status_; }

  private:
    uint32_t id_;
    config::Instance cfg_;
    dataplane::RouterKey key_;
    proto::IpAddr primary_;
    std::optional<proto::IpAddr> link_local_;
    proto::Mac mac_;
    fsm::VirtualRouter fsm_;
    AdvertFrames frames_;
    net::GarpSchedule garp_;
    std::vector<std::vector<uint8_t>> gratuitous_;
    std::optional<xvrrp_router> mirrored_;
    InstanceStatusInfo status_;
};

// The MAC an instance speaks with: its VMAC, or `link_mac` in real-MAC mode.
proto::Mac frame_mac(const config::Instance& in, const proto::Mac& link_mac);

// keepalived's GARP knobs as the schedule's timing.
net::GarpTiming garp_timing(const config::GarpPolicy& policy);

}  // namespace xvrrp::daemon

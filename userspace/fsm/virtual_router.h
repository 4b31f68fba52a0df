// One VRRP virtual router (one VRID, one address family): the RFC 9568 state
// machine (CONFORMANCE S1-S13, T1-T4), extended with FAULT and hitless adoption.
//
// Pure: every input takes the current monotonic time in microseconds and
// returns the actions to carry out, in order (see action.h). Nothing here
// reads a clock or touches the network.
//
// The kernel half re-arms the master-down timer by itself for repeated,
// identical adverts from the master in master() and wakes us only for adverts
// that change something. So this class never counts adverts: it decides on
// the first advert of a steady stream, and keeps master() empty whenever the
// kernel must NOT refresh the timer on that master's adverts (we would
// preempt it, or it announced it is leaving). After every input, the
// executor re-mirrors master() and master_down_interval_us() into the kernel.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "fsm/action.h"
#include "fsm/router_config.h"
#include "proto/address.h"
#include "proto/advert.h"

namespace xvrrp::fsm {

// The master whose adverts currently hold our master-down timer (BACKUP only).
struct KnownMaster {
    proto::IpAddr address;
    uint8_t priority = 0;
    uint64_t adver_interval_us = 0;
    // The version of the adverts it was learned from: in v2/v3 migration
    // (I3) the kernel follows a master that also sends v3 on v3 only.
    proto::Version version = proto::Version::V3;
    friend bool operator==(const KnownMaster&, const KnownMaster&) = default;
};

class VirtualRouter {
  public:
    using Actions = std::vector<Action>;

    // Throws std::invalid_argument with validate()'s message on a bad config.
    explicit VirtualRouter(RouterConfig config);

    // ---- Inputs -----------------------------------------------------------
    // S1 / S2 (INIT only; straight to FAULT if a fault is raised).
    // `listen_since_us`: when the process started. A non-owner that has not
    // heard a master listens until startup_listen_us() after it (at least
    // Master_Down_Interval from now) before S4 makes it MASTER; the owner
    // still goes MASTER at once (S1). Without it: S2 as the RFC has it.
    Actions startup(uint64_t now_us, std::optional<uint64_t> listen_since_us = std::nullopt);
    // S3 / S7; from FAULT simply back to INIT.
    Actions shutdown(uint64_t now_us);
    // A decoded advert (already validated by the codec or the kernel, D1-D12)
    // and the IP source address it came from. Its version is not checked, so
    // v2/v3 interop (I2) learns the sender's rate in its own unit.
    Actions advert_received(const proto::Advert& advert, const proto::IpAddr& source,
                            uint64_t now_us);
    Actions master_down_timer_fired(uint64_t now_us);  // S4 (ignored outside BACKUP)
    Actions advert_timer_fired(uint64_t now_us);       // S8 (ignored outside MASTER)
    // The same into `out` (cleared first): a MASTER's steady tick reuses one
    // list instead of allocating one per advert.
    void advert_timer_fired(uint64_t now_us, Actions& out);
    // S12: the hold after startup is over; a losing master is no longer accepted.
    Actions preempt_delay_timer_fired(uint64_t now_us);
    // Tracking: base priority +/- weights, computed by the caller, 1-255
    // (0 is raised to 1: a failure that must stop us is a fault instead).
    // Takes effect in the next advert and the next timer computation.
    Actions set_priority(uint8_t effective_priority, uint64_t now_us);
    // Interface down or tracked object failed (true) / recovered (false).
    // MASTER -> FAULT: cancel the advert timer, send priority 0, remove the VIPs.
    // BACKUP -> FAULT: cancel the master-down timer. Clearing re-enters through
    // the startup rules: MASTER if owner (S1), else BACKUP (S2).
    Actions set_fault(bool faulty, uint64_t now_us);
    // Sync groups: another member left MASTER, so this one must too (as
    // keepalived's sync groups do). MASTER -> BACKUP as in S10 but with no
    // advert to learn from: cancel the advert timer, remove the VIPs, arm the
    // master-down timer for our own Master_Down_Interval. No priority-0
    // advert (keepalived sends none either): the member that lost is
    // following a better master that is already there. A no-op outside
    // MASTER (a BACKUP is already there; INIT and FAULT must not be pulled
    // into running by the group).
    Actions force_backup(uint64_t now_us);
    // Hitless restart: the kernel still holds a valid MASTER state for us.
    // From INIT (and no fault) only: become MASTER without a transition or a
    // gratuitous burst; send one advert at once (the restart ate into the
    // backups' master-down interval) and re-arm the advert timer. Returns
    // nothing and stays INIT when refused.
    Actions adopt_master(uint64_t now_us);

    // ---- Observable state -------------------------------------------------
    const RouterConfig& config() const { return config_; }
    State state() const { return state_; }
    uint8_t priority() const { return priority_; }  // effective
    bool is_owner() const { return priority_ == kOwnerPriority; }
    bool fault() const { return fault_; }
    const std::optional<KnownMaster>& master() const { return master_; }
    uint64_t advert_interval_us() const;  // ours
    uint64_t master_adver_interval_us() const { return master_adver_interval_us_; }
    uint64_t skew_time_us() const { return skew_time_us_; }
    uint64_t master_down_interval_us() const { return master_down_interval_us_; }
    // The start-up listening period ends at this time; 0 when none was
    // asked for. The first master-down timer runs until then.
    uint64_t listen_until_us() const { return listen_until_us_; }
    // Preemption is held until this time (S12); 0 when never held.
    uint64_t preempt_hold_until_us() const { return preempt_hold_until_us_; }
    uint64_t transitions() const { return transitions_; }
    uint64_t last_transition_us() const { return last_transition_us_; }
    // S9/S11 adverts not sent because one went out less than an advert
    // interval before (see send_immediate_advert()).
    uint64_t immediate_adverts_coalesced() const { return immediate_adverts_coalesced_; }

  private:
    void enter_running(Reason reason, uint64_t now_us, Actions& out);
    void become_master(Reason reason, uint64_t now_us, Actions& out);
    void become_backup(Reason reason, uint64_t now_us, Actions& out, uint64_t first_wait_us = 0);
    void leave_master(Actions& out);
    void transition(State to, Reason reason, uint64_t now_us, Actions& out);

    bool ignorable(const proto::Advert& advert, const proto::IpAddr& source, Actions& out) const;
    void backup_receives(const proto::Advert& advert, const proto::IpAddr& source, uint64_t now_us,
                         Actions& out);
    void master_receives(const proto::Advert& advert, const proto::IpAddr& source, uint64_t now_us,
                         Actions& out);
    bool send_immediate_advert(uint64_t now_us, Actions& out);
    bool beats_us(uint8_t priority, const proto::IpAddr& source) const;
    bool may_preempt(uint64_t now_us) const;
    void learn_master(const proto::Advert& advert, const proto::IpAddr& source);
    void forget_master_if_losing(uint64_t now_us);
    void recompute_timers();

    RouterConfig config_;
    State state_ = State::Init;
    uint8_t priority_;
    bool fault_ = false;
    std::optional<KnownMaster> master_;
    uint64_t master_adver_interval_us_ = 0;
    uint64_t skew_time_us_ = 0;
    uint64_t master_down_interval_us_ = 0;
    uint64_t preempt_hold_until_us_ = 0;
    uint64_t listen_until_us_ = 0;
    uint64_t transitions_ = 0;
    uint64_t last_transition_us_ = 0;
    std::optional<uint64_t> last_immediate_advert_us_;
    uint64_t immediate_adverts_coalesced_ = 0;
};

}  // namespace xvrrp::fsm

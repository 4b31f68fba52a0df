#include "fsm/virtual_router.h"

#include <stdexcept>
#include <utility>

#include "fsm/timers.h"

namespace xvrrp::fsm {

namespace {

RouterConfig checked(RouterConfig config) {
    if (auto error = validate(config); !error.empty()) {
        throw std::invalid_argument(error);
    }
    return config;
}

}  // namespace

VirtualRouter::VirtualRouter(RouterConfig config)
    : config_(checked(std::move(config))), priority_(config_.priority) {
    master_adver_interval_us_ = advert_interval_us();
    recompute_timers();
}

uint64_t VirtualRouter::advert_interval_us() const {
    return fsm::advert_interval_us(config_.version, config_.advert_interval);
}

// ---- Inputs -----------------------------------------------------------------

VirtualRouter::Actions VirtualRouter::startup(uint64_t now_us,
                                              std::optional<uint64_t> listen_since_us) {
    Actions out;
    if (state_ != State::Init) {
        return out;
    }
    if (fault_) {
        transition(State::Fault, Reason::Startup, now_us, out);
        return out;
    }
    if (!listen_since_us || is_owner()) {
        enter_running(Reason::Startup, now_us, out);
        return out;
    }
    listen_until_us_ =
        *listen_since_us + startup_listen_us(config_.version, priority_, advert_interval_us());
    preempt_hold_until_us_ = now_us + config_.preempt_delay_us;
    // An advert heard meanwhile re-arms the timer as S6 does: a better
    // master ends the period at once, its Master_Down_Interval from then on.
    become_backup(Reason::Startup, now_us, out,
                  listen_until_us_ > now_us ? listen_until_us_ - now_us : 0);
    return out;
}

VirtualRouter::Actions VirtualRouter::shutdown(uint64_t now_us) {
    Actions out;
    switch (state_) {
        case State::Init:
            return out;
        case State::Backup:  // S3
            out.emplace_back(CancelMasterDownTimer{});
            break;
        case State::Master:  // S7
            leave_master(out);
            break;
        case State::Fault:
            break;
    }
    transition(State::Init, Reason::Shutdown, now_us, out);
    return out;
}

VirtualRouter::Actions VirtualRouter::advert_received(const proto::Advert& advert,
                                                      const proto::IpAddr& source,
                                                      uint64_t now_us) {
    Actions out;
    if (state_ != State::Backup && state_ != State::Master) {
        return out;
    }
    if (ignorable(advert, source, out)) {
        return out;
    }
    if (is_owner()) {  // D11: processed normally, but worth a log line
        out.emplace_back(Note{NoteKind::AdvertWhileOwner});
    }
    if (advert.interval_us() != advert_interval_us()) {
        out.emplace_back(Note{NoteKind::IntervalDiffers});
    }
    if (state_ == State::Backup) {
        backup_receives(advert, source, now_us, out);
    } else {
        master_receives(advert, source, now_us, out);
    }
    return out;
}

VirtualRouter::Actions VirtualRouter::master_down_timer_fired(uint64_t now_us) {
    Actions out;
    if (state_ == State::Backup) {  // S4
        become_master(Reason::MasterDown, now_us, out);
    }
    return out;
}

VirtualRouter::Actions VirtualRouter::advert_timer_fired(uint64_t now_us) {
    Actions out;
    advert_timer_fired(now_us, out);
    return out;
}

void VirtualRouter::advert_timer_fired(uint64_t /*now_us*/, Actions& out) {
    out.clear();
    if (state_ == State::Master) {  // S8
        out.emplace_back(SendAdvert{priority_});
        out.emplace_back(ArmAdvertTimer{advert_interval_us()});
    }
}

VirtualRouter::Actions VirtualRouter::preempt_delay_timer_fired(uint64_t now_us) {
    if (state_ == State::Backup) {
        forget_master_if_losing(now_us);
    }
    return {};
}

VirtualRouter::Actions VirtualRouter::set_priority(uint8_t effective_priority, uint64_t now_us) {
    priority_ = effective_priority == 0 ? 1 : effective_priority;
    recompute_timers();  // the skew depends on our own priority (T1)
    if (state_ == State::Backup) {
        forget_master_if_losing(now_us);
    }
    return {};
}

VirtualRouter::Actions VirtualRouter::set_fault(bool faulty, uint64_t now_us) {
    Actions out;
    if (faulty == fault_) {
        return out;
    }
    fault_ = faulty;
    if (faulty) {
        if (state_ == State::Master) {
            leave_master(out);
        } else if (state_ == State::Backup) {
            out.emplace_back(CancelMasterDownTimer{});
        }
        if (state_ != State::Init) {
            transition(State::Fault, Reason::FaultRaised, now_us, out);
        }
    } else if (state_ == State::Fault) {
        enter_running(Reason::FaultCleared, now_us, out);
    }
    return out;
}

VirtualRouter::Actions VirtualRouter::force_backup(uint64_t now_us) {
    Actions out;
    if (state_ != State::Master) {
        return out;
    }
    out.emplace_back(CancelAdvertTimer{});
    out.emplace_back(RemoveVips{});
    master_adver_interval_us_ = advert_interval_us();  // no master heard yet (T3)
    recompute_timers();
    out.emplace_back(ArmMasterDownTimer{master_down_interval_us_});
    transition(State::Backup, Reason::SyncGroup, now_us, out);
    return out;
}

VirtualRouter::Actions VirtualRouter::adopt_master(uint64_t now_us) {
    Actions out;
    if (state_ != State::Init || fault_) {
        return out;
    }
    state_ = State::Master;
    master_.reset();
    last_transition_us_ = now_us;
    out.emplace_back(SendAdvert{priority_});
    out.emplace_back(ArmAdvertTimer{advert_interval_us()});
    return out;
}

// ---- Transitions --------------------------------------------------------------

void VirtualRouter::enter_running(Reason reason, uint64_t now_us, Actions& out) {
    preempt_hold_until_us_ = now_us + config_.preempt_delay_us;
    if (is_owner()) {
        become_master(reason, now_us, out);  // S1
    } else {
        become_backup(reason, now_us, out);  // S2
    }
}

// S1 / S4. The VIPs (and the data plane's MASTER role) go in before any
// gratuitous ARP/NA, so nothing is announced that is not yet answered (A5).
void VirtualRouter::become_master(Reason reason, uint64_t now_us, Actions& out) {
    out.emplace_back(SendAdvert{priority_});
    out.emplace_back(AddVips{});
    out.emplace_back(SendGratuitous{});
    out.emplace_back(ArmAdvertTimer{advert_interval_us()});
    transition(State::Master, reason, now_us, out);
}

// S2 (and leaving FAULT): time out on our own interval until a master is
// heard (T3); at start-up, not before the listening period ends.
void VirtualRouter::become_backup(Reason reason, uint64_t now_us, Actions& out,
                                  uint64_t first_wait_us) {
    master_adver_interval_us_ = advert_interval_us();
    recompute_timers();
    out.emplace_back(ArmMasterDownTimer{
        first_wait_us > master_down_interval_us_ ? first_wait_us : master_down_interval_us_});
    if (config_.preempt && config_.preempt_delay_us > 0) {
        out.emplace_back(ArmPreemptDelayTimer{preempt_hold_until_us_ - now_us});
    }
    transition(State::Backup, reason, now_us, out);
}

// S7, and entering FAULT from MASTER (as keepalived does): tell the backups
// at once with priority 0 so one takes over after Skew_Time (S5).
void VirtualRouter::leave_master(Actions& out) {
    out.emplace_back(CancelAdvertTimer{});
    out.emplace_back(SendAdvert{0});
    out.emplace_back(RemoveVips{});
}

void VirtualRouter::transition(State to, Reason reason, uint64_t now_us, Actions& out) {
    out.emplace_back(StateChanged{state_, to, reason});
    state_ = to;
    last_immediate_advert_us_.reset();  // each term as MASTER starts unbounded
    if (to != State::Backup) {
        master_.reset();
    }
    ++transitions_;
    last_transition_us_ = now_us;
}

// ---- Receiving ------------------------------------------------------------------

// The codec and the kernel already discard these (D6, D8, D10); checking again
// keeps a mis-routed advert from corrupting the timers of the wrong instance (S13).
bool VirtualRouter::ignorable(const proto::Advert& advert, const proto::IpAddr& source,
                              Actions& out) const {
    if (advert.vrid != config_.vrid || advert.family != config_.family ||
        source.family() != config_.family || advert.interval_us() == 0) {
        out.emplace_back(Note{NoteKind::AdvertIgnored});
        return true;
    }
    if (source == config_.primary) {
        out.emplace_back(Note{NoteKind::FromOurAddress});
        return true;
    }
    return false;
}

void VirtualRouter::backup_receives(const proto::Advert& advert, const proto::IpAddr& source,
                                    uint64_t now_us, Actions& out) {
    if (advert.priority == 0) {  // S5: the master is leaving; take over after the skew
        master_.reset();
        out.emplace_back(ArmMasterDownTimer{skew_time_us_});
        return;
    }
    if (!may_preempt(now_us) || advert.priority >= priority_) {  // S6: accept (T3)
        learn_master(advert, source);
        out.emplace_back(ArmMasterDownTimer{master_down_interval_us_});
        return;
    }
    // S6: discard, so the master-down timer runs out and we preempt. The
    // kernel must not refresh the timer on this master's adverts either.
    if (master_ && master_->address == source) {
        master_.reset();
    }
}

void VirtualRouter::master_receives(const proto::Advert& advert, const proto::IpAddr& source,
                                    uint64_t now_us, Actions& out) {
    if (advert.priority == 0) {  // S9
        // Coalesced: no re-arm either. Re-arming without sending would let a
        // stream of priority-0 adverts push our next advert back for ever;
        // the timer is already due within one interval of the advert that
        // answered this interval's first provoking advert.
        if (send_immediate_advert(now_us, out)) {
            out.emplace_back(ArmAdvertTimer{advert_interval_us()});
        }
        return;
    }
    if (beats_us(advert.priority, source)) {  // S10
        out.emplace_back(CancelAdvertTimer{});
        learn_master(advert, source);
        out.emplace_back(ArmMasterDownTimer{master_down_interval_us_});
        out.emplace_back(RemoveVips{});
        transition(State::Backup, Reason::Preempted, now_us, out);
        return;
    }
    (void)send_immediate_advert(now_us, out);  // S11: assert ourselves at once
}

// S9 and S11, bounded: at most one immediate advert per advert interval,
// however many adverts provoke it. An advert is multicast (or sent to every
// unicast peer), so the one sent for the first provoking advert of an
// interval reaches every router that provokes another within it; a flood
// of them costs one advert per interval on top of the periodic ones.
bool VirtualRouter::send_immediate_advert(uint64_t now_us, Actions& out) {
    // An input stamped before the last one (kernel and timer clocks race by
    // microseconds) counts as within the interval.
    if (last_immediate_advert_us_ && now_us < *last_immediate_advert_us_ + advert_interval_us()) {
        ++immediate_adverts_coalesced_;
        out.emplace_back(Note{NoteKind::ImmediateAdvertCoalesced});
        return false;
    }
    last_immediate_advert_us_ = now_us;
    out.emplace_back(SendAdvert{priority_});
    return true;
}

// S10: higher priority, or equal priority and a higher primary address
// (unsigned, network order: IpAddr's ordering).
bool VirtualRouter::beats_us(uint8_t priority, const proto::IpAddr& source) const {
    return priority > priority_ || (priority == priority_ && source > config_.primary);
}

// S12: the owner always preempts; others only with preempt on and the
// startup hold over.
bool VirtualRouter::may_preempt(uint64_t now_us) const {
    return is_owner() || (config_.preempt && now_us >= preempt_hold_until_us_);
}

void VirtualRouter::learn_master(const proto::Advert& advert, const proto::IpAddr& source) {
    master_adver_interval_us_ = advert.interval_us();
    recompute_timers();
    master_ = KnownMaster{source, advert.priority, master_adver_interval_us_, advert.version};
}

// After our priority rose or the preempt hold ended: if we would now discard
// the known master's adverts, stop the kernel refreshing the timer for it.
void VirtualRouter::forget_master_if_losing(uint64_t now_us) {
    if (master_ && may_preempt(now_us) && master_->priority < priority_) {
        master_.reset();
    }
}

void VirtualRouter::recompute_timers() {
    skew_time_us_ = fsm::skew_time_us(config_.version, priority_, master_adver_interval_us_);
    master_down_interval_us_ =
        fsm::master_down_interval_us(config_.version, priority_, master_adver_interval_us_);
}

}  // namespace xvrrp::fsm

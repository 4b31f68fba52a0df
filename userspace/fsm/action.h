// What the state machine asks its executor to do.
//
// Every input of VirtualRouter returns a list of these, in the order the RFC
// describes them; the executor carries them out in that order. Timers are
// one-shot: Arm* (re)starts the timer `delay_us` from the input's `now_us`,
// replacing any earlier deadline; a timer that fired is no longer armed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace xvrrp::fsm {

enum class State : uint8_t { Init, Backup, Master, Fault };

// Why a transition happened (for logs, notify scripts and metrics).
enum class Reason : uint8_t {
    Startup,       // S1, S2 (or straight to Fault when a fault is already raised)
    Shutdown,      // S3, S7
    MasterDown,    // S4: the master-down timer fired
    Preempted,     // S10: a higher-priority (or tie-winning) master appeared
    FaultRaised,   // interface down / tracked object failed
    FaultCleared,  // back through the startup rules (S1 / S2)
    SyncGroup,     // force_backup(): following another member of a sync group to BACKUP
};

// Things worth a (rate-limited) log line; they change nothing by themselves.
enum class NoteKind : uint8_t {
    AdvertWhileOwner,  // D11: we are the owner (255); processed normally
    IntervalDiffers,   // v3 advert interval differs from ours; learned if accepted
    AdvertIgnored,     // wrong VRID or family, or a zero interval: not for us
    FromOurAddress,    // source is our own primary address (looped back, or a duplicate)
    // S9/S11 coalesced: an immediate advert already went out less than one
    // advert interval ago, so this provoking advert is answered by it.
    ImmediateAdvertCoalesced,
};

// Send one advertisement with this priority (0 only when leaving MASTER).
struct SendAdvert {
    uint8_t priority = 0;
    friend bool operator==(const SendAdvert&, const SendAdvert&) = default;
};
// Make this node the one that answers for the VIPs: addresses, VMAC and the
// data plane's MASTER role. Always precedes SendGratuitous (A5).
struct AddVips {
    friend bool operator==(const AddVips&, const AddVips&) = default;
};
struct RemoveVips {
    friend bool operator==(const RemoveVips&, const RemoveVips&) = default;
};
// GARP for every IPv4 VIP, or join the solicited-node groups and send an
// unsolicited NA for every IPv6 VIP; the executor knows the family.
struct SendGratuitous {
    friend bool operator==(const SendGratuitous&, const SendGratuitous&) = default;
};
struct ArmAdvertTimer {
    uint64_t delay_us = 0;
    friend bool operator==(const ArmAdvertTimer&, const ArmAdvertTimer&) = default;
};
struct CancelAdvertTimer {
    friend bool operator==(const CancelAdvertTimer&, const CancelAdvertTimer&) = default;
};
struct ArmMasterDownTimer {
    uint64_t delay_us = 0;
    friend bool operator==(const ArmMasterDownTimer&, const ArmMasterDownTimer&) = default;
};
struct CancelMasterDownTimer {
    friend bool operator==(const CancelMasterDownTimer&, const CancelMasterDownTimer&) = default;
};
// S12: call VirtualRouter::preempt_delay_timer_fired() when it expires.
struct ArmPreemptDelayTimer {
    uint64_t delay_us = 0;
    friend bool operator==(const ArmPreemptDelayTimer&, const ArmPreemptDelayTimer&) = default;
};
struct StateChanged {
    State from = State::Init;
    State to = State::Init;
    Reason reason = Reason::Startup;
    friend bool operator==(const StateChanged&, const StateChanged&) = default;
};
struct Note {
    NoteKind kind = NoteKind::AdvertIgnored;
    friend bool operator==(const Note&, const Note&) = default;
};

using Action = std::variant<SendAdvert, AddVips, RemoveVips, SendGratuitous, ArmAdvertTimer,
                            CancelAdvertTimer, ArmMasterDownTimer, CancelMasterDownTimer,
                            ArmPreemptDelayTimer, StateChanged, Note>;

std::string_view to_string(State state);
std::string_view to_string(Reason reason);
std::string_view to_string(NoteKind kind);
// One line, e.g. "ArmMasterDownTimer{3609375us}", for logs and test output.
std::string to_string(const Action& action);

}  // namespace xvrrp::fsm

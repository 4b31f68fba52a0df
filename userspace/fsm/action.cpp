#include "fsm/action.h"

#include <type_traits>

namespace xvrrp::fsm {

std::string_view to_string(State state) {
    switch (state) {
        case State::Init:
            return "INIT";
        case State::Backup:
            return "BACKUP";
        case State::Master:
            return "MASTER";
        case State::Fault:
            return "FAULT";
    }
    return "?";
}

std::string_view to_string(Reason reason) {
    switch (reason) {
        case Reason::Startup:
            return "startup";
        case Reason::Shutdown:
            return "shutdown";
        case Reason::MasterDown:
            return "master-down timer";
        case Reason::Preempted:
            return "higher-priority advert";
        case Reason::FaultRaised:
            return "fault raised";
        case Reason::FaultCleared:
            return "fault cleared";
        case Reason::SyncGroup:
            return "sync group";
    }
    return "?";
}

std::string_view to_string(NoteKind kind) {
    switch (kind) {
        case NoteKind::AdvertWhileOwner:
            return "advert received while address owner (processed)";
        case NoteKind::IntervalDiffers:
            return "advert interval differs from ours";
        case NoteKind::AdvertIgnored:
            return "advert not for this router (VRID, family or zero interval)";
        case NoteKind::FromOurAddress:
            return "advert from our own primary address (looped back or duplicate address)";
        case NoteKind::ImmediateAdvertCoalesced:
            return "provoking advert answered by the immediate advert of this interval";
    }
    return "?";
}

namespace {

std::string with_us(std::string_view name, uint64_t us) {
    return std::string(name) + "{" + std::to_string(us) + "us}";
}

}  // namespace

std::string to_string(const Action& action) {
    return std::visit(
        [](const auto& a) -> std::string {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, SendAdvert>) {
                return "SendAdvert{" + std::to_string(a.priority) + "}";
            } else if constexpr (std::is_same_v<T, AddVips>) {
                return "AddVips";
            } else if constexpr (std::is_same_v<T, RemoveVips>) {
                return "RemoveVips";
            } else if constexpr (std::is_same_v<T, SendGratuitous>) {
                return "SendGratuitous";
            } else if constexpr (std::is_same_v<T, ArmAdvertTimer>) {
                return with_us("ArmAdvertTimer", a.delay_us);
            } else if constexpr (std::is_same_v<T, CancelAdvertTimer>) {
                return "CancelAdvertTimer";
            } else if constexpr (std::is_same_v<T, ArmMasterDownTimer>) {
                return with_us("ArmMasterDownTimer", a.delay_us);
            } else if constexpr (std::is_same_v<T, CancelMasterDownTimer>) {
                return "CancelMasterDownTimer";
            } else if constexpr (std::is_same_v<T, ArmPreemptDelayTimer>) {
                return with_us("ArmPreemptDelayTimer", a.delay_us);
            } else if constexpr (std::is_same_v<T, StateChanged>) {
                return "StateChanged{" + std::string(to_string(a.from)) + "->" +
                       std::string(to_string(a.to)) + ", " + std::string(to_string(a.reason)) + "}";
            } else {
                return "Note{" + std::string(to_string(a.kind)) + "}";
            }
        },
        action);
}

}  // namespace xvrrp::fsm

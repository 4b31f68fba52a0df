// What keepalived runs and writes when an instance or a sync group changes
// state. Pure.
//
// For each transition, in this order:
//   1. the state's own script (notify_master / notify_backup / notify_fault /
//      notify_stop), with the arguments written in the configuration only;
//   2. the generic `notify` script, with four arguments appended:
//      INSTANCE|GROUP, the name, MASTER|BACKUP|FAULT|STOP, and the priority
//      (the effective priority for an instance, always 0 for a group);
//   3. one line to the notify FIFO: `INSTANCE "VI_1" MASTER 100` + newline.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fsm/action.h"
#include "track/sync_group.h"

namespace xvrrp::track {

enum class Subject : uint8_t { Instance, Group };
// Deleted: an instance removed by a reload, with notify_deleted (instead of
// Stop). MasterPriority / BackupPriority: the effective priority changed
// while MASTER / BACKUP (notify_priority_changes), written to the FIFO only.
enum class NotifyState : uint8_t {
    Master,
    Backup,
    Fault,
    Stop,
    Deleted,
    MasterPriority,
    BackupPriority
};

std::string_view to_string(Subject subject);  // "INSTANCE" / "GROUP"
// "MASTER" / "BACKUP" / "FAULT" / "STOP" / "DELETED" / "MASTER_PRIORITY" / "BACKUP_PRIORITY"

// The notify state of a state-machine transition's target (INIT after
// running is STOP); nullopt when there is nothing to notify.
std::optional<NotifyState> notify_state(fsm::State from, fsm::State to);
std::optional<NotifyState> notify_state(GroupState to);

struct NotifyEvent {
    Subject subject = Subject::Instance;
    std::string name;
    NotifyState state = NotifyState::Backup;
    uint8_t priority = 0;
    friend bool operator==(const NotifyEvent&, const NotifyEvent&) = default;
};

// The configured scripts of one instance or group, already split into argv.
enum class NotifySlot : uint8_t { Master, Backup, Fault, Stop, Any, Deleted };
inline constexpr size_t kNotifySlots = 6;
struct NotifyArgv {
    std::array<std::vector<std::string>, kNotifySlots>
        slots;  // indexed by NotifySlot; empty: not configured
    const std::vector<std::string>& operator[](NotifySlot s) const {
        return slots[static_cast<size_t>(s)];
    }
    std::vector<std::string>& operator[](NotifySlot s) { return slots[static_cast<size_t>(s)]; }
};

struct NotifyJob {
    NotifySlot slot = NotifySlot::Any;
    std::vector<std::string> argv;
    friend bool operator==(const NotifyJob&, const NotifyJob&) = default;
};

// The scripts to run for `event`, in order (none for the *_PRIORITY ones).
std::vector<NotifyJob> notify_jobs(const NotifyArgv& scripts, const NotifyEvent& event);

// The FIFO line for `event`, newline included.
std::string fifo_line(const NotifyEvent& event);

}  // namespace xvrrp::track

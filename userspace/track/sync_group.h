// keepalived's vrrp_sync_group: member instances move together. Pure.
//
// The rules (keepalived 2.x):
//   - FAULT: while any member is faulty, every member is held in FAULT. A
//     member is faulty when its own tracking says so, or when it entered
//     FAULT for a reason the tracker does not see (an "external" fault, e.g.
//     the controller found no source address). The hold is delivered through
//     each member's verdict (Tracker folds group_fault_of() into `fault`).
//   - BACKUP: when a MASTER member drops to BACKUP (preempted), every other
//     MASTER member is told to go BACKUP too (Forced::GoBackup).
//   - MASTER: a member whose master-down timer fires may become MASTER only
//     if every other member is MASTER or wants to be (its own master-down
//     timer fired recently); otherwise it stays BACKUP and waits another
//     master-down interval ("prefer backup to avoid thrashing"). When it may,
//     the members still waiting are told to become MASTER with it
//     (Forced::GoMaster).
//   - The group's own state, for its notify scripts: FAULT if a member is
//     faulty, MASTER if all are MASTER, BACKUP otherwise; STOP once a member
//     stops (shutdown), and back to INIT, silently, when all have stopped.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fsm/action.h"
#include "track/plan.h"

namespace xvrrp::track {

enum class GroupState : uint8_t { Init, Backup, Master, Fault, Stop };
std::string_view to_string(GroupState state);

enum class ForcedKind : uint8_t {
    GoBackup,  // MASTER -> BACKUP: feed the member's force_backup()
    GoMaster,  // BACKUP -> MASTER: feed the member's master_down_timer_fired()
};
std::string_view to_string(ForcedKind kind);

struct Forced {
    size_t instance = 0;  // index into the plan's instances
    ForcedKind kind = ForcedKind::GoBackup;
    friend bool operator==(const Forced&, const Forced&) = default;
};

struct GroupTransition {
    size_t group = 0;
    GroupState from = GroupState::Init;
    GroupState to = GroupState::Init;
    friend bool operator==(const GroupTransition&, const GroupTransition&) = default;
};

class SyncGroups {
  public:
    explicit SyncGroups(const TrackingPlan& plan);

    // The instance's own tracking verdict (without any group hold).
    void set_own_fault(size_t instance, bool fault);
    // The member whose fault holds `instance` in FAULT, if any (never itself).
    std::optional<size_t> group_fault_of(size_t instance) const;

    struct Reaction {
        bool faults_changed = false;  // an external fault appeared or cleared: re-read
                                      // group_fault_of()
        std::vector<Forced> forced;
        std::optional<GroupTransition> group;
    };
    // Every state change of an instance's state machine, in order.
    Reaction member_changed(size_t instance, fsm::State from, fsm::State to);

    struct Gate {
        bool allow = true;
        std::vector<size_t> followers;  // GoMaster these members along with it
    };
    // Ask before feeding master_down_timer_fired() to a member. When refused,
    // re-arm its master-down timer for another `master_down_interval_us`.
    Gate may_become_master(size_t instance, uint64_t now_us, uint64_t master_down_interval_us);

    GroupState state(size_t group) const { return groups_.at(group).state; }
    bool forced_backup_pending(size_t instance) const { return members_.at(instance).go_backup; }

  private:
    struct Member {
        std::optional<size_t> group;
        fsm::State state = fsm::State::Init;
        bool own_fault = false;
        bool external_fault = false;
        bool go_backup = false;  // told GoBackup, no transition of its own seen since
        uint64_t wants_master_until_us = 0;
        bool faulty() const { return own_fault || external_fault; }
    };
    struct Group {
        std::vector<size_t> members;
        GroupState state = GroupState::Init;
    };

    void force_others_backup(size_t instance, Reaction& r);
    GroupState derive(const Group& g) const;
    std::optional<GroupTransition> regroup(size_t group, fsm::State from, fsm::State to);

    std::vector<Member> members_;
    std::vector<Group> groups_;
};

}  // namespace xvrrp::track

#include "track/sync_group.h"

namespace xvrrp::track {

using fsm::State;

std::string_view to_string(GroupState state) {
    switch (state) {
        case GroupState::Init:
            return "INIT";
        case GroupState::Backup:
            return "BACKUP";
        case GroupState::Master:
            return "MASTER";
        case GroupState::Fault:
            return "FAULT";
        case GroupState::Stop:
            return "STOP";
    }
    return "?";
}

std::string_view to_string(ForcedKind kind) {
    return kind == ForcedKind::GoBackup ? "go-backup" : "go-master";
}

SyncGroups::SyncGroups(const TrackingPlan& plan) : members_(plan.instances.size()) {
    for (size_t i = 0; i < plan.instances.size(); ++i) {
        members_[i].group = plan.instances[i].group;
    }
    for (const auto& g : plan.groups) {
        groups_.push_back(Group{g.members, GroupState::Init});
    }
}

void SyncGroups::set_own_fault(size_t instance, bool fault) {
    members_.at(instance).own_fault = fault;
}

std::optional<size_t> SyncGroups::group_fault_of(size_t instance) const {
    const Member& m = members_.at(instance);
    if (!m.group) {
        return std::nullopt;
    }
    for (size_t j : groups_[*m.group].members) {
        if (j != instance && members_[j].faulty()) {
            return j;
        }
    }
    return std::nullopt;
}

void SyncGroups::force_others_backup(size_t instance, Reaction& r) {
    for (size_t j : groups_[*members_[instance].group].members) {
        Member& other = members_[j];
        if (j != instance && other.state == State::Master && !other.go_backup) {
            other.go_backup = true;
            r.forced.push_back(Forced{j, ForcedKind::GoBackup});
        }
    }
}

SyncGroups::Reaction SyncGroups::member_changed(size_t instance, State from, State to) {
    Reaction r;
    Member& m = members_.at(instance);
    if (!m.group) {
        m.state = to;
        return r;
    }
    m.go_backup = false;  // carried out (force_backup), or overtaken by another change
    const bool was_faulty = m.faulty();
    if (to == State::Fault && !m.own_fault && !group_fault_of(instance)) {
        m.external_fault = true;
    }
    if (to != State::Fault) {
        m.external_fault = false;
    }
    r.faults_changed = was_faulty != m.faulty();
    m.state = to;
    if (to != State::Backup) {
        m.wants_master_until_us = 0;
    }
    if (from == State::Master && to == State::Backup) {
        force_others_backup(instance, r);
    }
    r.group = regroup(*m.group, from, to);
    return r;
}

GroupState SyncGroups::derive(const Group& g) const {
    bool all_init = true;
    bool all_master = true;
    bool any_fault = false;
    for (size_t j : g.members) {
        const Member& m = members_[j];
        all_init = all_init && m.state == State::Init;
        all_master = all_master && m.state == State::Master;
        any_fault = any_fault || m.state == State::Fault;
    }
    if (all_init) {
        return GroupState::Init;
    }
    if (any_fault) {
        return GroupState::Fault;
    }
    return all_master ? GroupState::Master : GroupState::Backup;
}

std::optional<GroupTransition> SyncGroups::regroup(size_t group, State from, State to) {
    Group& g = groups_[group];
    GroupState next;
    if (to == State::Init && from != State::Init) {
        next = GroupState::Stop;  // the first member to stop stops the group (shutdown)
    } else if (g.state == GroupState::Stop && from != State::Init) {
        next = GroupState::Stop;  // members still moving while the group stops
    } else {
        next = derive(g);
    }
    if (next == GroupState::Stop && derive(g) == GroupState::Init && g.state == GroupState::Stop) {
        next = GroupState::Init;  // everyone has stopped: ready for a restart, nothing to notify
    }
    if (next == g.state) {
        return std::nullopt;
    }
    GroupTransition t{group, g.state, next};
    g.state = next;
    return t;
}

SyncGroups::Gate SyncGroups::may_become_master(size_t instance, uint64_t now_us,
                                               uint64_t master_down_interval_us) {
    Gate gate;
    Member& m = members_.at(instance);
    if (!m.group) {
        return gate;
    }
    // Twice the interval: the next expiry, re-armed one interval from now,
    // must find this wish still valid.
    m.wants_master_until_us = now_us + 2 * master_down_interval_us;
    for (size_t j : groups_[*m.group].members) {
        const Member& other = members_[j];
        if (j == instance) {
            continue;
        }
        const bool master = other.state == State::Master && !other.go_backup;
        const bool wants = other.state == State::Backup && other.wants_master_until_us > now_us;
        if (!master && !wants) {
            gate.allow = false;
            gate.followers.clear();
            return gate;
        }
        if (wants) {
            gate.followers.push_back(j);
        }
    }
    for (size_t j : groups_[*m.group].members) {
        members_[j].wants_master_until_us = 0;
    }
    return gate;
}

}  // namespace xvrrp::track

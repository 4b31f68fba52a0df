#include "track/notify_plan.h"

namespace xvrrp::track {

std::string_view to_string(Subject subject) {
    return subject == Subject::Instance ? "INSTANCE" : "GROUP";
}

std::string_view to_string(NotifyState state) {
    switch (state) {
        case NotifyState::Master:
            return "MASTER";
        case NotifyState::Backup:
            return "BACKUP";
        case NotifyState::Fault:
            return "FAULT";
        case NotifyState::Stop:
            return "STOP";
        case NotifyState::Deleted:
            return "DELETED";
        case NotifyState::MasterPriority:
            return "MASTER_PRIORITY";
        case NotifyState::BackupPriority:
            return "BACKUP_PRIORITY";
    }
    return "?";
}

std::optional<NotifyState> notify_state(fsm::State from, fsm::State to) {
    switch (to) {
        case fsm::State::Master:
            return NotifyState::Master;
        case fsm::State::Backup:
            return NotifyState::Backup;
        case fsm::State::Fault:
            return NotifyState::Fault;
        case fsm::State::Init:
            return from == fsm::State::Init ? std::nullopt : std::optional{NotifyState::Stop};
    }
    return std::nullopt;
}

std::optional<NotifyState> notify_state(GroupState to) {
    switch (to) {
        case GroupState::Master:
            return NotifyState::Master;
        case GroupState::Backup:
            return NotifyState::Backup;
        case GroupState::Fault:
            return NotifyState::Fault;
        case GroupState::Stop:
            return NotifyState::Stop;
        case GroupState::Init:
            return std::nullopt;
    }
    return std::nullopt;
}

namespace {

NotifySlot slot_of(NotifyState state) {
    switch (state) {
        case NotifyState::Master:
            return NotifySlot::Master;
        case NotifyState::Backup:
            return NotifySlot::Backup;
        case NotifyState::Fault:
            return NotifySlot::Fault;
        case NotifyState::Stop:
            return NotifySlot::Stop;
        case NotifyState::Deleted:
            return NotifySlot::Deleted;
        case NotifyState::MasterPriority:
        case NotifyState::BackupPriority:
            break;
    }
    return NotifySlot::Any;
}

}  // namespace

std::vector<NotifyJob> notify_jobs(const NotifyArgv& scripts, const NotifyEvent& event) {
    std::vector<NotifyJob> jobs;
    if (event.state == NotifyState::MasterPriority || event.state == NotifyState::BackupPriority) {
        return jobs;
    }
    const NotifySlot own = slot_of(event.state);
    if (!scripts[own].empty()) {
        jobs.push_back(NotifyJob{own, scripts[own]});
    }
    if (!scripts[NotifySlot::Any].empty()) {
        NotifyJob any{NotifySlot::Any, scripts[NotifySlot::Any]};
        any.argv.emplace_back(to_string(event.subject));
        any.argv.push_back(event.name);
        any.argv.emplace_back(to_string(event.state));
        any.argv.push_back(std::to_string(event.subject == Subject::Group ? 0 : event.priority));
        jobs.push_back(std::move(any));
    }
    return jobs;
}

std::string fifo_line(const NotifyEvent& event) {
    const unsigned prio = event.subject == Subject::Group ? 0u : event.priority;
    // Appends only: GCC 12 at -O3 warns (-Wrestrict, a false positive, GCC
    // bug 105329) on "literal" + std::string temporaries.
    std::string line;
    line += to_string(event.subject);
    line += " \"";
    line += event.name;
    line += "\" ";
    line += to_string(event.state);
    line += ' ';
    line += std::to_string(prio);
    line += '\n';
    return line;
}

}  // namespace xvrrp::track

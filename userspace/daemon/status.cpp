#include "daemon/status.h"

#include <ctime>

#include <fmt/format.h>

namespace xvrrp::daemon {

namespace {

std::optional<std::string> master_ip(const Instance& inst) {
    switch (inst.fsm().state()) {
        case fsm::State::Master:
            return inst.primary().to_string();
        case fsm::State::Backup:
            if (const auto& m = inst.fsm().master()) {
                return m->address.to_string();
            }
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

std::optional<std::string> v3_checksum(const config::Instance& c) {
    if (c.version != proto::Version::V3) {
        return std::nullopt;
    }
    return c.v3_checksum_as_v2 ? "rfc9568" : "pseudo-header";
}

}  // namespace

InstanceStatus status_of(const Instance& inst) {
    const auto& c = inst.cfg();
    InstanceStatus s;
    s.name = c.name;
    s.interface = c.interface;
    s.vrid = c.vrid;
    s.family = c.family == proto::Family::V4 ? "IPv4" : "IPv6";
    s.version = static_cast<int>(c.version);
    s.state = std::string(fsm::to_string(inst.fsm().state()));
    s.priority = c.priority;
    s.effective_priority = inst.fsm().priority();
    s.master_ip = master_ip(inst);
    s.advert_interval_ms = inst.fsm().advert_interval_us() / 1000;
    for (const auto& v : c.vips) {
        s.vips.push_back(v.addr.to_string() + "/" + std::to_string(v.prefix_len));
    }
    s.transitions = inst.status().transitions_before + inst.fsm().transitions();
    s.immediate_adverts_coalesced = inst.fsm().immediate_adverts_coalesced();
    s.master_entries = inst.status().master_entries;
    s.last_transition_unix_ms = inst.status().last_transition_unix_ms;
    s.last_reason = inst.status().last_reason;
    if (inst.fsm().state() == fsm::State::Fault && !inst.status().fault.empty()) {
        s.fault_reason = inst.status().fault;
    }
    s.v3_checksum = v3_checksum(c);
    s.version_migration = c.version_migration;
    return s;
}

std::string iso8601_utc(int64_t unix_ms) {
    const time_t secs = static_cast<time_t>(unix_ms / 1000);
    tm t{};
    gmtime_r(&secs, &t);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", t.tm_year + 1900, t.tm_mon + 1,
                       t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, unix_ms % 1000);
}

nlohmann::json to_json(const InstanceStatus& s) {
    nlohmann::json j = {
        {"name", s.name},
        {"interface", s.interface},
        {"vrid", s.vrid},
        {"family", s.family},
        {"version", s.version},
        {"state", s.state},
        {"priority", s.priority},
        {"effective_priority", s.effective_priority},
        {"master_ip", nullptr},
        {"advert_interval_ms", s.advert_interval_ms},
        {"vips", s.vips},
        {"transitions", s.transitions},
        {"last_transition", nullptr},
        {"last_reason", s.last_reason},
        {"v3_checksum", nullptr},
        {"version_migration", s.version_migration},
        {"fault_reason", nullptr},
        {"immediate_adverts_coalesced", s.immediate_adverts_coalesced},
        {"master_entries", s.master_entries},
    };
    if (s.fault_reason) {
        j["fault_reason"] = *s.fault_reason;
    }
    if (s.v3_checksum) {
        j["v3_checksum"] = *s.v3_checksum;
    }
    if (s.master_ip) {
        j["master_ip"] = *s.master_ip;
    }
    if (s.last_transition_unix_ms != 0) {
        j["last_transition"] = iso8601_utc(s.last_transition_unix_ms);
    }
    return j;
}

nlohmann::json status_json(const std::vector<InstanceStatus>& all) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : all) {
        list.push_back(to_json(s));
    }
    return nlohmann::json{{"instances", list}};
}

}  // namespace xvrrp::daemon

#include "metrics/families.h"

#include <cctype>
#include <limits>
#include <utility>

namespace xvrrp::metrics {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using Labels = std::vector<ClientMetric::Label>;

constexpr std::array kStates{fsm::State::Init, fsm::State::Backup, fsm::State::Master,
                             fsm::State::Fault};
constexpr std::array kHealths{track::Health::Unknown, track::Health::Up, track::Health::Down};

MetricFamily family(std::string name, std::string help, MetricType type) {
    return MetricFamily{std::move(name), std::move(help), type, {}};
}

void add(MetricFamily& f, Labels labels, double value) {
    ClientMetric m;
    m.label = std::move(labels);
    if (f.type == MetricType::Counter) {
        m.counter.value = value;
    } else {
        m.gauge.value = value;
    }
    f.metric.push_back(std::move(m));
}

// Every per-instance series carries the same identity.
Labels instance_labels(const InstanceSample& i) {
    return {{"instance", i.name},
            {"interface", i.interface},
            {"vrid", std::to_string(i.key.vrid)},
            {"family", i.key.family == proto::Family::V4 ? "ipv4" : "ipv6"}};
}

Labels with(Labels base, std::string name, std::string value) {
    base.push_back({std::move(name), std::move(value)});
    return base;
}

uint64_t counter_of(const LinkCounters& l, xvrrp_counter c) {
    const auto i = static_cast<size_t>(c);
    return i < l.counters.size() ? l.counters[i].value : 0;
}

std::vector<MetricFamily> instance_families(const Snapshot& snap, const KernelSample& kernel) {
    auto state = family("xvrrp_instance_state",
                        "VRRP state of the instance: 1 for the current state, 0 for the others",
                        MetricType::Gauge);
    auto prio = family("xvrrp_instance_priority",
                       "Priority of the instance: as configured, and effective after tracking",
                       MetricType::Gauge);
    auto trans = family("xvrrp_transitions_total", "State transitions of the instance, by reason",
                        MetricType::Counter);
    auto sent =
        family("xvrrp_adverts_sent_total",
               "Advertisements the instance handed to the kernel to send", MetricType::Counter);
    auto master = family("xvrrp_master_changes_total",
                         "Times the instance became MASTER (RFC 6527 MasterTransitions)",
                         MetricType::Counter);
    auto lease = family("xvrrp_lease_remaining_seconds",
                        "Time left before the kernel stops answering ARP/ND for the instance's "
                        "VIPs (0 when no lease or run out)",
                        MetricType::Gauge);
    for (const auto& i : snap.instances) {
        const Labels id = instance_labels(i);
        for (const auto s : kStates) {
            add(state, with(id, "state", std::string(state_label(s))), s == i.state ? 1 : 0);
        }
        add(prio, with(id, "kind", "configured"), i.priority);
        add(prio, with(id, "kind", "effective"), i.effective_priority);
        for (size_t r = 0; r < kReasonCount; ++r) {
            add(trans, with(id, "reason", std::string(reason_label(static_cast<fsm::Reason>(r)))),
                static_cast<double>(i.transitions[r]));
        }
        add(sent, id, static_cast<double>(i.adverts_sent));
        add(master, id, static_cast<double>(i.master_entries));
        if (auto it = kernel.lease_remaining_s.find({i.interface, i.key});
            it != kernel.lease_remaining_s.end()) {
            add(lease, id, it->second);
        }
    }
    return {std::move(state), std::move(prio),   std::move(trans),
            std::move(sent),  std::move(master), std::move(lease)};
}

std::vector<MetricFamily> interface_families(const KernelSample& kernel) {
    auto rx = family("xvrrp_adverts_received_total",
                     "VRRP advertisements the XDP program parsed, whatever the verdict",
                     MetricType::Counter);
    auto discards = family("xvrrp_advert_discards_total",
                           "Advertisements the XDP program discarded, by CONFORMANCE.md rule",
                           MetricType::Counter);
    auto arp =
        family("xvrrp_arp_replies_total", "ARP requests for a VIP answered from XDP with the VMAC",
               MetricType::Counter);
    auto nd = family("xvrrp_nd_replies_total",
                     "Neighbor Solicitations for a VIP answered from XDP with an NA",
                     MetricType::Counter);
    auto arp_drops =
        family("xvrrp_arp_drops_total", "ARP requests for a VIP dropped in XDP, by reason",
               MetricType::Counter);
    auto accept = family("xvrrp_accept_mode_drops_total",
                         "Packets to a VIP dropped in XDP by a MASTER without accept mode (A3)",
                         MetricType::Counter);
    auto ring = family("xvrrp_ringbuf_drops_total",
                       "Kernel events lost because the ring buffer was full", MetricType::Counter);
    for (const auto& l : kernel.links) {
        const Labels id{{"interface", l.interface}};
        add(rx, id, static_cast<double>(counter_of(l, XVRRP_CNT_ADVERT_RX)));
        for (const auto& c : l.counters) {
            if (const auto rule = rule_of(c.counter); !rule.empty()) {
                add(discards, with(id, "rule", rule), static_cast<double>(c.value));
            }
        }
        add(arp, id, static_cast<double>(counter_of(l, XVRRP_CNT_ARP_REPLY)));
        add(nd, id, static_cast<double>(counter_of(l, XVRRP_CNT_NA_REPLY)));
        add(arp_drops, with(id, "reason", "not_master"),
            static_cast<double>(counter_of(l, XVRRP_CNT_ARP_DROP_NOT_MASTER)));
        add(arp_drops, with(id, "reason", "lease_expired"),
            static_cast<double>(counter_of(l, XVRRP_CNT_ARP_DROP_LEASE)));
        add(ring, id, static_cast<double>(counter_of(l, XVRRP_CNT_RINGBUF_FULL)));
        add(accept, id, static_cast<double>(counter_of(l, XVRRP_CNT_ACCEPT_DROP)));
    }
    return {std::move(rx),        std::move(discards), std::move(arp),   std::move(nd),
            std::move(arp_drops), std::move(ring),     std::move(accept)};
}

std::vector<MetricFamily> service_families(const BuildInfo& build, const Snapshot& snap,
                                           double snapshot_age_s) {
    auto info = family("xvrrp_build_info", "Version and git revision of the running xvrrp (1)",
                       MetricType::Gauge);
    add(info, {{"version", build.version}, {"revision", build.revision}}, 1);
    auto scripts =
        family("xvrrp_script_status",
               "vrrp_script health: 1 for the current status, 0 for the others", MetricType::Gauge);
    for (const auto& s : snap.scripts) {
        for (const auto h : kHealths) {
            add(scripts, {{"script", s.name}, {"status", std::string(health_label(h))}},
                s.health == h ? 1 : 0);
        }
    }
    auto queue = family("xvrrp_notify_queue_depth",
                        "Notify scripts waiting for an earlier one of the same target to end",
                        MetricType::Gauge);
    add(queue, {}, static_cast<double>(snap.notify_waiting));
    auto late = family("xvrrp_advert_timer_lateness_seconds",
                       "How long after its deadline the event loop ran a MASTER's advert timer",
                       MetricType::Histogram);
    ClientMetric h;
    uint64_t cumulative = 0;
    for (size_t i = 0; i < Lateness::kBoundsUs.size(); ++i) {
        cumulative += snap.advert_lateness.counts[i];
        h.histogram.bucket.push_back(
            {cumulative, static_cast<double>(Lateness::kBoundsUs[i]) / 1e6});
    }
    cumulative += snap.advert_lateness.counts.back();
    h.histogram.bucket.push_back({cumulative, std::numeric_limits<double>::infinity()});
    h.histogram.sample_count = cumulative;
    h.histogram.sample_sum = static_cast<double>(snap.advert_lateness.sum_us) / 1e6;
    late.metric.push_back(std::move(h));
    auto age = family("xvrrp_metrics_snapshot_age_seconds",
                      "Age of the controller state in this scrape (grows if the event loop "
                      "does not answer)",
                      MetricType::Gauge);
    add(age, {}, snapshot_age_s);
    auto build_time = family("xvrrp_metrics_snapshot_build_seconds",
                             "Time the event loop spent answering this scrape (copying its state)",
                             MetricType::Gauge);
    add(build_time, {}, static_cast<double>(snap.build_ns) / 1e9);
    return {std::move(info), std::move(scripts),    std::move(queue),
            std::move(late), std::move(build_time), std::move(age)};
}

}  // namespace

// Indexed by the enums' values (fsm/action.h, track/script_health.h).
std::string_view state_label(fsm::State state) {
    static constexpr std::array<std::string_view, 4> kLabels{"init", "backup", "master", "fault"};
    return kLabels.at(static_cast<size_t>(state));
}

std::string_view reason_label(fsm::Reason reason) {
    static constexpr std::array<std::string_view, kReasonCount> kLabels{
        "startup",      "shutdown",      "master_down", "preempted",
        "fault_raised", "fault_cleared", "sync_group"};
    return kLabels.at(static_cast<size_t>(reason));
}

std::string_view health_label(track::Health health) {
    static constexpr std::array<std::string_view, 3> kLabels{"unknown", "up", "down"};
    return kLabels.at(static_cast<size_t>(health));
}

// The discard block of the counters is named "discard_<rule>_<what>"
// (dataplane/counters.cpp), so the rule IDs come from the one name table;
// I3 (a v2 advert from a master that sends v3) is counted outside it.
std::string rule_of(xvrrp_counter counter) {
    if (counter == XVRRP_CNT_V2_IGNORED) {
        return "I3";
    }
    if (counter <= XVRRP_CNT_ADVERT_ACCEPTED || counter >= XVRRP_CNT_ADVERT_RX) {
        return "";
    }
    const std::string_view name = dataplane::counter_name(counter);
    constexpr std::string_view kPrefix = "discard_";
    const auto rest = name.substr(kPrefix.size());
    std::string rule(rest.substr(0, rest.find('_')));
    for (auto& ch : rule) {
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    return rule;
}

std::vector<MetricFamily> families(const BuildInfo& build, const Snapshot& snap,
                                   const KernelSample& kernel, double snapshot_age_s) {
    std::vector<MetricFamily> out = service_families(build, snap, snapshot_age_s);
    for (auto& f : instance_families(snap, kernel)) {
        out.push_back(std::move(f));
    }
    for (auto& f : interface_families(kernel)) {
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace xvrrp::metrics

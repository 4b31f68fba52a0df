// The Prometheus view: every family's name, type and labels, one series per
// state / reason / rule, and the text Prometheus reads.
#include "metrics/families.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <map>
#include <set>

namespace xvrrp::metrics {
namespace {

using prometheus::MetricFamily;
using prometheus::MetricType;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

InstanceSample master_v4() {
    InstanceSample i;
    i.name = "VI_1";
    i.interface = "bond1";
    i.key = {7, proto::Family::V4};
    i.state = fsm::State::Master;
    i.priority = 200;
    i.effective_priority = 180;
    i.transitions[static_cast<size_t>(fsm::Reason::Startup)] = 1;
    i.transitions[static_cast<size_t>(fsm::Reason::MasterDown)] = 2;
    i.adverts_sent = 1234;
    i.master_entries = 2;
    return i;
}

LinkCounters link_counters(const std::string& ifname) {
    LinkCounters l{ifname, {}};
    for (uint32_t c = 0; c < XVRRP_CNT_MAX; ++c) {
        const auto counter = static_cast<xvrrp_counter>(c);
        l.counters.push_back({counter, dataplane::counter_name(counter), 1000 + c});
    }
    return l;
}

struct Fixture {
    Snapshot snap;
    KernelSample kernel;
    std::vector<MetricFamily> out;
    Fixture() {
        snap.instances.push_back(master_v4());
        auto backup = master_v4();
        backup.name = "VI_6";
        backup.key = {7, proto::Family::V6};
        backup.state = fsm::State::Backup;
        snap.instances.push_back(backup);
        snap.scripts.push_back({"chk_haproxy", track::Health::Down});
        snap.notify_waiting = 3;
        kernel.links.push_back(link_counters("bond1"));
        kernel.lease_remaining_s[{"bond1", dataplane::RouterKey{7, proto::Family::V4}}] = 0.03;
        out = families(BuildInfo{"0.1.0", "abc123"}, snap, kernel, 0.001);
    }
    const MetricFamily& get(const std::string& name) const {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const MetricFamily& f) { return f.name == name; });
        if (it == out.end()) {
            throw std::runtime_error("no family " + name);
        }
        return *it;
    }
};

std::string label(const prometheus::ClientMetric& m, const std::string& name) {
    for (const auto& l : m.label) {
        if (l.name == name) {
            return l.value;
        }
    }
    return "<none>";
}

TEST(MetricsFamilies, NamesAndTypesFollowPrometheusConventions) {
    Fixture f;
    std::map<std::string, MetricType> seen;
    for (const auto& fam : f.out) {
        EXPECT_FALSE(fam.help.empty()) << fam.name;
        EXPECT_EQ(fam.name.rfind("xvrrp_", 0), 0u) << fam.name;
        const bool total = fam.name.size() > 6 && fam.name.ends_with("_total");
        EXPECT_EQ(total, fam.type == MetricType::Counter) << fam.name;
        seen[fam.name] = fam.type;
    }
    const std::map<std::string, MetricType> want{
        {"xvrrp_build_info", MetricType::Gauge},
        {"xvrrp_script_status", MetricType::Gauge},
        {"xvrrp_notify_queue_depth", MetricType::Gauge},
        {"xvrrp_metrics_snapshot_age_seconds", MetricType::Gauge},
        {"xvrrp_advert_timer_lateness_seconds", MetricType::Histogram},
        {"xvrrp_metrics_snapshot_build_seconds", MetricType::Gauge},
        {"xvrrp_instance_state", MetricType::Gauge},
        {"xvrrp_instance_priority", MetricType::Gauge},
        {"xvrrp_transitions_total", MetricType::Counter},
        {"xvrrp_adverts_sent_total", MetricType::Counter},
        {"xvrrp_master_changes_total", MetricType::Counter},
        {"xvrrp_lease_remaining_seconds", MetricType::Gauge},
        {"xvrrp_adverts_received_total", MetricType::Counter},
        {"xvrrp_advert_discards_total", MetricType::Counter},
        {"xvrrp_arp_replies_total", MetricType::Counter},
        {"xvrrp_nd_replies_total", MetricType::Counter},
        {"xvrrp_arp_drops_total", MetricType::Counter},
        {"xvrrp_ringbuf_drops_total", MetricType::Counter},
        {"xvrrp_accept_mode_drops_total", MetricType::Counter},
    };
    EXPECT_EQ(seen, want);
}

TEST(MetricsFamilies, InstanceStateIsOneSeriesPerStateWithExactlyOneSet) {
    Fixture f;
    const auto& fam = f.get("xvrrp_instance_state");
    ASSERT_EQ(fam.metric.size(), 8u);  // 2 instances x 4 states
    std::map<std::string, std::map<std::string, double>> by;
    for (const auto& m : fam.metric) {
        by[label(m, "instance") + "/" + label(m, "family")][label(m, "state")] = m.gauge.value;
        EXPECT_EQ(label(m, "interface"), "bond1");
        EXPECT_EQ(label(m, "vrid"), "7");
    }
    using S = std::map<std::string, double>;
    EXPECT_EQ(by["VI_1/ipv4"], (S{{"init", 0}, {"backup", 0}, {"master", 1}, {"fault", 0}}));
    EXPECT_EQ(by["VI_6/ipv6"], (S{{"init", 0}, {"backup", 1}, {"master", 0}, {"fault", 0}}));
}

TEST(MetricsFamilies, TransitionsCarryEveryReasonEvenAtZero) {
    Fixture f;
    std::map<std::string, double> vi1;
    for (const auto& m : f.get("xvrrp_transitions_total").metric) {
        if (label(m, "instance") == "VI_1") {
            vi1[label(m, "reason")] = m.counter.value;
        }
    }
    EXPECT_EQ(vi1, (std::map<std::string, double>{{"startup", 1},
                                                  {"shutdown", 0},
                                                  {"master_down", 2},
                                                  {"preempted", 0},
                                                  {"fault_raised", 0},
                                                  {"fault_cleared", 0},
                                                  {"sync_group", 0}}));
}

TEST(MetricsFamilies, PriorityConfiguredAndEffective) {
    Fixture f;
    std::map<std::string, double> vi1;
    for (const auto& m : f.get("xvrrp_instance_priority").metric) {
        if (label(m, "instance") == "VI_1") {
            vi1[label(m, "kind")] = m.gauge.value;
        }
    }
    EXPECT_EQ(vi1, (std::map<std::string, double>{{"configured", 200}, {"effective", 180}}));
}

TEST(MetricsFamilies, DiscardsAreOneSeriesPerConformanceRule) {
    Fixture f;
    std::map<std::string, double> rules;
    for (const auto& m : f.get("xvrrp_advert_discards_total").metric) {
        rules[label(m, "rule")] = m.counter.value;
    }
    // Fixture values are 1000 + the counter index (abi.h enum xvrrp_counter).
    EXPECT_EQ(rules, (std::map<std::string, double>{
                         {"D1", 1001},
                         {"D2", 1002},
                         {"D3", 1003},
                         {"D4", 1004},
                         {"D5", 1005},
                         {"D6", 1006},
                         {"D7", 1007},
                         {"D8", 1008},
                         {"D9", 1009},
                         {"D10", 1010},
                         {"D12", 1011},
                         {"V1", 1012},
                         {"V2", 1013},
                         {"V3", 1014},
                         {"I3", 1000 + XVRRP_CNT_V2_IGNORED},
                     }));
}

TEST(MetricsFamilies, RuleOfMapsOnlyDiscardCounters) {
    EXPECT_EQ(rule_of(XVRRP_CNT_ADVERT_ACCEPTED), "");
    EXPECT_EQ(rule_of(XVRRP_CNT_ADVERT_RX), "");
    EXPECT_EQ(rule_of(XVRRP_CNT_ARP_REPLY), "");
    EXPECT_EQ(rule_of(static_cast<xvrrp_counter>(XVRRP_DISCARD_D12_PEER)), "D12");
    EXPECT_EQ(rule_of(XVRRP_CNT_V2_IGNORED), "I3");
}

TEST(MetricsFamilies, InterfaceCountersComeFromTheirKernelCounters) {
    Fixture f;
    auto one = [&](const std::string& name) {
        const auto& fam = f.get(name);
        EXPECT_EQ(fam.metric.size(), 1u) << name;
        EXPECT_EQ(label(fam.metric.at(0), "interface"), "bond1") << name;
        return fam.metric.at(0).counter.value;
    };
    EXPECT_EQ(one("xvrrp_adverts_received_total"), 1000 + XVRRP_CNT_ADVERT_RX);
    EXPECT_EQ(one("xvrrp_arp_replies_total"), 1000 + XVRRP_CNT_ARP_REPLY);
    EXPECT_EQ(one("xvrrp_nd_replies_total"), 1000 + XVRRP_CNT_NA_REPLY);
    EXPECT_EQ(one("xvrrp_ringbuf_drops_total"), 1000 + XVRRP_CNT_RINGBUF_FULL);
    EXPECT_EQ(one("xvrrp_accept_mode_drops_total"), 1000 + XVRRP_CNT_ACCEPT_DROP);
    std::map<std::string, double> drops;
    for (const auto& m : f.get("xvrrp_arp_drops_total").metric) {
        drops[label(m, "reason")] = m.counter.value;
    }
    EXPECT_EQ(drops,
              (std::map<std::string, double>{{"not_master", 1000 + XVRRP_CNT_ARP_DROP_NOT_MASTER},
                                             {"lease_expired", 1000 + XVRRP_CNT_ARP_DROP_LEASE}}));
}

TEST(MetricsFamilies, LeaseOnlyForRoutersTheKernelHasAndScriptsAndQueue) {
    Fixture f;
    const auto& lease = f.get("xvrrp_lease_remaining_seconds");
    ASSERT_EQ(lease.metric.size(), 1u);
    EXPECT_EQ(label(lease.metric[0], "instance"), "VI_1");
    EXPECT_DOUBLE_EQ(lease.metric[0].gauge.value, 0.03);
    std::map<std::string, double> script;
    for (const auto& m : f.get("xvrrp_script_status").metric) {
        EXPECT_EQ(label(m, "script"), "chk_haproxy");
        script[label(m, "status")] = m.gauge.value;
    }
    EXPECT_EQ(script, (std::map<std::string, double>{{"unknown", 0}, {"up", 0}, {"down", 1}}));
    EXPECT_EQ(f.get("xvrrp_notify_queue_depth").metric.at(0).gauge.value, 3);
    EXPECT_EQ(f.get("xvrrp_adverts_sent_total").metric.at(0).counter.value, 1234);
    EXPECT_EQ(f.get("xvrrp_master_changes_total").metric.at(0).counter.value, 2);
}

TEST(MetricsFamilies, TextFormatIsWhatPrometheusReads) {
    Fixture f;
    const std::string text = prometheus::TextSerializer().Serialize(f.out);
    EXPECT_NE(text.find("# TYPE xvrrp_instance_state gauge\n"), std::string::npos);
    EXPECT_NE(text.find("xvrrp_instance_state{instance=\"VI_1\",interface=\"bond1\",vrid=\"7\","
                        "family=\"ipv4\",state=\"master\"} 1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("xvrrp_build_info{version=\"0.1.0\",revision=\"abc123\"} 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("xvrrp_advert_discards_total{interface=\"bond1\",rule=\"D1\"} 1001\n"),
              std::string::npos);
}

TEST(MetricsFamilies, AdvertTimerLatenessIsACumulativeHistogramInSeconds) {
    Fixture f;
    for (const uint64_t us : {0, 50, 51, 900, 10'000, 999'999}) {
        f.snap.advert_lateness.record(us);
    }
    const auto out = families(BuildInfo{"0.1.0", "abc123"}, f.snap, f.kernel, 0);
    const auto& h = std::find_if(out.begin(), out.end(),
                                 [](const MetricFamily& fam) {
                                     return fam.name == "xvrrp_advert_timer_lateness_seconds";
                                 })
                        ->metric.at(0)
                        .histogram;
    EXPECT_EQ(h.sample_count, 6u);
    EXPECT_DOUBLE_EQ(h.sample_sum, 1'011'000e-6);
    ASSERT_EQ(h.bucket.size(), 13u);
    std::vector<uint64_t> cumulative;
    for (const auto& b : h.bucket) {
        cumulative.push_back(b.cumulative_count);
    }
    // le 50us: 0 and 50; 100us: +51; 1ms: +900; 10ms: +10000; +Inf: the rest.
    EXPECT_THAT(cumulative, ElementsAre(2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5, 6));
    EXPECT_DOUBLE_EQ(h.bucket[0].upper_bound, 50e-6);
    EXPECT_DOUBLE_EQ(h.bucket[11].upper_bound, 0.25);
    const std::string text = prometheus::TextSerializer().Serialize(out);
    EXPECT_NE(text.find("xvrrp_advert_timer_lateness_seconds_count 6\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find("xvrrp_advert_timer_lateness_seconds_bucket{le=\"+Inf\"} 6\n"),
              std::string::npos);
}

TEST(MetricsFamilies, NothingRunningStillServesTheServiceFamilies) {
    const auto out = families(BuildInfo{"0.1.0", "unknown"}, Snapshot{}, KernelSample{}, 0);
    const auto& info = *std::find_if(out.begin(), out.end(), [](const MetricFamily& fam) {
        return fam.name == "xvrrp_build_info";
    });
    EXPECT_EQ(info.metric.size(), 1u);
    for (const auto& fam : out) {
        if (fam.name.find("instance") != std::string::npos) {
            EXPECT_TRUE(fam.metric.empty()) << fam.name;
        }
    }
}

}  // namespace
}  // namespace xvrrp::metrics

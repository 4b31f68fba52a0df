#include "daemon/metrics_feed.h"

#include <spdlog/spdlog.h>

#include "daemon/controller.h"
#include "daemon/controller_link.h"
#include "daemon/errors.h"
#include "daemon/link_set.h"

namespace xvrrp::daemon {

namespace {

metrics::InstanceSample sample_of(const Instance& inst) {
    metrics::InstanceSample s;
    s.name = inst.cfg().name;
    s.interface = inst.ifname();
    s.key = inst.key();
    s.state = inst.fsm().state();
    s.priority = inst.cfg().priority;
    s.effective_priority = inst.fsm().priority();
    s.transitions = inst.status().transitions_by_reason;
    s.adverts_sent = inst.status().adverts_sent;
    s.master_entries = inst.status().master_entries;
    return s;
}

}  // namespace

std::unique_ptr<metrics::Exporter> start_metrics(const std::string& address) {
    try {
        auto exporter = std::make_unique<metrics::Exporter>(address, metrics::build_info());
        spdlog::info("Prometheus metrics on http://{}/metrics", address);
        return exporter;
    } catch (const std::exception& e) {
        throw Fatal(kExitRuntime,
                    std::string(e.what()) + " (--metrics or global_defs xvrrp_metrics_address)");
    }
}

metrics::Snapshot metrics_snapshot(const std::vector<std::unique_ptr<Instance>>& instances,
                                   LinkSet& links, const track::Tracker* tracker,
                                   const metrics::Lateness& advert_lateness) {
    metrics::Snapshot snap;
    snap.advert_lateness = advert_lateness;
    snap.instances.reserve(instances.size());
    for (const auto& inst : instances) {
        snap.instances.push_back(sample_of(*inst));
    }
    if (tracker) {
        for (const auto& s : tracker->scripts()) {
            snap.scripts.push_back(metrics::ScriptSample{s.name, s.health});
        }
        snap.notify_waiting = tracker->notifications_waiting();
    }
    for (const auto& [name, link] : links.all()) {
        if (!link->maps) {
            continue;
        }
        auto maps = std::make_shared<metrics::LinkMaps>();
        maps->interface = name;
        maps->counters = dataplane::OwnedFd::dup_of(link->maps->counters_fd());
        maps->routers = dataplane::OwnedFd::dup_of(link->maps->routers_fd());
        if (maps->counters.valid() && maps->routers.valid()) {
            snap.links.push_back(std::move(maps));
        }
    }
    return snap;
}

void Controller::on_metrics() {
    metrics_->take_request();
    metrics_->publish(metrics_snapshot(instances_, *links_, tracker_.get(), advert_lateness_));
}

}  // namespace xvrrp::daemon

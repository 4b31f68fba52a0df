// The controller's side of the metrics endpoint (metrics/exporter.h): start
// it, and copy the loop's state into a Snapshot when a scrape asks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "daemon/instance.h"
#include "metrics/exporter.h"
#include "metrics/snapshot.h"
#include "track/tracker.h"

namespace xvrrp::daemon {

class LinkSet;

// Listens on `address`; throws Fatal (runtime, exit 2) naming it when it cannot.
std::unique_ptr<metrics::Exporter> start_metrics(const std::string& address);

// What a scrape shows of the controller: instance counters and states, script
// health, the notify queue, and dup()ed handles on each link's maps.
metrics::Snapshot metrics_snapshot(const std::vector<std::unique_ptr<Instance>>& instances,
                                   LinkSet& links, const track::Tracker* tracker,
                                   const metrics::Lateness& advert_lateness);

}  // namespace xvrrp::daemon

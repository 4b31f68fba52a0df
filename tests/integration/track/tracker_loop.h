// A Tracker driven the way the controller drives it: no link tracking (the
// tests feed no netlink), and the miniature event loop of helpers.h.
#pragma once

#include <functional>

#include "helpers.h"
#include "track/tracker.h"

namespace track_it {

inline xvrrp::track::TrackerOptions no_links() {
    xvrrp::track::TrackerOptions o;
    o.track_links = false;
    return o;
}

// Runs the tracker's side of an event loop until `done()`; false on timeout.
inline bool drive(xvrrp::track::Tracker& t, const std::function<bool()>& done, int limit_ms) {
    return run_loop(
        t.fd(), [&] { return t.next_deadline_us(); }, [&](uint64_t n) { t.on_readable(n); },
        [&](uint64_t n) { t.on_deadline(n); }, done, limit_ms);
}

}  // namespace track_it

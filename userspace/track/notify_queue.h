// Notify scripts delivered in order, one at a time per instance or group.
//
// Each target (an instance or a sync group) has its own queue: its next
// script starts only once the previous one has exited or been killed at its
// timeout, so a notify_backup never overtakes the notify_master before it.
// Different targets run in parallel. A target that keeps failing over while
// its script hangs could queue without bound, so each queue holds at most
// `limit` waiting jobs and drops the OLDEST waiting one beyond that (the most
// recent transitions are the ones that describe the present). Pure.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "track/notify_plan.h"

namespace xvrrp::track {

class NotifyQueue {
  public:
    NotifyQueue(size_t targets, size_t limit);

    // Appends `jobs` to `target`'s queue; returns how many waiting jobs were dropped.
    size_t push(size_t target, std::vector<NotifyJob> jobs);
    // The next job of every idle target that has one; those targets become busy.
    std::vector<std::pair<size_t, NotifyJob>> take_startable();
    // `target`'s running job ended (exited, killed, or could not start).
    void done(size_t target);

    bool busy(size_t target) const { return targets_.at(target).busy; }
    size_t waiting(size_t target) const { return targets_.at(target).waiting.size(); }
    // Nothing running and nothing waiting, anywhere.
    bool idle() const;
    // Jobs waiting, summed over every target (the metrics' queue depth).
    size_t waiting_total() const;

  private:
    struct Target {
        std::deque<NotifyJob> waiting;
        bool busy = false;
    };
    std::vector<Target> targets_;
    size_t limit_;
};

}  // namespace xvrrp::track

// SIGHUP: which running instances a new configuration keeps, changes, drops
// or adds, by instance name. Pure.
//
// "Unchanged" ignores where things are written (file and line), so editing
// a comment above an instance does not restart it.
#pragma once

#include <string>
#include <vector>

#include "config/model.h"

namespace xvrrp::daemon {

struct ReloadPlan {
    std::vector<std::string> unchanged;  // keep running, no transition
    std::vector<std::string> changed;    // same name, different settings: re-create
    std::vector<std::string> removed;    // shut down (S7 if MASTER)
    std::vector<std::string> added;      // start (S1 / S2)
};

// Equal as running settings (source positions ignored).
bool same_settings(const config::Instance& a, const config::Instance& b);

// Whether a changed instance still is the same virtual router on the wire:
// same interface, VRID and family (the kernel entry can be kept).
bool same_router(const config::Instance& a, const config::Instance& b);

ReloadPlan plan_reload(const std::vector<config::Instance>& running,
                       const std::vector<config::Instance>& wanted);

}  // namespace xvrrp::daemon

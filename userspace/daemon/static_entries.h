// static_ipaddress / static_routes / static_rules: what keepalived installs
// once, whatever the instances do. Installed at start, brought to the new
// lists on reload (what left is removed, what is new is added), and removed
// at a graceful stop, as keepalived 2.2.7 does (its stop_vrrp clears them).
// A controller killed hard leaves them in place; the next start adds them
// again without duplicates.
#pragma once

#include "config/model.h"
#include "daemon/io.h"

namespace xvrrp::daemon {

// `old` null: start. `next` null: stop. Failures are logged by the Io, the
// controller carries on.
void sync_static(Io& io, const config::Config* old, const config::Config* next);

}  // namespace xvrrp::daemon

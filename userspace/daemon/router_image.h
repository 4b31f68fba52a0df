// What the kernel fast path must know about one virtual router, as the
// abi.h `vrid` map entry: our state, priority and settings, the master the
// state machine currently accepts, and the lease. Pure.
//
// The controller writes the whole entry whenever any of it changes (the
// kernel writes the master_* block itself when it reports a new master, so
// re-writing it after each input is what keeps the two in step), and only
// pushes the lease forward on advert ticks (Maps::refresh_leases).
#pragma once

#include <cstdint>

#include "config/model.h"
#include "fsm/virtual_router.h"
#include "xvrrp/abi.h"

namespace xvrrp::daemon {

// How long a MASTER's lease runs (DESIGN decision 4): 4 advert intervals,
// so that it outlasts the backups' Master_Down_Interval (router_image.cpp).
uint64_t lease_validity_ns(const fsm::VirtualRouter& vr);

enum xvrrp_state to_abi(fsm::State state);

// The entry at `now_us` (CLOCK_MONOTONIC). A MASTER gets a lease of
// lease_validity_ns() from now; any other state none.
xvrrp_router router_image(const config::Instance& in, const fsm::VirtualRouter& vr,
                          uint64_t now_us);

// Equal apart from the lease: whether a write is needed at all.
bool same_apart_from_lease(const xvrrp_router& a, const xvrrp_router& b);

}  // namespace xvrrp::daemon

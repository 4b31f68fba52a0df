// Where a MASTER's next advert goes: on a grid shared by every instance with
// the same Advertisement_Interval (multiples of it on CLOCK_MONOTONIC), so
// instances that share an interval tick together: one wake-up and one
// sendmmsg per interface per interval instead of one per instance.
//
// RFC 9568 asks each MASTER to send every Advertisement_Interval (S8); it
// does not fix the phase. Aligning moves a deadline earlier only, never
// later: the advert after a new MASTER's first one (or after a late tick)
// comes within (0, interval], so no gap grows and no backup's
// Master_Down_Interval gets closer. A deadline already on the grid (every
// steady tick) stays where it is. Pure.
#pragma once

#include <cstdint>

namespace xvrrp::daemon {

// The latest grid point at or before `due_us` that is still after `input_us`
// (the moment the timer is armed); `due_us` itself when there is none.
constexpr uint64_t advert_deadline(uint64_t input_us, uint64_t due_us, uint64_t interval_us) {
    if (interval_us == 0) {
        return due_us;
    }
    const uint64_t grid = due_us - due_us % interval_us;
    return grid > input_us ? grid : due_us;
}

}  // namespace xvrrp::daemon

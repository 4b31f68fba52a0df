#pragma once

namespace xvrrp::daemon {

// Asks the fair scheduler for a short time slice for the calling thread (the
// event loop). Its CPU share does not change; what changes is that a wake-up
// (a MASTER_DOWN event, an advert timer) can preempt a task with a longer
// slice at once instead of waiting for that task's slice to end, a 4 ms tick
// on a HZ=250 kernel. Measured by bench/failover --trace: on a loaded 2-CPU
// machine the controller woke 0.2–24 ms (median 11.8) after the sweep that
// reported its master down. Kernels before 6.12 ignore the request. Returns
// false (and logs at debug) when the kernel refused it.
bool request_short_slice();

}  // namespace xvrrp::daemon

/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The master-down timers (T1-T3, S2, S5, S6): one deadline per router in the
 * array "vrid_timer", and one bpf_timer per interface ("mdt_clock") that
 * sweeps the deadlines.
 *
 * Why one timer: bpf_timer_init allocates without sleeping, and on 6.18 a
 * burst of 255 such allocations fails (-ENOMEM) from about the 144th on,
 * again on every retry; a backup without a timer never takes over. The sweep
 * timer is created once, at attach, by the control program
 * (XVRRP_CTL_PREPARE, retried by user space); after that arming allocates
 * nothing and cannot fail. Only the control program creates it, so the sweep
 * (the callback) is part of that program alone and the XDP program stays
 * small and quick to verify; until PREPARE ran, arming fails with -EINVAL.
 *
 * A backup re-arms on every advert, so re-arming must be cheap: it stores the
 * new deadline in its slot (an inlined array access) and restarts the hrtimer
 * only when the deadline is earlier than the sweep already scheduled
 * (fire_ns). A sweep reports every passed deadline and schedules itself for
 * the earliest one left. In steady state a backup's deadlines only move later,
 * so the sweep runs about once per (Master_Down_Interval - advert interval).
 *
 * Both sides publish with an atomic exchange before reading the other side's
 * field: either the sweep sees the new deadline, or the arming side sees that
 * no sweep is scheduled early enough and schedules one.
 */
#ifndef XVRRP_BPF_MDT_H
#define XVRRP_BPF_MDT_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "events.h"
#include "maps.h"
#include "xvrrp/abi.h"

#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC 1
#endif
#define XVRRP_EINVAL 22
#define XVRRP_ENOENT 2
#define XVRRP_EBUSY 16
#define NSEC_PER_USEC 1000ULL
#define USEC_PER_SEC 1000000ULL
#define USEC_PER_CS 10000ULL
#define MDT_RETRY_NS 1000000ULL /* MASTER_DOWN retry while the ring buffer is full */
#define MDT_NEVER (~0ULL)

#define READ_U64(x) (*(volatile __u64*)&(x))
#define PUBLISH_U64(x, v) __sync_lock_test_and_set(&(x), (v)) /* xchg: a full barrier */

/* T1: Skew_Time = ((256 - Priority) x MAI) / 256; v2: (256 - Priority) / 256 s. */
static __always_inline __u64 skew_ns(__u8 our_priority, __u8 version, __u16 mai_cs) {
    __u64 base_us = version == 2 ? USEC_PER_SEC : mai_cs * USEC_PER_CS;
    return ((256 - (__u64)our_priority) * base_us / 256) * NSEC_PER_USEC;
}

/* T2: Master_Down_Interval = 3 x MAI + Skew_Time, computed in microseconds. */
static __always_inline __u64 mdi_ns(__u8 our_priority, __u8 version, __u16 mai_cs) {
    return 3 * mai_cs * USEC_PER_CS * NSEC_PER_USEC + skew_ns(our_priority, version, mai_cs);
}

/* Internal to the object, not pinned: a restarted controller gets a fresh
 * one, and PREPARE sweeps the (pinned) deadlines it finds. */
struct mdt_clock {
    struct bpf_timer timer;
    __u64 fire_ns; /* when the sweep runs next; 0 = not scheduled */
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct mdt_clock);
} mdt_clock SEC(".maps");

static __always_inline struct mdt_clock* mdt_clock_get(void) {
    __u32 zero = 0;
    return bpf_map_lookup_elem(&mdt_clock, &zero);
}

static __always_inline struct xvrrp_timer* mdt_slot(const struct xvrrp_router_key* key) {
    __u32 slot = XVRRP_ROUTER_SLOT(key->vrid, key->family);
    return bpf_map_lookup_elem(&vrid_timer, &slot);
}

/* Makes the sweep run no later than `deadline`. Every caller that starts the
 * hrtimer reads fire_ns again afterwards: if another CPU asked for an earlier
 * sweep and its start ran before ours, ours overrode it, so start it again.
 * On failure (-EINVAL: no timer, PREPARE never succeeded) nothing is
 * scheduled, and fire_ns must not claim otherwise. A global function, so
 * the verifier checks it once rather than at every caller. */
__noinline long mdt_schedule(__u64 deadline) {
    struct mdt_clock* c = mdt_clock_get();
    if (!c)
        return -XVRRP_ENOENT;
    for (int i = 0; i < 4; i++) {
        __u64 fire = READ_U64(c->fire_ns);
        if (fire && fire <= deadline)
            return 0; /* a sweep runs first and sees this deadline */
        if (__sync_val_compare_and_swap(&c->fire_ns, fire, deadline) != fire)
            continue; /* another CPU moved it: look again */
        __u64 now = bpf_ktime_get_ns();
        long err = bpf_timer_start(&c->timer, deadline > now ? deadline - now : 0, 0);
        if (err) {
            __sync_val_compare_and_swap(&c->fire_ns, deadline, 0);
            count(XVRRP_CNT_TIMER_ERROR);
            return err;
        }
        __u64 earlier = READ_U64(c->fire_ns);
        if (!earlier || earlier >= deadline)
            return 0;
        deadline = earlier; /* lost to an earlier request: restart for it */
        __sync_val_compare_and_swap(&c->fire_ns, earlier, 0);
    }
    return 0;
}

/* Master-down fires delay_ns from now (later or earlier than before). */
static __always_inline long mdt_arm(const struct xvrrp_router_key* key, __u64 delay_ns) {
    struct xvrrp_timer* t = mdt_slot(key);
    struct mdt_clock* c = mdt_clock_get();
    if (!t || !c) {
        count(XVRRP_CNT_TIMER_ERROR);
        return -XVRRP_ENOENT;
    }
    __u64 deadline = bpf_ktime_get_ns() + delay_ns;
    PUBLISH_U64(t->expires_ns, deadline);
    t->armed_count++;
    __u64 fire = READ_U64(c->fire_ns);
    if (fire && fire <= deadline)
        return 0; /* the steady path: a sweep is due before this deadline */
    return mdt_schedule(deadline);
}

/* Whether the router has a deadline set (armed and not yet fired). */
static __always_inline int mdt_running(const struct xvrrp_router_key* key) {
    struct xvrrp_timer* t = mdt_slot(key);
    return t && READ_U64(t->expires_ns) != 0;
}

/* Cancelling only clears the deadline; a scheduled sweep finds nothing to do.
 * -ENOENT for a router never armed. */
static __always_inline long mdt_cancel(const struct xvrrp_router_key* key) {
    struct xvrrp_timer* t = mdt_slot(key);
    if (!t || !t->armed_count)
        return -XVRRP_ENOENT;
    PUBLISH_U64(t->expires_ns, 0);
    return 0;
}

/* 0 if the ring buffer was full. The event carries the deadline that passed,
 * so user space can tell how late the sweep ran (docs/bpf.md). */
static __always_inline int mdt_report(const struct xvrrp_router_key* key, __u64 deadline) {
    __u8 state = XVRRP_STATE_INIT;
    __u32 ifindex = 0, zero = 0;
    struct xvrrp_router* r = router_of(key);
    if (r)
        state = r->state;
    struct xvrrp_ifcfg* cfg = bpf_map_lookup_elem(&ifcfg, &zero);
    if (cfg)
        ifindex = cfg->ifindex;
    struct xvrrp_event* e = event_reserve(XVRRP_EV_MASTER_DOWN, key, state, ifindex);
    if (!e)
        return 0;
    e->timer_ns = deadline;
    event_submit(e);
    count(XVRRP_CNT_MASTER_DOWN);
    return 1;
}

/* One slot of a sweep: reports a passed deadline, returns the one left (0 if
 * none). Global, so the verifier checks it once. */
__noinline __u64 mdt_sweep_slot(__u32 slot, __u64 now) {
    struct xvrrp_timer* t = bpf_map_lookup_elem(&vrid_timer, &slot);
    if (!t)
        return 0;
    __u64 deadline = READ_U64(t->expires_ns);
    if (!deadline || deadline > now)
        return deadline;
    /* expired, unless an advert moved the deadline since we read it */
    if (__sync_val_compare_and_swap(&t->expires_ns, deadline, 0) != deadline)
        return READ_U64(t->expires_ns);
    struct xvrrp_router_key key = {
        .vrid = slot & 0xff,
        .family = slot & 0x100 ? XVRRP_FAMILY_V6 : XVRRP_FAMILY_V4,
    };
    if (mdt_report(&key, deadline))
        return 0;
    /* a master-down the controller never hears of is a router that never
     * takes over: stay expired-but-armed and try again, unless an advert has
     * set a new deadline meanwhile */
    __u64 retry = now + MDT_RETRY_NS;
    if (__sync_val_compare_and_swap(&t->expires_ns, 0, retry) == 0)
        return retry;
    return READ_U64(t->expires_ns);
}

#define MDT_BLOCK 32 /* slots per mdt_sweep_block() */

/* Sweeps slots first .. first + MDT_BLOCK - 1; returns the earliest deadline
 * left, MDT_NEVER if none. A global function: the verifier checks it once,
 * not once per block. (A plain loop over all 512 slots overflows the
 * verifier's branch history; a bpf_loop or bpf_for_each_map_elem callback
 * is rejected as an "infinite loop" on 6.18 when an iteration leaves the
 * callback's state unchanged.) */
__noinline __u64 mdt_sweep_block(__u32 first, __u64 now) {
    __u64 next = MDT_NEVER;
    for (__u32 i = 0; i < MDT_BLOCK; i++) {
        __u64 left = mdt_sweep_slot(first + i, now);
        if (left && left < next)
            next = left;
    }
    return next;
}

/* Timer callbacks must be real (non-inlined) static functions; libbpf copies
 * this one into each program that schedules the sweep. */
static int mdt_sweep(void* map, __u32* key, struct mdt_clock* c) {
    PUBLISH_U64(c->fire_ns, 0);
    __u64 now = bpf_ktime_get_ns(), next = MDT_NEVER;
    for (__u32 first = 0; first < XVRRP_MAX_ROUTERS; first += MDT_BLOCK) {
        __u64 left = mdt_sweep_block(first, now);
        if (left < next)
            next = left;
    }
    count(XVRRP_CNT_MDT_SWEEP);
    if (next != MDT_NEVER)
        mdt_schedule(next);
    return 0;
}

/* Creates the sweep timer. 0, or the error of bpf_timer_init (-ENOMEM). */
static __always_inline long mdt_prepare(struct mdt_clock* c) {
    long err = bpf_timer_init(&c->timer, &mdt_clock, CLOCK_MONOTONIC);
    if (err == -XVRRP_EBUSY)
        err = 0; /* already made (by an earlier PREPARE or ARM) */
    if (!err)
        err = bpf_timer_set_callback(&c->timer, mdt_sweep);
    return err;
}

/* Attach / adopt: create the timer and sweep now, which reports deadlines
 * that passed while no sweep timer existed and schedules the rest. */
static __always_inline long mdt_start_sweeping(void) {
    struct mdt_clock* c = mdt_clock_get();
    if (!c)
        return -XVRRP_ENOENT;
    long err = mdt_prepare(c);
    if (err) {
        count(XVRRP_CNT_TIMER_ERROR);
        return err;
    }
    PUBLISH_U64(c->fire_ns, 0);
    return mdt_schedule(bpf_ktime_get_ns());
}

#endif /* XVRRP_BPF_MDT_H */

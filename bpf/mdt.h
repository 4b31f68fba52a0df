/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The per-router master-down timer (T1-T3, S2, S5, S6), a bpf_timer in map
 * "vrid_timer".
 *
 * A backup re-arms on every advert, so re-arming must be cheap: it only
 * stores the new deadline (expires_ns). The hrtimer underneath is restarted
 * only when the deadline moves earlier than the time it will fire (fire_ns);
 * when it fires early, the callback re-arms it for the rest. Both sides
 * publish with an atomic exchange before reading the other side's field, so
 * either the callback sees the new deadline or the arming side sees that the
 * hrtimer is no longer scheduled and starts it itself.
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

static int mdt_fired(void* map, struct xvrrp_router_key* key, struct xvrrp_timer* t);

/* (Re)starts the hrtimer, initialising it first if it never was (entry made
 * by user space, or lost an init race). Returns the first real failure: an
 * init that failed (-ENOMEM) must not surface as the -EINVAL of the start
 * that follows it. */
static __always_inline long mdt_start(struct xvrrp_timer* t, __u64 delay_ns) {
    long err = bpf_timer_start(&t->timer, delay_ns, 0);
    if (err == -XVRRP_EINVAL) {
        err = bpf_timer_init(&t->timer, &vrid_timer, CLOCK_MONOTONIC);
        if (err == -XVRRP_EBUSY)
            err = 0; /* initialised by the other program: as good */
        if (!err)
            err = bpf_timer_set_callback(&t->timer, mdt_fired);
        if (!err)
            err = bpf_timer_start(&t->timer, delay_ns, 0);
    }
    if (err)
        count(XVRRP_CNT_TIMER_ERROR);
    return err;
}

/* Schedules the hrtimer for `deadline`. On failure nothing is scheduled, so
 * fire_ns must not claim otherwise: a stale fire_ns makes every later arm
 * trust a wake-up that never comes (a backup that never takes over). */
static __always_inline long mdt_schedule(struct xvrrp_timer* t, __u64 deadline, __u64 now) {
    PUBLISH_U64(t->fire_ns, deadline);
    long err = mdt_start(t, deadline > now ? deadline - now : 0);
    if (err)
        __sync_val_compare_and_swap(&t->fire_ns, deadline, 0);
    return err;
}

/* The timer entry of a router, created on first use. */
static __always_inline struct xvrrp_timer* mdt_entry(const struct xvrrp_router_key* key) {
    struct xvrrp_timer* t = bpf_map_lookup_elem(&vrid_timer, key);
    if (t)
        return t;
    struct xvrrp_timer fresh = {};
    bpf_map_update_elem(&vrid_timer, key, &fresh, BPF_NOEXIST);
    t = bpf_map_lookup_elem(&vrid_timer, key);
    if (!t)
        return NULL;
    /* -EBUSY when another CPU initialised it first: that one is as good */
    bpf_timer_init(&t->timer, &vrid_timer, CLOCK_MONOTONIC);
    bpf_timer_set_callback(&t->timer, mdt_fired);
    return t;
}

/* Master-down fires delay_ns from now (later or earlier than before). */
static __always_inline long mdt_arm(const struct xvrrp_router_key* key, __u64 delay_ns) {
    struct xvrrp_timer* t = mdt_entry(key);
    if (!t) {
        count(XVRRP_CNT_TIMER_ERROR);
        return -XVRRP_ENOENT;
    }
    __u64 now = bpf_ktime_get_ns();
    __u64 deadline = now + delay_ns;
    PUBLISH_U64(t->expires_ns, deadline);
    t->armed_count++;
    __u64 fire = READ_U64(t->fire_ns);
    if (fire && fire <= deadline)
        return 0; /* the callback fires first and re-arms for the rest */
    return mdt_schedule(t, deadline, now);
}

/* Whether the router has a deadline set (armed and not yet fired). */
static __always_inline int mdt_running(const struct xvrrp_router_key* key) {
    struct xvrrp_timer* t = bpf_map_lookup_elem(&vrid_timer, key);
    return t && READ_U64(t->expires_ns) != 0;
}

/* Cancelling only clears the deadline; a scheduled hrtimer still fires and
 * finds nothing to do. Not bpf_timer_cancel(): it also drops the callback,
 * so an XDP re-arm racing with it on another CPU either fails (-EINVAL, no
 * callback) or leaves fire_ns naming a wake-up that was cancelled under it,
 * and the timer never fires again. */
static __always_inline long mdt_cancel(const struct xvrrp_router_key* key) {
    struct xvrrp_timer* t = bpf_map_lookup_elem(&vrid_timer, key);
    if (!t)
        return -XVRRP_ENOENT;
    PUBLISH_U64(t->expires_ns, 0);
    return 0;
}

/* 0 if the ring buffer was full. */
static __always_inline int mdt_report(const struct xvrrp_router_key* key) {
    __u8 state = XVRRP_STATE_INIT;
    __u32 ifindex = 0, zero = 0;
    struct xvrrp_router* r = bpf_map_lookup_elem(&vrid, key);
    if (r)
        state = r->state;
    struct xvrrp_ifcfg* cfg = bpf_map_lookup_elem(&ifcfg, &zero);
    if (cfg)
        ifindex = cfg->ifindex;
    struct xvrrp_event* e = event_reserve(XVRRP_EV_MASTER_DOWN, key, state, ifindex);
    if (!e)
        return 0;
    event_submit(e);
    count(XVRRP_CNT_MASTER_DOWN);
    return 1;
}

/* Callbacks must be real (non-inlined) static functions; libbpf copies this
 * one into each program that arms timers. */
static int mdt_fired(void* map, struct xvrrp_router_key* key, struct xvrrp_timer* t) {
    PUBLISH_U64(t->fire_ns, 0);
    __u64 deadline = READ_U64(t->expires_ns);
    __u64 now = bpf_ktime_get_ns();
    if (deadline == 0)
        return 0; /* cancelled */
    if (deadline > now) {
        mdt_schedule(t, deadline, now);
        /* an earlier deadline published meanwhile must not be overridden */
        __u64 again = READ_U64(t->expires_ns);
        if (again && again < deadline)
            mdt_schedule(t, again, bpf_ktime_get_ns());
        return 0;
    }
    /* expired, unless an advert moved the deadline since we read it */
    if (__sync_val_compare_and_swap(&t->expires_ns, deadline, 0) != deadline) {
        __u64 moved = READ_U64(t->expires_ns);
        if (moved)
            mdt_schedule(t, moved, now);
        return 0;
    }
    if (!mdt_report(key)) {
        /* a master-down the controller never hears of is a router that never
         * takes over: stay expired-but-armed and try again, unless an advert
         * has set a new deadline meanwhile */
        __u64 retry = now + MDT_RETRY_NS;
        if (__sync_val_compare_and_swap(&t->expires_ns, 0, retry) == 0)
            mdt_schedule(t, retry, now);
    }
    return 0;
}

#endif /* XVRRP_BPF_MDT_H */

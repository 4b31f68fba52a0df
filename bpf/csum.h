/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * RFC 1071 sums over packet bytes. Words are added in host order into a
 * 64-bit accumulator and folded at the end; the ones' complement sum does not
 * depend on byte order, so "folded sum == 0xffff" verifies a message and
 * "~fold" stored as-is is a correct checksum.
 */
#ifndef XVRRP_BPF_CSUM_H
#define XVRRP_BPF_CSUM_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

static __always_inline __u16 csum_fold(__u64 sum) {
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return (__u16)sum;
}

/*
 * Adds `words` 32-bit words starting at p (at most `max`, a constant).
 * Returns -1 if they run past end. One bounds check per word because the
 * verifier cannot carry a variable-length range check over to the loads.
 */
static __always_inline int csum_words(const void* p, const void* end, __u32 words, __u32 max,
                                      __u64* sum) {
    __u64 s = *sum;
    for (__u32 i = 0; i < max; i++) {
        if (i >= words)
            break;
        /* keeps clang from rewriting the check as arithmetic on end */
        barrier_var(p);
        if (p + 4 > end)
            return -1;
        s += *(const __u32*)p;
        p += 4;
    }
    *sum = s;
    return 0;
}

#endif /* XVRRP_BPF_CSUM_H */

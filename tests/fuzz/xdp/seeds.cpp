// Writes the XDP fuzzer's seed corpus: one input per discard rule and per
// accept path, each named after what it exercises. The files are kept in
// tests/fuzz/corpus/xdp; xvrrp_xdp_corpus_test checks that together they
// reach every discard rule and verdict counter.
//   xvrrp_xdp_seeds DIR
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "input.h"

namespace {

using namespace xvrrp::xdpfuzz;

enum : uint8_t { INIT = 0, BACKUP = 1, MASTER = 2, FAULT = 3 };
enum : uint8_t { FRESH = 0, EXPIRED = 1, NO_LEASE = 2 };

struct W {
    uint8_t a4 = BACKUP, a6 = BACKUP, lease = FRESH, b = BACKUP;
    uint8_t c4 = BACKUP, c6 = BACKUP;
    bool known = false, skip_ttl = false, both = false, no_preempt = false;
};

Spec spec(Kind kind, const W& w) {
    Spec s{};
    s.world[0] = uint8_t(w.a4 | w.a6 << 2 | w.lease << 4 | w.b << 6);
    s.world[1] = uint8_t(w.c4 | w.c6 << 2 | w.known << 4 | w.skip_ttl << 5 | w.both << 6 |
                         w.no_preempt << 7);
    s.kind = uint8_t(kind);
    return s;
}

// A v3 advert from the segment's peer for VRID 10: priority 100, 1 s, two
// VIPs (the second index from the tail), pseudo-header checksum.
Spec advert(Kind kind, const W& w, uint8_t priority = 100) {
    Spec s = spec(kind, w);
    s.priority = priority;
    s.count = 2;
    s.interval_lo = 100;
    s.csum = 1;
    s.target = kind == Kind::Advert6 ? 1 : 0;  // fe80::100 first in v6 (P4)
    return s;
}

// v2 for VRID 20: PASS "secret", 1 s, its one VIP.
Spec v2_advert(const W& w, uint8_t priority = 100) {
    Spec s = spec(Kind::Advert4, w);
    s.vrid = 1;
    s.ver_type = 1;
    s.priority = priority;
    s.count = 1;
    s.target = 2;
    s.interval_lo = 1;
    return s;
}

struct Seed {
    std::string name;
    Spec spec;
    std::vector<uint8_t> tail;
};

std::vector<Seed> seeds() {
    std::vector<Seed> out;
    const auto add = [&](const char* name, Spec s, std::initializer_list<uint8_t> tail = {}) {
        out.push_back({name, s, tail});
    };
    const W backup4{}, master4{.a4 = MASTER}, master6{.a6 = MASTER};
    const W known{.known = true};

    // ARP (A1, A2, DESIGN decision 4)
    add("arp-reply", spec(Kind::Arp, master4));
    add("arp-drop-not-master", spec(Kind::Arp, backup4));
    add("arp-drop-lease-expired", spec(Kind::Arp, {.a4 = MASTER, .lease = EXPIRED}));
    add("arp-drop-no-lease", spec(Kind::Arp, {.a4 = MASTER, .lease = NO_LEASE}));
    Spec s = spec(Kind::Arp, master4);
    s.target = 4;  // 192.0.2.99: a VIP whose router is gone
    add("arp-drop-no-router", s);
    s = spec(Kind::Arp, master4);
    s.src = 1;  // spa = tpa
    add("arp-conflict-gratuitous", s);
    s.eth_src = 5;  // from our own VMAC: not a conflict
    add("arp-gratuitous-own-vmac", s);
    s = spec(Kind::Arp, master4);
    s.op = 2;
    add("arp-reply-for-vip-passed", s);
    s = spec(Kind::Arp, master4);
    s.flags = 1;
    add("arp-bad-hlen-passed", s, {4, 5});
    s = spec(Kind::Arp, master4);
    s.cut = 0x85;
    add("arp-truncated", s);
    s = spec(Kind::Arp, master4);
    s.pad = 18;
    add("arp-reply-padded", s);
    s = spec(Kind::Arp, master4);
    s.vlan = 7;
    add("vlan-tagged-arp", s, {0, 10});

    // NS / NA
    s = spec(Kind::Ns, master6);
    s.options = 1;
    add("ns-reply-sllao", s, {0});
    add("ns-reply-no-options", spec(Kind::Ns, master6));
    s = spec(Kind::Ns, master6);
    s.src = 5;  // ::
    add("ns-dad-reply-all-nodes", s);
    s.options = 1;
    add("ns-invalid-dad-with-sllao", s, {0});
    s = spec(Kind::Ns, master6);
    s.src = 5;
    s.dst = 2;  // DAD to a unicast address
    add("ns-invalid-dad-unicast-dst", s);
    s = spec(Kind::Ns, master6);
    s.options = 1;
    add("ns-invalid-zero-length-option", s, {3});
    s = spec(Kind::Ns, master6);
    s.src = 7;  // ff02::1
    add("ns-invalid-multicast-source", s);
    s = spec(Kind::Ns, master6);
    s.ttl = 0xfe;
    add("ns-invalid-hop-limit", s);
    s = spec(Kind::Ns, master6);
    s.csum = 2;
    add("ns-bad-checksum", s);
    add("ns-drop-not-master", spec(Kind::Ns, {}));
    add("ns-drop-lease-expired", spec(Kind::Ns, {.a6 = MASTER, .lease = EXPIRED}));
    s = spec(Kind::Ns, {});
    s.target = 3;  // 2001:db8:40::1, the owner's
    add("ns-reply-owner", s);
    s = spec(Kind::Ns, master6);
    s.pad = 30;
    s.options = 2;
    add("ns-reply-padded-nonce", s, {2, 1, 2, 3, 4, 5, 6, 0});
    s = spec(Kind::Ns, master6);
    s.vlan = 0x40;
    add("ns-hop-by-hop-passed", s);
    add("na-conflict", spec(Kind::Na, master6));
    s = spec(Kind::Na, master6);
    s.eth_src = 7;  // our VMAC
    add("na-own-vmac", s);

    // Adverts accepted (counter 0), by state
    add("advert4-backup-new-master", advert(Kind::Advert4, backup4), {1});
    add("advert4-backup-rearm", advert(Kind::Advert4, known), {1});
    s = advert(Kind::Advert4, known);
    s.csum = 0;
    add("advert4-backup-rearm-plain-csum", s, {1});
    add("advert4-backup-priority-zero", advert(Kind::Advert4, known, 0), {1});
    add("advert4-backup-preempt-discard", advert(Kind::Advert4, known, 50), {1});
    add("advert4-backup-priority-change", advert(Kind::Advert4, known, 120), {1});
    add("advert4-master-higher", advert(Kind::Advert4, master4, 200), {1});
    add("advert4-master-losing", advert(Kind::Advert4, master4, 50), {1});
    add("advert4-master-priority-zero", advert(Kind::Advert4, master4, 0), {1});
    s = advert(Kind::Advert4, master4);
    s.src = 3;  // 192.0.2.200: equal priority, higher address
    add("advert4-master-tie-higher-address", s, {1});
    add("advert4-not-active-init", advert(Kind::Advert4, {.a4 = INIT}), {1});
    add("advert4-not-active-fault", advert(Kind::Advert4, {.a4 = FAULT}), {1});
    s = advert(Kind::Advert4, backup4);
    s.src = 2;  // 192.0.2.1: ours
    add("advert4-own", s, {1});
    s = advert(Kind::Advert4, backup4);
    s.options = 2;
    add("advert4-ip-options", s, {1, 0x94, 4, 0, 0, 1, 1, 1, 0});
    add("advert6-backup-new-master", advert(Kind::Advert6, {}), {0});
    add("advert6-master-losing", advert(Kind::Advert6, master6, 50), {0});
    s = advert(Kind::Advert6, {});
    s.vlan = 0x40;
    add("advert6-hop-by-hop-passed", s, {0});
    s = advert(Kind::Advert6, {});
    s.vrid = 3;  // VRID 40: we own the addresses (D11)
    s.count = 1;
    add("advert6-owner-d11", s);
    s = advert(Kind::Advert4, {.c4 = BACKUP});
    s.vrid = 2;  // VRID 30, unicast
    s.src = 5;   // 192.0.2.3, a configured peer
    s.dst = 2;   // to our primary
    s.count = 1;
    s.target = 3;
    add("advert4-unicast-peer", s);
    s.ttl = 0xfd;
    add("advert4-unicast-peer-d1", s);
    add("advert4-unicast-peer-skip-ttl", [&] {
        Spec t = s;
        t.world[1] |= 1 << 5;
        return t;
    }());
    s = advert(Kind::Advert6, {});
    s.vrid = 2;
    s.src = 3;  // 2001:db8::3, a configured peer
    s.dst = 8;  // 2001:db8::1
    s.count = 1;
    s.target = 2;  // a global address first: D9 lifted in unicast mode
    add("advert6-unicast-peer-global", s);
    add("advert4-v2-backup", v2_advert({}));
    add("advert4-v2-master-higher", v2_advert({.b = MASTER}, 200));
    s = v2_advert({.known = true, .both = true});
    add("advert4-v2-ignored-i3", s);
    s = advert(Kind::Advert4, {.both = true});
    s.vrid = 1;  // v3 to the v2 router in migration mode
    s.count = 1;
    s.target = 2;
    add("advert4-v3-to-v2-router-migration", s);

    // Discarded adverts: one per rule
    s = advert(Kind::Advert4, backup4);
    s.ttl = 0xfe;
    add("d1-ttl", s, {1});
    s = advert(Kind::Advert6, {});
    s.ttl = 0xc0;
    add("d1-hop-limit", s, {0});
    s = advert(Kind::Advert4, backup4);
    s.ver_type = 0x42;  // version 4
    add("d2-version-4", s, {1});
    s = v2_advert({});
    s.vrid = 0;  // v2 to the v3 router
    add("d2-version-not-configured", s);
    s = advert(Kind::Advert4, backup4);
    s.ver_type = 0x32;  // type 2
    add("d3-type", s, {1});
    s = advert(Kind::Advert4, backup4);
    s.count = 0x82;  // the count field says 3, two addresses follow
    add("d4-count-longer-than-list", s, {3, 1});
    s = advert(Kind::Advert4, backup4);
    s.flags = 0x80;
    s.len = 8;  // IP length beyond the frame
    add("d4-ip-length-beyond-frame", s, {1});
    s = advert(Kind::Advert4, backup4);
    s.flags = 0x80;
    s.len = uint8_t(-16);  // IP payload of 4 bytes: shorter than a header
    add("d4-shorter-than-header", s, {1});
    s = advert(Kind::Advert4, backup4);
    s.csum = 2;
    add("d5-checksum", s, {1});
    s = advert(Kind::Advert6, {});
    s.csum = 0;  // v3/IPv6 without the pseudo-header
    add("d5-checksum-ipv6-plain", s, {0});
    s = advert(Kind::Advert4, backup4);
    s.vrid = 4;  // 99
    add("d6-vrid", s, {1});
    s = advert(Kind::Advert4, backup4);
    s.count = 0;
    add("d7-count-zero", s);
    s = advert(Kind::Advert4, backup4);
    s.interval_lo = 0;
    add("d8-interval-zero", s, {1});
    s = advert(Kind::Advert6, {});
    s.target = 0;  // 2001:db8::100 first
    add("d9-not-link-local", s, {1});
    s = advert(Kind::Advert6, {});
    s.vrid = 4;  // no router: v2 passes D2, then IPv6 with v2
    s.ver_type = 1;
    s.count = 1;
    add("d10-v2-over-ipv6", s);
    s = advert(Kind::Advert4, backup4);
    s.count = 0x84;  // four IPv4 addresses, the count field says 1: one IPv6 address's length
    add("d10-length-of-other-family", s, {1, 1, 0, 1});
    s = advert(Kind::Advert4, {});
    s.vrid = 2;  // 30, unicast, from 192.0.2.2 (not a peer)
    s.count = 1;
    s.target = 3;
    add("d12-not-a-peer", s);
    s = v2_advert({});
    s.op = 1;  // auth data from the tail
    add("v1-auth", s, {'S', 'E', 'C', 'R', 'E', 'T', 0, 0});
    s = v2_advert({});
    s.interval_hi = 1;  // auth type 0
    add("v1-auth-type", s);
    s = v2_advert({});
    s.interval_lo = 2;
    add("v2-interval", s);
    s = v2_advert({});
    s.target = 0;  // 192.0.2.100: VRID 10's
    add("v3-addresses", s);
    s = v2_advert({});
    s.count = 2;
    add("v3-addresses-twice", s, {2});

    // IPv4 protocol 112 the stack must judge
    s = advert(Kind::Advert4, backup4);
    s.flags = 0x10;
    add("malformed-ip-header-checksum", s, {1});
    s = advert(Kind::Advert4, backup4);
    s.flags = 2;
    add("malformed-ip-fragment", s, {1, 0x20, 0x00});
    s = advert(Kind::Advert4, backup4);
    s.flags = 8;
    add("malformed-ip-ihl", s, {1, 4});

    // Frames to a VMAC, and everything else
    add("vmac-master-rewrite", spec(Kind::ToVmac, master4));
    add("vmac-backup-drop", spec(Kind::ToVmac, backup4));
    s = spec(Kind::ToVmac, master6);
    s.op = 1;
    add("vmac6-master-rewrite", s);
    s = spec(Kind::ToVmac, master4);
    s.vrid = 4;
    add("vmac-unknown-router", s);
    s = spec(Kind::Raw, {});
    s.op = 6;  // LLDP
    s.options = 40;
    add("raw-lldp", s);
    s = spec(Kind::Raw, {});
    s.op = 3;  // 802.1Q
    s.options = 60;
    add("raw-vlan", s);
    s = spec(Kind::Raw, {});
    s.options = 30;
    add("raw-ipv4", s, {0x45, 0, 0, 30, 0, 0, 0, 0, 64, 112});
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    for (const Seed& seed : seeds()) {
        const std::vector<uint8_t> bytes = encode_input(seed.spec, seed.tail);
        std::ofstream f(std::string(argv[1]) + "/" + seed.name, std::ios::binary);
        f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        if (!f) {
            std::perror(seed.name.c_str());
            return 1;
        }
    }
    return 0;
}

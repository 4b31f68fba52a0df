#include "model.h"

#include <linux/bpf.h>

#include <algorithm>
#include <cstring>

#include "fsm/timers.h"
#include "proto/checksum.h"
#include "proto/codec.h"
#include "proto/frames.h"

namespace xvrrp::xdpfuzz {

namespace {

using proto::DecodeResult;
using proto::ReceivePolicy;
using proto::Version;
using Bytes = std::span<const uint8_t>;

uint16_t be16(Bytes f, size_t at) {
    return uint16_t(f[at] << 8 | f[at + 1]);
}
IpAddr v4_at(Bytes f, size_t at) {
    return IpAddr::v4({f[at], f[at + 1], f[at + 2], f[at + 3]});
}
IpAddr v6_at(Bytes f, size_t at) {
    std::array<uint8_t, 16> b;
    std::copy_n(f.begin() + std::ptrdiff_t(at), 16, b.begin());
    return IpAddr::v6(b);
}
Mac mac_at(Bytes f, size_t at) {
    Mac m;
    std::copy_n(f.begin() + std::ptrdiff_t(at), 6, m.begin());
    return m;
}

void count(Expected& e, uint32_t c) {
    e.deltas[c] += 1;
}

void decide(Expected& e, uint32_t action, const char* path) {
    e.action = action;
    e.path = path;
}

xvrrp_event event(uint8_t type, uint8_t vrid, Family family, const xvrrp_router& r) {
    xvrrp_event ev{};
    ev.type = type;
    ev.vrid = vrid;
    ev.family = uint8_t(family);
    ev.state = r.state;
    ev.ifindex = kIfindex;
    return ev;
}

void emit(Expected& e, const xvrrp_event& ev) {
    e.events.push_back(ev);
    count(e, XVRRP_CNT_EVENT);
}

// docs/bpf.md, "destination MAC = a VMAC of a configured router".
void to_vmac(const World& w, Bytes f, Expected& e) {
    const bool vmac_prefix = f[0] == XVRRP_VMAC_OUI0 && f[1] == XVRRP_VMAC_OUI1 &&
                             f[2] == XVRRP_VMAC_OUI2 && f[3] == 0 &&
                             (f[4] == XVRRP_VMAC_V4 || f[4] == XVRRP_VMAC_V6);
    if (!vmac_prefix) {
        return decide(e, XDP_PASS, "not ours");
    }
    const xvrrp_router* r = w.find(f[5], f[4] == XVRRP_VMAC_V4 ? Family::V4 : Family::V6);
    if (r == nullptr) {
        return decide(e, XDP_PASS, "another router's VMAC");
    }
    if (r->state != XVRRP_STATE_MASTER) {
        count(e, XVRRP_CNT_VMAC_DROP);
        return decide(e, XDP_DROP, "to a VMAC, not MASTER (A1)");
    }
    std::copy(kOurMac.begin(), kOurMac.end(), e.out.begin());
    count(e, XVRRP_CNT_VMAC_PASS);
    decide(e, XDP_PASS, "to a VMAC, MASTER: destination = interface MAC");
}

// ARP (RFC 826) for a VIP; false when it is not the ARP kind we answer.
bool arp(const World& w, Bytes f, Expected& e) {
    if (f.size() < 42 || be16(f, 14) != 1 || be16(f, 16) != proto::kEtherTypeIpv4 || f[18] != 6 ||
        f[19] != 4) {
        return false;
    }
    const Mac sha = mac_at(f, 22);
    const IpAddr spa = v4_at(f, 28);
    const IpAddr tpa = v4_at(f, 38);
    const auto vrid = w.owner(tpa);
    if (!vrid) {
        return false;
    }
    const xvrrp_router* r = w.find(*vrid, Family::V4);
    const Mac vmac = proto::vmac(Family::V4, *vrid);
    if (spa == tpa) {
        if (r != nullptr && r->state == XVRRP_STATE_MASTER && sha != vmac) {
            count(e, XVRRP_CNT_ARP_CONFLICT);
            xvrrp_event ev = event(XVRRP_EV_CONFLICT, *vrid, Family::V4, *r);
            std::memcpy(ev.addr, spa.data(), 4);
            std::memcpy(ev.mac, sha.data(), 6);
            emit(e, ev);
        }
        decide(e, XDP_PASS, "gratuitous ARP for a VIP");
        return true;
    }
    if (be16(f, 20) != 1) {
        return false;
    }
    if (r == nullptr || r->state != XVRRP_STATE_MASTER) {
        count(e, XVRRP_CNT_ARP_DROP_NOT_MASTER);
        decide(e, XDP_DROP, "ARP request for a VIP, not MASTER (A1)");
        return true;
    }
    if (w.lease != Lease::Fresh) {
        count(e, XVRRP_CNT_ARP_DROP_LEASE);
        decide(e, XDP_DROP, "ARP request for a VIP, lease run out");
        return true;
    }
    e.out = proto::build_arp(proto::ArpOp::Reply, vmac, sha, vmac, tpa, sha, spa);
    e.out.insert(e.out.end(), f.begin() + 42, f.end());  // trailing bytes stay as they were
    count(e, XVRRP_CNT_ARP_REPLY);
    decide(e, XDP_TX, "ARP request for a VIP, MASTER with a lease: reply from the VMAC");
    return true;
}

bool solicited_node_group(const IpAddr& a) {
    static const uint8_t prefix[13] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff};
    return std::memcmp(a.data(), prefix, sizeof prefix) == 0;
}

// RFC 4861 7.1.1 beyond what the first checks cover: every option has a
// non-zero length and fits; from :: only to a solicited-node group and
// without a source link-layer address option. And no multicast source
// (RFC 4291 2.7).
bool ns_valid(Bytes icmp, const IpAddr& src, const IpAddr& dst) {
    const bool dad = src == IpAddr::v6({});
    if (src.is_multicast() || (dad && !solicited_node_group(dst))) {
        return false;
    }
    for (size_t at = 24; at < icmp.size();) {
        const size_t len = size_t(icmp[at + 1]) * 8;
        if (len == 0 || at + len > icmp.size() || (dad && icmp[at] == 1)) {
            return false;
        }
        at += len;
    }
    return true;
}

void ns(const World& w, Bytes f, uint8_t vrid, const xvrrp_router* r, Expected& e) {
    const size_t icmp_len = be16(f, 18);
    const IpAddr src = v6_at(f, 22);
    const IpAddr dst = v6_at(f, 38);
    if (f[21] != 255 || f[55] != 0 || icmp_len < 24 || icmp_len > 24 + 64 ||
        (icmp_len - 24) % 8 != 0 || 54 + icmp_len > f.size()) {
        count(e, XVRRP_CNT_NS_INVALID);
        e.discarded = true;
        return decide(e, XDP_DROP, "NS for a VIP: hop limit, code or length");
    }
    const Bytes icmp = f.subspan(54, icmp_len);
    if (proto::icmpv6_checksum(icmp, src, dst) != 0) {
        count(e, XVRRP_CNT_NS_BAD_CSUM);
        e.discarded = true;
        return decide(e, XDP_DROP, "NS for a VIP: bad checksum");
    }
    if (!ns_valid(icmp, src, dst)) {
        count(e, XVRRP_CNT_NS_INVALID);
        e.discarded = true;
        return decide(e, XDP_DROP, "NS for a VIP: invalid by RFC 4861 7.1.1");
    }
    if (r == nullptr || r->state != XVRRP_STATE_MASTER) {
        count(e, XVRRP_CNT_NS_DROP_NOT_MASTER);
        return decide(e, XDP_DROP, "NS for a VIP, not MASTER (A1)");
    }
    if (w.lease != Lease::Fresh) {
        count(e, XVRRP_CNT_NS_DROP_LEASE);
        return decide(e, XDP_DROP, "NS for a VIP, lease run out");
    }
    const bool dad = src == IpAddr::v6({});
    const Mac vmac = proto::vmac(Family::V6, vrid);
    const IpAddr target = v6_at(f, 62);
    e.out = proto::build_neighbor_advert(
        vmac, dad ? proto::kAllNodesMac6 : mac_at(f, 6), target, dad ? proto::all_nodes_v6() : src,
        target, {.router = true, .solicited = !dad, .override_ = true}, vmac);
    count(e, XVRRP_CNT_NA_REPLY);
    decide(e, XDP_TX, "NS for a VIP, MASTER with a lease: NA from the VMAC");
}

// NS / NA for a VIP; false when it is neither.
bool nd(const World& w, Bytes f, Expected& e) {
    if (f.size() < 54 + 24 || (f[54] != 135 && f[54] != 136)) {
        return false;
    }
    const auto vrid = w.owner(v6_at(f, 62));
    if (!vrid) {
        return false;
    }
    const xvrrp_router* r = w.find(*vrid, Family::V6);
    if (f[54] == 135) {
        ns(w, f, *vrid, r, e);
        return true;
    }
    const Mac src_mac = mac_at(f, 6);
    if (r != nullptr && r->state == XVRRP_STATE_MASTER &&
        src_mac != proto::vmac(Family::V6, *vrid)) {
        count(e, XVRRP_CNT_NA_CONFLICT);
        xvrrp_event ev = event(XVRRP_EV_CONFLICT, *vrid, Family::V6, *r);
        std::memcpy(ev.addr, f.data() + 62, 16);
        std::memcpy(ev.mac, src_mac.data(), 6);
        emit(e, ev);
    }
    decide(e, XDP_PASS, "NA for a VIP");
    return true;
}

// The receive settings the kernel applies to an advert for `r` (none: an
// unconfigured VRID, judged by the protocol rules only).
ReceivePolicy policy_for(const World& w, const xvrrp_router* r, uint8_t vrid, Family family) {
    ReceivePolicy p;
    for (const Router& x : w.routers) {
        if (x.family == family) {
            p.vrids.push_back(x.vrid);
        }
    }
    if (r == nullptr) {
        p.accept_v2_and_v3 = true;
        return p;
    }
    p.version = r->version == 2 ? Version::V2 : Version::V3;
    p.accept_v2_and_v3 = r->accept_v2_v3;
    p.relax_ttl_for_peers = r->skip_ttl_check;
    p.unicast = r->unicast;
    for (const Peer& peer : unicast_peers()) {
        if (peer.vrid == vrid && peer.addr.family() == family) {
            p.peers.push_back(peer.addr);
        }
    }
    p.v2_auth_type = proto::AuthType(r->v2_auth_type);
    std::memcpy(p.v2_auth.data(), r->v2_auth, XVRRP_V2_AUTH_LEN);
    p.v2_interval_s = r->v2_adver_int_s;
    for (const Vip& v : vips()) {
        if (v.vrid == vrid && v.addr.family() == family) {
            p.vips.push_back(v.addr);
        }
    }
    return p;
}

struct Heard {
    uint8_t vrid;
    Family family;
    const DecodeResult& d;
    const IpAddr& src;
    Mac mac;
    uint8_t version() const { return d.advert.version == Version::V2 ? 2 : 3; }
    uint16_t interval_cs() const {
        return uint16_t(version() == 2 ? d.advert.interval * 100 : d.advert.interval);
    }
};

xvrrp_event advert_event(const Heard& a, const xvrrp_router& r, uint8_t why, uint64_t timer_ns) {
    xvrrp_event ev = event(XVRRP_EV_ADVERT, a.vrid, a.family, r);
    ev.version = a.version();
    ev.priority = a.d.advert.priority;
    ev.count = uint8_t(a.d.advert.addresses.size());
    ev.csum_form = uint8_t(a.d.csum_form);
    ev.why = why;
    ev.interval = a.d.advert.interval;
    for (const IpAddr& listed : a.d.advert.addresses) {
        for (const Vip& v : vips()) {
            ev.vip_matches += v.addr == listed && v.vrid == a.vrid;
        }
    }
    std::memcpy(ev.addr, a.src.data(), a.src.size());
    std::memcpy(ev.mac, a.mac.data(), 6);
    ev.timer_ns = timer_ns;
    return ev;
}

bool same_addr(const IpAddr& a, const uint8_t* b16) {
    return std::memcmp(a.bytes().data(), b16, 16) == 0;
}

// docs/bpf.md "BACKUP": S5, S6; only a change of the master is reported.
void backup(const Heard& a, const xvrrp_router& r, Expected& e) {
    const uint8_t prio = a.d.advert.priority;
    uint8_t why = 0;
    if (!r.master_known || !same_addr(a.src, r.master_addr)) {
        why = XVRRP_WHY_NEW_MASTER;
    } else {
        why |= r.master_priority != prio ? XVRRP_WHY_PRIORITY : 0;
        if (prio != 0 &&
            (r.master_adver_int_cs != a.interval_cs() || r.master_version != a.version())) {
            why |= XVRRP_WHY_INTERVAL;
        }
    }
    const Version ours = r.version == 2 ? Version::V2 : Version::V3;
    uint64_t delay_us = 0;
    if (prio == 0) {
        const uint16_t mai = r.master_known ? r.master_adver_int_cs : r.adver_int_cs;
        delay_us = fsm::skew_time_us(ours, r.priority, mai * fsm::kUsPerCentisecond);
        why |= why ? XVRRP_WHY_PRIORITY_ZERO : 0;
    } else if (r.preempt && prio < r.priority) {
        count(e, XVRRP_CNT_PREEMPT_DISCARD);
        why |= why ? XVRRP_WHY_PREEMPT : 0;
    } else {
        delay_us = fsm::master_down_interval_us(ours, r.priority,
                                                a.interval_cs() * fsm::kUsPerCentisecond);
    }
    if (why == 0) {
        if (delay_us != 0) {
            count(e, XVRRP_CNT_REARM);
        }
        return decide(e, XDP_DROP, "advert, BACKUP, same master: re-armed, no event");
    }
    emit(e, advert_event(a, r, why, delay_us * 1000));
    decide(e, XDP_DROP, "advert, BACKUP: the master changed, one event");
}

// docs/bpf.md "MASTER": S9, S10, S11, every advert reported.
void master(const Heard& a, const xvrrp_router& r, Expected& e) {
    const uint8_t prio = a.d.advert.priority;
    const bool higher_addr =
        std::memcmp(a.src.bytes().data(), r.primary, 16) > 0;  // unsigned, network order
    const uint8_t why = prio == 0 ? XVRRP_WHY_PRIORITY_ZERO
                        : prio > r.priority || (prio == r.priority && higher_addr)
                            ? XVRRP_WHY_HIGHER
                            : XVRRP_WHY_LOSING;
    emit(e, advert_event(a, r, why, 0));
    decide(e, XDP_DROP, "advert, MASTER: one event");
}

void accepted(const Heard& a, const xvrrp_router& r, Expected& e) {
    if (a.version() == 3 && a.family == Family::V4) {
        count(e, a.d.csum_form == XVRRP_CSUM_PLAIN ? XVRRP_CNT_CSUM_PLAIN : XVRRP_CNT_CSUM_PSEUDO);
    }
    if (r.priority == 255) {
        count(e, XVRRP_CNT_OWNER_ADVERT);  // D11
    }
    if (same_addr(a.src, r.primary)) {
        count(e, XVRRP_CNT_OWN_ADVERT);
        return decide(e, XDP_DROP, "our own advert");
    }
    if (a.version() == 2 && r.accept_v2_v3 && r.master_known && r.master_version == 3 &&
        same_addr(a.src, r.master_addr)) {
        count(e, XVRRP_CNT_V2_IGNORED);
        return decide(e, XDP_DROP, "I3: v2 from a master that sends v3");
    }
    if (r.state == XVRRP_STATE_BACKUP) {
        return backup(a, r, e);
    }
    if (r.state == XVRRP_STATE_MASTER) {
        return master(a, r, e);
    }
    count(e, XVRRP_CNT_NOT_ACTIVE);
    decide(e, XDP_DROP, "advert, INIT or FAULT");
}

struct IpFacts {
    Family family;
    size_t msg_off;
    size_t len;
    uint8_t ttl;
    IpAddr src;
    IpAddr dst;
};

// Every VRRP packet is dropped; the ladder says whether it counts.
void advert(const World& w, Bytes f, const IpFacts& ip, Expected& e) {
    count(e, XVRRP_CNT_ADVERT_RX);
    const Bytes msg = f.subspan(ip.msg_off, ip.len);
    const uint8_t vrid = msg.size() >= 2 ? msg[1] : 0;
    const xvrrp_router* r = msg.size() >= 2 ? w.find(vrid, ip.family) : nullptr;
    const ReceivePolicy policy = policy_for(w, r, vrid, ip.family);
    const DecodeResult d = proto::decode(msg, {ip.src, ip.dst, ip.ttl}, &policy);
    count(e, d.discard);
    if (!d.ok() || r == nullptr) {
        e.discarded = true;
        return decide(e, XDP_DROP, proto::discard_name(d.discard));
    }
    accepted({vrid, ip.family, d, ip.src, mac_at(f, 6)}, *r, e);
}

void advert_cut_short(Expected& e) {
    count(e, XVRRP_CNT_ADVERT_RX);
    count(e, XVRRP_DISCARD_D4_TRUNCATED);
    e.discarded = true;
    decide(e, XDP_DROP, "D4: IP length beyond the frame");
}

// false: not protocol 112, on to the VMAC check.
bool ipv4(const World& w, Bytes f, Expected& e) {
    if (f.size() < 34 || f[23] != XVRRP_IPPROTO_VRRP) {
        return false;
    }
    const size_t ihl = size_t(f[14] & 0x0f) * 4;
    const size_t total = be16(f, 16);
    if (f[14] >> 4 != 4 || ihl < 20 || 14 + ihl > f.size() || (be16(f, 20) & 0x3fff) != 0 ||
        total < ihl || proto::inet_checksum(f.subspan(14, ihl)) != 0) {
        count(e, XVRRP_CNT_VRRP_MALFORMED_IP);
        decide(e, XDP_PASS, "protocol 112, unusable IPv4 header: the stack's business");
        return true;
    }
    if (14 + total > f.size()) {
        advert_cut_short(e);
        return true;
    }
    advert(w, f, {Family::V4, 14 + ihl, total - ihl, f[22], v4_at(f, 26), v4_at(f, 30)}, e);
    return true;
}

bool ipv6(const World& w, Bytes f, Expected& e) {
    if (f.size() < 54 || f[14] >> 4 != 6) {
        return false;
    }
    if (f[20] == 58) {
        return nd(w, f, e);
    }
    if (f[20] != XVRRP_IPPROTO_VRRP) {
        return false;
    }
    const size_t len = be16(f, 18);
    if (54 + len > f.size()) {
        advert_cut_short(e);
        return true;
    }
    advert(w, f, {Family::V6, 54, len, f[21], v6_at(f, 22), v6_at(f, 38)}, e);
    return true;
}

}  // namespace

Expected predict(const World& w, Bytes f) {
    Expected e;
    e.out.assign(f.begin(), f.end());
    const uint16_t type = be16(f, 12);
    if (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
        count(e, XVRRP_CNT_VLAN_PASS);
        decide(e, XDP_PASS, "VLAN-tagged: passed untouched");
        return e;
    }
    bool decided = false;
    if (type == proto::kEtherTypeArp) {
        decided = arp(w, f, e);
    } else if (type == proto::kEtherTypeIpv4) {
        decided = ipv4(w, f, e);
    } else if (type == proto::kEtherTypeIpv6) {
        decided = ipv6(w, f, e);
    }
    if (!decided) {
        to_vmac(w, f, e);
    }
    return e;
}

}  // namespace xvrrp::xdpfuzz

#include "input.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>

#include "proto/checksum.h"
#include "proto/frames.h"
#include "world.h"

namespace xvrrp::xdpfuzz {

namespace {

using proto::IpAddr;

// Raw bytes for the builders; zeros once used up.
class Tail {
  public:
    explicit Tail(std::span<const uint8_t> b) : b_(b) {}
    uint8_t u8() { return pos_ < b_.size() ? b_[pos_++] : 0; }
    uint16_t u16() { return uint16_t(u8() << 8 | u8()); }
    void bytes(uint8_t* out, size_t n) {
        for (size_t i = 0; i < n; ++i) {
            out[i] = u8();
        }
    }
    Mac mac() {
        Mac m;
        bytes(m.data(), m.size());
        return m;
    }
    IpAddr v4() {
        std::array<uint8_t, 4> a;
        bytes(a.data(), a.size());
        return IpAddr::v4(a);
    }
    IpAddr v6() {
        std::array<uint8_t, 16> a;
        bytes(a.data(), a.size());
        return IpAddr::v6(a);
    }

  private:
    std::span<const uint8_t> b_;
    size_t pos_ = 0;
};

template <typename T, size_t N>
const T& pick(const std::array<T, N>& options, uint8_t choice) {
    return options[choice % N];
}

class Writer {
  public:
    std::vector<uint8_t> out;
    void u8(uint8_t v) { out.push_back(v); }
    void u16(uint16_t v) {
        u8(uint8_t(v >> 8));
        u8(uint8_t(v));
    }
    void put(std::span<const uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); }
    void ip(const IpAddr& a) { put({a.data(), a.size()}); }
    void eth(const Mac& dst, const Mac& src, uint16_t type) {
        put(dst);
        put(src);
        u16(type);
    }
    void set16(size_t at, uint16_t v) {
        out[at] = uint8_t(v >> 8);
        out[at + 1] = uint8_t(v);
    }
};

uint8_t ttl_of(const Spec& s) {
    return s.ttl < 0xc0 ? XVRRP_TTL : s.ttl;
}

int length_delta(const Spec& s) {
    return (s.flags & 0x80) ? int(int8_t(s.len)) : 0;
}

// IPv4 candidates for senders and targets (index 0 is the usual one).
IpAddr v4_choice(uint8_t choice, Tail& t, const IpAddr& usual) {
    static const std::array<const char*, 7> fixed = {
        "192.0.2.2", "192.0.2.1", "192.0.2.200", "192.0.2.0", "192.0.2.3", "0.0.0.0", "192.0.2.50"};
    const uint8_t c = choice % 9;
    if (c == 0) {
        return usual;
    }
    return c == 8 ? t.v4() : addr(fixed[c - 1]);
}

IpAddr v6_choice(uint8_t choice, Tail& t, const IpAddr& usual) {
    static const std::array<const char*, 8> fixed = {"fe80::2",  "fe80::1",    "2001:db8::3",
                                                     "fe80::ff", "::",         "2001:db8::50",
                                                     "ff02::1",  "2001:db8::1"};
    const uint8_t c = choice % 10;
    if (c == 0) {
        return usual;
    }
    return c == 9 ? t.v6() : addr(fixed[c - 1]);
}

// A VIP of either family (or not a VIP) to ask for or to advertise.
IpAddr target_choice(uint8_t choice, Family family, Tail& t) {
    std::vector<IpAddr> c;
    for (const Vip& v : vips()) {
        if (v.addr.family() == family) {
            c.push_back(v.addr);
        }
    }
    c.push_back(family == Family::V4 ? addr("192.0.2.77") : addr("2001:db8::77"));
    c.push_back(family == Family::V4 ? addr("224.0.0.18") : addr("ff02::1"));
    const size_t i = choice % (c.size() + 1);
    if (i == c.size()) {
        return family == Family::V4 ? t.v4() : t.v6();
    }
    return c[i];
}

Mac mac_choice(uint8_t choice, const Mac& usual, Tail& t) {
    const std::array<Mac, 7> fixed = {
        usual, kClientMac, kPeerMac, kOurMac, proto::kBroadcastMac, proto::vmac(Family::V4, kVridA),
        Mac{}};
    const uint8_t c = choice % 10;
    if (c < fixed.size()) {
        return fixed[c];
    }
    if (c == 7) {
        return proto::vmac(Family::V6, kVridA);
    }
    if (c == 8) {
        return proto::vmac(Family::V6, kVridOwner);
    }
    return t.mac();
}

std::vector<uint8_t> arp(const Spec& s, Tail& t) {
    const IpAddr tpa = target_choice(s.target, Family::V4, t);
    const Mac src = mac_choice(s.eth_src, kClientMac, t);
    Writer w;
    w.eth(mac_choice(s.eth_dst, proto::kBroadcastMac, t), src, proto::kEtherTypeArp);
    std::array<uint8_t, 6> fixed = {0, 1, 0x08, 0x00, 6, 4};
    if (s.flags & 1) {
        fixed[t.u8() % 6] = t.u8();
    }
    w.put(fixed);
    const uint8_t op = s.op % 4;
    w.u16(op < 2 ? 1 : op == 2 ? 2 : t.u16());
    w.put((s.flags & 0x40) ? mac_choice(t.u8(), kPeerMac, t) : src);
    const uint8_t spa = s.src % 4;
    w.ip(spa == 1 ? tpa : v4_choice(spa == 0 ? 0 : s.src >> 2, t, addr("192.0.2.50")));
    w.put((s.op & 4) ? t.mac() : Mac{});
    w.ip(tpa);
    return w.out;
}

// Options of an NS / NA: SLLAO, TLLAO, a nonce, or something odd.
void nd_options(const Spec& s, Tail& t, const Mac& own, Writer& w) {
    for (int i = 0; i < (s.options % 6); ++i) {
        const uint8_t kind = t.u8();
        switch (kind % 6) {
            case 0:
            case 1:
                w.u8(kind % 6 == 0 ? 1 : 2);
                w.u8(1);
                w.put(own);
                break;
            case 2:  // nonce (RFC 3971)
                w.u8(14);
                w.u8(1);
                for (int b = 0; b < 6; ++b) {
                    w.u8(t.u8());
                }
                break;
            case 3:  // length 0: the message must be discarded
                w.u8(1);
                w.u8(0);
                w.put(own);
                break;
            default: {
                w.u8(t.u8());
                const uint8_t len = uint8_t(1 + t.u8() % 3);
                w.u8(len);
                for (int b = 0; b < len * 8 - 2; ++b) {
                    w.u8(t.u8());
                }
            }
        }
    }
}

std::vector<uint8_t> nd(const Spec& s, Tail& t, bool solicitation) {
    const IpAddr target = target_choice(s.target, Family::V6, t);
    const IpAddr src = v6_choice(s.src, t, addr("2001:db8::50"));
    const IpAddr usual_dst = solicitation ? proto::solicited_node(target) : addr("ff02::1");
    const IpAddr dst = v6_choice(s.dst, t, usual_dst);
    const Mac src_mac = mac_choice(s.eth_src, kClientMac, t);
    const Mac dst_mac = dst.is_multicast() ? proto::multicast_mac(dst) : kOurMac;
    Writer w;
    w.eth(mac_choice(s.eth_dst, dst_mac, t), src_mac, proto::kEtherTypeIpv6);
    const size_t ip_at = w.out.size();
    w.u16(0x6000);
    w.u16(0);
    w.u16(0);  // payload length, below
    w.u8(58);
    w.u8(ttl_of(s));
    w.ip(src);
    w.ip(dst);
    const size_t icmp_at = w.out.size();
    w.u8(solicitation ? 135 : 136);
    w.u8((s.flags & 0x20) ? t.u8() : 0);
    w.u16(0);
    const uint8_t flags = solicitation ? 0 : uint8_t(s.op & 0xe0);
    w.u8((s.flags & 0x20) ? t.u8() : flags);
    w.u8(0);
    w.u16(0);
    w.ip(target);
    nd_options(s, t, (s.flags & 0x40) ? t.mac() : src_mac, w);
    const size_t icmp_len = w.out.size() - icmp_at;
    w.set16(ip_at + 4, uint16_t(int(icmp_len) + length_delta(s)));
    const uint16_t sum = proto::icmpv6_checksum({w.out.data() + icmp_at, icmp_len}, src, dst);
    const uint8_t form = s.csum % 4;
    w.set16(icmp_at + 2, form == 3 ? t.u16() : form == 2 ? uint16_t(sum + 1) : sum);
    return w.out;
}

uint8_t vrid_choice(uint8_t c, Tail& t) {
    static const std::array<uint8_t, 5> fixed = {kVridA, kVridB, kVridC, kVridOwner, kVridGone};
    return c % 6 < 5 ? fixed[c % 6] : t.u8();
}

// The VRRP message, checksum zero.
std::vector<uint8_t> vrrp_message(const Spec& s, Tail& t, Family family, uint8_t vrid) {
    Writer w;
    const uint8_t first = s.ver_type % 4 == 0 ? 0x31 : s.ver_type % 4 == 1 ? 0x21 : s.ver_type;
    const bool v2 = first >> 4 == 2;
    const uint8_t n = s.count % 9;
    w.u8(first);
    w.u8(vrid);
    w.u8(s.priority);
    w.u8((s.count & 0x80) ? t.u8() : n);
    if (v2) {
        w.u8(s.interval_hi % 4 == 3 ? t.u8() : s.interval_hi % 4 == 0 ? 1 : s.interval_hi % 4 - 1);
        w.u8(s.interval_lo);
    } else {
        w.u8(s.interval_hi);
        w.u8(s.interval_lo);
    }
    w.u16(0);
    for (uint8_t i = 0; i < n; ++i) {
        w.ip(target_choice(i == 0 ? s.target : t.u8(), family, t));
    }
    if (v2) {
        std::array<uint8_t, XVRRP_V2_AUTH_LEN> auth{'s', 'e', 'c', 'r', 'e', 't'};
        if (s.op & 1) {
            t.bytes(auth.data(), auth.size());
        }
        w.put(auth);
    }
    return w.out;
}

void set_vrrp_checksum(const Spec& s, Tail& t, std::vector<uint8_t>& msg, const IpAddr& src,
                       const IpAddr& dst) {
    if (msg.size() < 8) {
        return;
    }
    const uint8_t form = s.csum % 4;
    const uint16_t sum =
        proto::vrrp_checksum(msg, src, dst, form == 0 ? XVRRP_CSUM_PLAIN : XVRRP_CSUM_PSEUDO);
    const uint16_t v = form == 3 ? t.u16() : form == 2 ? uint16_t(sum + 1) : sum;
    msg[6] = uint8_t(v >> 8);
    msg[7] = uint8_t(v);
}

std::vector<uint8_t> advert4(const Spec& s, Tail& t) {
    const uint8_t vrid = vrid_choice(s.vrid, t);
    const IpAddr src = v4_choice(s.src, t, addr("192.0.2.2"));
    const IpAddr dst = v4_choice(s.dst, t, addr("224.0.0.18"));
    std::vector<uint8_t> msg = vrrp_message(s, t, Family::V4, vrid);
    set_vrrp_checksum(s, t, msg, src, dst);
    const Mac dst_mac = dst.is_multicast() ? proto::multicast_mac(dst) : kOurMac;
    Writer w;
    w.eth(mac_choice(s.eth_dst, dst_mac, t),
          mac_choice(s.eth_src, proto::vmac(Family::V4, vrid), t), proto::kEtherTypeIpv4);
    const size_t ip_at = w.out.size();
    const uint8_t words = s.options % 11;
    uint8_t ihl = uint8_t(5 + words);
    if (s.flags & 8) {
        ihl = t.u8() & 0x0f;
    }
    w.u8(uint8_t(((s.flags & 4) ? t.u8() & 0xf0 : 0x40) | ihl));
    w.u8(0);
    w.u16(uint16_t(int((5 + words) * 4 + msg.size()) + length_delta(s)));
    w.u16(0);
    w.u16((s.flags & 2) ? t.u16() : 0x4000);  // DF, or flags/fragment offset
    w.u8(ttl_of(s));
    w.u8(XVRRP_IPPROTO_VRRP);
    w.u16(0);
    w.ip(src);
    w.ip(dst);
    for (int i = 0; i < words * 4; ++i) {
        w.u8(t.u8());
    }
    const uint16_t sum = proto::inet_checksum({w.out.data() + ip_at, size_t(5 + words) * 4});
    w.set16(ip_at + 10, (s.flags & 0x10) ? uint16_t(sum ^ 0x0100) : sum);
    w.put(msg);
    return w.out;
}

std::vector<uint8_t> advert6(const Spec& s, Tail& t) {
    const uint8_t vrid = vrid_choice(s.vrid, t);
    const IpAddr src = v6_choice(s.src, t, addr("fe80::2"));
    const IpAddr dst = v6_choice(s.dst, t, addr("ff02::12"));
    std::vector<uint8_t> msg = vrrp_message(s, t, Family::V6, vrid);
    set_vrrp_checksum(s, t, msg, src, dst);
    const Mac dst_mac = dst.is_multicast() ? proto::multicast_mac(dst) : kOurMac;
    Writer w;
    w.eth(mac_choice(s.eth_dst, dst_mac, t),
          mac_choice(s.eth_src, proto::vmac(Family::V6, vrid), t), proto::kEtherTypeIpv6);
    w.u16((s.flags & 4) ? t.u16() : 0x6000);
    w.u16(0);
    w.u16(uint16_t(int(msg.size()) + length_delta(s)));
    w.u8(XVRRP_IPPROTO_VRRP);
    w.u8(ttl_of(s));
    w.ip(src);
    w.ip(dst);
    w.put(msg);
    return w.out;
}

std::vector<uint8_t> to_vmac(const Spec& s, Tail& t) {
    const Family family = (s.op & 1) ? Family::V6 : Family::V4;
    Writer w;
    const uint8_t vrid = vrid_choice(s.vrid, t);
    w.eth(proto::vmac(family, vrid), mac_choice(s.eth_src, kClientMac, t),
          family == Family::V4 ? proto::kEtherTypeIpv4 : proto::kEtherTypeIpv6);
    for (int i = 0; i < 20 + s.options % 40; ++i) {
        w.u8(t.u8());
    }
    return w.out;
}

std::vector<uint8_t> raw(const Spec& s, Tail& t) {
    static const std::array<uint16_t, 8> types = {0x0800, 0x86dd, 0x0806, 0x8100,
                                                  0x88a8, 0x9100, 0x88cc, 0};
    Writer w;
    const uint16_t type = s.op % 8 == 7 ? t.u16() : pick(types, s.op);
    w.eth(mac_choice(s.eth_dst, proto::kBroadcastMac, t), mac_choice(s.eth_src, kClientMac, t),
          type);
    for (int i = 0; i < s.options; ++i) {
        w.u8(t.u8());
    }
    return w.out;
}

std::vector<uint8_t> build(const Spec& s, Tail& t) {
    switch (Kind(s.kind % uint8_t(Kind::Count))) {
        case Kind::Arp:
            return arp(s, t);
        case Kind::Ns:
            return nd(s, t, true);
        case Kind::Na:
            return nd(s, t, false);
        case Kind::Advert4:
            return advert4(s, t);
        case Kind::Advert6:
            return advert6(s, t);
        case Kind::ToVmac:
            return to_vmac(s, t);
        default:
            return raw(s, t);
    }
}

// An IPv6 hop-by-hop header (router alert) in front of the ICMPv6 or VRRP
// message: the program reads no extension headers, so such a packet is the
// stack's to judge.
void add_hop_by_hop(const Spec& s, std::vector<uint8_t>& f) {
    const Kind kind = Kind(s.kind % uint8_t(Kind::Count));
    if (!(s.vlan & 0x40) || f.size() < 54 ||
        (kind != Kind::Ns && kind != Kind::Na && kind != Kind::Advert6)) {
        return;
    }
    const uint8_t hbh[8] = {f[20], 0, 5, 2, 0, 0, 1, 0};
    f.insert(f.begin() + 54, std::begin(hbh), std::end(hbh));
    f[20] = 0;
    const uint16_t len = uint16_t((f[18] << 8 | f[19]) + 8);
    f[18] = uint8_t(len >> 8);
    f[19] = uint8_t(len);
}

// Tags go between the source MAC and the EtherType.
void add_vlan_tags(const Spec& s, Tail& t, std::vector<uint8_t>& f) {
    if (s.vlan % 8 != 7) {
        return;
    }
    static const std::array<uint16_t, 3> tpids = {0x8100, 0x88a8, 0x9100};
    const int tags = 1 + (s.vlan >> 3) % 2;
    std::vector<uint8_t> ins;
    for (int i = 0; i < tags; ++i) {
        const uint16_t tpid = pick(tpids, uint8_t(s.vlan >> 4 >> i));
        const uint16_t tci = t.u16();
        ins.insert(ins.end(), {uint8_t(tpid >> 8), uint8_t(tpid), uint8_t(tci >> 8), uint8_t(tci)});
    }
    f.insert(f.begin() + 12, ins.begin(), ins.end());
}

}  // namespace

Input decode_input(std::span<const uint8_t> data) {
    Input in;
    std::memcpy(&in.spec, data.data(), std::min(data.size(), sizeof(Spec)));
    Tail t(data.size() > sizeof(Spec) ? data.subspan(sizeof(Spec)) : std::span<const uint8_t>{});
    const Spec& s = in.spec;
    in.frame = build(s, t);
    add_hop_by_hop(s, in.frame);
    add_vlan_tags(s, t, in.frame);
    for (int i = 0; i < s.pad % 48; ++i) {
        in.frame.push_back(t.u8());
    }
    if (s.cut & 0x80) {
        in.frame.resize(std::max<size_t>(
            14, in.frame.size() - std::min<size_t>(in.frame.size(), s.cut & 0x7f)));
    }
    in.frame.resize(std::min<size_t>(in.frame.size(), 1514));
    return in;
}

std::vector<uint8_t> encode_input(const Spec& spec, std::span<const uint8_t> tail) {
    std::vector<uint8_t> out(sizeof(Spec));
    std::memcpy(out.data(), &spec, sizeof spec);
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
}

}  // namespace xvrrp::xdpfuzz

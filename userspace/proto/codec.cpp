#include "proto/codec.h"

#include <algorithm>
#include <string>

#include "proto/checksum.h"
#include "proto/wire.h"

namespace xvrrp::proto {

namespace {

constexpr uint8_t kTypeAdvertisement = 1;
constexpr size_t kChecksumOffset = 6;
constexpr uint16_t kV3IntervalMask = 0x0fff;

size_t address_len(Family family) {
    return family == Family::V4 ? 4 : 16;
}

Family other(Family family) {
    return family == Family::V4 ? Family::V6 : Family::V4;
}

void check_encodable(const Advert& a, const IpAddr& src, const IpAddr& dst) {
    if (src.family() != dst.family()) {
        throw EncodeError("VRRP encode: source " + src.to_string() + " and destination " +
                          dst.to_string() + " are of different families");
    }
    if (a.addresses.size() > 255) {
        throw EncodeError("VRRP encode: " + std::to_string(a.addresses.size()) +
                          " addresses, the count field holds at most 255");
    }
    for (const IpAddr& addr : a.addresses) {
        if (addr.family() != a.family) {
            throw EncodeError("VRRP encode: address " + addr.to_string() +
                              " is not of the advert's family");
        }
    }
    const uint16_t max_interval = a.version == Version::V3 ? kV3IntervalMask : 255;
    if (a.interval > max_interval) {
        throw EncodeError("VRRP encode: interval " + std::to_string(a.interval) +
                          " exceeds the field's maximum " + std::to_string(max_interval));
    }
}

}  // namespace

size_t vrrp_message_len(Version version, Family family, size_t count) {
    const size_t auth = version == Version::V2 ? XVRRP_V2_AUTH_LEN : 0;
    return kVrrpHeaderLen + count * address_len(family) + auth;
}

std::vector<uint8_t> encode(const Advert& a, const IpAddr& src, const IpAddr& dst,
                            xvrrp_csum_form form) {
    check_encodable(a, src, dst);
    std::vector<uint8_t> out;
    out.reserve(vrrp_message_len(a.version, a.family, a.addresses.size()));
    wire::put_u8(out,
                 static_cast<uint8_t>(static_cast<uint8_t>(a.version) << 4 | kTypeAdvertisement));
    wire::put_u8(out, a.vrid);
    wire::put_u8(out, a.priority);
    wire::put_u8(out, static_cast<uint8_t>(a.addresses.size()));
    if (a.version == Version::V3) {
        wire::put_u16(out, a.interval);  // the 4 reserved bits stay 0
    } else {
        wire::put_u8(out, static_cast<uint8_t>(a.auth_type));
        wire::put_u8(out, static_cast<uint8_t>(a.interval));
    }
    wire::put_u16(out, 0);  // checksum, filled below
    for (const IpAddr& addr : a.addresses) {
        wire::put_addr(out, addr);
    }
    if (a.version == Version::V2) {
        wire::put_bytes(out, a.auth);
    }

    uint16_t csum = 0;
    if (a.version == Version::V2) {
        csum = vrrp_checksum_plain(out);
    } else if (!src.is_v4()) {
        csum = vrrp_checksum_pseudo(out, src, dst);
    } else {
        csum = vrrp_checksum(out, src, dst, form);
    }
    wire::store_u16(out, kChecksumOffset, csum);
    return out;
}

namespace {

bool contains(const std::vector<IpAddr>& list, const IpAddr& a) {
    return std::find(list.begin(), list.end(), a) != list.end();
}

// V3 as the XDP program checks it (docs/bpf.md): as many addresses as we
// have VIPs, each one of ours, in any order. The count matters: a list that
// names one of our VIPs twice is not our list. (One that repeats a VIP in
// place of another of ours passes both: the kernel would need a lookup per
// pair to tell.)
bool lists_our_vips(const std::vector<IpAddr>& listed, std::vector<IpAddr> ours) {
    std::sort(ours.begin(), ours.end());
    ours.erase(std::unique(ours.begin(), ours.end()), ours.end());
    return listed.size() == ours.size() &&
           std::all_of(listed.begin(), listed.end(), [&](const IpAddr& a) {
               return std::binary_search(ours.begin(), ours.end(), a);
           });
}

bool ttl_accepted(const IpHeader& ip, const ReceivePolicy* policy) {
    if (ip.ttl == XVRRP_TTL) {
        return true;
    }
    return policy != nullptr && policy->unicast && policy->relax_ttl_for_peers &&
           !ip.dst.is_multicast() && contains(policy->peers, ip.src);
}

bool version_accepted(uint8_t version, const ReceivePolicy* policy) {
    if (version != 2 && version != 3) {
        return false;
    }
    if (policy == nullptr || policy->accept_v2_and_v3) {
        return true;
    }
    return version == static_cast<uint8_t>(policy->version);
}

// D4 / D10: the length must be exactly what the count says. A length that
// fits the other family's address size means the list is of that family.
xvrrp_discard check_length(size_t len, Version version, Family family, uint8_t count) {
    if (len == vrrp_message_len(version, family, count)) {
        return XVRRP_DISCARD_NONE;
    }
    if (len == vrrp_message_len(version, other(family), count)) {
        return XVRRP_DISCARD_D10_FAMILY;
    }
    return XVRRP_DISCARD_D4_TRUNCATED;
}

// P3: which checksum form the message verifies in, NONE if none.
xvrrp_csum_form matching_form(std::span<const uint8_t> msg, Version version, const IpHeader& ip) {
    if (version == Version::V2) {
        return vrrp_checksum_plain(msg) == 0 ? XVRRP_CSUM_PLAIN : XVRRP_CSUM_NONE;
    }
    if (ip.family() == Family::V6) {
        return vrrp_checksum_pseudo(msg, ip.src, ip.dst) == 0 ? XVRRP_CSUM_PSEUDO : XVRRP_CSUM_NONE;
    }
    if (vrrp_checksum_plain(msg) == 0) {
        return XVRRP_CSUM_PLAIN;
    }
    return vrrp_checksum_pseudo(msg, ip.src, ip.dst) == 0 ? XVRRP_CSUM_PSEUDO : XVRRP_CSUM_NONE;
}

// The fields of a message whose length and checksum are already checked.
Advert parse_fields(std::span<const uint8_t> msg, Version version, Family family) {
    Advert a;
    a.version = version;
    a.family = family;
    a.vrid = msg[1];
    a.priority = msg[2];
    const uint8_t count = msg[3];
    if (version == Version::V3) {
        a.interval = wire::load_u16(msg, 4) & kV3IntervalMask;
    } else {
        a.auth_type = static_cast<AuthType>(msg[4]);
        a.interval = msg[5];
    }
    size_t at = kVrrpHeaderLen;
    a.addresses.reserve(count);
    for (uint8_t i = 0; i < count; ++i, at += address_len(family)) {
        a.addresses.push_back(wire::load_addr(msg, at, family));
    }
    if (version == Version::V2) {
        std::copy_n(msg.begin() + static_cast<std::ptrdiff_t>(at), a.auth.size(), a.auth.begin());
    }
    return a;
}

// The instance's rules: D6, and for v2 V1-V3.
xvrrp_discard check_policy(const Advert& a, const ReceivePolicy& p) {
    if (!p.vrids.empty() && std::find(p.vrids.begin(), p.vrids.end(), a.vrid) == p.vrids.end()) {
        return XVRRP_DISCARD_D6_VRID;
    }
    if (a.version != Version::V2) {
        return XVRRP_DISCARD_NONE;
    }
    if (a.auth_type != p.v2_auth_type || (a.auth_type == AuthType::Pass && a.auth != p.v2_auth)) {
        return XVRRP_DISCARD_V1_AUTH;
    }
    if (a.interval != p.v2_interval_s) {
        return XVRRP_DISCARD_V2_INTERVAL;
    }
    if (a.priority != 255 && !lists_our_vips(a.addresses, p.vips)) {
        return XVRRP_DISCARD_V3_ADDRESSES;
    }
    return XVRRP_DISCARD_NONE;
}

}  // namespace

// One rung per rule, cheapest and IP-header-only first, so each discard is
// counted under the first rule it breaks.
DecodeResult decode(std::span<const uint8_t> msg, const IpHeader& ip, const ReceivePolicy* policy) {
    DecodeResult r;
    r.ip = ip;
    const auto discard = [&r](xvrrp_discard reason) {
        r.discard = reason;
        r.csum_form = XVRRP_CSUM_NONE;
        return r;
    };

    if (!ttl_accepted(ip, policy)) {
        return discard(XVRRP_DISCARD_D1_TTL);
    }
    if (policy != nullptr && policy->unicast && !contains(policy->peers, ip.src)) {
        return discard(XVRRP_DISCARD_D12_PEER);
    }
    if (msg.size() < kVrrpHeaderLen) {
        return discard(XVRRP_DISCARD_D4_TRUNCATED);
    }
    const uint8_t wire_version = msg[0] >> 4;
    if (!version_accepted(wire_version, policy)) {
        return discard(XVRRP_DISCARD_D2_VERSION);
    }
    const auto version = static_cast<Version>(wire_version);
    if (version == Version::V2 && ip.family() == Family::V6) {
        return discard(XVRRP_DISCARD_D10_FAMILY);
    }
    if ((msg[0] & 0x0f) != kTypeAdvertisement) {
        return discard(XVRRP_DISCARD_D3_TYPE);
    }
    const uint8_t count = msg[3];
    if (count == 0) {
        return discard(XVRRP_DISCARD_D7_COUNT_ZERO);
    }
    if (const xvrrp_discard d = check_length(msg.size(), version, ip.family(), count);
        d != XVRRP_DISCARD_NONE) {
        return discard(d);
    }
    r.csum_form = matching_form(msg, version, ip);
    if (r.csum_form == XVRRP_CSUM_NONE) {
        return discard(XVRRP_DISCARD_D5_CHECKSUM);
    }
    r.advert = parse_fields(msg, version, ip.family());
    if (version == Version::V3 && r.advert.interval == 0) {
        return discard(XVRRP_DISCARD_D8_INTERVAL_ZERO);
    }
    // D9 is a multicast rule: unicast instances may list global addresses only.
    if (ip.family() == Family::V6 && !(policy != nullptr && policy->unicast) &&
        !r.advert.addresses.front().is_link_local()) {
        return discard(XVRRP_DISCARD_D9_NOT_LINK_LOCAL);
    }
    // D11: a priority-255 advert (we may be the owner too) goes on like any other.
    if (policy != nullptr) {
        if (const xvrrp_discard d = check_policy(r.advert, *policy); d != XVRRP_DISCARD_NONE) {
            return discard(d);
        }
    }
    return r;
}

const char* discard_name(xvrrp_discard reason) {
    switch (reason) {
        case XVRRP_DISCARD_NONE:
            return "accepted";
        case XVRRP_DISCARD_D1_TTL:
            return "D1 TTL/hop limit not 255";
        case XVRRP_DISCARD_D2_VERSION:
            return "D2 version not configured";
        case XVRRP_DISCARD_D3_TYPE:
            return "D3 type not advertisement";
        case XVRRP_DISCARD_D4_TRUNCATED:
            return "D4 length does not match count";
        case XVRRP_DISCARD_D5_CHECKSUM:
            return "D5 bad checksum";
        case XVRRP_DISCARD_D6_VRID:
            return "D6 VRID not configured";
        case XVRRP_DISCARD_D7_COUNT_ZERO:
            return "D7 address count 0";
        case XVRRP_DISCARD_D8_INTERVAL_ZERO:
            return "D8 max advert interval 0";
        case XVRRP_DISCARD_D9_NOT_LINK_LOCAL:
            return "D9 first IPv6 address not link-local";
        case XVRRP_DISCARD_D10_FAMILY:
            return "D10 address family differs from IP header";
        case XVRRP_DISCARD_D12_PEER:
            return "D12 source not a configured unicast peer";
        case XVRRP_DISCARD_V1_AUTH:
            return "V1 v2 authentication mismatch";
        case XVRRP_DISCARD_V2_INTERVAL:
            return "V2 v2 advert interval mismatch";
        case XVRRP_DISCARD_V3_ADDRESSES:
            return "V3 v2 address list mismatch";
        case XVRRP_DISCARD_MAX:
            break;
    }
    return "unknown discard reason";
}

}  // namespace xvrrp::proto

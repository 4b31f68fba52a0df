#include "dataplane/events.h"

#include <algorithm>
#include <cstring>

namespace xvrrp::dataplane {
namespace {

RouterKey router_of(const xvrrp_event& e) {
    return from_abi(xvrrp_router_key{e.vrid, e.family, {0, 0}});
}

bool known_family(uint8_t family) {
    return family == XVRRP_FAMILY_V4 || family == XVRRP_FAMILY_V6;
}

std::array<uint8_t, 6> mac_of(const xvrrp_event& e) {
    std::array<uint8_t, 6> mac{};
    std::copy_n(e.mac, 6, mac.begin());
    return mac;
}

}  // namespace

std::optional<Event> decode_event(std::span<const uint8_t> record) {
    if (record.size() < sizeof(xvrrp_event)) {
        return std::nullopt;
    }
    xvrrp_event e{};
    std::memcpy(&e, record.data(), sizeof e);
    if (!known_family(e.family)) {
        return std::nullopt;
    }
    const RouterKey router = router_of(e);
    switch (e.type) {
        case XVRRP_EV_ADVERT: {
            AdvertEvent a;
            a.timestamp_ns = e.timestamp_ns;
            a.router = router;
            a.version = e.version;
            a.priority = e.priority;
            a.count = e.count;
            a.csum_form = static_cast<xvrrp_csum_form>(e.csum_form);
            a.why = e.why;
            a.interval = e.interval;
            a.state = e.state;
            a.vip_matches = e.vip_matches;
            a.ifindex = e.ifindex;
            a.source = address_from_abi(e.addr, router.family);
            a.source_mac = mac_of(e);
            a.timer_ns = e.timer_ns;
            return a;
        }
        case XVRRP_EV_MASTER_DOWN:
            return MasterDownEvent{e.timestamp_ns, router, e.state, e.timer_ns};
        case XVRRP_EV_CONFLICT:
            return ConflictEvent{e.timestamp_ns, router, address_from_abi(e.addr, router.family),
                                 mac_of(e), e.ifindex};
        default:
            return std::nullopt;
    }
}

xvrrp_event encode_event(const Event& event) {
    xvrrp_event e{};
    auto common = [&e](uint8_t type, uint64_t ts, RouterKey router) {
        e.type = type;
        e.timestamp_ns = ts;
        e.vrid = router.vrid;
        e.family = static_cast<xvrrp_u8>(router.family);
    };
    if (const auto* a = std::get_if<AdvertEvent>(&event)) {
        common(XVRRP_EV_ADVERT, a->timestamp_ns, a->router);
        e.version = a->version;
        e.priority = a->priority;
        e.count = a->count;
        e.csum_form = static_cast<xvrrp_u8>(a->csum_form);
        e.why = a->why;
        e.interval = a->interval;
        e.state = a->state;
        e.vip_matches = a->vip_matches;
        e.ifindex = a->ifindex;
        address_to_abi(a->source, e.addr);
        std::copy(a->source_mac.begin(), a->source_mac.end(), e.mac);
        e.timer_ns = a->timer_ns;
    } else if (const auto* d = std::get_if<MasterDownEvent>(&event)) {
        common(XVRRP_EV_MASTER_DOWN, d->timestamp_ns, d->router);
        e.state = d->state;
        e.timer_ns = d->deadline_ns;
    } else if (const auto* c = std::get_if<ConflictEvent>(&event)) {
        common(XVRRP_EV_CONFLICT, c->timestamp_ns, c->router);
        address_to_abi(c->vip, e.addr);
        std::copy(c->mac.begin(), c->mac.end(), e.mac);
        e.ifindex = c->ifindex;
    }
    return e;
}

}  // namespace xvrrp::dataplane

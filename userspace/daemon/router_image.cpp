#include "daemon/router_image.h"

#include <algorithm>
#include <cstring>

#include "dataplane/router_key.h"

namespace xvrrp::daemon {

// Four intervals, not three: a backup takes over Master_Down_Interval after
// our last advert, 3 intervals + Skew_Time, and Skew_Time is up to one
// interval (priority 1). A lease of three ran out that much earlier, and
// nothing answered ARP/NS meanwhile: the chaos soak (bench/chaos) measured
// 40-60 ms with no answer after every SIGKILL of a 100 ms MASTER, and after
// a 266 ms stall of a live one. With four, a stall shorter than the backups'
// take-over leaves no gap; a dead MASTER answers (with the same VMAC) at
// most one interval beside the new one.
uint64_t lease_validity_ns(const fsm::VirtualRouter& vr) {
    return 4 * vr.advert_interval_us() * 1000;
}

enum xvrrp_state to_abi(fsm::State state) {
    switch (state) {
        case fsm::State::Init:
            return XVRRP_STATE_INIT;
        case fsm::State::Backup:
            return XVRRP_STATE_BACKUP;
        case fsm::State::Master:
            return XVRRP_STATE_MASTER;
        case fsm::State::Fault:
            return XVRRP_STATE_FAULT;
    }
    return XVRRP_STATE_INIT;
}

namespace {

void set_auth(const config::Instance& in, xvrrp_router& r) {
    if (in.version != proto::Version::V2 || !in.auth_pass_enabled) {
        return;
    }
    r.v2_auth_type = 1;
    std::memcpy(r.v2_auth, in.auth_pass.data(), std::min(in.auth_pass.size(), sizeof r.v2_auth));
}

void set_master(const fsm::VirtualRouter& vr, xvrrp_router& r) {
    const auto& m = vr.master();
    if (!m) {
        return;
    }
    dataplane::address_to_abi(m->address, r.master_addr);
    r.master_adver_int_cs =
        static_cast<uint16_t>(std::min<uint64_t>(m->adver_interval_us / 10'000, UINT16_MAX));
    r.master_priority = m->priority;
    r.master_known = 1;
    // In migration mode the master may speak v2 (a VRRPv2 peer) or v3; the
    // kernel compares it per advert and follows a v3 master on v3 only (I3).
    r.master_version = static_cast<uint8_t>(m->version);
}

}  // namespace

xvrrp_router router_image(const config::Instance& in, const fsm::VirtualRouter& vr,
                          uint64_t now_us) {
    const auto& rc = vr.config();
    xvrrp_router r{};
    r.state = static_cast<uint8_t>(to_abi(vr.state()));
    r.priority = vr.priority();
    r.version = static_cast<uint8_t>(rc.version);
    r.accept_v2_v3 = in.version_migration;  // D2 relaxed for RFC 9568 8.4 (I1-I3)
    // The kernel must stop re-arming our timer for a lower-priority master
    // only once we may preempt it (S6, S12): never while the hold runs.
    r.preempt = (vr.is_owner() || rc.preempt) && now_us >= vr.preempt_hold_until_us();
    r.unicast = in.unicast();
    // unicast_ttl: the peers may be routers away; the kernel still holds
    // every other source, and multicast, to TTL 255 (D1).
    r.skip_ttl_check = in.unicast() && in.unicast_ttl.has_value();
    // A3: the owner accepts whatever the configuration says (RFC 9568 6.1).
    r.no_accept = !in.accept && !vr.is_owner();
    r.real_mac = in.real_mac;
    set_auth(in, r);
    r.adver_int_cs = in.advert_int_cs;
    r.vip_count = static_cast<uint16_t>(rc.vips.size());
    r.v2_adver_int_s = static_cast<uint8_t>(std::min<uint32_t>(in.advert_int_cs / 100, 255));
    dataplane::address_to_abi(rc.primary, r.primary);
    if (vr.state() == fsm::State::Master) {
        r.lease_expires_ns = now_us * 1000 + lease_validity_ns(vr);
    }
    set_master(vr, r);
    return r;
}

bool same_apart_from_lease(const xvrrp_router& a, const xvrrp_router& b) {
    xvrrp_router x = a;
    xvrrp_router y = b;
    x.lease_expires_ns = 0;
    y.lease_expires_ns = 0;
    return std::memcmp(&x, &y, sizeof x) == 0;
}

}  // namespace xvrrp::daemon

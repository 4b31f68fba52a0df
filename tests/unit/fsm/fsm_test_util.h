// Builders and printers shared by the state-machine tests.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "fsm/action.h"
#include "fsm/router_config.h"
#include "fsm/virtual_router.h"
#include "proto/address.h"
#include "proto/advert.h"

namespace xvrrp::fsm {

// gtest finds these by argument-dependent lookup, so failures show
// "ArmMasterDownTimer{3609375us}" instead of bytes.
inline void PrintTo(const Action& action, std::ostream* os) {
    *os << to_string(action);
}
inline void PrintTo(State state, std::ostream* os) {
    *os << to_string(state);
}
inline void PrintTo(const KnownMaster& m, std::ostream* os) {
    *os << "KnownMaster{" << m.address.to_string() << ", prio " << int{m.priority} << ", "
        << m.adver_interval_us << "us, v" << int(m.version) << "}";
}

}  // namespace xvrrp::fsm

namespace xvrrp::proto {
inline void PrintTo(const IpAddr& a, std::ostream* os) {
    *os << a.to_string();
}
}  // namespace xvrrp::proto

namespace xvrrp::fsm::test {

using Actions = std::vector<Action>;

inline proto::IpAddr ip(std::string_view text) {
    auto a = proto::IpAddr::parse(text);
    if (!a) {
        throw std::invalid_argument("bad test address");
    }
    return *a;
}

// Defaults: VRRPv3, IPv4, VRID 10, priority 100, 1 s (100 cs), preempt on,
// our primary 10.0.0.1, one VIP 10.0.0.100.
inline RouterConfig config(uint8_t priority = 100, uint16_t interval = 100) {
    RouterConfig c;
    c.vrid = 10;
    c.family = proto::Family::V4;
    c.version = proto::Version::V3;
    c.priority = priority;
    c.advert_interval = interval;
    c.vips = {ip("10.0.0.100")};
    c.primary = ip("10.0.0.1");
    return c;
}

inline RouterConfig config_v6(uint8_t priority = 100, uint16_t interval = 100) {
    RouterConfig c = config(priority, interval);
    c.family = proto::Family::V6;
    c.vips = {ip("2001:db8::100")};
    c.primary = ip("fe80::1");
    return c;
}

inline RouterConfig config_v2(uint8_t priority = 100, uint16_t seconds = 1) {
    RouterConfig c = config(priority, seconds);
    c.version = proto::Version::V2;
    return c;
}

// An advert as the codec would hand it over, matching `c` except for
// priority and interval.
inline proto::Advert advert_for(const RouterConfig& c, uint8_t priority, uint16_t interval) {
    proto::Advert a;
    a.version = c.version;
    a.family = c.family;
    a.vrid = c.vrid;
    a.priority = priority;
    a.interval = interval;
    a.addresses = c.vips;
    return a;
}

inline proto::Advert advert(uint8_t priority, uint16_t interval = 100) {
    return advert_for(config(), priority, interval);
}

// Peers of the default IPv4 router, below and above our 10.0.0.1.
inline const proto::IpAddr kLow = ip("10.0.0.0");
inline const proto::IpAddr kPeer = ip("10.0.0.2");
inline const proto::IpAddr kPeer2 = ip("10.0.0.3");

inline constexpr uint64_t kSecond = 1'000'000;
// MDI for priority 100 and a 1 s interval (T4).
inline constexpr uint64_t kMdi100 = 3'609'375;

// A router already in BACKUP (startup at t = 0).
inline VirtualRouter backup_router(RouterConfig c = config()) {
    VirtualRouter r(std::move(c));
    r.startup(0);
    if (r.state() != State::Backup) {
        throw std::logic_error("backup_router: startup did not reach BACKUP");
    }
    return r;
}

// A router already in MASTER (startup, then the master-down timer at t = MDI).
inline VirtualRouter master_router(RouterConfig c = config()) {
    VirtualRouter r(std::move(c));
    r.startup(0);
    r.master_down_timer_fired(r.master_down_interval_us());
    if (r.state() != State::Master) {
        throw std::logic_error("master_router: did not reach MASTER");
    }
    return r;
}

}  // namespace xvrrp::fsm::test

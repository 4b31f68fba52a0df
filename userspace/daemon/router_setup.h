// From a configured instance (keepalived model) to what the layers below
// take: the state machine's RouterConfig, the addresses to install, and the
// key of its entry in the kernel maps. Pure.
#pragma once

#include <string>
#include <vector>

#include "config/model.h"
#include "dataplane/router_key.h"
#include "fsm/router_config.h"
#include "net/routes.h"
#include "net/vip_manager.h"
#include "proto/address.h"

namespace xvrrp::daemon {

// `primary` is the advert source (P5): unicast_src_ip, or the interface's
// primary IPv4 / IPv6 link-local address.
fsm::RouterConfig router_config(const config::Instance& in, const proto::IpAddr& primary);

dataplane::RouterKey router_key(const config::Instance& in);

// The advertised addresses (virtual_ipaddress), in configuration order.
std::vector<proto::IpAddr> advertised_vips(const config::Instance& in);

// The interface an address goes on: its `dev`, else the instance's own.
const std::string& dev_of(const config::Instance& in, const config::VirtualAddress& v);

// One interface's share of the addresses a MASTER installs: the advertised
// and the excluded ones whose `dev` is `ifname` (or unset, meaning the
// instance's own interface).
std::vector<net::Vip> installed_vips(const config::Instance& in, const std::string& ifname);

// Every interface some address of the instance is installed on, its own first.
std::vector<std::string> vip_interfaces(const config::Instance& in);

// Routes and rules as the net layer installs them (virtual_* of an
// instance, or the static_* lists).
std::vector<net::Route> net_routes(const std::vector<config::Route>& routes);
std::vector<net::Rule> net_rules(const std::vector<config::Rule>& rules);

// "bond1 VRID 7 (IPv4)": how logs name a virtual router.
std::string describe(const config::Instance& in);

}  // namespace xvrrp::daemon

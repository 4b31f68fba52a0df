// A one-instance configuration from command-line values, for
//   xvrrp attach IFACE --vrid 7 --vip 10.0.0.1/24 --advert-int 10ms ...
// It goes through the same keyword handlers, defaults and validation as a
// configuration file, so the two can never accept different things.
#pragma once

#include <string>
#include <vector>

#include "config/parser.h"

namespace xvrrp::config {

struct QuickStart {
    std::string interface;
    int vrid = 0;
    std::vector<std::string> vips;  // "ADDR" or "ADDR/LEN"
    int priority = 100;
    std::string advert_int = "1s";  // "10ms", "100cs", "1s", or bare seconds ("0.5")
    int version = 3;
    bool nopreempt = false;
    std::string state;  // "MASTER", "BACKUP", or empty (derived from the priority)
    std::string unicast_src;
    std::vector<std::string> unicast_peers;
    std::string auth_pass;           // VRRPv2 PASS authentication; empty: none
    bool v3_checksum_as_v2 = false;  // v3/IPv4: RFC 9568 checksum, without the pseudo-header
    bool version_migration = false;  // v3 beside VRRPv2 peers (RFC 9568 8.4)
};

// Diagnostics name the option (e.g. `--vrid: error: ...`). The instance is
// called "VI_<vrid>".
ParseResult quick_start(const QuickStart& q);

}  // namespace xvrrp::config

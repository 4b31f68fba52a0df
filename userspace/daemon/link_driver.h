// Which driver runs an interface (ethtool's "driver:"), to pick the XDP mode
// that works there: `--xdp-mode auto` means generic (skb) mode on veth, where
// native mode drops the program's XDP_TX answers unless the peer has NAPI,
// and passes VMAC frames the stack then discards as "otherhost" (see
// docs/operations.md, "veth labs").
#pragma once

#include <string>

namespace xvrrp::daemon {

// "veth", "mlx5_core", ...; empty when the kernel does not say.
std::string link_driver(const std::string& ifname);

}  // namespace xvrrp::daemon

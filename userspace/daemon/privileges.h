// Least privilege after attach: the controller keeps, in its permitted and
// effective sets, only the capabilities its event loop still uses, and
// none inheritable or ambient (docs/operations.md, "Privileges"):
//
//   CAP_NET_ADMIN  VIPs and the VMAC filter (netlink), XDP and TC attach on
//                  a re-created or newly configured interface, multicast
//   CAP_NET_RAW    AF_PACKET sockets for adverts/GARP/NA on such an interface
//   CAP_BPF        map reads and writes, pinning, loading the programs for an
//   CAP_PERFMON    interface first seen at a reload (the verifier needs both)
//   CAP_SYS_ADMIN  libxdp finds the attached program by id (BPF_PROG_GET_FD_BY_ID)
//                  to detach it at SIGTERM or re-attach it
//   CAP_SETUID     scripts run as their configured user
//   CAP_SETGID     ... and group and supplementary groups
//   CAP_KILL       killing a timed-out script that runs as another user
//   CAP_CHOWN      a notify FIFO that a reload adds is given to its user
//
// The bounding set is left alone: a notify or tracking script that runs as
// root gets root's full power at execve, as with keepalived. Narrow it with
// the unit's CapabilityBoundingSet= or run scripts as another user.
#pragma once

#include <string>
#include <vector>

namespace xvrrp::daemon {

// The names ("cap_net_admin", ...) of what drop_capabilities() keeps.
std::vector<std::string> kept_capabilities();

// Drops everything else from the permitted, effective, inheritable and
// ambient sets. Keeps what it can when some of the list was never held
// (a restricted bounding set). Returns an error message, empty on success.
std::string drop_capabilities();

}  // namespace xvrrp::daemon

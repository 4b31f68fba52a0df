// Keeps the controller's pages in RAM (keepalived's vrrp_no_swap), on by
// default: an advert that waits for a page to come back from swap is late
// by a disk read. MCL_ONFAULT locks pages as they are touched, so thread
// stacks and buffers never used are not made resident. The memlock limit is
// raised first, while CAP_SYS_RESOURCE is still held: after the capabilities
// are dropped, MCL_FUTURE would otherwise make every mapping beyond the
// limit fail.
#pragma once

#include <string>

namespace xvrrp::daemon {

// "all" (present and future pages), "current" (future mappings could not
// be covered: the limit could not be raised), or "none" (refused or off).
std::string lock_memory();

}  // namespace xvrrp::daemon

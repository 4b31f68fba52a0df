// The dataplane layer reports failure with the shared xvrrp::Result/Error
// (common/result.h); unqualified Result and Error here resolve to those.
// What stays per layer is the advice for a permission error: loading and
// attaching XDP needs more capabilities than the net layer's sockets.
#pragma once

#include <string>

#include "common/result.h"

namespace xvrrp::dataplane {

// "<what>: <strerror(err)>" plus, for permission errors, what to do about
// them. `err` is a positive or negative errno value.
Error errno_error(int err, const std::string& what);

}  // namespace xvrrp::dataplane

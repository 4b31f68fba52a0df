// The net layer reports failure with the shared xvrrp::Result/Error
// (common/result.h), like the dataplane, so the controller handles both
// layers alike; unqualified Result and Error here resolve to those. What
// stays per layer is the advice for a permission error.
#pragma once

#include <string>

#include "common/result.h"

namespace xvrrp::net {

// "<what>: <strerror(err)>", plus what to do for permission errors. `err`
// may be a positive or negative errno value.
Error errno_error(int err, const std::string& what);

}  // namespace xvrrp::net

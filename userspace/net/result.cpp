#include "net/result.h"

namespace xvrrp::net {

Error errno_error(int err, const std::string& what) {
    return xvrrp::errno_error(err, what, "needs CAP_NET_ADMIN and CAP_NET_RAW: run as root");
}

}  // namespace xvrrp::net

#include "dataplane/result.h"

namespace xvrrp::dataplane {

Error errno_error(int err, const std::string& what) {
    return xvrrp::errno_error(err, what,
                              "need CAP_BPF, CAP_NET_ADMIN and CAP_SYS_ADMIN: run as root");
}

}  // namespace xvrrp::dataplane

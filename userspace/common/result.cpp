#include "common/result.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace xvrrp {

Error errno_error(int err, const std::string& what, std::string_view when_denied) {
    const int code = std::abs(err);
    std::string message = what + ": " + std::strerror(code);
    if ((code == EPERM || code == EACCES) && !when_denied.empty()) {
        message += " (";
        message += when_denied;
        message += ")";
    }
    return Error{code, std::move(message)};
}

}  // namespace xvrrp

#include "dataplane/pin_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

namespace xvrrp::dataplane {

Result<PinLock> PinLock::acquire(const std::string& pin_root) {
    const int fd = open(pin_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return errno_error(errno, "cannot open pin root " + pin_root + " to lock it");
    }
    int rc = 0;
    while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
    }
    if (rc != 0) {
        const int err = errno;
        close(fd);
        return errno_error(err, "cannot lock pin root " + pin_root);
    }
    return PinLock(fd);
}

}  // namespace xvrrp::dataplane

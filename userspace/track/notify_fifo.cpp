#include "track/notify_fifo.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace xvrrp::track {

namespace {

std::system_error fifo_error(const std::string& path, const std::string& what, int err) {
    return std::system_error(err, std::generic_category(), "notify_fifo " + path + ": " + what);
}

}  // namespace

NotifyFifo::NotifyFifo(std::string path, std::optional<Owner> owner) : path_(std::move(path)) {
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0) {
        if (!S_ISFIFO(st.st_mode)) {
            throw fifo_error(path_, "exists and is not a FIFO", EEXIST);
        }
    } else if (errno == ENOENT) {
        if (::mkfifo(path_.c_str(), 0600) != 0) {
            throw fifo_error(path_, "cannot create", errno);
        }
        created_ = true;
    } else {
        throw fifo_error(path_, "cannot examine", errno);
    }
    fd_.reset(::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
    if (!fd_.valid()) {
        const int err = errno;
        if (created_) {
            ::unlink(path_.c_str());
        }
        throw fifo_error(path_, "cannot open", err);
    }
    // Through the descriptor: the path may have been replaced meanwhile.
    if (created_ && owner && ::fchown(fd_.get(), owner->uid, owner->gid) != 0) {
        const int err = errno;
        fd_.reset();
        ::unlink(path_.c_str());
        throw fifo_error(path_,
                         "cannot give it to uid " + std::to_string(owner->uid) + " gid " +
                             std::to_string(owner->gid),
                         err);
    }
}

NotifyFifo::~NotifyFifo() {
    fd_.reset();
    if (created_) {
        ::unlink(path_.c_str());
    }
}

bool NotifyFifo::write_line(std::string_view line) {
    if (line.size() > PIPE_BUF) {
        ++dropped_;
        ++unreported_;
        return false;
    }
    ssize_t n;
    do {
        n = ::write(fd_.get(), line.data(), line.size());
    } while (n < 0 && errno == EINTR);
    if (n != static_cast<ssize_t>(line.size())) {
        ++dropped_;
        ++unreported_;
        return false;
    }
    ++written_;
    return true;
}

}  // namespace xvrrp::track

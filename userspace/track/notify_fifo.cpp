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

// Root, or the notify_fifo user (who owns a FIFO xvrrp created, for its
// reader, so a reload must accept it), may own it; nobody else may write.
std::string unsafe_owner(const struct stat& st, const std::optional<NotifyFifo::Owner>& owner) {
    const bool owner_uid = owner && st.st_uid == owner->uid;
    const bool owner_gid = owner && st.st_gid == owner->gid;
    if (st.st_uid != 0 && !owner_uid) {
        return "owned by uid " + std::to_string(st.st_uid) + ", not root";
    }
    if ((st.st_mode & S_IWOTH) != 0) {
        return "writable by everyone";
    }
    if ((st.st_mode & S_IWGRP) != 0 && st.st_gid != 0 && !owner_gid) {
        return "writable by group " + std::to_string(st.st_gid);
    }
    return {};
}

}  // namespace

NotifyFifo::NotifyFifo(std::string path, std::optional<Owner> owner, bool secure)
    : path_(std::move(path)) {
    struct stat st {};
    if (::lstat(path_.c_str(), &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            throw fifo_error(path_, "is a symbolic link (refused)", ELOOP);
        }
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
    try {
        open_fifo(owner, secure);
    } catch (...) {
        fd_.reset();
        if (created_) {
            ::unlink(path_.c_str());
        }
        throw;
    }
}

// Everything below goes through the descriptor: the path may have been
// replaced since it was examined.
void NotifyFifo::open_fifo(const std::optional<Owner>& owner, bool secure) {
    fd_.reset(::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW));
    if (!fd_.valid()) {
        const int err = errno;
        throw fifo_error(path_, err == ELOOP ? "is a symbolic link (refused)" : "cannot open", err);
    }
    struct stat st {};
    if (::fstat(fd_.get(), &st) != 0 || !S_ISFIFO(st.st_mode)) {
        throw fifo_error(path_, "is not a FIFO", EINVAL);
    }
    if (secure && !created_) {
        if (auto why = unsafe_owner(st, owner); !why.empty()) {
            throw fifo_error(path_, why + "; refused by enable_script_security", EPERM);
        }
    }
    if (created_ && owner && ::fchown(fd_.get(), owner->uid, owner->gid) != 0) {
        throw fifo_error(path_,
                         "cannot give it to uid " + std::to_string(owner->uid) + " gid " +
                             std::to_string(owner->gid),
                         errno);
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

// keepalived's notify FIFO (global_defs `notify_fifo PATH [user [group]]`):
// one line per state transition, in order, e.g. `INSTANCE "VI_1" MASTER 100`.
//
// The FIFO is created (mode 0600, given to `owner` when set, so that an
// unprivileged reader can open it) when missing and opened read-write,
// non-blocking and without following a symbolic link, as keepalived does: holding a read end
// ourselves means a missing or restarting reader never makes writes fail or block; lines wait in
// the pipe (64 KiB) until someone reads. A line is written whole or not at all (writes up to
// PIPE_BUF are atomic); when the pipe is full because the reader is slow or absent, the line is
// dropped and counted, never waited for.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/fd.h"

namespace xvrrp::track {

class NotifyFifo {
  public:
    struct Owner {
        uid_t uid = 0;
        gid_t gid = 0;
    };
    // Throws std::system_error naming the path when it cannot be used: it
    // is a symbolic link, or something else than a FIFO, or it cannot be
    // created, given to `owner` or opened. An existing FIFO keeps its owner;
    // `secure` (enable_script_security) refuses one that a user other than
    // root or `owner` owns, or that others may write into (they could feed
    // its reader lines of their own).
    explicit NotifyFifo(std::string path, std::optional<Owner> owner = std::nullopt,
                        bool secure = false);
    // Removes the FIFO if this object created it.
    ~NotifyFifo();
    NotifyFifo(const NotifyFifo&) = delete;
    NotifyFifo& operator=(const NotifyFifo&) = delete;

    // false: dropped (pipe full, or the line is longer than PIPE_BUF).
    bool write_line(std::string_view line);
    // The drops since the last call, to log once per episode, not per line.
    uint64_t take_unreported_drops() { return std::exchange(unreported_, 0); }

    const std::string& path() const { return path_; }
    uint64_t written() const { return written_; }
    uint64_t dropped() const { return dropped_; }

  private:
    void open_fifo(const std::optional<Owner>& owner, bool secure);

    std::string path_;
    Fd fd_;
    bool created_ = false;
    uint64_t written_ = 0;
    uint64_t dropped_ = 0;
    uint64_t unreported_ = 0;
};

}  // namespace xvrrp::track

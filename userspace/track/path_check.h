// Who could change the file a path leads to: enable_script_security's test,
// walked the way the kernel resolves the path.
//
// Every directory the walk passes through, every symbolic link on the way
// (in the path as written and in every link's target, recursively) and the
// final file are checked: the path is only as safe as its weakest step. A
// step is unsafe when a non-root user could change what it leads to:
//   - it is owned by a non-root user (who may chmod it, or, for an entry of
//     a sticky directory, delete and re-create it);
//   - it is writable by everyone, or by a group other than root's, unless it
//     is a sticky directory (such as /tmp: nobody can replace root's entries
//     in it, and every entry is checked in turn).
// A symbolic link's own mode bits mean nothing (it cannot be written, only
// replaced through its directory); its owner does.
//
// The walk itself is pure: it asks `look` about one absolute, symlink-free
// path at a time, so the rules are tested on a made-up filesystem.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace xvrrp::track {

struct PathNode {
    enum class Kind : uint8_t { File, Directory, Symlink, Other };
    Kind kind = Kind::File;
    uid_t uid = 0;
    gid_t gid = 0;
    mode_t mode = 0;  // permission bits, S_ISVTX included
    dev_t dev = 0;
    ino_t ino = 0;
    std::string target;  // Symlink: what it points to
};

// lstat(2) + readlink(2) of one absolute path; nullopt with `err` = errno.
using LookFn = std::function<std::optional<PathNode>(const std::string& path, int& err)>;

struct PathCheck {
    std::string resolved;  // absolute, without symbolic links: the file it leads to
    dev_t dev = 0;
    ino_t ino = 0;
    // Why the path leads to no regular file ("/x/y does not exist", ...);
    // empty when it does.
    std::string missing;
    // The first step a non-root user could change ("/x is writable by
    // everyone"); empty when none.
    std::string writable;

    bool found() const { return missing.empty(); }
};

// `path` relative: taken from `cwd` (absolute).
PathCheck check_path(std::string_view path, const std::string& cwd, const LookFn& look);

// The same on the real filesystem, relative paths from the working directory.
PathCheck check_path(const std::string& path);

}  // namespace xvrrp::track

#include "track/script_file.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "track/path_check.h"

namespace xvrrp::track {

OpenedScript ScriptFile::open(const std::string& path) {
    OpenedScript out;
    const PathCheck check = check_path(path);
    if (!check.found()) {
        out.missing = check.missing;
        return out;
    }
    out.writable = check.writable;
    // The resolved path has no links left: O_NOFOLLOW makes a link put there
    // since the walk fail instead of being followed.
    Fd fd(::open(check.resolved.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) {
        out.missing = check.resolved + " cannot be opened: " + std::strerror(errno);
        return out;
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_dev != check.dev ||
        st.st_ino != check.ino) {
        out.missing = path + " changed while it was being checked";
        return out;
    }
    // Above 2: the child moves it to 3 after putting /dev/null on 0-2.
    Fd high(::fcntl(fd.get(), F_DUPFD_CLOEXEC, 3));
    if (!high.valid()) {
        out.missing = check.resolved + " cannot be kept open: " + std::strerror(errno);
        return out;
    }
    out.file = ScriptFile(path, std::move(high), st.st_dev, st.st_ino);
    return out;
}

std::string ScriptFile::recheck(bool for_root) const {
    const PathCheck now = check_path(path_);
    if (!now.found()) {
        return now.missing + " (the file checked at load is no longer there)";
    }
    if (now.dev != dev_ || now.ino != ino_) {
        return path_ + " now leads to another file (" + now.resolved +
               ") than the one checked at load";
    }
    if (for_root && !now.writable.empty()) {
        return now.writable;
    }
    return {};
}

}  // namespace xvrrp::track

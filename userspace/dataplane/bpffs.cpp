#include "dataplane/bpffs.h"

#include <dirent.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <cerrno>

namespace xvrrp::dataplane {
namespace {

// mkdir -p; components that already exist are fine.
Result<void> make_dirs(const std::string& path) {
    for (size_t pos = 1; pos <= path.size(); ++pos) {
        if (pos != path.size() && path[pos] != '/') {
            continue;
        }
        const std::string prefix = path.substr(0, pos);
        if (mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
            return errno_error(errno, "cannot create pin folder " + prefix);
        }
    }
    return {};
}

// The nearest existing ancestor of `path` (itself if it exists).
std::string existing_ancestor(std::string path) {
    struct stat st {};
    while (!path.empty() && stat(path.c_str(), &st) != 0) {
        const auto slash = path.find_last_of('/');
        path = slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
    }
    return path;
}

bool below(const std::string& path, const std::string& dir) {
    return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                           path[dir.size()] == '/');
}

Result<void> mount_bpffs(const std::string& target) {
    if (auto made = make_dirs(target); !made) {
        return made;
    }
    if (mount("bpf", target.c_str(), "bpf", 0, "mode=0700") != 0) {
        return errno_error(
            errno, "cannot mount a bpffs at " + target + " (try: mount -t bpf bpf " + target + ")");
    }
    spdlog::info("mounted a BPF filesystem at {} (none was mounted)", target);
    return {};
}

}  // namespace

bool on_bpffs(const std::string& path) {
    struct statfs st {};
    return statfs(path.c_str(), &st) == 0 && static_cast<unsigned long>(st.f_type) == BPF_FS_MAGIC;
}

Result<void> ensure_pin_root(const std::string& pin_root) {
    if (pin_root.empty() || pin_root.front() != '/') {
        return Error{EINVAL, "pin root '" + pin_root + "' must be an absolute path"};
    }
    if (!on_bpffs(existing_ancestor(pin_root))) {
        if (!below(pin_root, kDefaultBpffsMount)) {
            return Error{ENOTSUP, "pin root " + pin_root +
                                      " is not on a BPF filesystem; mount one there "
                                      "(mount -t bpf bpf <dir>) or use the default " +
                                      kDefaultPinRoot};
        }
        if (auto mounted = mount_bpffs(kDefaultBpffsMount); !mounted) {
            return mounted;
        }
    }
    return make_dirs(pin_root);
}

std::string pin_dir_path(const std::string& pin_root, std::string_view ifname) {
    return pin_root + "/" + std::string(ifname);
}

Result<std::string> ensure_pin_dir(const std::string& pin_root, std::string_view ifname) {
    std::string dir = pin_dir_path(pin_root, ifname);
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return errno_error(errno, std::string(ifname) + ": cannot create pin folder " + dir);
    }
    return dir;
}

std::vector<std::string> list_pins(const std::string& dir) {
    std::vector<std::string> names;
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) {
        return names;
    }
    while (const dirent* e = readdir(d)) {
        const std::string name = e->d_name;
        if (name != "." && name != "..") {
            names.push_back(name);
        }
    }
    closedir(d);
    return names;
}

Result<void> remove_pin_dir(const std::string& dir) {
    struct stat st {};
    if (stat(dir.c_str(), &st) != 0 && errno == ENOENT) {
        return {};
    }
    for (const auto& name : list_pins(dir)) {
        const std::string path = dir + "/" + name;
        if (unlink(path.c_str()) != 0 && errno != ENOENT) {
            return errno_error(errno, "cannot unpin " + path);
        }
    }
    if (rmdir(dir.c_str()) != 0 && errno != ENOENT) {
        return errno_error(errno, "cannot remove pin folder " + dir);
    }
    return {};
}

}  // namespace xvrrp::dataplane

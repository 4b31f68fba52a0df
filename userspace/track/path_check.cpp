#include "track/path_check.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <vector>

namespace xvrrp::track {

namespace {

// The kernel's own limit on links followed in one lookup (MAXSYMLINKS).
constexpr int kMaxLinks = 40;

// The components of `path`, empty ones kept: a trailing slash must still
// make a file fail as "not a directory", as it does for the kernel.
std::deque<std::string> components(std::string_view path) {
    std::deque<std::string> out;
    size_t start = path.starts_with('/') ? 1 : 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        out.emplace_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string join(const std::string& dir, const std::string& name) {
    return dir == "/" ? "/" + name : dir + "/" + name;
}

std::string parent(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    return slash == 0 || slash == std::string::npos ? std::string("/") : path.substr(0, slash);
}

std::string unsafe_reason(const std::string& name, const PathNode& n) {
    if (n.uid != 0) {
        return name + " is owned by uid " + std::to_string(n.uid);
    }
    if (n.kind == PathNode::Kind::Symlink) {
        return {};
    }
    if (n.kind == PathNode::Kind::Directory && (n.mode & S_ISVTX) != 0) {
        return {};
    }
    if ((n.mode & S_IWOTH) != 0) {
        return name + " is writable by everyone";
    }
    if ((n.mode & S_IWGRP) != 0 && n.gid != 0) {
        return name + " is writable by group " + std::to_string(n.gid);
    }
    return {};
}

std::string look_error(const std::string& name, int err) {
    if (err == ENOENT) {
        return name + " does not exist";
    }
    return name + " cannot be examined: " + std::strerror(err);
}

// One step of the walk: the state between components.
struct Walk {
    PathCheck out;
    std::string at = "/";  // resolved so far
    PathNode node;         // what `at` is
    int links = 0;

    void note(const std::string& name, const PathNode& n) {
        if (out.writable.empty()) {
            out.writable = unsafe_reason(name, n);
        }
    }
};

// Follows one component; false when the walk ends here (out.missing set).
bool step(Walk& w, std::deque<std::string>& todo, const LookFn& look) {
    std::string comp = std::move(todo.front());
    todo.pop_front();
    if (w.node.kind != PathNode::Kind::Directory) {
        w.out.missing = w.at + " is not a directory";
        return false;
    }
    if (comp.empty() || comp == ".") {
        return true;
    }
    if (comp == "..") {
        w.at = parent(w.at);  // checked on the way down already
        return true;
    }
    const std::string next = join(w.at, comp);
    int err = 0;
    auto n = look(next, err);
    if (!n) {
        w.out.missing = look_error(next, err);
        return false;
    }
    w.note(next, *n);
    if (n->kind != PathNode::Kind::Symlink) {
        w.at = next;
        w.node = std::move(*n);
        return true;
    }
    if (++w.links > kMaxLinks || n->target.empty()) {
        w.out.missing = next + (n->target.empty() ? " is an empty symbolic link"
                                                  : ": too many levels of symbolic links");
        return false;
    }
    auto more = components(n->target);
    todo.insert(todo.begin(), more.begin(), more.end());
    if (n->target.starts_with('/')) {
        w.at = "/";  // the root was checked at the start
    }
    return true;
}

}  // namespace

PathCheck check_path(std::string_view path, const std::string& cwd, const LookFn& look) {
    Walk w;
    if (path.empty()) {
        w.out.missing = "an empty path";
        return w.out;
    }
    const std::string full =
        path.starts_with('/') ? std::string(path) : cwd + "/" + std::string(path);
    int err = 0;
    auto root = look("/", err);
    if (!root) {
        w.out.missing = look_error("/", err);
        return w.out;
    }
    w.note("/", *root);
    w.node = std::move(*root);
    auto todo = components(full);
    while (!todo.empty()) {
        if (!step(w, todo, look)) {
            return w.out;
        }
    }
    if (w.node.kind != PathNode::Kind::File) {
        w.out.missing = w.at + " is not a regular file";
        return w.out;
    }
    w.out.resolved = w.at;
    w.out.dev = w.node.dev;
    w.out.ino = w.node.ino;
    return w.out;
}

namespace {

std::optional<PathNode> lstat_node(const std::string& path, int& err) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        err = errno;
        return std::nullopt;
    }
    PathNode n;
    n.kind = S_ISREG(st.st_mode)   ? PathNode::Kind::File
             : S_ISDIR(st.st_mode) ? PathNode::Kind::Directory
             : S_ISLNK(st.st_mode) ? PathNode::Kind::Symlink
                                   : PathNode::Kind::Other;
    n.uid = st.st_uid;
    n.gid = st.st_gid;
    n.mode = st.st_mode & 07777;
    n.dev = st.st_dev;
    n.ino = st.st_ino;
    if (n.kind == PathNode::Kind::Symlink) {
        std::vector<char> buf(PATH_MAX);
        const ssize_t len = ::readlink(path.c_str(), buf.data(), buf.size());
        if (len < 0) {
            err = errno;
            return std::nullopt;
        }
        n.target.assign(buf.data(), static_cast<size_t>(len));
    }
    return n;
}

}  // namespace

PathCheck check_path(const std::string& path) {
    std::string cwd = "/";
    if (!path.starts_with('/')) {
        std::vector<char> buf(PATH_MAX);
        if (::getcwd(buf.data(), buf.size()) != nullptr) {
            cwd = buf.data();
        }
    }
    return check_path(path, cwd, lstat_node);
}

}  // namespace xvrrp::track

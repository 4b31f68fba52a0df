#include "track/file_watch.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "track/file_value.h"

namespace xvrrp::track {

namespace {

std::string dir_of(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

// A finished write, a rename into place or away, a removal. Not IN_MODIFY
// nor IN_CREATE: `echo 5 > f` truncates first, and a read then would see a
// passing 0.
constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE;

}  // namespace

FileWatch::FileWatch(std::vector<config::TrackFile> files, bool init)
    : files_(std::move(files)), values_(files_.size(), 0) {
    if (files_.empty()) {
        return;
    }
    inotify_ = Fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (inotify_.get() < 0) {
        spdlog::error("track_file: inotify: {}; files are read only at start",
                      std::strerror(errno));
    }
    for (size_t i = 0; i < files_.size(); ++i) {
        const auto& f = files_[i];
        if (init && f.init) {
            init_file(f);
        }
        if (inotify_.get() >= 0) {
            const std::string dir = dir_of(f.path);
            const int wd = ::inotify_add_watch(inotify_.get(), dir.c_str(), kEvents);
            if (wd < 0) {
                spdlog::error("{}: track_file {}: cannot watch {}: {}", config::to_string(f.where),
                              f.name, dir, std::strerror(errno));
            } else {
                dirs_[wd] = dir;
            }
        }
        read(i);
    }
}

void FileWatch::init_file(const config::TrackFile& f) {
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (f.init_overwrite ? O_TRUNC : O_EXCL);
    Fd fd(::open(f.path.c_str(), flags, 0644));
    if (fd.get() < 0) {
        if (errno != EEXIST) {
            spdlog::warn("{}: track_file {}: init_file: cannot write {}: {}",
                         config::to_string(f.where), f.name, f.path, std::strerror(errno));
        }
        return;
    }
    const std::string text = std::to_string(f.init_value) + "\n";
    if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
        spdlog::warn("track_file {}: init_file: short write to {}", f.name, f.path);
    }
}

bool FileWatch::read(size_t i) {
    const auto& f = files_[i];
    std::string text;
    Fd fd(::open(f.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() >= 0) {
        std::array<char, 128> buf{};
        const ssize_t n = ::read(fd.get(), buf.data(), buf.size() - 1);
        if (n > 0) {
            text.assign(buf.data(), static_cast<size_t>(n));
        }
    }
    const auto v = parse_file_value(text);
    if (!v) {
        spdlog::warn("track_file {}: {} holds a number out of range; keeping {}", f.name, f.path,
                     values_[i]);
        return false;
    }
    if (*v == values_[i]) {
        return false;
    }
    spdlog::info("track_file {}: {} now reads {} (was {})", f.name, f.path, *v, values_[i]);
    values_[i] = *v;
    return true;
}

bool FileWatch::on_readable() {
    if (inotify_.get() < 0) {
        return false;
    }
    alignas(inotify_event) std::array<char, 4096> buf{};
    bool changed = false;
    for (;;) {
        const ssize_t n = ::read(inotify_.get(), buf.data(), buf.size());
        if (n <= 0) {
            break;
        }
        for (size_t off = 0; off < static_cast<size_t>(n);) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buf.data() + off);
            off += sizeof(inotify_event) + ev->len;
            auto dir = dirs_.find(ev->wd);
            if (dir == dirs_.end() || ev->len == 0) {
                continue;
            }
            const std::string name(ev->name);
            for (size_t i = 0; i < files_.size(); ++i) {
                if (dir_of(files_[i].path) == dir->second && base_of(files_[i].path) == name) {
                    changed |= read(i);
                }
            }
        }
    }
    return changed;
}

}  // namespace xvrrp::track

#include "track/proc_watch.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <sched.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace xvrrp::track {

namespace {

std::string read_small(const std::string& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        return {};
    }
    std::array<char, 4096> buf{};
    const ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    return n > 0 ? std::string(buf.data(), static_cast<size_t>(n)) : std::string{};
}

// One netlink message carrying one connector message (subscribe/unsubscribe).
bool send_listen(int sock, bool on) {
    constexpr size_t kLen = NLMSG_LENGTH(sizeof(cn_msg) + sizeof(uint32_t));
    alignas(nlmsghdr) std::array<char, kLen> buf{};
    auto* nl = reinterpret_cast<nlmsghdr*>(buf.data());
    nl->nlmsg_len = kLen;
    nl->nlmsg_type = NLMSG_DONE;
    auto* cn = static_cast<cn_msg*>(NLMSG_DATA(nl));
    cn->id.idx = CN_IDX_PROC;
    cn->id.val = CN_VAL_PROC;
    cn->len = sizeof(uint32_t);
    const uint32_t op = on ? PROC_CN_MCAST_LISTEN : PROC_CN_MCAST_IGNORE;
    std::memcpy(buf.data() + NLMSG_HDRLEN + sizeof(cn_msg), &op, sizeof(op));
    return ::send(sock, buf.data(), buf.size(), 0) == static_cast<ssize_t>(buf.size());
}

}  // namespace

ProcWatch::ProcWatch(std::vector<config::TrackProcess> procs, uint64_t now_us)
    : procs_(std::move(procs)), pids_(procs_.size()) {
    for (const auto& p : procs_) {
        quorum_.emplace_back(p);
        need_cmdline_ = need_cmdline_ || p.uses_cmdline();
    }
    if (procs_.empty()) {
        return;
    }
    open_socket();
    if (!error_.empty()) {
        spdlog::error(
            "vrrp_track_process: cannot watch process events ({}); every tracked "
            "process counts as not running",
            error_);
        publish(now_us, true);
        return;
    }
    scan(now_us);
}

ProcWatch::~ProcWatch() {
    if (sock_.get() >= 0) {
        send_listen(sock_.get(), false);
    }
}

namespace {

// A subscribed connector socket, or the errno text of what failed;
// `refused`: no connector in this network namespace.
std::string subscribe(Fd& out, bool& refused) {
    Fd s(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR));
    if (s.get() < 0) {
        return std::string("socket(NETLINK_CONNECTOR): ") + std::strerror(errno);
    }
    sockaddr_nl addr{};
    addr.nl_family = AF_NETLINK;
    addr.nl_groups = CN_IDX_PROC;
    if (::bind(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        return std::string("bind(CN_IDX_PROC): ") + std::strerror(errno);
    }
    // Bursts of forks must not overflow the socket between two loop turns.
    const int size = 1 << 20;
    ::setsockopt(s.get(), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
    if (!send_listen(s.get(), true)) {
        refused = errno == ECONNREFUSED;
        return std::string("PROC_CN_MCAST_LISTEN: ") + std::strerror(errno);
    }
    out = std::move(s);
    return {};
}

pid_t parent_of(pid_t pid) {
    const std::string stat = read_small("/proc/" + std::to_string(pid) + "/stat");
    const size_t paren = stat.rfind(')');
    if (paren == std::string::npos || paren + 4 >= stat.size()) {
        return 0;
    }
    return static_cast<pid_t>(std::strtol(stat.c_str() + paren + 4, nullptr, 10));
}

// Subscribes from the network namespace of `pid`; `refused` as subscribe().
std::string subscribe_from(pid_t pid, int own, Fd& out, bool& refused) {
    Fd ns(::open(("/proc/" + std::to_string(pid) + "/ns/net").c_str(), O_RDONLY | O_CLOEXEC));
    if (ns.get() < 0 || ::setns(ns.get(), CLONE_NEWNET) != 0) {
        refused = true;  // try the next candidate
        return std::string("the network namespace of pid ") + std::to_string(pid) + ": " +
               std::strerror(errno);
    }
    std::string err = subscribe(out, refused);
    if (::setns(own, CLONE_NEWNET) != 0) {
        // Carrying on in the wrong namespace would break every later socket.
        spdlog::critical("cannot return to the controller's network namespace: {}",
                         std::strerror(errno));
        std::abort();
    }
    return err;
}

// The kernel sends process events to the initial network namespace only; a
// controller in another one (ip netns exec, a unit with NetworkNamespacePath)
// subscribes from there: from pid 1's, else from the nearest ancestor's that
// has the connector. setns() moves this thread alone, and back at once; a
// socket stays in the namespace it was made in.
std::string subscribe_from_init_netns(Fd& out) {
    Fd own(::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC));
    if (own.get() < 0) {
        return std::string("/proc/self/ns/net: ") + std::strerror(errno);
    }
    std::string err = "no process in the initial network namespace";
    std::vector<pid_t> candidates{1};
    for (pid_t p = parent_of(::getpid()); p > 1 && candidates.size() < 64; p = parent_of(p)) {
        candidates.push_back(p);
    }
    for (pid_t pid : candidates) {
        bool refused = false;
        err = subscribe_from(pid, own.get(), out, refused);
        if (!refused) {
            return err;
        }
    }
    return err;
}

}  // namespace

void ProcWatch::open_socket() {
    bool refused = false;
    error_ = subscribe(sock_, refused);
    if (refused) {
        error_ = subscribe_from_init_netns(sock_);
    }
}

void ProcWatch::scan(uint64_t now_us) {
    read_proc();
    publish(now_us, true);
}

void ProcWatch::read_proc() {
    for (auto& set : pids_) {
        set.clear();
    }
    if (DIR* d = ::opendir("/proc")) {
        while (const dirent* e = ::readdir(d)) {
            char* end = nullptr;
            const long pid = std::strtol(e->d_name, &end, 10);
            if (pid > 0 && *end == '\0') {
                examine(static_cast<pid_t>(pid));
            }
        }
        ::closedir(d);
    }
}

void ProcWatch::examine(pid_t pid) {
    const std::string dir = "/proc/" + std::to_string(pid) + "/";
    std::string comm = read_small(dir + "comm");
    if (comm.empty()) {
        exited(pid);  // gone already (or a kernel thread's race)
        return;
    }
    if (comm.back() == '\n') {
        comm.pop_back();
    }
    std::vector<std::string> argv;
    if (need_cmdline_) {
        argv = split_cmdline(read_small(dir + "cmdline"));
    }
    for (size_t i = 0; i < procs_.size(); ++i) {
        if (process_matches(procs_[i], comm, argv)) {
            pids_[i].insert(pid);
        } else {
            pids_[i].erase(pid);
        }
    }
}

void ProcWatch::forked(pid_t parent, pid_t child) {
    for (auto& set : pids_) {
        if (set.contains(parent)) {
            set.insert(child);
        }
    }
}

void ProcWatch::exited(pid_t pid) {
    for (auto& set : pids_) {
        set.erase(pid);
    }
}

bool ProcWatch::publish(uint64_t now_us, bool initial) {
    bool changed = false;
    for (size_t i = 0; i < procs_.size(); ++i) {
        changed |= quorum_[i].set_count(pids_[i].size(), now_us, initial);
    }
    return changed;
}

bool ProcWatch::on_readable(uint64_t now_us) {
    if (sock_.get() < 0) {
        return false;
    }
    alignas(nlmsghdr) std::array<char, 8192> buf{};
    bool overrun = false;
    for (;;) {
        const ssize_t n = ::recv(sock_.get(), buf.data(), buf.size(), 0);
        if (n < 0) {
            overrun = overrun || errno == ENOBUFS;
            if (errno == ENOBUFS || errno == EINTR) {
                continue;
            }
            break;  // EAGAIN: drained
        }
        auto len = static_cast<size_t>(n);
        for (auto* nl = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(nl, len);
             nl = NLMSG_NEXT(nl, len)) {
            const auto* cn = static_cast<const cn_msg*>(NLMSG_DATA(nl));
            if (cn->id.idx != CN_IDX_PROC || cn->len < sizeof(proc_event)) {
                continue;
            }
            const auto* ev = reinterpret_cast<const proc_event*>(cn->data);
            switch (ev->what) {
                case proc_event::PROC_EVENT_FORK:
                    if (ev->event_data.fork.child_pid == ev->event_data.fork.child_tgid) {
                        forked(ev->event_data.fork.parent_tgid, ev->event_data.fork.child_pid);
                    }
                    break;
                case proc_event::PROC_EVENT_EXEC:
                    examine(ev->event_data.exec.process_tgid);
                    break;
                case proc_event::PROC_EVENT_COMM:
                    if (ev->event_data.comm.process_pid == ev->event_data.comm.process_tgid) {
                        examine(ev->event_data.comm.process_tgid);
                    }
                    break;
                case proc_event::PROC_EVENT_EXIT:
                    if (ev->event_data.exit.process_pid == ev->event_data.exit.process_tgid) {
                        exited(ev->event_data.exit.process_pid);
                    }
                    break;
                default:
                    break;
            }
        }
    }
    if (overrun) {
        spdlog::warn("vrrp_track_process: process events were lost; reading /proc again");
        read_proc();
    }
    return publish(now_us, false);
}

std::optional<uint64_t> ProcWatch::next_deadline_us() const {
    std::optional<uint64_t> out;
    for (const auto& q : quorum_) {
        if (auto d = q.deadline_us(); d && (!out || *d < *out)) {
            out = d;
        }
    }
    return out;
}

bool ProcWatch::on_deadline(uint64_t now_us) {
    bool changed = false;
    for (auto& q : quorum_) {
        changed |= q.on_deadline(now_us);
    }
    return changed;
}

}  // namespace xvrrp::track

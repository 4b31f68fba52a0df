#include "daemon/control_socket.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <thread>

#include <spdlog/spdlog.h>

#include "daemon/errors.h"

namespace xvrrp::daemon {

namespace {

constexpr uint64_t kClientTimeoutUs = 1'000'000;
// Short: the real-time loop accepts a connection before the CLI on the
// other CPU has written its request, so against a flood of idle clients the
// CLI needs a held slot, and slots turn over once per grace (cap / grace per
// second: 6,400/s at 64 and 10 ms, against ~30,000 flood connects/s in
// controller.idle_control_clients; at 100 ms a retrying CLI lost 40 times in
// a row). A CLI descheduled longer than this between connect and write is
// told "busy" and retries.
constexpr uint64_t kGraceUs = 10'000;
constexpr char kBusy[] = "busy: too many control-socket clients";
// The CLI's patience with a busy controller: about 2 s.
constexpr int kBusyTries = 40;
constexpr useconds_t kBusyPauseUs = 50'000;
constexpr size_t kMaxRequest = 64 * 1024;

sockaddr_un address_of(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) {
        throw Fatal(kExitRuntime,
                    "control socket path too long: " + path + " (choose a shorter --run-dir)");
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    return addr;
}

nlohmann::json parse_request(const std::string& text) {
    std::string t = text;
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) {
        t.pop_back();
    }
    if (!t.empty() && t.front() != '{') {
        return nlohmann::json{{"command", t}};
    }
    return nlohmann::json::parse(t);
}

void write_all(int fd, std::string_view data) {
    size_t off = 0;
    while (off < data.size()) {
        const ssize_t n = send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
        if (n <= 0) {
            return;  // the client went away or stalled past the send timeout
        }
        off += static_cast<size_t>(n);
    }
}

// What the socket takes without waiting (the client's fd is non-blocking).
size_t send_now(int fd, const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
        const ssize_t n =
            send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            off += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            return off;
        }
        return data.size();  // the client is gone: nothing more to send
    }
    return off;
}

// A sender thread: owns the client's fd and the reply; touches nothing else.
void finish_reply(Fd fd, std::string out, size_t off, std::shared_ptr<std::atomic<int>> senders) {
    // A thread inherits its creator's policy: the loop's real-time class is
    // not for waiting on a client.
    const sched_param fair{};
    (void)pthread_setschedparam(pthread_self(), SCHED_OTHER, &fair);
    // Off the loop a slow reader may take its time: 2 s per send, not 200 ms.
    timeval tv{2, 0};
    (void)setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    const int flags = fcntl(fd.get(), F_GETFL);
    (void)fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
    write_all(fd.get(), std::string_view(out).substr(off));
    fd.reset();
    --*senders;
}

nlohmann::json control_exchange(const std::string& path, const nlohmann::json& request);

}  // namespace

ControlServer::ControlServer(const std::string& path, Handler handler, size_t max_clients)
    : path_(path), handler_(std::move(handler)), max_clients_(std::max<size_t>(max_clients, 1)) {
    const sockaddr_un addr = address_of(path);
    listen_.reset(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!listen_.valid()) {
        throw_errno("control socket");
    }
    (void)unlink(path.c_str());  // the run-dir lock says no live controller owns it
    if (bind(listen_.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        throw_errno("control socket " + path);
    }
    (void)chmod(path.c_str(), 0660);
    if (listen(listen_.get(), static_cast<int>(kMaxClients)) != 0) {
        throw_errno("control socket " + path);
    }
    reserve_.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
}

ControlServer::~ControlServer() {
    if (listen_.valid()) {
        (void)unlink(path_.c_str());
    }
}

std::vector<int> ControlServer::accept_clients(uint64_t now_us) {
    std::vector<int> held;
    for (size_t i = 0; i < kAcceptBatch; ++i) {
        const int fd = accept4(listen_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE) {
                shed_one();
            }
            break;
        }
        timeval tv{0, 200'000};
        (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        Client c;
        c.fd.reset(fd);
        c.deadline_us = now_us + kClientTimeoutUs;
        if (read_request(c)) {
            answer(c);
            continue;
        }
        if (clients_.size() >= max_clients_ && !make_room(now_us)) {
            refuse(c);
            continue;  // closed as `c` goes
        }
        clients_.emplace(fd, std::move(c));
        held.push_back(fd);
    }
    // An fd evicted above may have been reused by a later accept: report
    // each one still held, once.
    std::sort(held.begin(), held.end());
    held.erase(std::unique(held.begin(), held.end()), held.end());
    std::erase_if(held, [this](int fd) { return !clients_.contains(fd); });
    return held;
}

// The oldest has had the longest to send its request: an idle flood then
// ages itself out, while a client that is about to write gets its chance.
// Every held client gets kGraceUs first (a CLI descheduled between its
// connect and its write must not lose its place to a fast flood): when even
// the oldest is younger, the newcomer is the one refused. The oldest's
// request may have arrived since the loop last looked: then it is answered
// rather than refused.
bool ControlServer::make_room(uint64_t now_us) {
    auto oldest = std::min_element(
        clients_.begin(), clients_.end(),
        [](const auto& a, const auto& b) { return a.second.deadline_us < b.second.deadline_us; });
    if (oldest == clients_.end()) {
        return true;
    }
    if (now_us + kClientTimeoutUs < oldest->second.deadline_us + kGraceUs) {
        return false;
    }
    if (read_request(oldest->second)) {
        answer(oldest->second);
    } else {
        refuse(oldest->second);
    }
    clients_.erase(oldest);
    return true;
}

// Out of descriptors: the pending client stays in the backlog and the
// level-triggered listen socket would wake the loop on every pass, forever.
// The descriptor held in reserve makes room to accept it and refuse it, so
// the backlog drains whatever exhausted the table.
// Nothing is logged here: a logger may itself need a descriptor (the
// controller reports out_of_fds(), rate-limited).
void ControlServer::shed_one() {
    ++out_of_fds_;
    reserve_.reset();
    Client c;
    c.fd.reset(accept4(listen_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (c.fd.valid()) {
        refuse(c);
    }
    c.fd.reset();
    reserve_.reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
}

// Said, not just closed, so a client can tell "busy, try again" from a
// controller that died mid-reply (control_request() retries on it).
void ControlServer::refuse(Client& c) {
    ++refused_;
    const std::string line = std::string(R"({"error":")") + kBusy + "\"}\n";
    (void)send(c.fd.get(), line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

bool ControlServer::read_request(Client& c) {
    char buf[4096];
    for (;;) {
        const ssize_t n = recv(c.fd.get(), buf, sizeof buf, 0);
        if (n > 0) {
            c.buffer.append(buf, static_cast<size_t>(n));
            if (c.buffer.size() > kMaxRequest) {
                return true;
            }
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            return c.buffer.find('\n') != std::string::npos;  // else wait for the rest
        }
        return true;  // EOF or an error
    }
}

bool ControlServer::on_readable(int fd) {
    auto it = clients_.find(fd);
    if (it == clients_.end()) {
        return true;
    }
    if (!read_request(it->second)) {
        return false;
    }
    answer(it->second);
    clients_.erase(it);
    return true;
}

void ControlServer::answer(Client& c) {
    nlohmann::json reply;
    try {
        reply = handler_(parse_request(c.buffer));
    } catch (const std::exception& e) {
        reply = nlohmann::json{{"error", std::string("bad request: ") + e.what()}};
    }
    // The reply must not wait for the client to read: the loop runs in the
    // real-time class and a fair-class client may get no CPU for a long
    // time on a busy machine, while adverts wait behind the send. So the
    // buffer is made to hold it (truesize is about twice the bytes, capped
    // at 64 MB), and what still does not fit (a status of thousands of
    // instances is megabytes) is written by a sender thread off the loop.
    std::string out = reply.dump() + "\n";
    const int want = static_cast<int>(std::min<size_t>(out.size() * 2 + 65536, 64u << 20));
    if (setsockopt(c.fd.get(), SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof want) != 0) {
        (void)setsockopt(c.fd.get(), SOL_SOCKET, SO_SNDBUF, &want, sizeof want);
    }
    const size_t off = send_now(c.fd.get(), out);
    if (off == out.size()) {
        return;
    }
    if (senders_->load() < kMaxSenders) {
        ++*senders_;
        std::thread(finish_reply, std::move(c.fd), std::move(out), off, senders_).detach();
        return;
    }
    // Too many slow readers already: block, bounded by SO_SNDTIMEO per send.
    const int flags = fcntl(c.fd.get(), F_GETFL);
    (void)fcntl(c.fd.get(), F_SETFL, flags & ~O_NONBLOCK);
    write_all(c.fd.get(), std::string_view(out).substr(off));
}

std::vector<int> ControlServer::expire(uint64_t now_us) {
    std::vector<int> gone;
    for (auto it = clients_.begin(); it != clients_.end();) {
        if (it->second.deadline_us <= now_us) {
            gone.push_back(it->first);
            it = clients_.erase(it);
        } else {
            ++it;
        }
    }
    return gone;
}

nlohmann::json control_request(const std::string& path, const nlohmann::json& request) {
    for (int attempt = 1;; ++attempt) {
        nlohmann::json reply = control_exchange(path, request);
        const bool busy = reply.is_object() && reply.contains("error") &&
                          reply["error"].is_string() && reply["error"].get<std::string>() == kBusy;
        if (!busy || attempt == kBusyTries) {
            return reply;
        }
        (void)usleep(kBusyPauseUs);
    }
}

namespace {

nlohmann::json control_exchange(const std::string& path, const nlohmann::json& request) {
    const sockaddr_un addr = address_of(path);
    Fd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) {
        throw_errno("socket");
    }
    timeval tv{5, 0};
    (void)setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        throw Fatal(kExitRuntime, "no xvrrp controller answers at " + path + ": " +
                                      std::strerror(errno) +
                                      " (is `xvrrp attach` running? pass its --run-dir)");
    }
    write_all(fd.get(), request.dump() + "\n");
    (void)shutdown(fd.get(), SHUT_WR);
    std::string reply;
    char buf[4096];
    ssize_t n = 0;
    while ((n = recv(fd.get(), buf, sizeof buf, 0)) > 0) {
        reply.append(buf, static_cast<size_t>(n));
    }
    // A server that refuses closes without reading a request that arrived
    // after it looked: the socket then reports a reset instead of the end of
    // the stream, after the whole reply line.
    const bool whole = !reply.empty() && reply.back() == '\n';
    if (n < 0 && !(errno == ECONNRESET && whole)) {
        throw_errno("reading the reply from " + path);
    }
    try {
        return nlohmann::json::parse(reply);
    } catch (const std::exception& e) {
        throw Fatal(kExitRuntime,
                    "the controller at " + path + " sent an unreadable reply: " + e.what());
    }
}

}  // namespace

}  // namespace xvrrp::daemon

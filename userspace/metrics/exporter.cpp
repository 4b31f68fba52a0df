#include "metrics/exporter.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <variant>

#include <CivetServer.h>
#include <prometheus/collectable.h>
#include <prometheus/exposer.h>

#include "common/fd.h"
#include "config/listen_address.h"
#include "metrics/kernel_sample.h"
#include "xvrrp_build_version.h"

namespace xvrrp::metrics {

namespace {

// civetweb reports a failed bind only as "null context ... possible problem
// binding to port": bind a socket the same way first to say why (EADDRINUSE,
// EADDRNOTAVAIL, EACCES). Empty when the address can be bound.
std::string bind_problem(const std::string& address) {
    auto parsed = config::parse_listen_address(address);
    if (const auto* why = std::get_if<std::string>(&parsed)) {
        return *why;
    }
    const auto& a = std::get<config::ListenAddress>(parsed);
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (a.ipv6) {
        auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(a.port);
        inet_pton(AF_INET6, a.host.c_str(), &s6->sin6_addr);
        len = sizeof *s6;
    } else {
        auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
        s4->sin_family = AF_INET;
        s4->sin_port = htons(a.port);
        inet_pton(AF_INET, a.host.c_str(), &s4->sin_addr);
        len = sizeof *s4;
    }
    Fd s(::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const int one = 1;
    if (!s.valid() || ::setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        ::bind(s.get(), reinterpret_cast<const sockaddr*>(&ss), len) != 0) {
        return std::strerror(errno);
    }
    return {};
}

// The exposer's threads format the text (hundreds of kB at 255 instances).
// On a gateway's few cores that work must not delay the event loop's
// wake-ups: they run niced, so the scheduler prefers the loop.
void* lower_priority(const mg_context*, int) {
    (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kExposerNice);
    return nullptr;
}

uint64_t monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

struct Exporter::Shared {
    Fd wake;
    std::mutex mutex;
    std::condition_variable published_cv;
    std::shared_ptr<const Snapshot> latest;
    uint64_t requested = 0;  // scrapes that asked the loop
    uint64_t answered = 0;   // the highest request a published snapshot answers
    uint64_t taking = 0;     // the request the loop is answering now
};

class Exporter::Collector : public prometheus::Collectable {
  public:
    Collector(std::shared_ptr<Shared> shared, BuildInfo build)
        : shared_(std::move(shared)), build_(std::move(build)) {}

    std::vector<prometheus::MetricFamily> Collect() const override {
        std::shared_ptr<const Snapshot> snap = fresh_snapshot();
        const uint64_t now = monotonic_ns();
        if (!snap) {
            static const Snapshot kEmpty;
            return families(build_, kEmpty, {}, 0);
        }
        const double age =
            now > snap->taken_ns ? static_cast<double>(now - snap->taken_ns) / 1e9 : 0.0;
        return families(build_, *snap, read_kernel(*snap, now), age);
    }

  private:
    std::shared_ptr<const Snapshot> fresh_snapshot() const {
        auto& s = *shared_;
        std::unique_lock lock(s.mutex);
        const uint64_t want = ++s.requested;
        const uint64_t one = 1;
        // The eventfd counter only grows until the loop reads it: a write
        // cannot block or fail short of 2^64 - 2 pending wake-ups.
        (void)!::write(s.wake.get(), &one, sizeof one);
        s.published_cv.wait_for(lock, kLoopWait, [&] { return s.answered >= want; });
        return s.latest;
    }

    std::shared_ptr<Shared> shared_;
    BuildInfo build_;
};

Exporter::Exporter(const std::string& address, BuildInfo build)
    : shared_(std::make_shared<Shared>()) {
    shared_->wake = Fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!shared_->wake.valid()) {
        throw std::runtime_error("metrics: eventfd: " + std::string(std::strerror(errno)));
    }
    collector_ = std::make_shared<Collector>(shared_, std::move(build));
    // A scrape allocates and frees a few MB (the families, prometheus-cpp's
    // copy of them, the text); with glibc's defaults every scrape maps and
    // unmaps them again, and the page faults cost more than the formatting.
    // Keep them in the heap.
    (void)::mallopt(M_MMAP_THRESHOLD, 8 << 20);
    (void)::mallopt(M_TRIM_THRESHOLD, 32 << 20);
    if (const auto why = bind_problem(address); !why.empty()) {
        throw std::runtime_error("cannot serve metrics on " + address + ": " + why);
    }
    try {
        // One thread: Prometheus scrapes a target one request at a time.
        static const CivetCallbacks callbacks = [] {
            CivetCallbacks c;
            c.init_thread = lower_priority;
            return c;
        }();
        exposer_ = std::make_unique<prometheus::Exposer>(address, 1, &callbacks);
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot serve metrics on " + address + ": " + e.what());
    }
    exposer_->RegisterCollectable(collector_);
}

Exporter::~Exporter() {
    exposer_.reset();  // joins the server threads before what they read goes
}

int Exporter::wake_fd() const {
    return shared_->wake.get();
}

void Exporter::take_request() {
    taking_since_ns_ = monotonic_ns();
    uint64_t n = 0;
    (void)!::read(shared_->wake.get(), &n, sizeof n);
    std::lock_guard lock(shared_->mutex);
    shared_->taking = shared_->requested;
}

void Exporter::publish(Snapshot snap) {
    snap.taken_ns = monotonic_ns();
    snap.build_ns = snap.taken_ns - taking_since_ns_;
    auto next = std::make_shared<const Snapshot>(std::move(snap));
    {
        std::lock_guard lock(shared_->mutex);
        shared_->latest = std::move(next);
        shared_->answered = shared_->taking;
    }
    shared_->published_cv.notify_all();
}

BuildInfo build_info() {
    // The same header `xvrrp --version` reads (cmake/XvrrpVersion.cmake).
    return BuildInfo{XVRRP_VERSION, XVRRP_GIT_REVISION};
}

}  // namespace xvrrp::metrics

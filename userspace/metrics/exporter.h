// The /metrics endpoint: prometheus-cpp's exposer (civetweb threads of its
// own) and the hand-off with the controller's single-threaded loop.
//
// A scrape never reads the loop's state directly. It bumps a request
// number and writes wake_fd(); the loop, woken like by any other source,
// copies its state into a Snapshot (cheap: no syscall, no lock held while
// copying) and publish()es it under a mutex held only to swap a pointer.
// The scrape thread then reads the kernel maps itself, through the
// snapshot's duplicated handles, and builds the text. If the loop does not
// answer within kLoopWait the previous snapshot is served, and
// xvrrp_metrics_snapshot_age_seconds shows how old it is.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "metrics/families.h"
#include "metrics/snapshot.h"

namespace prometheus {
class Exposer;
}

namespace xvrrp::metrics {

inline constexpr std::chrono::milliseconds kLoopWait{200};
// Nice value of the exposer's threads (the loop keeps the process's own).
inline constexpr int kExposerNice = 10;

class Exporter {
  public:
    // Listens on `address` ("127.0.0.1:9650", "[::1]:9650"). Throws
    // std::runtime_error naming the address when it cannot (port in use,
    // address not on this host).
    Exporter(const std::string& address, BuildInfo build);
    ~Exporter();
    Exporter(const Exporter&) = delete;
    Exporter& operator=(const Exporter&) = delete;

    // Readable when a scrape waits for a snapshot: call take_request(),
    // then publish().
    int wake_fd() const;
    void take_request();
    void publish(Snapshot snap);

  private:
    struct Shared;
    class Collector;
    std::shared_ptr<Shared> shared_;
    std::shared_ptr<Collector> collector_;
    std::unique_ptr<prometheus::Exposer> exposer_;
    uint64_t taking_since_ns_ = 0;  // the loop's thread only
};

// The build's own identity (CMake project version, git revision).
BuildInfo build_info();

}  // namespace xvrrp::metrics

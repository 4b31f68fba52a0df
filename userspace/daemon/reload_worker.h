// SIGHUP's slow half, off the event loop: reading the files (includes and
// globs), resolving script users and groups (NSS), checking executables and
// opening the notify FIFO may block for as long as a slow NSS or file system
// likes, while a MASTER must advertise every few milliseconds. So a reload
// is prepared on a thread of its own and handed to the loop through an
// eventfd in its epoll; the loop only applies it (reload.cpp).
//
// One preparation at a time: a request while one runs is remembered, and
// the loop starts one more when it collects the finished one (coalesced: any
// number of SIGHUPs meanwhile make one more parse, of the newest file).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/fd.h"
#include "config/parser.h"
#include "track/tracker.h"

namespace xvrrp::daemon {

// What the worker hands over. `tracker` is null when the file has errors or
// the tracker could not be made (then `error` says why).
struct PreparedReload {
    config::ParseResult parsed;
    std::vector<config::Instance> wanted;  // the instances this controller runs
    std::unique_ptr<track::Tracker> tracker;
    std::string error;
    uint64_t prepare_us = 0;  // how long the worker took
};

class ReloadWorker {
  public:
    using Job = std::function<PreparedReload()>;

    ReloadWorker();   // throws Fatal if the eventfd cannot be made
    ~ReloadWorker();  // waits for a running job
    ReloadWorker(const ReloadWorker&) = delete;
    ReloadWorker& operator=(const ReloadWorker&) = delete;

    // Readable once a job has finished.
    int fd() const { return done_.get(); }
    bool running() const { return thread_.joinable(); }
    // Starts `job` on its own thread; false (and one more run remembered)
    // if a job is running already.
    bool start(Job job);

    struct Finished {
        PreparedReload result;
        bool superseded = false;  // requested again meanwhile: prepare again
    };
    // After fd() became readable: the result (the thread is joined).
    Finished collect();

  private:
    Fd done_;
    std::thread thread_;
    PreparedReload result_;  // written by the thread before it signals done_
    bool again_ = false;
};

}  // namespace xvrrp::daemon

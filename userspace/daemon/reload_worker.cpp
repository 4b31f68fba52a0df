#include "daemon/reload_worker.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>

#include <spdlog/spdlog.h>

#include "daemon/errors.h"

namespace xvrrp::daemon {

ReloadWorker::ReloadWorker() : done_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (!done_.valid()) {
        throw Fatal(kExitRuntime, std::string("eventfd: ") + std::strerror(errno));
    }
}

// A thread blocked in a read (NSS, a file system) holds the exit back; by now
// the controller has handed over and detached, so only the process lingers.
ReloadWorker::~ReloadWorker() {
    if (thread_.joinable()) {
        spdlog::info("waiting for the reload being read to finish before exiting");
        thread_.join();
    }
}

bool ReloadWorker::start(Job job) {
    if (thread_.joinable()) {
        again_ = true;
        return false;
    }
    // Whatever the job throws is the reload's error, never the thread's end
    // (an exception leaving a std::thread terminates the process).
    thread_ = std::thread([this, job = std::move(job)] {
        try {
            result_ = job();
        } catch (const std::exception& e) {
            result_ = {};
            result_.error = e.what();
        } catch (...) {
            result_ = {};
            result_.error = "unknown exception while preparing the reload";
        }
        const uint64_t one = 1;
        (void)!::write(done_.get(), &one, sizeof one);
    });
    return true;
}

ReloadWorker::Finished ReloadWorker::collect() {
    uint64_t n = 0;
    (void)!::read(done_.get(), &n, sizeof n);
    thread_.join();  // it has signalled: returns at once
    Finished out{std::move(result_), again_};
    result_ = {};
    again_ = false;
    return out;
}

}  // namespace xvrrp::daemon

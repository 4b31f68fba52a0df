// The control socket (<run-dir>/xvrrp.sock): a unix stream socket, one JSON
// request per connection, one JSON reply, then the server closes.
//
//   request:  {"command": "status"}\n     (a bare word, "status", also works)
//   reply:    {"instances": [...]}\n      or {"error": "..."}\n
//
// Clients are read without blocking from the event loop; a client that does
// not send a complete request within a second is dropped, so a stuck `nc`
// cannot stall adverts. What of a reply fits the socket buffer is written
// at once; the rest of a large one (a status of thousands of instances is
// megabytes) by a short-lived thread that owns the client from then on, at
// most kMaxSenders at a time (beyond them, on the loop, with a short send
// timeout), so a slow reader never holds the loop.
//
// Bounded (issue 12 item 4): at most kAcceptBatch clients are accepted per
// wake of the loop, and at most `max_clients` (kMaxClients) are held open. A
// client whose request is already there when it is accepted (the CLI writes
// it before the server accepts) is answered at once and never held; beyond
// the cap the OLDEST held client is closed unanswered once it has been held
// 100 ms (else the newcomer is), and counted in refused(), so a flood of
// idle connections neither exhausts descriptors nor locks `xvrrp status` out.
// A refused client is told {"error": "busy: ..."} before it is closed.
// When the process is out of descriptors (EMFILE/ENFILE, from whatever
// cause), one kept in reserve is freed to accept and refuse the pending
// client, so the listen socket does not keep the loop spinning.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/fd.h"

namespace xvrrp::daemon {

class ControlServer {
  public:
    using Handler = std::function<nlohmann::json(const nlohmann::json& request)>;

    static constexpr size_t kMaxClients = 64;
    static constexpr size_t kAcceptBatch = 16;
    static constexpr int kMaxSenders = 4;

    // Binds `path` (a stale socket file is replaced); throws Fatal.
    ControlServer(const std::string& path, Handler handler, size_t max_clients = kMaxClients);
    ~ControlServer();

    int listen_fd() const { return listen_.get(); }
    // Accepts up to kAcceptBatch pending clients; returns the fds of those
    // left waiting for their request, for the event loop (the others were
    // answered, or evicted to stay under the cap, and are closed).
    std::vector<int> accept_clients(uint64_t now_us);
    // The client is readable: returns true when it is finished (the caller
    // removes it from the loop; this already closed it).
    bool on_readable(int fd);
    // Drops clients older than their deadline; returns their fds (closed).
    std::vector<int> expire(uint64_t now_us);

    size_t clients() const { return clients_.size(); }
    // Clients closed unanswered because `max_clients` were already held.
    uint64_t refused() const { return refused_; }
    // Accepts that failed for want of a file descriptor (each pending client
    // was then refused through the reserve descriptor).
    uint64_t out_of_fds() const { return out_of_fds_; }

  private:
    struct Client {
        Fd fd;
        std::string buffer;
        uint64_t deadline_us = 0;
    };
    // Reads what is there; true when the request is complete (or the client
    // is gone or sent too much) and it is time to answer.
    static bool read_request(Client& c);
    void answer(Client& c);
    bool make_room(uint64_t now_us);
    void refuse(Client& c);
    void shed_one();

    std::string path_;
    Fd listen_;
    Handler handler_;
    size_t max_clients_;
    std::map<int, Client> clients_;
    uint64_t refused_ = 0;
    Fd reserve_;  // /dev/null, given up to accept when out of descriptors
    // Replies still being written by their own threads (shared with them).
    std::shared_ptr<std::atomic<int>> senders_ = std::make_shared<std::atomic<int>>(0);
    uint64_t out_of_fds_ = 0;
};

// Client side (the CLI): sends `request`, returns the reply; asks again
// for about 2 s while the controller answers that it is busy (at its client
// cap). Throws Fatal (exit 2) when no controller answers at `path`.
nlohmann::json control_request(const std::string& path, const nlohmann::json& request);

}  // namespace xvrrp::daemon

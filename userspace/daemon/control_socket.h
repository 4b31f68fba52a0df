// The control socket (<run-dir>/xvrrp.sock): a unix stream socket, one JSON
// request per connection, one JSON reply, then the server closes.
//
//   request:  {"command": "status"}\n     (a bare word, "status", also works)
//   reply:    {"instances": [...]}\n      or {"error": "..."}\n
//
// Clients are read without blocking from the event loop; a client that does
// not send a complete request within a second is dropped, so a stuck `nc`
// cannot stall adverts. Replies are written with a short send timeout.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/fd.h"

namespace xvrrp::daemon {

class ControlServer {
  public:
    using Handler = std::function<nlohmann::json(const nlohmann::json& request)>;

    // Binds `path` (a stale socket file is replaced); throws Fatal.
    ControlServer(const std::string& path, Handler handler);
    ~ControlServer();

    int listen_fd() const { return listen_.get(); }
    // Accepts one pending client; returns its fd for the event loop, or -1.
    int accept_client(uint64_t now_us);
    // The client is readable: returns true when it is finished (the caller
    // removes it from the loop; this already closed it).
    bool on_readable(int fd);
    // Drops clients older than their deadline; returns their fds (closed).
    std::vector<int> expire(uint64_t now_us);

  private:
    struct Client {
        Fd fd;
        std::string buffer;
        uint64_t deadline_us = 0;
    };
    void answer(Client& c);

    std::string path_;
    Fd listen_;
    Handler handler_;
    std::map<int, Client> clients_;
};

// Client side (the CLI): sends `request`, returns the reply. Throws Fatal
// (exit 2) when no controller answers at `path`.
nlohmann::json control_request(const std::string& path, const nlohmann::json& request);

}  // namespace xvrrp::daemon

// The control socket's bounds (issue 12 item 4): a batch per wake, a cap on
// held clients with the oldest evicted and counted, and a client whose
// request is already there answered at once whatever the cap. Real unix
// sockets in a temporary folder; no privileges needed.
#include "daemon/control_socket.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "common/fd.h"

namespace xvrrp::daemon {
namespace {

class ControlSocketTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/xvrrp-control-test.XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        path_ = dir_ + "/xvrrp.sock";
    }
    void TearDown() override {
        clients_.clear();
        (void)rmdir(dir_.c_str());
    }

    ControlServer server(size_t max_clients) {
        return ControlServer(
            path_,
            [](const nlohmann::json&) {
                return nlohmann::json{{"ok", 1}};
            },
            max_clients);
    }

    // A connected client (queued in the listen backlog until accepted).
    int connect_one(const std::string& request = "") {
        Fd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
        EXPECT_EQ(connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0)
            << std::strerror(errno);
        if (!request.empty()) {
            EXPECT_EQ(send(fd.get(), request.data(), request.size(), 0),
                      static_cast<ssize_t>(request.size()));
        }
        clients_.push_back(std::move(fd));
        return clients_.back().get();
    }

    // "open", "closed" (EOF without a reply), "busy" (refused) or the reply's text.
    static std::string peer_state(int fd) {
        char buf[256];
        const ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0 && errno == EAGAIN) {
            return "open";
        }
        const std::string text = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "closed";
        return text.find("\"busy: ") != std::string::npos ? "busy" : text;
    }

    std::string dir_, path_;
    std::vector<Fd> clients_;
};

TEST_F(ControlSocketTest, AcceptsABoundedBatchPerWake) {
    auto s = server(ControlServer::kMaxClients);
    for (size_t i = 0; i < 40; ++i) {
        (void)connect_one();
    }
    EXPECT_EQ(s.accept_clients(1).size(), ControlServer::kAcceptBatch);
    EXPECT_EQ(s.accept_clients(2).size(), ControlServer::kAcceptBatch);
    EXPECT_EQ(s.accept_clients(3).size(), 40 - 2 * ControlServer::kAcceptBatch);
    EXPECT_EQ(s.clients(), 40u);
    EXPECT_EQ(s.refused(), 0u);
}

TEST_F(ControlSocketTest, BeyondTheCapTheOldestIdleClientsAreClosedAndCounted) {
    auto s = server(4);
    std::vector<int> old, young;
    for (int i = 0; i < 4; ++i) {
        old.push_back(connect_one());
    }
    EXPECT_EQ(s.accept_clients(1'000).size(), 4u);
    for (int i = 0; i < 3; ++i) {
        young.push_back(connect_one());
    }
    EXPECT_EQ(s.accept_clients(200'000).size(), 3u);  // the old ones held > 10 ms
    EXPECT_EQ(s.clients(), 4u);
    EXPECT_EQ(s.refused(), 3u);
    int closed = 0;
    for (const int fd : old) {
        closed += peer_state(fd) == "busy" ? 1 : 0;
    }
    EXPECT_EQ(closed, 3);
    for (const int fd : young) {
        EXPECT_EQ(peer_state(fd), "open");
    }
}

TEST_F(ControlSocketTest, AtTheCapClientsHeldUnder10msKeepTheirPlace) {
    auto s = server(2);
    const int first = connect_one();
    const int second = connect_one();
    EXPECT_EQ(s.accept_clients(1'000).size(), 2u);
    const int late = connect_one();
    EXPECT_TRUE(s.accept_clients(10'900).empty());  // held 9.9 ms
    EXPECT_EQ(peer_state(late), "busy");
    EXPECT_EQ(peer_state(first), "open");
    EXPECT_EQ(peer_state(second), "open");
    EXPECT_EQ(s.refused(), 1u);
}

TEST_F(ControlSocketTest, AnOldClientWhoseRequestArrivedIsAnsweredNotEvicted) {
    auto s = server(1);
    const int c = connect_one();
    const auto held = s.accept_clients(1'000);
    ASSERT_EQ(held.size(), 1u);
    ASSERT_EQ(send(c, "status\n", 7, 0), 7);  // not yet seen by the loop
    (void)connect_one();
    EXPECT_EQ(s.accept_clients(200'000).size(), 1u);
    EXPECT_EQ(peer_state(c), "{\"ok\":1}\n");
    EXPECT_EQ(s.refused(), 0u);
}

TEST_F(ControlSocketTest, ARequestAlreadySentIsAnsweredAtOnceEvenAtTheCap) {
    auto s = server(2);
    (void)connect_one();
    (void)connect_one();
    EXPECT_EQ(s.accept_clients(1).size(), 2u);
    const int status = connect_one("status\n");
    EXPECT_TRUE(s.accept_clients(2).empty());  // answered and closed, not held
    EXPECT_EQ(peer_state(status), "{\"ok\":1}\n");
    EXPECT_EQ(s.clients(), 2u);
    EXPECT_EQ(s.refused(), 0u);
}

TEST_F(ControlSocketTest, HeldClientIsAnsweredWhenItsRequestArrives) {
    auto s = server(2);
    const int c = connect_one();
    const auto held = s.accept_clients(1);
    ASSERT_EQ(held.size(), 1u);
    EXPECT_FALSE(s.on_readable(held[0]));  // nothing yet
    ASSERT_EQ(send(c, "status\n", 7, 0), 7);
    EXPECT_TRUE(s.on_readable(held[0]));
    EXPECT_EQ(peer_state(c), "{\"ok\":1}\n");
    EXPECT_EQ(s.clients(), 0u);
}

// Out of descriptors: the pending client is refused through the reserve
// descriptor and the listen socket is left quiet, where a plain accept that
// fails would leave it readable and the loop waking for it on every pass.
TEST_F(ControlSocketTest, OutOfDescriptorsRefusesThePendingClientInsteadOfSpinning) {
    auto s = server(ControlServer::kMaxClients);
    const int client = connect_one();
    rlimit saved{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
    std::vector<Fd> filler;
    rlimit low = saved;
    low.rlim_cur = 64;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
    for (;;) {
        Fd fd(open("/dev/null", O_RDONLY | O_CLOEXEC));
        if (!fd.valid()) {
            break;
        }
        filler.push_back(std::move(fd));
    }
    const auto held = s.accept_clients(1'000'000);
    filler.clear();
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);

    EXPECT_TRUE(held.empty());
    EXPECT_EQ(s.out_of_fds(), 1u);
    EXPECT_EQ(s.refused(), 1u);
    EXPECT_EQ(peer_state(client), "busy");
    pollfd p{s.listen_fd(), POLLIN, 0};
    EXPECT_EQ(poll(&p, 1, 0), 0) << "the listen socket is still readable";
    // The reserve is back: the next client is served normally.
    const int next = connect_one("status\n");
    EXPECT_TRUE(s.accept_clients(2'000'000).empty());
    EXPECT_EQ(peer_state(next), "{\"ok\":1}\n");
}

// A refusal races the client's request: the server closes with the request
// unread and the client's socket reports a reset after the busy line. That
// is a refusal like any other, retried, not "Connection reset by peer".
TEST_F(ControlSocketTest, ARefusalThatClosesOverAnUnreadRequestIsRetriedNotAnError) {
    Fd listener(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
    ASSERT_EQ(bind(listener.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(listen(listener.get(), 4), 0);
    std::thread server([&] {
        {
            Fd refused(accept(listener.get(), nullptr, nullptr));
            const std::string busy = "{\"error\":\"busy: too many control-socket clients\"}\n";
            (void)send(refused.get(), busy.data(), busy.size(), MSG_NOSIGNAL);
            pollfd p{refused.get(), POLLIN, 0};
            (void)poll(&p, 1, 2000);  // the request is there, and stays unread
        }
        pollfd next{listener.get(), POLLIN, 0};
        if (poll(&next, 1, 3000) != 1) {
            return;  // the client gave up after the refusal: the test fails below
        }
        Fd served(accept(listener.get(), nullptr, nullptr));
        char buf[256];
        (void)recv(served.get(), buf, sizeof buf, 0);
        const std::string ok = "{\"ok\":1}\n";
        (void)send(served.get(), ok.data(), ok.size(), MSG_NOSIGNAL);
    });
    nlohmann::json reply;
    EXPECT_NO_THROW(reply = control_request(path_, nlohmann::json{{"command", "status"}}));
    server.join();
    EXPECT_EQ(reply, (nlohmann::json{{"ok", 1}}));
    (void)unlink(path_.c_str());
}

// A status of thousands of instances is megabytes, more than the socket
// buffer holds: the loop must not wait for the client to read it (adverts
// are due meanwhile), and the client must still get all of it. The client
// starts reading only after 1 s: a loop that waited for its reads would be
// held that long (the old blocking write gave up after 200 ms instead, and
// the reply arrived cut short).
TEST_F(ControlSocketTest, AReplyLargerThanTheSocketBufferDoesNotHoldTheLoopAndArrivesWhole) {
    const std::string big(2 * 1024 * 1024, 'x');  // ten times the default socket buffer
    ControlServer s(path_, [&](const nlohmann::json&) { return nlohmann::json{{"blob", big}}; });
    const int c = connect_one("status\n");
    std::string got;
    std::thread reader([&] {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        char buf[65536];
        for (;;) {
            pollfd p{c, POLLIN, 0};
            if (poll(&p, 1, 5000) != 1) {
                return;  // stopped short: checked below
            }
            const ssize_t n = recv(c, buf, sizeof buf, 0);
            if (n <= 0) {
                return;
            }
            got.append(buf, static_cast<size_t>(n));
        }
    });
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(s.accept_clients(1).empty());  // answered, not held
    const auto held_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    reader.join();
    EXPECT_LT(held_ms, 1000);
    const std::string want = nlohmann::json{{"blob", big}}.dump() + "\n";
    EXPECT_EQ(got.size(), want.size());
    EXPECT_TRUE(got == want);
}

}  // namespace
}  // namespace xvrrp::daemon

// Events from the XDP program to the controller: record decoding, and
// delivery through the ring buffer's epoll fd for timer and advert events.
#include <sys/epoll.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "attached.h"
#include "dataplane/event_reader.h"
#include "dataplane/events.h"
#include "proto/frames.h"

namespace xvrrp::dataplane::testing {
namespace {

using namespace std::chrono_literals;

constexpr RouterKey kV4{7, proto::Family::V4};

TEST(EventDecode, AdvertRecordRoundTrips) {
    AdvertEvent a;
    a.timestamp_ns = 99;
    a.router = {42, proto::Family::V6};
    a.version = 3;
    a.priority = 200;
    a.count = 2;
    a.csum_form = XVRRP_CSUM_PLAIN;
    a.why = XVRRP_WHY_NEW_MASTER | XVRRP_WHY_INTERVAL;
    a.interval = 10;
    a.state = XVRRP_STATE_BACKUP;
    a.vip_matches = 1;
    a.ifindex = 5;
    a.source = ip("fe80::2");
    a.source_mac = {0, 0, 0x5e, 0, 2, 42};
    a.timer_ns = 36'093'750;
    const xvrrp_event record = encode_event(a);
    const auto decoded = decode_event({reinterpret_cast<const uint8_t*>(&record), sizeof record});
    ASSERT_TRUE(decoded.has_value());
    const auto* back = std::get_if<AdvertEvent>(&*decoded);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->router, a.router);
    EXPECT_EQ(back->source, a.source);
    EXPECT_EQ(back->source_mac, a.source_mac);
    EXPECT_EQ(back->priority, 200);
    EXPECT_EQ(back->timer_ns, a.timer_ns);
    EXPECT_EQ(back->csum_form, XVRRP_CSUM_PLAIN);
    EXPECT_TRUE(back->has(XVRRP_WHY_INTERVAL));
    EXPECT_FALSE(back->has(XVRRP_WHY_HIGHER));
    EXPECT_EQ(back->interval_us(), 100'000u);
}

TEST(EventDecode, ConflictCarriesTheVipOfItsFamily) {
    const ConflictEvent c{7, kV4, ip("192.0.2.100"), {2, 0, 0, 0, 0, 9}, 3};
    const xvrrp_event record = encode_event(c);
    EXPECT_EQ(record.type, XVRRP_EV_CONFLICT);
    const auto decoded = decode_event({reinterpret_cast<const uint8_t*>(&record), sizeof record});
    ASSERT_TRUE(decoded.has_value());
    const auto* back = std::get_if<ConflictEvent>(&*decoded);
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->vip, ip("192.0.2.100"));
    EXPECT_TRUE(back->is_arp());
    EXPECT_EQ(back->mac[5], 9);
}

TEST(EventDecode, ShortOrUnknownRecordsAreNotEvents) {
    xvrrp_event record = encode_event(MasterDownEvent{1, kV4, XVRRP_STATE_BACKUP, 0});
    const auto* bytes = reinterpret_cast<const uint8_t*>(&record);
    EXPECT_TRUE(decode_event({bytes, sizeof record}).has_value());
    EXPECT_FALSE(decode_event({bytes, sizeof record - 1}).has_value());
    record.type = 77;
    EXPECT_FALSE(decode_event({bytes, sizeof record}).has_value());
    record.type = XVRRP_EV_MASTER_DOWN;
    record.family = 5;
    EXPECT_FALSE(decode_event({bytes, sizeof record}).has_value());
}

class Events : public AttachedTest {
  protected:
    void SetUp() override {
        AttachedTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        auto r = EventReader::create(maps_->events_fd(), ifname(),
                                     [this](const Event& e) { seen_.push_back(e); });
        ASSERT_TRUE(r.ok()) << r.error().message;
        reader_.emplace(std::move(r).value());
    }

    void TearDown() override {
        reader_.reset();
        AttachedTest::TearDown();
    }

    // The controller's loop in miniature: epoll_wait on the reader's fd (at
    // most `timeout`), then consume(). Returns how many events arrived.
    int wait_for_events(std::chrono::milliseconds timeout) {
        const int ep = epoll_create1(EPOLL_CLOEXEC);
        epoll_event want{};
        want.events = EPOLLIN;
        EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, reader_->epoll_fd(), &want), 0);
        epoll_event got{};
        const int ready = epoll_wait(ep, &got, 1, static_cast<int>(timeout.count()));
        close(ep);
        if (ready <= 0) {
            return 0;
        }
        auto n = reader_->consume();
        EXPECT_TRUE(n.ok()) << n.error().message;
        return n.ok() ? *n : 0;
    }

    std::optional<EventReader> reader_;
    std::vector<Event> seen_;
};

TEST_F(Events, MasterDownTimerFiresThroughTheEpollFd) {
    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    const uint64_t armed_at = monotonic_now_ns();
    auto armed = timers_->arm(kV4, 10ms);
    ASSERT_TRUE(armed.ok()) << armed.error().message;
    ASSERT_EQ(wait_for_events(2s), 1);
    ASSERT_EQ(seen_.size(), 1u);
    const auto* down = std::get_if<MasterDownEvent>(&seen_[0]);
    ASSERT_NE(down, nullptr);
    EXPECT_EQ(down->router, kV4);
    EXPECT_EQ(down->state, XVRRP_STATE_BACKUP);
    EXPECT_GE(down->timestamp_ns, armed_at + 10'000'000);
    // the deadline it fired for, decoded from the record: never after the sweep
    EXPECT_GE(down->deadline_ns, armed_at + 10'000'000);
    EXPECT_LE(down->deadline_ns, down->timestamp_ns);
    const auto t = maps_->timer(kV4);
    ASSERT_TRUE(t.ok() && t->has_value());
    EXPECT_EQ((*t)->expires_ns, 0u);  // fired: no deadline left
}

TEST_F(Events, CancelledTimerStaysSilent) {
    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    ASSERT_TRUE(timers_->arm(kV4, 20ms).ok());
    const auto t = maps_->timer(kV4);
    ASSERT_TRUE(t.ok() && t->has_value());
    EXPECT_GT((*t)->expires_ns, monotonic_now_ns());
    ASSERT_TRUE(timers_->cancel(kV4).ok());
    EXPECT_EQ(wait_for_events(150ms), 0);
    EXPECT_TRUE(seen_.empty());
    EXPECT_TRUE(timers_->cancel(RouterKey{8, proto::Family::V4}).ok());  // no timer: fine
}

TEST_F(Events, ArmingAnUnknownRouterNamesIt) {
    auto armed = timers_->arm(RouterKey{42, proto::Family::V6}, 10ms);
    ASSERT_FALSE(armed.ok());
    EXPECT_EQ(armed.error().code, ENOENT);
    EXPECT_NE(armed.error().message.find(ifname() + ": VRID 42 (IPv6): cannot arm"),
              std::string::npos)
        << armed.error().message;
}

TEST_F(Events, AdvertFromANewMasterIsDeliveredDecoded) {
    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    proto::Advert adv;
    adv.vrid = 7;
    adv.priority = 200;
    adv.interval = 100;
    adv.addresses = {ip("192.0.2.100")};
    const auto frame =
        proto::build_advert_frame(adv, proto::vmac(proto::Family::V4, 7), ip("192.0.2.2"),
                                  proto::vrrp_group(proto::Family::V4), XVRRP_CSUM_PSEUDO);
    EXPECT_EQ(run_xdp(frame), XDP_DROP);
    ASSERT_EQ(wait_for_events(1s), 1);
    const auto* a = std::get_if<AdvertEvent>(&seen_.at(0));
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->router, kV4);
    EXPECT_EQ(a->source, ip("192.0.2.2"));
    EXPECT_EQ(a->priority, 200);
    EXPECT_EQ(a->version, 3);
    EXPECT_EQ(a->csum_form, XVRRP_CSUM_PSEUDO);
    EXPECT_TRUE(a->has(XVRRP_WHY_NEW_MASTER));
    EXPECT_EQ(a->source_mac, proto::vmac(proto::Family::V4, 7));
    // T2 for our priority 100 and the master's 1 s: 3 s + 156.25 ms.
    EXPECT_EQ(a->timer_ns, 3'609'375'000u);
    // The same advert again changes nothing: re-armed in the kernel, no event.
    EXPECT_EQ(run_xdp(frame), XDP_DROP);
    EXPECT_EQ(wait_for_events(100ms), 0);
    ASSERT_TRUE(timers_->cancel(kV4).ok());
}

TEST_F(Events, HandlerExceptionReachesTheCaller) {
    auto throwing = EventReader::create(maps_->events_fd(), ifname(), [](const Event&) {
        throw std::runtime_error("handler failed");
    });
    ASSERT_TRUE(throwing.ok());
    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    ASSERT_TRUE(timers_->arm(kV4, 1ms).ok());
    // The timer may already have fired: every poll, even the first, must sit
    // inside EXPECT_THROW.
    EXPECT_THROW(
        {
            for (int i = 0; i < 200; ++i) {
                (void)throwing->poll(10);
            }
        },
        std::runtime_error);
}

TEST_F(Events, ReaderWithoutRingsHasNoFdAndNothingToDrain) {
    EventReader reader;
    EXPECT_EQ(reader.epoll_fd(), -1);
    auto consumed = reader.consume();
    ASSERT_TRUE(consumed.ok()) << consumed.error().message;
    EXPECT_EQ(*consumed, 0);
    auto drained = reader.drain();
    ASSERT_TRUE(drained.ok()) << drained.error().message;
    EXPECT_TRUE(drained->empty());
}

// Several interfaces' rings behind one epoll fd; a ring without a handler
// queues its events, tagged with the interface, for drain().
TEST_F(Events, RingsWithoutHandlerAreDrainedWithTheirInterface) {
    reader_.reset();  // the fixture's reader would share the ring's consumer position
    const int spare = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "xv_spare", 0, 0, 4096, nullptr);
    ASSERT_GE(spare, 0) << "cannot create a ring buffer map: " << std::strerror(errno);
    EventReader reader;
    ASSERT_TRUE(reader.add(spare, "spare0").ok());
    const int fd = reader.epoll_fd();
    ASSERT_GE(fd, 0);
    auto added = reader.add(maps_->events_fd(), ifname());
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_EQ(reader.epoll_fd(), fd);  // one fd for the loop, whatever joins later
    auto bad = reader.add(spare + 1000, "bogus0");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("bogus0: cannot open the event ring buffer"),
              std::string::npos)
        << bad.error().message;

    ASSERT_TRUE(maps_->put_router(kV4, backup_router(ip("192.0.2.1"))).ok());
    ASSERT_TRUE(timers_->arm(kV4, 5ms).ok());
    const int ep = epoll_create1(EPOLL_CLOEXEC);
    epoll_event want{};
    want.events = EPOLLIN;
    ASSERT_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &want), 0);
    epoll_event got{};
    const int ready = epoll_wait(ep, &got, 1, 2000);
    close(ep);
    close(spare);
    ASSERT_EQ(ready, 1);
    auto drained = reader.drain();
    ASSERT_TRUE(drained.ok()) << drained.error().message;
    ASSERT_EQ(drained->size(), 1u);
    EXPECT_EQ(drained->at(0).ifname, ifname());
    const auto* down = std::get_if<MasterDownEvent>(&drained->at(0).event);
    ASSERT_NE(down, nullptr);
    EXPECT_EQ(down->router, kV4);
    auto again = reader.drain();  // handed over once, not kept
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->empty());
}

}  // namespace
}  // namespace xvrrp::dataplane::testing

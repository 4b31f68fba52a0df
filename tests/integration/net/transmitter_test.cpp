// Frames sent through the AF_PACKET transmitter arrive intact, in order, in
// the peer namespace.
#include "net/transmitter.h"

#include "netns_lab.h"

namespace xvrrp::net {
namespace {

using testing::Frame;
using testing::NetnsLab;

constexpr uint8_t kSrcMac[6] = {0x02, 0x58, 0x56, 0x00, 0x00, 0x01};

// Ethernet frames of a local experimental EtherType (0x88b5), each carrying
// its index, so order and content are both checked.
std::vector<Frame> numbered_frames(size_t count, size_t payload) {
    std::vector<Frame> frames;
    for (size_t i = 0; i < count; ++i) {
        Frame f{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
        f.insert(f.end(), std::begin(kSrcMac), std::end(kSrcMac));
        f.push_back(0x88);
        f.push_back(0xb5);
        for (size_t j = 0; j < payload; ++j) {
            f.push_back(static_cast<uint8_t>(i * 7 + j));
        }
        f[14] = static_cast<uint8_t>(i >> 8);
        f[15] = static_cast<uint8_t>(i);
        frames.push_back(std::move(f));
    }
    return frames;
}

bool from_us(const Frame& f) {
    return f.size() >= 14 && std::equal(std::begin(kSrcMac), std::end(kSrcMac), f.begin() + 6);
}

class Transmitter : public NetnsLab {
  protected:
    void expect_batch_arrives(const TransmitterOptions& options, size_t count) {
        Fd capture = open_capture_b();
        ASSERT_TRUE(capture.valid());
        auto tx = PacketTransmitter::open(Iface{ifindex_a, if_a}, options);
        ASSERT_TRUE(tx) << tx.error().message;
        const auto frames = numbered_frames(count, 46);
        const SendReport report = tx->send_batch(frames);
        ASSERT_TRUE(report.ok()) << report.error->message;
        EXPECT_EQ(report.sent, count);
        const auto got = receive(capture.get(), count, 3000, from_us);
        ASSERT_EQ(got.size(), count);
        for (size_t i = 0; i < count; ++i) {
            EXPECT_EQ(got[i], frames[i]) << "frame " << i;
        }
    }
};

TEST_F(Transmitter, BatchArrivesIntactAndInOrder) {
    expect_batch_arrives(TransmitterOptions{}, 16);
}

TEST_F(Transmitter, BatchArrivesWithQdiscBypass) {
    expect_batch_arrives(TransmitterOptions{.qdisc_bypass = true}, 16);
}

TEST_F(Transmitter, LargeBatchFor255VridsArrivesWhole) {
    expect_batch_arrives(TransmitterOptions{}, 255);
}

TEST_F(Transmitter, ShortFrameIsSentUnpadded) {
    Fd capture = open_capture_b();
    auto tx = PacketTransmitter::open(Iface{ifindex_a, if_a});
    ASSERT_TRUE(tx) << tx.error().message;
    const Frame frame = numbered_frames(1, 2)[0];  // 16 bytes
    ASSERT_TRUE(tx->send(frame).ok());
    const auto got = receive(capture.get(), 1, 2000, from_us);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], frame);
}

TEST_F(Transmitter, ErrorsNameTheInterface) {
    auto missing = PacketTransmitter::open(Iface{ifindex_a + 1000, "bond1"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "bond1: no such interface");

    auto tx = PacketTransmitter::open(Iface{ifindex_a, if_a});
    ASSERT_TRUE(tx) << tx.error().message;
    ip(ns_a, "link set " + if_a + " down");
    const auto frames = numbered_frames(3, 46);
    const SendReport report = tx->send_batch(frames);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.sent, 0u);
    EXPECT_EQ(report.error->code, ENETDOWN);
    EXPECT_EQ(report.error->message.rfind(if_a + ": send frame 1 of 3: ", 0), 0u)
        << report.error->message;
}

}  // namespace
}  // namespace xvrrp::net

// vrrp_garp_interval / vrrp_gna_interval: one frame per gap per lane, GARPs
// and NAs apart, a backup's unsent frames taken back, nothing held when no
// gap is set.
#include "net/garp_pacer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xvrrp::net {
namespace {

using ::testing::ElementsAre;

// A frame of the given EtherType whose byte 14 tells frames apart.
std::vector<uint8_t> frame(uint16_t ethertype, uint8_t tag) {
    std::vector<uint8_t> f(60, 0);
    f[12] = static_cast<uint8_t>(ethertype >> 8);
    f[13] = static_cast<uint8_t>(ethertype & 0xff);
    f[14] = tag;
    return f;
}
std::vector<uint8_t> arp(uint8_t tag) {
    return frame(0x0806, tag);
}
std::vector<uint8_t> na(uint8_t tag) {
    return frame(0x86dd, tag);
}

std::vector<int> tags(const std::vector<PacedFrame>& frames) {
    std::vector<int> out;
    for (const auto& f : frames) {
        out.push_back(f.bytes[14]);
    }
    return out;
}

TEST(GarpPacer, WithoutAGapEveryFrameIsDueAtOnce) {
    GarpPacer p;
    for (uint8_t i = 1; i <= 4; ++i) {
        p.push(7, arp(i));
    }
    p.push(7, na(9));
    EXPECT_EQ(p.next_deadline_us(), 0u);
    EXPECT_THAT(tags(p.take_due(1000)), ElementsAre(1, 2, 3, 4, 9));
    EXPECT_TRUE(p.empty());
    EXPECT_EQ(p.next_deadline_us(), std::nullopt);
}

TEST(GarpPacer, OneFramePerGapInQueueOrder) {
    GarpPacer p(1000, 0);
    for (uint8_t i = 1; i <= 3; ++i) {
        p.push(7, arp(i));
    }
    EXPECT_THAT(tags(p.take_due(5000)), ElementsAre(1));
    EXPECT_EQ(p.next_deadline_us(), 6000u);
    EXPECT_TRUE(p.take_due(5999).empty());
    EXPECT_THAT(tags(p.take_due(6000)), ElementsAre(2));
    EXPECT_THAT(tags(p.take_due(7000)), ElementsAre(3));
    EXPECT_EQ(p.next_deadline_us(), std::nullopt);
}

TEST(GarpPacer, ALateCallSendsOneFrameNotTheMissedOnes) {
    GarpPacer p(1000, 0);
    for (uint8_t i = 1; i <= 4; ++i) {
        p.push(7, arp(i));
    }
    (void)p.take_due(0);
    EXPECT_THAT(tags(p.take_due(10'000)), ElementsAre(2));
    EXPECT_EQ(p.next_deadline_us(), 11'000u) << "the gap counts from the frame just sent";
}

TEST(GarpPacer, ArpAndNaLanesHaveTheirOwnGaps) {
    GarpPacer p(1000, 250);
    p.push(1, arp(1));
    p.push(1, na(11));
    p.push(1, arp(2));
    p.push(1, na(12));
    p.push(1, na(13));
    EXPECT_THAT(tags(p.take_due(0)), ElementsAre(1, 11));
    EXPECT_EQ(p.next_deadline_us(), 250u);
    EXPECT_THAT(tags(p.take_due(250)), ElementsAre(12));
    EXPECT_THAT(tags(p.take_due(500)), ElementsAre(13));
    EXPECT_THAT(tags(p.take_due(1000)), ElementsAre(2));
    EXPECT_TRUE(p.empty());
}

TEST(GarpPacer, AGapOnlyOnOneLaneLeavesTheOtherUnpaced) {
    GarpPacer p(0, 1000);
    p.push(1, na(11));
    p.push(1, na(12));
    p.push(1, arp(1));
    p.push(1, arp(2));
    EXPECT_THAT(tags(p.take_due(0)), ElementsAre(1, 2, 11));
    EXPECT_THAT(tags(p.take_due(1000)), ElementsAre(12));
}

TEST(GarpPacer, DroppingAnOwnerTakesBackOnlyItsUnsentFrames) {
    GarpPacer p(1000, 1000);
    p.push(1, arp(1));
    p.push(2, arp(2));
    p.push(1, arp(3));
    p.push(2, na(4));
    p.push(1, na(5));
    EXPECT_THAT(tags(p.take_due(0)), ElementsAre(1, 4));
    p.drop(1);
    EXPECT_THAT(tags(p.take_due(1000)), ElementsAre(2));
    EXPECT_TRUE(p.empty());
    EXPECT_EQ(p.next_deadline_us(), std::nullopt);
}

TEST(GarpPacer, TheFirstFrameAfterAQuietSpellIsNotHeldBack) {
    GarpPacer p(1000, 0);
    p.push(1, arp(1));
    (void)p.take_due(0);
    p.push(1, arp(2));
    EXPECT_EQ(p.next_deadline_us(), 1000u) << "still inside the gap of the last frame";
    (void)p.take_due(1000);
    p.push(1, arp(3));
    EXPECT_THAT(tags(p.take_due(50'000)), ElementsAre(3));
}

TEST(GarpPacer, ChangedGapsApplyToWhatIsQueued) {
    GarpPacer p(1000, 0);
    p.push(1, arp(1));
    p.push(1, arp(2));
    p.push(1, arp(3));
    (void)p.take_due(0);
    p.set_gaps(0, 0);
    EXPECT_THAT(tags(p.take_due(1)), ElementsAre(2, 3));
}

}  // namespace
}  // namespace xvrrp::net

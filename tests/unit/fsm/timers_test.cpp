// CONFORMANCE T1, T2, T4: timer arithmetic to the microsecond.
#include "fsm/timers.h"

#include <gtest/gtest.h>

namespace xvrrp::fsm {
namespace {

using proto::Version;

constexpr uint64_t cs(uint64_t n) {
    return n * kUsPerCentisecond;
}

// The formulas are constexpr, so the reference values also hold at compile time.
static_assert(master_down_interval_us(Version::V3, 100, cs(100)) == 3'609'375);
static_assert(skew_time_us(Version::V2, 100, 3'000'000) == 609'375);

TEST(FsmTimers, AdvertIntervalUnitsAreCentisecondsForV3AndSecondsForV2) {
    EXPECT_EQ(advert_interval_us(Version::V3, 100), 1'000'000u);
    EXPECT_EQ(advert_interval_us(Version::V3, 1), 10'000u);
    EXPECT_EQ(advert_interval_us(Version::V3, 4095), 40'950'000u);
    EXPECT_EQ(advert_interval_us(Version::V2, 1), 1'000'000u);
    EXPECT_EQ(advert_interval_us(Version::V2, 3), 3'000'000u);
}

TEST(FsmTimers, T1_SkewPriority100Interval100cs) {
    EXPECT_EQ(skew_time_us(Version::V3, 100, cs(100)), 609'375u);
}

TEST(FsmTimers, T1_SkewPriority200Interval100cs) {
    EXPECT_EQ(skew_time_us(Version::V3, 200, cs(100)), 218'750u);
}

TEST(FsmTimers, T1_SkewScalesWithMasterAdverInterval) {
    // 60.9375 ms and 6.09375 ms, truncated to the microsecond.
    EXPECT_EQ(skew_time_us(Version::V3, 100, cs(10)), 60'937u);
    EXPECT_EQ(skew_time_us(Version::V3, 100, cs(1)), 6'093u);
    EXPECT_EQ(skew_time_us(Version::V3, 100, cs(50)), 304'687u);
}

TEST(FsmTimers, T1_SkewAtPriorityExtremes) {
    EXPECT_EQ(skew_time_us(Version::V3, 255, cs(100)), 3'906u);  // 1/256 of the interval
    EXPECT_EQ(skew_time_us(Version::V3, 1, cs(100)), 996'093u);  // 255/256
    EXPECT_EQ(skew_time_us(Version::V3, 254, cs(1)), 78u);
}

TEST(FsmTimers, T1_HigherPriorityAlwaysHasShorterOrEqualSkew) {
    for (uint64_t interval : {cs(1), cs(10), cs(100), cs(4095)}) {
        for (int p = 1; p < 255; ++p) {
            const auto lo = skew_time_us(Version::V3, static_cast<uint8_t>(p), interval);
            const auto hi = skew_time_us(Version::V3, static_cast<uint8_t>(p + 1), interval);
            ASSERT_LE(hi, lo) << "priority " << p << " interval " << interval;
        }
    }
}

TEST(FsmTimers, T2_MasterDownIsThreeIntervalsPlusSkew) {
    for (uint64_t interval : {cs(1), cs(7), cs(100), cs(4095)}) {
        for (int p = 1; p <= 255; ++p) {
            const auto prio = static_cast<uint8_t>(p);
            ASSERT_EQ(master_down_interval_us(Version::V3, prio, interval),
                      3 * interval + skew_time_us(Version::V3, prio, interval));
        }
    }
}

TEST(FsmTimers, T2_MaximumInterval4095cs) {
    EXPECT_EQ(skew_time_us(Version::V3, 100, cs(4095)), 24'953'906u);
    EXPECT_EQ(master_down_interval_us(Version::V3, 100, cs(4095)), 147'803'906u);
}

TEST(FsmTimers, T2_V2SkewIsPriorityFractionOfOneSecond) {
    EXPECT_EQ(skew_time_us(Version::V2, 100, 1'000'000), 609'375u);
    EXPECT_EQ(skew_time_us(Version::V2, 100, 3'000'000), 609'375u);  // not scaled
    EXPECT_EQ(skew_time_us(Version::V2, 1, 1'000'000), 996'093u);
    EXPECT_EQ(skew_time_us(Version::V2, 255, 5'000'000), 3'906u);
}

TEST(FsmTimers, T2_V2MasterDownInterval1s) {
    EXPECT_EQ(master_down_interval_us(Version::V2, 100, 1'000'000), 3'609'375u);
    EXPECT_EQ(master_down_interval_us(Version::V2, 1, 1'000'000), 3'996'093u);
}

TEST(FsmTimers, T2_V2MasterDownInterval3s) {
    // v3 at 300 cs would give 9 s + 1.828125 s; v2's skew stays 0.609375 s.
    EXPECT_EQ(master_down_interval_us(Version::V2, 100, 3'000'000), 9'609'375u);
    EXPECT_EQ(master_down_interval_us(Version::V3, 100, cs(300)), 10'828'125u);
}

TEST(FsmTimers, T4_Priority100Interval100cs) {
    EXPECT_EQ(master_down_interval_us(Version::V3, 100, cs(100)), 3'609'375u);  // 3.609375 s
}

TEST(FsmTimers, T4_Priority200Interval100cs) {
    EXPECT_EQ(master_down_interval_us(Version::V3, 200, cs(100)), 3'218'750u);  // 3.21875 s
}

TEST(FsmTimers, T4_Priority100Interval10cs) {
    // 360.9375 ms, truncated to the microsecond.
    EXPECT_EQ(master_down_interval_us(Version::V3, 100, cs(10)), 360'937u);
}

TEST(FsmTimers, T4_Priority100Interval1cs) {
    // 36.09375 ms, truncated to the microsecond.
    EXPECT_EQ(master_down_interval_us(Version::V3, 100, cs(1)), 36'093u);
}

}  // namespace
}  // namespace xvrrp::fsm

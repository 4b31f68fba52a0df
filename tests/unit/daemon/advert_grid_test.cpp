// Advert deadlines on the interval's grid (daemon/advert_grid.h): earlier
// only, never later, and unchanged once on the grid.
#include "daemon/advert_grid.h"

#include <gtest/gtest.h>

namespace xvrrp::daemon {
namespace {

TEST(AdvertGrid, S8_SteadyTickOnTheGridStaysOnIt) {
    EXPECT_EQ(advert_deadline(1'000'000, 1'010'000, 10'000), 1'010'000u);
}

TEST(AdvertGrid, S8_OffGridDeadlineMovesToTheGridPointBeforeIt) {
    // A MASTER since 1,003,700 µs: its next advert at 1,010,000, not 1,013,700.
    EXPECT_EQ(advert_deadline(1'003'700, 1'013'700, 10'000), 1'010'000u);
}

TEST(AdvertGrid, S8_NeverLaterThanTheIntervalAndAlwaysAfterTheInput) {
    for (uint64_t input = 0; input < 30'000; input += 7) {
        const uint64_t d = advert_deadline(input, input + 10'000, 10'000);
        EXPECT_GT(d, input);
        EXPECT_LE(d, input + 10'000);
        EXPECT_EQ(d % 10'000, 0u);
    }
}

TEST(AdvertGrid, InstancesSharingAnIntervalShareTheirDeadline) {
    EXPECT_EQ(advert_deadline(2'001'000, 2'011'000, 10'000),
              advert_deadline(2'008'999, 2'018'999, 10'000));
}

TEST(AdvertGrid, ZeroIntervalLeavesTheDeadline) {
    EXPECT_EQ(advert_deadline(5, 7, 0), 7u);
}

}  // namespace
}  // namespace xvrrp::daemon

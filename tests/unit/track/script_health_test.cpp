// keepalived's rise/fall counting of vrrp_script results.
#include "track/script_health.h"

#include <gtest/gtest.h>

using xvrrp::track::Health;
using xvrrp::track::ScriptHealth;

TEST(ScriptHealth, WithoutInitFailStartsUnknown) {
    ScriptHealth h(2, 3, false);
    EXPECT_EQ(h.health(), Health::Unknown);
}

TEST(ScriptHealth, FirstSuccessMarksUpWhateverRise) {
    ScriptHealth h(5, 3, false);
    EXPECT_TRUE(h.record(true));
    EXPECT_EQ(h.health(), Health::Up);
}

TEST(ScriptHealth, FirstFailureMarksDownWhateverFall) {
    ScriptHealth h(2, 5, false);
    EXPECT_TRUE(h.record(false));
    EXPECT_EQ(h.health(), Health::Down);
}

TEST(ScriptHealth, InitFailStartsDownAndNeedsRiseSuccesses) {
    ScriptHealth h(3, 1, true);
    EXPECT_EQ(h.health(), Health::Down);
    EXPECT_FALSE(h.record(true));
    EXPECT_FALSE(h.record(true));
    EXPECT_EQ(h.streak(), 2u);
    EXPECT_TRUE(h.record(true));
    EXPECT_EQ(h.health(), Health::Up);
}

TEST(ScriptHealth, FallThreeFailuresMarksDown) {
    ScriptHealth h(1, 3, false);
    h.record(true);
    EXPECT_FALSE(h.record(false));
    EXPECT_FALSE(h.record(false));
    EXPECT_EQ(h.health(), Health::Up);
    EXPECT_EQ(h.streak(), 2u);
    EXPECT_TRUE(h.record(false));
    EXPECT_EQ(h.health(), Health::Down);
}

TEST(ScriptHealth, RiseTwoSuccessesMarksUpAgain) {
    ScriptHealth h(2, 1, false);
    h.record(false);
    EXPECT_FALSE(h.record(true));
    EXPECT_EQ(h.health(), Health::Down);
    EXPECT_TRUE(h.record(true));
    EXPECT_EQ(h.health(), Health::Up);
}

TEST(ScriptHealth, OneSuccessResetsTheFailureCount) {
    ScriptHealth h(1, 3, false);
    h.record(true);
    h.record(false);
    h.record(false);
    h.record(true);  // back to a full fall budget
    EXPECT_FALSE(h.record(false));
    EXPECT_FALSE(h.record(false));
    EXPECT_EQ(h.health(), Health::Up);
    EXPECT_TRUE(h.record(false));
}

TEST(ScriptHealth, OneFailureResetsTheSuccessCount) {
    ScriptHealth h(3, 1, true);
    h.record(true);
    h.record(true);
    h.record(false);  // needs three in a row again
    EXPECT_FALSE(h.record(true));
    EXPECT_FALSE(h.record(true));
    EXPECT_EQ(h.health(), Health::Down);
    EXPECT_TRUE(h.record(true));
}

TEST(ScriptHealth, RiseAndFallOfZeroActAsOne) {
    ScriptHealth h(0, 0, true);
    EXPECT_TRUE(h.record(true));
    EXPECT_TRUE(h.record(false));
    EXPECT_EQ(h.health(), Health::Down);
}

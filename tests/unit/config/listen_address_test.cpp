// ADDR:PORT for the metrics endpoint (`--metrics`, xvrrp_metrics_address).
#include "config/listen_address.h"

#include <gtest/gtest.h>

#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

std::string why(std::string_view text) {
    auto r = parse_listen_address(text);
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "";
}

TEST(ListenAddress, Ipv4AndBracketedIpv6) {
    auto v4 = std::get<ListenAddress>(parse_listen_address("127.0.0.1:9650"));
    EXPECT_EQ(v4, (ListenAddress{"127.0.0.1", 9650, false}));
    EXPECT_EQ(v4.to_string(), "127.0.0.1:9650");
    auto v6 = std::get<ListenAddress>(parse_listen_address("[::1]:65535"));
    EXPECT_EQ(v6, (ListenAddress{"::1", 65535, true}));
    EXPECT_EQ(v6.to_string(), "[::1]:65535");
    EXPECT_EQ(std::get<ListenAddress>(parse_listen_address("0.0.0.0:1")).port, 1);
}

TEST(ListenAddress, RefusesWhatIsNotAddrColonPort) {
    EXPECT_EQ(why("9650"), "expected ADDR:PORT, e.g. 127.0.0.1:9650 or [::1]:9650");
    EXPECT_EQ(why(":9650"), "expected ADDR:PORT, e.g. 127.0.0.1:9650 or [::1]:9650");
    EXPECT_EQ(why("localhost:9650"),
              "not an IPv4 address (a host name is not accepted; IPv6 goes in brackets)");
    EXPECT_EQ(why("::1:9650"),
              "not an IPv4 address (a host name is not accepted; IPv6 goes in brackets)");
    EXPECT_EQ(why("[::1:9650"), "an IPv6 address goes in brackets: [::1]:9650");
    EXPECT_EQ(why("[1.2.3.4]:9650"),
              "not an IPv6 address (a host name is not accepted; IPv6 goes in brackets)");
    for (const char* bad : {"127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:", "127.0.0.1:9x"}) {
        EXPECT_EQ(why(bad), "the port must be a number from 1 to 65535") << bad;
    }
}

TEST(ConfigGlobal, XvrrpMetricsAddressIsParsedAndNormalised) {
    auto r = parse("global_defs {\n    xvrrp_metrics_address [::1]:9650\n}\n");
    EXPECT_TRUE(r.ok());
    EXPECT_THAT(rendered(r), ::testing::IsEmpty());
    EXPECT_EQ(r.config.global.metrics_address, "[::1]:9650");
}

TEST(ConfigGlobal, XvrrpMetricsAddressErrorNamesLineAndValue) {
    auto r = parse("global_defs {\n    xvrrp_metrics_address 127.0.0.1\n}\n");
    EXPECT_FALSE(r.ok());
    EXPECT_THAT(rendered(r),
                ::testing::ElementsAre(At(2, "error",
                                          "xvrrp_metrics_address '127.0.0.1': expected ADDR:PORT, "
                                          "e.g. 127.0.0.1:9650 or [::1]:9650")));
}

}  // namespace
}  // namespace xvrrp::config::test

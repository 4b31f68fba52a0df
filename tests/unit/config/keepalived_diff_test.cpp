// `config check --keepalived-diff`'s pure part: which keywords a file uses,
// in which block, and what the registry says of each.
#include "config/keepalived_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/source_loader.h"
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

std::vector<KeywordUse> used(const std::string& text) {
    MemoryLoader loader;
    Diagnostics diags;
    return keywords_used(read_config_text(text, kMain, loader, diags));
}

const KeywordUse* use(const std::vector<KeywordUse>& all, std::string_view block,
                      std::string_view kw) {
    for (const auto& u : all) {
        if (u.block == block && u.keyword == kw) {
            return &u;
        }
    }
    return nullptr;
}

constexpr const char* kFile =
    "global_defs {\n"            // 1
    "    vrrp_iptables\n"        // 2
    "    router_id r1\n"         // 3
    "}\n"                        // 4
    "vrrp_instance VI_1 {\n"     // 5
    "    interface eth0\n"       // 6
    "    virtual_router_id 5\n"  // 7
    "    priority 100\n"         // 8
    "    virtual_routes {\n"     // 9
    "        10.1.0.0/16 via 10.0.0.254\n"
    "    }\n"
    "    authentication {\n"  // 12
    "        auth_type PASS\n"
    "    }\n"
    "    prioirty 3\n"  // 15
    "}\n"
    "vrrp_instance VI_2 {\n"  // 17
    "    use_vmac\n"
    "    priority 90\n"
    "    virtual_ipaddress {\n"
    "        10.0.0.1\n"
    "    }\n"
    "}\n";

TEST(KeepalivedDiff, EachKeywordOncePerBlockWithItsFirstLineAndUses) {
    const auto all = used(kFile);
    const auto* pri = use(all, "vrrp_instance", "priority");
    ASSERT_NE(pri, nullptr);
    EXPECT_EQ(pri->first.line, 8u);
    EXPECT_EQ(pri->uses, 2u);
    ASSERT_NE(pri->info, nullptr);
    EXPECT_EQ(pri->info->status, KeywordStatus::Supported);
    EXPECT_FALSE(pri->info->differs.empty());  // 256 is an error, not 100
}

TEST(KeepalivedDiff, StatusesComeFromTheRegistry) {
    const auto all = used(kFile);
    const auto* ipt = use(all, "global_defs", "vrrp_iptables");
    ASSERT_NE(ipt, nullptr);
    ASSERT_NE(ipt->info, nullptr);
    EXPECT_EQ(ipt->info->status, KeywordStatus::Accepted);
    const auto* routes = use(all, "vrrp_instance", "virtual_routes");
    ASSERT_NE(routes, nullptr);
    ASSERT_NE(routes->info, nullptr);
    EXPECT_EQ(routes->info, find_keyword("vrrp_instance", "virtual_routes"));
    const auto* typo = use(all, "vrrp_instance", "prioirty");
    ASSERT_NE(typo, nullptr);
    EXPECT_EQ(typo->info, nullptr);
}

TEST(KeepalivedDiff, NestedKeywordBlocksButNotValueBlocks) {
    const auto all = used(kFile);
    EXPECT_NE(use(all, "authentication", "auth_type"), nullptr);
    EXPECT_NE(use(all, kTopLevel, "vrrp_instance"), nullptr);
    for (const auto& u : all) {
        EXPECT_NE(u.keyword, "10.1.0.0/16");  // a route, not a keyword
        EXPECT_NE(u.keyword, "10.0.0.1");
    }
}

TEST(KeepalivedDiff, AnInstanceWithoutUseVmacGetsTheVmacNote) {
    MemoryLoader loader;
    Diagnostics diags;
    const auto d = default_differences(read_config_text(kFile, kMain, loader, diags));
    std::vector<std::string> text;
    for (const auto& x : d) {
        text.push_back(to_string(x.where) + ": " + x.text);
    }
    EXPECT_THAT(text, ::testing::Contains(::testing::AllOf(
                          ::testing::StartsWith(std::string(kMain) + ":5: vrrp_instance VI_1"),
                          ::testing::HasSubstr("has no use_vmac"))));
    EXPECT_THAT(text, ::testing::Contains(::testing::HasSubstr("VI_1 has no virtual_ipaddress")));
    EXPECT_THAT(text, ::testing::Not(::testing::Contains(::testing::HasSubstr("VI_2"))));
}

}  // namespace
}  // namespace xvrrp::config::test

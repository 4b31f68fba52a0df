// The interface-existence check: the caller's predicate, the caller's severity.
#include "config/interfaces.h"
#include "config_test_util.h"

namespace xvrrp::config::test {
namespace {

TEST(ConfigInterfaces, ListsEveryNamedInterfaceWithWhere) {
    auto r =
        parse(instance("    track_interface {\n      eth1\n    }\n"
                       "    virtual_ipaddress_excluded {\n      10.9.0.1 dev eth2\n    }\n"));
    ASSERT_TRUE(r.ok());
    auto uses = interfaces_used(r.config);
    ASSERT_EQ(uses.size(), 3u);
    EXPECT_EQ(uses[0].name, "eth0");
    EXPECT_EQ(uses[0].where, (SourceRef{kMain, 2}));
    EXPECT_EQ(uses[1].name, "eth1");
    EXPECT_EQ(uses[1].where, (SourceRef{kMain, 8}));
    EXPECT_EQ(uses[2].name, "eth2");
    EXPECT_EQ(uses[2].where, (SourceRef{kMain, 11}));
}

TEST(ConfigInterfaces, MissingOnesReportedWithTheCallersSeverity) {
    auto r = parse(instance("    track_interface {\n      eth1\n    }\n"));
    ASSERT_TRUE(r.ok());
    auto exists = [](const std::string& n) { return n == "eth0"; };
    // Compared as rendered (file, line, severity, message): a Diagnostic
    // built in the test makes GCC 12 at -O3 report its strings as
    // maybe-uninitialized on the exception path (a false positive).
    auto warns = check_interfaces(r.config, exists, Severity::Warning);
    ASSERT_EQ(warns.size(), 1u);
    EXPECT_EQ(warns[0].severity, Severity::Warning);
    EXPECT_EQ(warns[0].render(), std::string(kMain) +
                                     ":8: warning: interface 'eth1' does not exist "
                                     "(track_interface of vrrp_instance VI_1)");
    auto none = [](const std::string&) { return false; };
    auto errs = check_interfaces(r.config, none, Severity::Error);
    ASSERT_EQ(errs.size(), 2u);
    EXPECT_EQ(errs[0].render(), std::string(kMain) +
                                    ":2: error: interface 'eth0' does not exist (interface of "
                                    "vrrp_instance VI_1)");
}

}  // namespace
}  // namespace xvrrp::config::test

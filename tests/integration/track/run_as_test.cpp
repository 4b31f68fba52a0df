// Resolving who runs a script, where its executable is, and whether running
// it as root is safe (enable_script_security), against the real filesystem.
#include "track/run_as.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "helpers.h"

using namespace xvrrp::track;
using track_it::TempDir;
using track_it::write_script;

TEST(ScriptRunAs, CommandsWithoutASlashAreLookedUpInPath) {
    TempDir dir;
    write_script(dir / "my-check", "exit 0");
    EXPECT_EQ(find_executable("my-check", "/nonexistent:" + dir.path()), dir / "my-check");
    EXPECT_EQ(find_executable("my-check", "/usr/bin:/bin"), std::nullopt);
    EXPECT_EQ(find_executable(dir / "my-check", ""), dir / "my-check");
}

TEST(ScriptRunAs, ANonExecutableFileIsNotFound) {
    TempDir dir;
    const auto path = dir / "data";
    std::ofstream(path) << "x";
    chmod(path.c_str(), 0644);
    EXPECT_EQ(find_executable(path, ""), std::nullopt);
}

TEST(ScriptRunAs, UnknownUsersAndGroupsAreReported) {
    EXPECT_EQ(resolve_user("xv-no-such-user", "").error, "unknown user 'xv-no-such-user'");
    auto root = resolve_user("root", "xv-no-such-group");
    EXPECT_FALSE(root.creds);
    EXPECT_EQ(root.error, "unknown group 'xv-no-such-group'");
}

TEST(ScriptRunAs, ScriptUserOfGlobalDefsIsTheDefault) {
    xvrrp::config::GlobalDefs g;
    g.script_user = "root";
    auto r = credentials_for(g, "", "");
    ASSERT_TRUE(r.creds) << r.error;
    EXPECT_EQ(r.creds->uid, 0u);
    EXPECT_EQ(r.creds->user, "root");
    // A script's own user wins.
    EXPECT_EQ(credentials_for(g, "xv-no-such-user", "").error, "unknown user 'xv-no-such-user'");
}

TEST(ScriptRunAs, ScriptSecurityRefusesWritableFilesAndDirectories) {
    if (geteuid() != 0) {
        GTEST_SKIP() << "needs root to own the test files as root";
    }
    TempDir dir;  // 0755, root's, below the sticky /tmp
    const auto safe = write_script(dir / "safe.sh", "exit 0");
    EXPECT_EQ(insecure_reason(safe), "");
    const auto world = write_script(dir / "world.sh", "exit 0");
    chmod(world.c_str(), 0757);
    EXPECT_EQ(insecure_reason(world), world + " is writable by everyone");
    const auto owned = write_script(dir / "owned.sh", "exit 0");
    ASSERT_EQ(chown(owned.c_str(), 65534, 0), 0);
    EXPECT_EQ(insecure_reason(owned), owned + " is owned by uid 65534");
    const auto sub = dir / "open";
    mkdir(sub.c_str(), 0777);
    chmod(sub.c_str(), 0777);
    const auto inside = write_script(sub + "/s.sh", "exit 0");
    EXPECT_EQ(insecure_reason(inside), sub + " is writable by everyone");
}

// enable_script_security's check (run_as.h insecure_reason) on the real
// filesystem: temporary directories given to `nobody`, opened to everyone,
// reached through symbolic links. Files must be root's to be safe at all,
// so these tests skip unless run as root.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "track/run_as.h"

using xvrrp::track::insecure_reason;

namespace {

constexpr uid_t kNobody = 65534;

class ScriptPathFs : public ::testing::Test {
  protected:
    void SetUp() override {
        if (geteuid() != 0) {
            GTEST_SKIP() << "needs root: only root's files can be safe to run as root";
        }
        std::string tmpl = "/tmp/xv-path-XXXXXX";  // below the sticky, root-owned /tmp
        ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
        chmod(dir_.c_str(), 0755);
    }
    void TearDown() override {
        if (!dir_.empty()) {
            std::filesystem::remove_all(dir_);
        }
    }
    std::string at(const std::string& name) const { return dir_ + "/" + name; }
    std::string script(const std::string& name) const {
        std::ofstream(at(name)) << "#!/bin/sh\nexit 0\n";
        chmod(at(name).c_str(), 0755);
        return at(name);
    }
    std::string subdir(const std::string& name, mode_t mode) const {
        mkdir(at(name).c_str(), mode);
        chmod(at(name).c_str(), mode);
        return at(name);
    }

    std::string dir_;
};

}  // namespace

TEST_F(ScriptPathFs, ARootScriptInRootsDirectoriesIsSafe) {
    EXPECT_EQ(insecure_reason(script("chk.sh")), "");
}

TEST_F(ScriptPathFs, ADirectoryGivenToNobodyMakesEverythingBelowUnsafe) {
    const auto sub = subdir("theirs", 0755);
    const auto chk = script("theirs/chk.sh");
    ASSERT_EQ(chown(sub.c_str(), kNobody, kNobody), 0);
    EXPECT_EQ(insecure_reason(chk), sub + " is owned by uid 65534");
}

TEST_F(ScriptPathFs, AScriptGivenToNobodyIsUnsafe) {
    const auto chk = script("chk.sh");
    ASSERT_EQ(chown(chk.c_str(), kNobody, 0), 0);
    EXPECT_EQ(insecure_reason(chk), chk + " is owned by uid 65534");
}

// realpath() would see only the safe target; the link itself lives where
// anyone may replace it.
TEST_F(ScriptPathFs, ALinkInAWorldWritableDirectoryIsUnsafeThoughItsTargetIsSafe) {
    const auto chk = script("chk.sh");
    const auto open = subdir("open", 0777);
    ASSERT_EQ(symlink(chk.c_str(), (open + "/chk").c_str()), 0);
    EXPECT_EQ(insecure_reason(open + "/chk"), open + " is writable by everyone");
}

TEST_F(ScriptPathFs, ALinkThroughAWritableDirectoryIsUnsafe) {
    const auto open = subdir("open", 0777);
    const auto real = subdir("open/bin", 0755);
    script("open/bin/chk.sh");
    // A directory link in a safe place, whose target's parent is open.
    ASSERT_EQ(symlink(real.c_str(), at("bin").c_str()), 0);
    EXPECT_EQ(insecure_reason(at("bin/chk.sh")), open + " is writable by everyone");
}

TEST_F(ScriptPathFs, ALinkOwnedByNobodyInAStickyDirectoryIsUnsafe) {
    const auto chk = script("chk.sh");
    const auto sticky = subdir("sticky", 01777);
    const auto link = sticky + "/chk";
    ASSERT_EQ(symlink(chk.c_str(), link.c_str()), 0);
    EXPECT_EQ(insecure_reason(link), "");
    ASSERT_EQ(lchown(link.c_str(), kNobody, kNobody), 0);
    EXPECT_EQ(insecure_reason(link), link + " is owned by uid 65534");
}

TEST_F(ScriptPathFs, AMissingScriptIsNeverSafe) {
    EXPECT_NE(insecure_reason(at("missing.sh")), "");
    const auto sticky = subdir("sticky", 01777);
    EXPECT_NE(insecure_reason(sticky + "/later.sh"), "");
}

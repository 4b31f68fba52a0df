// --auth-pass-file: the quick-start password from a file's first line.
#include "cli/auth_pass_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/cli_args.h"

namespace xvrrp::cli {
namespace {

class AuthPassFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/xv-authpass-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override {
        ::unlink((dir_ + "/pass").c_str());
        ::rmdir(dir_.c_str());
    }
    std::string write(const std::string& text, mode_t mode) {
        const std::string path = dir_ + "/pass";
        std::ofstream(path) << text;
        ::chmod(path.c_str(), mode);
        return path;
    }
    std::string dir_;
};

TEST_F(AuthPassFileTest, FirstLineWithoutItsEnding) {
    const auto f = read_auth_pass_file(write("s3cret\nsecond line\n", 0600));
    EXPECT_EQ(f.pass, "s3cret");
    EXPECT_EQ(f.error, "");
    EXPECT_EQ(f.warning, "");
    EXPECT_EQ(read_auth_pass_file(write("dos\r\n", 0600)).pass, "dos");
    EXPECT_EQ(read_auth_pass_file(write("no newline", 0600)).pass, "no newline");
}

TEST_F(AuthPassFileTest, MissingOrEmptyIsAnErrorNamingTheFile) {
    const auto missing = read_auth_pass_file(dir_ + "/absent");
    EXPECT_NE(missing.error.find(dir_ + "/absent"), std::string::npos) << missing.error;
    EXPECT_NE(missing.error.find("No such file"), std::string::npos) << missing.error;
    for (const char* text : {"", "\n", "\nsecond"}) {
        const auto path = write(text, 0600);
        const auto f = read_auth_pass_file(path);
        EXPECT_NE(f.error.find(path), std::string::npos) << f.error;
        EXPECT_NE(f.error.find("empty"), std::string::npos) << f.error;
    }
    const auto d = read_auth_pass_file(dir_);
    EXPECT_NE(d.error, "");
}

TEST_F(AuthPassFileTest, ReadableByEveryoneIsUsedWithAWarning) {
    const auto path = write("s3cret\n", 0644);
    const auto f = read_auth_pass_file(path);
    EXPECT_EQ(f.pass, "s3cret");
    EXPECT_EQ(f.error, "");
    EXPECT_NE(f.warning.find("readable by every user (mode 0644)"), std::string::npos) << f.warning;
    EXPECT_EQ(f.warning.find("s3cret"), std::string::npos);
    EXPECT_EQ(read_auth_pass_file(write("s3cret\n", 0640)).warning, "");
}

TEST(CliArgs, AuthPassFileIsAQuickStartFlagExcludingAuthPass) {
    std::ostringstream out, err;
    auto ok = parse_args({"xvrrp", "attach", "bond1", "--vrid", "7", "--vip", "192.0.2.1/24",
                          "--auth-pass-file", "/etc/xvrrp/pass"},
                         out, err);
    ASSERT_TRUE(ok.args) << err.str();
    EXPECT_EQ(ok.args->attach.quick.auth_pass_file, "/etc/xvrrp/pass");
    auto both = parse_args({"xvrrp", "attach", "bond1", "--vrid", "7", "--vip", "192.0.2.1/24",
                            "--auth-pass", "x", "--auth-pass-file", "/etc/xvrrp/pass"},
                           out, err);
    EXPECT_FALSE(both.args);
    auto alone =
        parse_args({"xvrrp", "attach", "bond1", "--auth-pass-file", "/etc/xvrrp/pass"}, out, err);
    EXPECT_FALSE(alone.args);
}

}  // namespace
}  // namespace xvrrp::cli

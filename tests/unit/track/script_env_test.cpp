// The environment every notify and tracking script starts with.
#include <gtest/gtest.h>

#include <algorithm>

#include "track/script_env.h"

namespace xvrrp::track {
namespace {

bool has(const std::vector<std::string>& env, const std::string& entry) {
    return std::find(env.begin(), env.end(), entry) != env.end();
}

bool names(const std::vector<std::string>& env, const std::string& name) {
    return std::any_of(env.begin(), env.end(),
                       [&](const std::string& e) { return e.starts_with(name + "="); });
}

TEST(ScriptEnvironment, PathIsFixedWhateverTheControllerHad) {
    const auto env = script_environment({"PATH=/home/op/bin:/usr/bin", "HOME=/root"});
    EXPECT_TRUE(has(env, "PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
    EXPECT_EQ(std::count_if(env.begin(), env.end(),
                            [](const std::string& e) { return e.starts_with("PATH="); }),
              1);
    EXPECT_TRUE(has(env, "HOME=/root"));
}

TEST(ScriptEnvironment, PathIsSetEvenWhenTheControllerHadNone) {
    EXPECT_EQ(script_environment({}),
              std::vector<std::string>{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"});
}

TEST(ScriptEnvironment, EveryLoaderVariableIsDropped) {
    const auto env =
        script_environment({"LD_PRELOAD=/tmp/evil.so", "LD_LIBRARY_PATH=/tmp", "LD_AUDIT=/tmp/a.so",
                            "LD_BIND_NOW=1", "LD_=x", "LANG=C.UTF-8"});
    for (const char* n : {"LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "LD_BIND_NOW", "LD_"}) {
        EXPECT_FALSE(names(env, n)) << n;
    }
    EXPECT_TRUE(has(env, "LANG=C.UTF-8"));
}

TEST(ScriptEnvironment, WhatGlibcDropsForSetuidProgramsAndShellStartFilesGo) {
    const std::vector<std::string> bad{
        "GCONV_PATH", "GETCONF_DIR", "HOSTALIASES",      "LOCALDOMAIN", "LOCPATH", "MALLOC_TRACE",
        "NIS_PATH",   "NLSPATH",     "RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR",  "TZDIR",
        "BASH_ENV",   "ENV"};
    std::vector<std::string> parent;
    for (const auto& n : bad) {
        parent.push_back(n + "=x");
    }
    const auto env = script_environment(parent);
    for (const auto& n : bad) {
        EXPECT_FALSE(names(env, n)) << n;
    }
}

TEST(ScriptEnvironment, SystemdServiceProtocolStaysWithTheController) {
    const auto env = script_environment({"NOTIFY_SOCKET=/run/systemd/notify", "WATCHDOG_USEC=1000",
                                         "WATCHDOG_PID=1", "LISTEN_FDS=1", "LISTEN_PID=1",
                                         "JOURNAL_STREAM=8:1", "INVOCATION_ID=abc"});
    for (const char* n : {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS",
                          "LISTEN_PID", "JOURNAL_STREAM"}) {
        EXPECT_FALSE(names(env, n)) << n;
    }
    EXPECT_TRUE(has(env, "INVOCATION_ID=abc"));
}

TEST(ScriptEnvironment, LookalikesAndMalformedEntries) {
    const auto env = script_environment(
        {"XLD_PRELOAD=1", "MY_PATH=/x", "ENVIRONMENT=prod", "=x", "NOEQUALS", "TZ=UTC"});
    EXPECT_TRUE(has(env, "XLD_PRELOAD=1"));
    EXPECT_TRUE(has(env, "MY_PATH=/x"));
    EXPECT_TRUE(has(env, "ENVIRONMENT=prod"));
    EXPECT_TRUE(has(env, "TZ=UTC"));
    EXPECT_FALSE(has(env, "=x"));
    EXPECT_FALSE(has(env, "NOEQUALS"));
}

}  // namespace
}  // namespace xvrrp::track

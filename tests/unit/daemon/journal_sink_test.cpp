// The journald entry of a log line: fields, priorities, and the
// JOURNAL_STREAM check that decides whether to speak the native protocol.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <algorithm>

#include "cli/journal_sink.h"
#include "common/log_context.h"

namespace xvrrp::cli {
namespace {

bool has(const std::vector<std::string>& fields, const std::string& f) {
    return std::find(fields.begin(), fields.end(), f) != fields.end();
}

TEST(JournalStream, ParsesDeviceColonInode) {
    auto id = parse_journal_stream("8:123456");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->dev, 8u);
    EXPECT_EQ(id->ino, 123456u);
}

TEST(JournalStream, RefusesMalformedValues) {
    for (const char* bad : {"", ":", "8", "8:", ":5", "8:5x", "a:5", "-1:5", "8:5:6"}) {
        EXPECT_FALSE(parse_journal_stream(bad)) << bad;
    }
}

TEST(JournalStream, NotTheJournalWhenUnsetOrAnotherFile) {
    ::unsetenv("JOURNAL_STREAM");
    EXPECT_FALSE(stderr_is_journal());
    ::setenv("JOURNAL_STREAM", "1:1", 1);
    EXPECT_FALSE(stderr_is_journal());
    ::unsetenv("JOURNAL_STREAM");
}

TEST(JournalStream, TheJournalWhenItNamesOurStderr) {
    struct stat st {};
    ASSERT_EQ(::fstat(STDERR_FILENO, &st), 0);
    const std::string id = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    ::setenv("JOURNAL_STREAM", id.c_str(), 1);
    EXPECT_TRUE(stderr_is_journal());
    ::unsetenv("JOURNAL_STREAM");
}

TEST(JournalPriority, FollowsSyslogLevels) {
    EXPECT_EQ(journal_priority(spdlog::level::trace), LOG_DEBUG);
    EXPECT_EQ(journal_priority(spdlog::level::debug), LOG_DEBUG);
    EXPECT_EQ(journal_priority(spdlog::level::info), LOG_INFO);
    EXPECT_EQ(journal_priority(spdlog::level::warn), LOG_WARNING);
    EXPECT_EQ(journal_priority(spdlog::level::err), LOG_ERR);
    EXPECT_EQ(journal_priority(spdlog::level::critical), LOG_CRIT);
}

TEST(JournalFields, WithoutContextOnlyMessagePriorityIdentifier) {
    const auto f = journal_fields("stopped", spdlog::level::info, {});
    EXPECT_EQ(
        f, (std::vector<std::string>{"MESSAGE=stopped", "PRIORITY=6", "SYSLOG_IDENTIFIER=xvrrp"}));
}

TEST(JournalFields, TransitionCarriesEveryRouterField) {
    const logctx::Fields ctx{"VI_1", "bond1", 10, "MASTER", "master-down timer"};
    const auto f = journal_fields("bond1 VRID 10: BACKUP -> MASTER", spdlog::level::info, ctx);
    EXPECT_TRUE(has(f, "XVRRP_INSTANCE=VI_1"));
    EXPECT_TRUE(has(f, "XVRRP_IFACE=bond1"));
    EXPECT_TRUE(has(f, "XVRRP_VRID=10"));
    EXPECT_TRUE(has(f, "XVRRP_STATE=MASTER"));
    EXPECT_TRUE(has(f, "XVRRP_REASON=master-down timer"));
    EXPECT_EQ(f.size(), 8u);
}

TEST(JournalFields, VridZeroIsAFieldEmptyStringsAreNot) {
    const logctx::Fields ctx{"", "eth0", 0, "", ""};
    const auto f = journal_fields("x", spdlog::level::warn, ctx);
    EXPECT_TRUE(has(f, "XVRRP_VRID=0"));
    EXPECT_TRUE(has(f, "XVRRP_IFACE=eth0"));
    EXPECT_TRUE(has(f, "PRIORITY=4"));
    EXPECT_EQ(f.size(), 5u);
}

TEST(JournalFields, MultiLineMessageStaysOneField) {
    const auto f = journal_fields("a\nb", spdlog::level::err, {});
    EXPECT_EQ(f[0], "MESSAGE=a\nb");  // sd_journal_sendv encodes it, not us
}

TEST(LogContext, ScopesNestAndRestore) {
    EXPECT_EQ(logctx::current().instance, "");
    {
        const logctx::Scope outer({"VI_1", "bond1", 1, "BACKUP", ""});
        {
            const logctx::Scope inner({"VI_1", "bond1", 1, "MASTER", "master-down timer"});
            EXPECT_EQ(logctx::current().state, "MASTER");
        }
        EXPECT_EQ(logctx::current().state, "BACKUP");
        EXPECT_EQ(logctx::current().reason, "");
    }
    EXPECT_FALSE(logctx::current().vrid);
}

}  // namespace
}  // namespace xvrrp::cli

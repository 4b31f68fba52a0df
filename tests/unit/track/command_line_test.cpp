// keepalived's splitting of script strings into argv (alloc_strvec_quoted_escaped).
#include "track/command_line.h"

#include <gtest/gtest.h>

using xvrrp::track::split_command;
using Argv = std::vector<std::string>;

TEST(ScriptSplit, SplitsOnSpacesAndTabs) {
    auto s = split_command("  /usr/bin/killall \t-0   haproxy ");
    ASSERT_TRUE(s.ok()) << s.error;
    EXPECT_EQ(s.argv, (Argv{"/usr/bin/killall", "-0", "haproxy"}));
}

TEST(ScriptSplit, DoubleQuotesKeepSpacesInOneWord) {
    auto s = split_command(R"(/bin/echo "a  b" c)");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.argv, (Argv{"/bin/echo", "a  b", "c"}));
}

TEST(ScriptSplit, SingleQuotesKeepSpacesInOneWord) {
    auto s = split_command("/bin/sh -c 'pidof nginx || exit 1'");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.argv, (Argv{"/bin/sh", "-c", "pidof nginx || exit 1"}));
}

TEST(ScriptSplit, QuotesJoinTheTextTheyTouch) {
    auto s = split_command(R"(a"b c"'d'e)");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.argv, (Argv{"ab cde"}));
}

TEST(ScriptSplit, EmptyQuotesGiveAnEmptyWord) {
    auto s = split_command(R"(/bin/true "" x)");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.argv, (Argv{"/bin/true", "", "x"}));
}

TEST(ScriptSplit, BackslashEscapesABlank) {
    auto s = split_command(R"(/opt/my\ script arg)");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.argv, (Argv{"/opt/my script", "arg"}));
}

TEST(ScriptSplit, BackslashEscapesEvenInsideSingleQuotesUnlikeAShell) {
    auto s = split_command(R"(echo 'it\'s' "say \"hi\"")");
    ASSERT_TRUE(s.ok()) << s.error;
    EXPECT_EQ(s.argv, (Argv{"echo", "it's", "say \"hi\""}));
}

TEST(ScriptSplit, EscapeSequencesAreDecoded) {
    auto s = split_command(R"(x \t\n\x41\101\cA\E\q\\)");
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s.argv.size(), 2u);
    EXPECT_EQ(s.argv[1], std::string("\t\nAA\x01\x1bq\\"));
}

TEST(ScriptSplit, ShellSyntaxIsPassedLiterally) {
    auto s = split_command("/bin/echo $HOME | > *");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.argv, (Argv{"/bin/echo", "$HOME", "|", ">", "*"}));
}

TEST(ScriptSplit, UnterminatedQuoteIsAnError) {
    auto s = split_command(R"(/bin/echo "oops)");
    EXPECT_FALSE(s.ok());
    EXPECT_TRUE(s.argv.empty());
    EXPECT_NE(s.error.find("missing closing \""), std::string::npos) << s.error;
}

TEST(ScriptSplit, TrailingBackslashIsAnError) {
    auto s = split_command(R"(/bin/echo a\)");
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.error.find("backslash"), std::string::npos) << s.error;
}

TEST(ScriptSplit, BlankTextHasNoWordsAndNoError) {
    auto s = split_command(" \t ");
    EXPECT_FALSE(s.ok());
    EXPECT_TRUE(s.error.empty());
    EXPECT_TRUE(s.argv.empty());
}

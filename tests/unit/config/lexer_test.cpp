// The lexer: words, quotes, comments and braces as keepalived splits them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/lexer.h"

namespace xvrrp::config {
namespace {

using K = Token::Kind;

std::vector<std::string> words(const std::vector<Token>& toks) {
    std::vector<std::string> out;
    for (const auto& t : toks) {
        switch (t.kind) {
            case K::Word:
                out.push_back(t.text);
                break;
            case K::Open:
                out.push_back("{");
                break;
            case K::Close:
                out.push_back("}");
                break;
            case K::EndOfLine:
                out.push_back("\\n");
                break;
        }
    }
    return out;
}

TEST(ConfigLexer, CommentsWithBangAndHashRunToEndOfLine) {
    Diagnostics d;
    auto t = lex("! whole line\npriority 100 # trailing\n# again\nstate MASTER!x\n", "f", d);
    EXPECT_THAT(words(t), ::testing::ElementsAre("\\n", "priority", "100", "\\n", "\\n", "state",
                                                 "MASTER", "\\n"));
    EXPECT_TRUE(d.all().empty());
}

TEST(ConfigLexer, QuotedStringIsOneWordWithSpacesAndCommentCharacters) {
    Diagnostics d;
    auto t = lex("script \"/usr/bin/check --x 1 # not a comment ! nor this\"\n", "f", d);
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[1].text, "/usr/bin/check --x 1 # not a comment ! nor this");
    EXPECT_TRUE(t[1].quoted);
    EXPECT_FALSE(t[0].quoted);
}

TEST(ConfigLexer, BracesAreTokensEvenWhenGlued) {
    Diagnostics d;
    auto t = lex("group{VI_1}\n", "f", d);
    EXPECT_THAT(words(t), ::testing::ElementsAre("group", "{", "VI_1", "}", "\\n"));
}

TEST(ConfigLexer, TokensCarryTheirLineAndCrLfIsWhitespace) {
    Diagnostics d;
    auto t = lex("a\r\n\r\n  b c\r\n", "f", d);
    ASSERT_EQ(words(t), (std::vector<std::string>{"a", "\\n", "\\n", "b", "c", "\\n"}));
    EXPECT_EQ(t[0].line, 1u);
    EXPECT_EQ(t[3].line, 3u);
    EXPECT_EQ(t[4].line, 3u);
}

TEST(ConfigLexer, LastLineWithoutNewlineStillEnds) {
    Diagnostics d;
    auto t = lex("nopreempt", "f", d);
    EXPECT_THAT(words(t), ::testing::ElementsAre("nopreempt", "\\n"));
}

TEST(ConfigLexer, UnterminatedQuoteIsAnErrorOnItsLine) {
    Diagnostics d;
    auto t = lex("a\nscript \"/bin/x y\nb\n", "k.conf", d);
    ASSERT_EQ(d.all().size(), 1u);
    EXPECT_EQ(d.all()[0].render(), "k.conf:2: error: unterminated quoted string \"/bin/x y\"");
    // The quote ends with the line: the next line is read normally.
    EXPECT_THAT(words(t),
                ::testing::ElementsAre("a", "\\n", "script", "/bin/x y", "\\n", "b", "\\n"));
}

TEST(ConfigDiagnostic, RendersFileLineSeverityMessage) {
    Diagnostic d{{"a.conf", 12}, Severity::Warning, "x"};
    EXPECT_EQ(d.render(), "a.conf:12: warning: x");
    Diagnostic whole{{"a.conf", 0}, Severity::Error, "cannot read"};
    EXPECT_EQ(whole.render(), "a.conf: error: cannot read");
    EXPECT_EQ((Diagnostic{{"f", 1}, Severity::Notice, "n"}.render()), "f:1: notice: n");
    EXPECT_EQ((Diagnostic{{"f", 1}, Severity::Info, "i"}.render()), "f:1: info: i");
}

}  // namespace
}  // namespace xvrrp::config

// The lexer: words, quotes and braces of one pre-processed line, as keepalived
// splits them.
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

std::vector<Token> lex(std::string_view line, Diagnostics& d) {
    return lex_line(line, SourceRef{"k.conf", 2}, d);
}

TEST(ConfigLexer, QuotedStringIsOneWordWithSpacesAndCommentCharacters) {
    Diagnostics d;
    auto t = lex("script \"/usr/bin/check --x 1 # not a comment ! nor this\"", d);
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[1].text, "/usr/bin/check --x 1 # not a comment ! nor this");
    EXPECT_TRUE(t[1].quoted);
    EXPECT_FALSE(t[0].quoted);
}

// The pre-processor removed the comments: a '#' still here came from
// `\#` or ${_HASH} and is part of the word.
TEST(ConfigLexer, HashAndBangLeftByThePreprocessorArePartOfTheWord) {
    Diagnostics d;
    EXPECT_THAT(words(lex("auth_pass a#b!c", d)),
                ::testing::ElementsAre("auth_pass", "a#b!c", "\\n"));
}

TEST(ConfigLexer, BracesAreTokensEvenWhenGlued) {
    Diagnostics d;
    auto t = lex("group{VI_1}", d);
    EXPECT_THAT(words(t), ::testing::ElementsAre("group", "{", "VI_1", "}", "\\n"));
}

// keepalived.conf(5): an undefined ${NAME} stays in the configuration; it
// must stay one word, not open a block (`notify ${X}/x.sh` is one path).
TEST(ConfigLexer, UndefinedBracedParameterStaysOneWordNotABlock) {
    Diagnostics d;
    EXPECT_THAT(words(lex("notify ${UNDEF}/x.sh {", d)),
                ::testing::ElementsAre("notify", "${UNDEF}/x.sh", "{", "\\n"));
    EXPECT_THAT(words(lex("a ${x y}", d)),
                ::testing::ElementsAre("a", "$", "{", "x", "y", "}", "\\n"));
}

TEST(ConfigLexer, EveryLineEndsInEndOfLineAndCrIsWhitespace) {
    Diagnostics d;
    EXPECT_THAT(words(lex("nopreempt\r", d)), ::testing::ElementsAre("nopreempt", "\\n"));
    EXPECT_THAT(words(lex("", d)), ::testing::ElementsAre("\\n"));
}

TEST(ConfigLexer, UnterminatedQuoteIsAnErrorAtTheLine) {
    Diagnostics d;
    auto t = lex("script \"/bin/x y", d);
    ASSERT_EQ(d.all().size(), 1u);
    EXPECT_EQ(d.all()[0].render(), "k.conf:2: error: unterminated quoted string \"/bin/x y\"");
    EXPECT_THAT(words(t), ::testing::ElementsAre("script", "/bin/x y", "\\n"));
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

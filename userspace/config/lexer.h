// Splits one file of keepalived syntax into words, braces and line ends.
//
// keepalived's rules: whitespace separates words; `!` or `#` outside quotes
// starts a comment that runs to the end of the line; "..." is one word
// (without the quotes, spaces kept, no escapes, never spanning lines);
// `{` and `}` outside quotes are tokens of their own. Line ends are kept as
// tokens because a keyword's arguments run to the end of its line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostic.h"

namespace xvrrp::config {

struct Token {
    enum class Kind : uint8_t { Word, Open, Close, EndOfLine };
    Kind kind = Kind::Word;
    std::string text;     // the word (quotes removed); empty for the others
    bool quoted = false;  // the word was written in "..."
    uint32_t line = 0;
};

// Every line, including the last one without a newline, ends in EndOfLine.
// An unterminated quote is reported and the rest of the line becomes the word.
std::vector<Token> lex(std::string_view text, const std::string& file, Diagnostics& diags);

}  // namespace xvrrp::config

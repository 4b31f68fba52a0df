// Splits one line of keepalived syntax, already pre-processed (no comment,
// parameters expanded: see preprocess.h), into words and braces.
//
// keepalived's rules: whitespace separates words; "..." is one word (without
// the quotes, spaces kept, no escapes); `{` and `}` outside quotes are tokens
// of their own, except inside a `${NAME}` left unexpanded (an undefined
// parameter stays one word, never a block). The line ends in an EndOfLine
// token because a keyword's arguments run to the end of its line.
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
};

// The tokens of `line`, then EndOfLine. An unterminated quote is reported at
// `where` and the rest of the line becomes the word.
std::vector<Token> lex_line(std::string_view line, const SourceRef& where, Diagnostics& diags);

}  // namespace xvrrp::config

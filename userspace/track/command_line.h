// keepalived's splitting of a script string into argv.
//
// A `script`/`notify*` string is run without a shell: keepalived cuts it into
// words itself, and so do we, with its rules:
//   - blanks (space, tab, newline, CR, FF, VT) separate words outside quotes;
//   - "..." and '...' group text into one word; quotes may touch other text
//     ("a"'b'c is the word abc) and "" gives an empty word;
//   - a backslash escapes the next character everywhere, even inside '...'
//     (unlike a POSIX shell): \a \b \E \f \n \r \t \v, \xHH.., \cX (control
//     character), \NNN (up to three octal digits), any other char as itself.
// Shell syntax ($VAR, |, >, ;, globs) is passed through literally; a command
// that needs it must be written as `/bin/sh -c '...'`. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xvrrp::track {

struct SplitCommand {
    std::vector<std::string> argv;  // empty on error, or for a blank string
    std::string error;              // what is wrong, for the operator; empty when fine

    bool ok() const { return error.empty() && !argv.empty(); }
};

SplitCommand split_command(std::string_view text);

}  // namespace xvrrp::track

#include "track/command_line.h"

#include <cctype>

namespace xvrrp::track {

namespace {

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool octal(char c) {
    return c >= '0' && c <= '7';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    return std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

// Decodes the escape that starts after a backslash at text[i]; advances i
// past it. The caller has checked that text[i] exists.
char unescape(std::string_view text, size_t& i) {
    const char c = text[i++];
    auto more = [&] { return i < text.size(); };
    if (c == 'x' && more() && std::isxdigit(static_cast<unsigned char>(text[i]))) {
        unsigned v = 0;
        while (more() && std::isxdigit(static_cast<unsigned char>(text[i]))) {
            v = (v << 4) | static_cast<unsigned>(hex_value(text[i++]));
        }
        return static_cast<char>(v & 0xff);
    }
    if (c == 'c' && more()) {
        return static_cast<char>(text[i++] & 0x1f);
    }
    if (octal(c)) {
        unsigned v = static_cast<unsigned>(c - '0');
        for (int n = 0; n < 2 && more() && octal(text[i]); ++n) {
            v = (v << 3) | static_cast<unsigned>(text[i++] - '0');
        }
        return static_cast<char>(v & 0xff);
    }
    switch (c) {
        case 'a':
            return '\a';
        case 'b':
            return '\b';
        case 'E':
            return '\x1b';
        case 'f':
            return '\f';
        case 'n':
            return '\n';
        case 'r':
            return '\r';
        case 't':
            return '\t';
        case 'v':
            return '\v';
        default:
            return c;  // \" \' \\ \  and anything else: the character itself
    }
}

}  // namespace

SplitCommand split_command(std::string_view text) {
    SplitCommand out;
    size_t i = 0;
    while (true) {
        while (i < text.size() && blank(text[i])) {
            ++i;
        }
        if (i == text.size()) {
            return out;
        }
        std::string word;
        char quote = 0;
        while (i < text.size() && (quote != 0 || !blank(text[i]))) {
            const char c = text[i++];
            if (c == '\\') {
                if (i == text.size()) {
                    out = SplitCommand{{}, "a backslash ends the text"};
                    return out;
                }
                word += unescape(text, i);
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else {
                word += c;
            }
        }
        if (quote != 0) {
            out = SplitCommand{{}, std::string("missing closing ") + quote};
            return out;
        }
        out.argv.push_back(std::move(word));
    }
}

}  // namespace xvrrp::track

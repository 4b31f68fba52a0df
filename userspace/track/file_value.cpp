#include "track/file_value.h"

#include <cctype>
#include <climits>

namespace xvrrp::track {

namespace {

int digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return 99;
}

}  // namespace

std::optional<int64_t> parse_file_value(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
        ++i;
    }
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        negative = text[i] == '-';
        ++i;
    }
    int base = 10;
    if (i + 1 < text.size() && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X') &&
        i + 2 < text.size() && digit_value(text[i + 2]) < 16) {
        base = 16;
        i += 2;
    } else if (i < text.size() && text[i] == '0') {
        base = 8;
    }
    int64_t value = 0;
    for (; i < text.size() && digit_value(text[i]) < base; ++i) {
        value = value * base + digit_value(text[i]);
        if (value > int64_t{INT_MAX} + 1) {
            return std::nullopt;
        }
    }
    value = negative ? -value : value;
    if (value < INT_MIN || value > INT_MAX) {
        return std::nullopt;
    }
    return value;
}

FileEffect file_effect(int64_t value, int32_t weight, bool reverse) {
    if (weight == 0) {
        return FileEffect{(value != 0) != reverse, 0};
    }
    const int64_t result = value * weight * (reverse ? -1 : 1);
    if (result < -253) {
        return FileEffect{true, 0};
    }
    return FileEffect{false, result};
}

}  // namespace xvrrp::track

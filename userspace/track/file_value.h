// What a track_file's content means: keepalived's reading of the number and
// its arithmetic with the weight. Pure.
//
// The text is read as C's strtol(base 0) does: leading blanks, a sign, a
// decimal, 0x hex or 0 octal number; anything after it is ignored and text
// with no number at all is 0 (so is a missing or empty file). A number
// outside the int range is refused: the previous value is kept.
//
// With weight 0 a non-zero value is a failure (FAULT), 0 is OK (`reverse`
// swaps them). Otherwise value × weight (negated with `reverse`) is added to
// the priority; below -253 the instance goes to FAULT instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace xvrrp::track {

// nullopt: out of range, keep the previous value.
std::optional<int64_t> parse_file_value(std::string_view text);

struct FileEffect {
    bool fault = false;
    int64_t delta = 0;  // to the priority, before the 1..254 clamp
    friend bool operator==(const FileEffect&, const FileEffect&) = default;
};

FileEffect file_effect(int64_t value, int32_t weight, bool reverse);

}  // namespace xvrrp::track

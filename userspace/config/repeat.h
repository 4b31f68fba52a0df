// keepalived's repeated lines (keepalived.conf(5), "Sequence blocks" and
// "List blocks"): a line starting `~SEQ(var, start, step, end)`,
// `~SEQx(...)` (hexadecimal values), `~LST(var, v1, v2, ...)` or
// `~LST({a, b}, {1, 2}, ...)` stands for the rest of the line once per value,
// with the variables defined as parameters. The rest may start with another
// block (nesting).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xvrrp::config {

struct RepeatBlock {
    std::vector<std::string> vars;
    std::string rest;  // the text repeated

    // ~SEQ / ~SEQx: `count` values from `start` by `step`.
    bool seq = false;
    bool hex = false;
    int64_t start = 0;
    int64_t step = 1;
    uint64_t count = 0;

    // ~LST: one row of values per repetition (short rows leave the last
    // variables empty, as in keepalived).
    std::vector<std::vector<std::string>> rows;

    uint64_t size() const { return seq ? count : rows.size(); }
    // The variables' values for repetition `i` (< size()).
    std::vector<std::string> values(uint64_t i) const;
};

struct RepeatParse {
    std::optional<RepeatBlock> block;
    std::string error;  // why not, when block is empty
};

// The line starts with `~SEQ` or `~LST`.
bool is_repeat(std::string_view line);

// `line` starts with a block (is_repeat). `expand` substitutes parameters in
// the arguments before they are read, so `~SEQ(I, 1, $COUNT)` works.
RepeatParse parse_repeat(std::string_view line, const std::function<void(std::string&)>& expand);

}  // namespace xvrrp::config

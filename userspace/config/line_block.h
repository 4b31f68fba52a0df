// A block whose entries are one line each (virtual_routes, static_rules,
// ...): no nested blocks, each line read on its own, a line listed twice
// refused with where the first one is.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "config/builder.h"

namespace xvrrp::config::detail {

// fn(entry) for each line of the block; a line that opens a block is an
// error and skipped.
template <class Fn>
void for_each_line(const Statement& st, Ctx& ctx, Fn fn) {
    if (!with_block(st, 0, ctx)) {
        return;
    }
    for (const auto& e : st.children) {
        if (e.has_block) {
            ctx.diags.error(e.block_where,
                            st.keyword + ": unexpected { } block after '" + e.keyword + "'");
            continue;
        }
        fn(e);
    }
}

// read_one(entry, block) -> std::optional<T>; same(a, b) -> bool;
// describe(t) -> the words that name an entry in "... is listed twice".
template <class T, class ReadOne, class Same, class Describe>
void read_line_block(const Statement& st, std::vector<T>& out, Ctx& ctx, ReadOne read_one,
                     Same same, Describe describe) {
    for_each_line(st, ctx, [&](const Statement& e) {
        auto t = read_one(e, st.keyword, ctx);
        if (!t) {
            return;
        }
        auto first = std::find_if(out.begin(), out.end(), [&](const T& o) { return same(o, *t); });
        if (first != out.end()) {
            ctx.diags.error(e.where, st.keyword + ": " + describe(*t) +
                                         " is listed twice (first at " + to_string(first->where) +
                                         ")");
            return;
        }
        out.push_back(std::move(*t));
    });
}

}  // namespace xvrrp::config::detail

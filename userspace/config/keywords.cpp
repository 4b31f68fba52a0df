// The keyword registry: the parser's tables, gathered per block.
#include "config/keywords.h"

#include <algorithm>
#include <vector>

#include "config/builder.h"

namespace xvrrp::config {

namespace {

// Optimal string alignment distance: Levenshtein with a swap of two
// neighbouring letters counting as one edit (`prioirty`). Any value above
// `limit` is reported as limit + 1: the length difference alone rules most
// keywords out, and a row whose every entry is above the limit ends the
// count (a line of fuzz or a long mistyped word costs no more than a short
// one).
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
    const size_t over = limit + 1;
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) {
        return over;
    }
    // Three rows: the swap looks two rows back.
    std::vector<size_t> rows(3 * (b.size() + 1));
    auto row = [&](size_t i) { return rows.data() + (i % 3) * (b.size() + 1); };
    for (size_t j = 0; j <= b.size(); ++j) {
        row(0)[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t* cur = row(i);
        const size_t* up = row(i - 1);
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({up[j] + 1, cur[j - 1] + 1, up[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                cur[j] = std::min(cur[j], row(i - 2)[j - 2] + 1);
            }
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) {
            return over;
        }
    }
    return std::min(row(a.size())[b.size()], over);
}

}  // namespace

std::string_view to_string(KeywordStatus s) {
    switch (s) {
        case KeywordStatus::Supported:
            return "supported";
        case KeywordStatus::Accepted:
            return "accepted";
        case KeywordStatus::Rejected:
            return "rejected";
    }
    return "rejected";
}

const std::vector<KeywordBlock>& keyword_registry() {
    static const std::vector<KeywordBlock> blocks{
        detail::top_level_keywords(),  detail::global_defs_keywords(),
        detail::instance_keywords(),   detail::authentication_keywords(),
        detail::script_keywords(),     detail::sync_group_keywords(),
        detail::track_file_keywords(), detail::track_process_keywords(),
    };
    return blocks;
}

const KeywordInfo* find_keyword(std::string_view block, std::string_view name) {
    for (const auto& b : keyword_registry()) {
        if (b.block != block) {
            continue;
        }
        for (const auto& k : b.keywords) {
            if (k.name == name) {
                return &k;
            }
        }
    }
    return nullptr;
}

std::string_view closest_keyword(std::string_view block, std::string_view word) {
    // Two edits for words of 6 letters or more, one below (`stat` is not
    // `state`'s typo so much as another word).
    const size_t limit = word.size() >= 6 ? 2 : 1;
    std::string_view best;
    size_t best_d = limit + 1;
    for (const auto& b : keyword_registry()) {
        if (b.block != block) {
            continue;
        }
        for (const auto& k : b.keywords) {
            const size_t d = edit_distance(word, k.name, limit);
            if (d < best_d) {
                best = k.name;
                best_d = d;
            }
        }
    }
    return best;
}

}  // namespace xvrrp::config

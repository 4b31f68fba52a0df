// The keyword registry: the parser's tables, gathered per block.
#include "config/keywords.h"

#include <algorithm>
#include <vector>

#include "config/builder.h"

namespace xvrrp::config {

namespace {

// Optimal string alignment distance: Levenshtein with a swap of two
// neighbouring letters counting as one edit (`prioirty`).
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    for (size_t j = 0; j <= b.size(); ++j) {
        d[0][j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
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
            const size_t d = edit_distance(word, k.name);
            if (d < best_d) {
                best = k.name;
                best_d = d;
            }
        }
    }
    return best;
}

}  // namespace xvrrp::config

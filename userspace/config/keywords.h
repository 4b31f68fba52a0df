// Every keyword the reader knows, block by block, with what xvrrp does with
// it. Read from the parser's own tables (the handler arrays and the
// `Unhandled` lists), so it cannot drift from what parsing does: the man-page
// test, docs/configuration.md and `config check --keepalived-diff` all read it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostic.h"

namespace xvrrp::config {

enum class KeywordStatus : uint8_t {
    Supported,  // read and acted on
    Accepted,   // read, reported with why it does not apply, no effect
    Rejected,   // an error: ignoring it would change how failover behaves
};

std::string_view to_string(KeywordStatus s);

struct KeywordInfo {
    std::string_view name;
    KeywordStatus status = KeywordStatus::Supported;
    // Accepted / rejected: why (as the finding says it). Supported: empty.
    std::string_view why;
    // Supported: how xvrrp's behaviour differs from keepalived 2.2.7's, or
    // empty when it behaves the same.
    std::string_view differs;
    Severity severity = Severity::Info;  // of the finding an accepted keyword gives
};

// The blocks, by the keyword that opens them; kTopLevel is the file itself.
inline constexpr std::string_view kTopLevel = "top level";

struct KeywordBlock {
    std::string_view block;
    std::vector<KeywordInfo> keywords;  // in the parser's table order
};

// Every block whose keywords xvrrp reads, with every keyword it knows.
const std::vector<KeywordBlock>& keyword_registry();

// The entry for `name` in `block`, or null when the block does not know it.
const KeywordInfo* find_keyword(std::string_view block, std::string_view name);

// The known keyword of `block` closest to `word` (a typo: one or two edits,
// letters swapped counting as one), or empty when none is close.
std::string_view closest_keyword(std::string_view block, std::string_view word);

}  // namespace xvrrp::config

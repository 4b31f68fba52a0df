// The shape of a keepalived configuration before any keyword has meaning:
// statements (a keyword, its arguments on the same line, an optional
// `{ ... }` block of statements), with `include` already expanded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostic.h"
#include "config/preprocess.h"
#include "config/source_loader.h"

namespace xvrrp::config {

// keepalived's `include` and its stricter variants (keepalived.conf(5),
// DESCRIPTION): expanded while reading, before any keyword has meaning. A
// file that cannot be read is always an error here; `no_match_error` makes a
// pattern that matches nothing one too (`wildcard_ok`: unless it has a
// wildcard, as includem).
struct IncludeKeyword {
    std::string_view name;
    bool no_match_error;
    bool wildcard_ok;
    std::string_view differs;
};

inline constexpr IncludeKeyword kIncludeKeywords[] = {
    {"include", false, false,
     "a file that cannot be read is an error (keepalived logs it and goes on); no {a,b} "
     "brace expansion"},
    {"includer", false, false, "no {a,b} brace expansion"},
    {"includem", true, true, "no {a,b} brace expansion"},
    {"includew", true, false, "no {a,b} brace expansion"},
    {"includeb", false, false, "no {a,b} brace expansion, so the brace check has nothing to check"},
    {"includea", true, false, "no {a,b} brace expansion"},
};

struct Statement {
    SourceRef where;  // the keyword
    std::string keyword;
    std::vector<std::string> args;  // the rest of the keyword's line
    bool has_block = false;
    SourceRef block_where;  // its `{`
    std::vector<Statement> children;
};

// Reads `path` through the loader and every file it includes, each line
// pre-processed first (preprocess.h: @ID lines, $NAME parameters, ~SEQ/~LST).
//
// `include PATTERN` may appear wherever a statement may; the pattern is a
// glob, relative to the directory of the file that contains it; the matched
// files are read in sorted order as if pasted in place. A pattern matching
// nothing is a warning (as in keepalived); a file including itself, directly
// or not, is an error. Brace errors name the line of the unmatched brace.
std::vector<Statement> read_config(const std::string& path, SourceLoader& loader,
                                   Diagnostics& diags, const PreprocessOptions& opts = {});

// Same, for text already in hand; `name` is used in diagnostics and as the
// base for relative includes.
std::vector<Statement> read_config_text(std::string_view text, const std::string& name,
                                        SourceLoader& loader, Diagnostics& diags,
                                        const PreprocessOptions& opts = {});

}  // namespace xvrrp::config

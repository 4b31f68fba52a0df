// Entry points: keepalived-syntax text in, the model and every finding out.
//
//   config::FsLoader fs;
//   auto r = config::parse_file("/etc/keepalived/keepalived.conf", fs);
//   for (auto& d : r.diagnostics) std::cerr << d.render() << '\n';
//   if (!r.ok()) return 1;
//
// The parser reads only through the loader and never looks at the machine;
// see interfaces.h for checking interface names against it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostic.h"
#include "config/model.h"
#include "config/preprocess.h"
#include "config/source_loader.h"

namespace xvrrp::config {

struct ParseResult {
    Config config;  // complete only when ok(); otherwise best effort, for reporting
    std::vector<Diagnostic> diagnostics;  // sorted by file, then line (sort_findings)

    bool ok() const;  // no diagnostic is an error
};

// `opts`: the config-id for `@ID` lines and the sources of ${_PWD} and
// ${_RANDOM} (preprocess.h).
ParseResult parse_file(const std::string& path, SourceLoader& loader,
                       const PreprocessOptions& opts = {});

// Text already in hand; `name` is used in diagnostics and as the base of
// relative includes (read through `loader`).
ParseResult parse_text(std::string_view text, const std::string& name, SourceLoader& loader,
                       const PreprocessOptions& opts = {});

}  // namespace xvrrp::config

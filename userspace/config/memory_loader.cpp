#include <fnmatch.h>

#include "config/source_loader.h"

namespace xvrrp::config {

std::optional<std::string> MemoryLoader::read(const std::string& path) {
    auto it = files_.find(path);
    if (it == files_.end()) {
        return std::nullopt;
    }
    return it->second;
}

// fnmatch with FNM_PATHNAME gives glob(3)'s rule that `*` never crosses a `/`.
std::vector<std::string> MemoryLoader::glob(const std::string& pattern) {
    std::vector<std::string> out;
    for (const auto& [path, text] : files_) {
        if (fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME) == 0) {
            out.push_back(path);
        }
    }
    return out;  // std::map iterates in sorted order
}

}  // namespace xvrrp::config

#include "config/fs_loader.h"

#include <glob.h>

#include <fstream>

namespace xvrrp::config {

namespace {
// Bigger than any sane configuration; stops `include /dev/zero` or a
// runaway generated file from exhausting memory.
constexpr std::streamoff kMaxFileBytes = 16 * 1024 * 1024;
}  // namespace

std::optional<std::string> FsLoader::read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::string text;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<size_t>(in.gcount()));
        if (static_cast<std::streamoff>(text.size()) > kMaxFileBytes) {
            return std::nullopt;
        }
    }
    if (in.bad()) {
        return std::nullopt;
    }
    return text;
}

// GLOB_MARK appends '/' to directories so they can be skipped: an include of
// `conf.d/*` must not try to read the folder `conf.d/old/`.
std::vector<std::string> FsLoader::glob(const std::string& pattern) {
    std::vector<std::string> out;
    glob_t g{};
    if (::glob(pattern.c_str(), GLOB_MARK, nullptr, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; ++i) {
            std::string p = g.gl_pathv[i];
            if (!p.empty() && p.back() != '/') {
                out.push_back(std::move(p));
            }
        }
    }
    globfree(&g);
    return out;
}

}  // namespace xvrrp::config

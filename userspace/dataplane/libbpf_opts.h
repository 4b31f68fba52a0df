// libbpf's and libxdp's option structs, zeroed and with their size set: what
// LIBBPF_OPTS does, without its GNU statement expression and compound
// literal, which clang's -Wpedantic refuses in C++ (GCC lets them pass).
// memset, not `Opts{}`: libbpf refuses non-zero bytes past the fields it
// knows, padding included, and neither brace-initialisation nor a copy is
// guaranteed to zero padding.
#pragma once

#include <cstring>

namespace xvrrp::dataplane {

template <typename Opts>
void init_libbpf_opts(Opts& opts) {
    std::memset(&opts, 0, sizeof opts);
    opts.sz = sizeof opts;
}

}  // namespace xvrrp::dataplane

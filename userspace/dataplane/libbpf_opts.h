// libbpf's and libxdp's option structs, zeroed and with their size set: what
// LIBBPF_OPTS does, without its GNU statement expression and compound
// literal, which clang's -Wpedantic refuses in C++ (GCC lets them pass).
#pragma once

namespace xvrrp::dataplane {

template <typename Opts>
Opts libbpf_opts() {
    Opts opts{};
    opts.sz = sizeof(Opts);
    return opts;
}

}  // namespace xvrrp::dataplane

#include "dataplane/skeleton.h"

// The generated skeleton declares a global `struct xvrrp`, which would
// collide with our namespace of the same name: include it inside a namespace
// of its own. Its system headers come first so their include guards keep
// them global.
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
namespace xvrrp_gen {
#include "xvrrp.skel.h"
}  // namespace xvrrp_gen

#include <cerrno>

#include "dataplane/bpf_log.h"
#include "dataplane/libbpf_opts.h"

namespace xvrrp::dataplane {

struct Skeleton::Impl {
    xvrrp_gen::xvrrp* skel = nullptr;
    ~Impl() { xvrrp_gen::xvrrp__destroy(skel); }
};

namespace {

Error load_error(int err, std::string_view ifname, const std::string& pin_dir) {
    const std::string who(ifname);
    switch (-err) {
        case EPERM:
        case EACCES:
            return Error{-err, who +
                                   ": cannot load BPF program: need CAP_BPF and CAP_NET_ADMIN "
                                   "(run as root)"};
        case EINVAL:
            // libbpf refuses to reuse a pinned map whose type, key, value or
            // size differ from the program's: state left by another version.
            return Error{-err, who +
                                   ": cannot load BPF program (invalid argument); if the pinned "
                                   "maps in " +
                                   pin_dir +
                                   " come from another xvrrp version, "
                                   "run `xvrrp detach " +
                                   who + "` (or remove " + pin_dir +
                                   ") and retry; the libbpf log has details"};
        default:
            return errno_error(err, who + ": cannot load BPF program");
    }
}

}  // namespace

Skeleton::Skeleton(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Skeleton::Skeleton(Skeleton&&) noexcept = default;
Skeleton& Skeleton::operator=(Skeleton&&) noexcept = default;
Skeleton::~Skeleton() = default;

Result<Skeleton> Skeleton::load(std::string_view ifname, const std::string& pin_dir) {
    install_bpf_logging();
    bpf_object_open_opts opts;
    init_libbpf_opts(opts);
    opts.pin_root_path = pin_dir.c_str();
    auto impl = std::make_unique<Impl>();
    impl->skel = xvrrp_gen::xvrrp__open_opts(&opts);
    if (impl->skel == nullptr) {
        return errno_error(errno, std::string(ifname) + ": cannot open BPF object");
    }
    if (const int err = xvrrp_gen::xvrrp__load(impl->skel); err != 0) {
        return load_error(err, ifname, pin_dir);
    }
    return Skeleton(std::move(impl));
}

bpf_object* Skeleton::object() const {
    return impl_->skel->obj;
}

bpf_program* Skeleton::xdp_program() const {
    return impl_->skel->progs.xvrrp_xdp;
}

int Skeleton::xdp_prog_fd() const {
    return bpf_program__fd(impl_->skel->progs.xvrrp_xdp);
}

int Skeleton::egress_prog_fd() const {
    return bpf_program__fd(impl_->skel->progs.xvrrp_egress);
}

int Skeleton::control_prog_fd() const {
    bpf_program* prog = nullptr;
    while ((prog = bpf_object__next_program(object(), prog)) != nullptr) {
        if (bpf_program__type(prog) == BPF_PROG_TYPE_SYSCALL) {
            return bpf_program__fd(prog);
        }
    }
    return -1;
}

int Skeleton::map_fd(const char* name) const {
    const bpf_map* map = bpf_object__find_map_by_name(object(), name);
    return map == nullptr ? -1 : bpf_map__fd(map);
}

}  // namespace xvrrp::dataplane

// RAII owner of the loaded BPF object (bpf/xvrrp.bpf.c): open with the
// interface's pin folder as libbpf's pin_root_path, so every map declared
// LIBBPF_PIN_BY_NAME is pinned there on first load and reused (same map,
// same contents) by a later load; destroy on scope exit.
//
// This is the only file that includes the generated xvrrp.skel.h: everything
// else reaches maps by their abi.h name through map_fd(), so a new map in
// the BPF program needs no change here.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "dataplane/result.h"

struct bpf_object;
struct bpf_program;

namespace xvrrp::dataplane {

class Skeleton {
  public:
    // Opens and loads the program for `ifname` with maps pinned under
    // `pin_dir`. Messages name the interface and say what to do.
    static Result<Skeleton> load(std::string_view ifname, const std::string& pin_dir);

    bpf_object* object() const;
    bpf_program* xdp_program() const;  // xvrrp_xdp
    int xdp_prog_fd() const;
    int egress_prog_fd() const;  // xvrrp_egress, for clsact egress
    // The SEC("syscall") program that arms and cancels timers; -1 if the
    // object has none.
    int control_prog_fd() const;
    // A map of the object by its name (abi.h XVRRP_MAP_*); -1 if absent.
    int map_fd(const char* name) const;

    Skeleton(Skeleton&&) noexcept;
    Skeleton& operator=(Skeleton&&) noexcept;
    ~Skeleton();

  private:
    struct Impl;  // the generated skeleton struct, hidden (see skeleton.cpp)
    explicit Skeleton(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace xvrrp::dataplane

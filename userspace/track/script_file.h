// The executable of a script command, opened when it is checked, so that
// the file that was checked is the file that runs: the child execs the
// descriptor (execveat), never the path, and the path is checked again
// before every run.
//
// The descriptor is an O_PATH one (it grants nothing but exec and fstat),
// close-on-exec in the controller. A `#!` script is run by its interpreter
// reading /dev/fd/N, so the child keeps it open across the exec then
// (process_set.h).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "common/fd.h"

namespace xvrrp::track {

struct OpenedScript;

class ScriptFile {
  public:
    // `path`: the executable as configured or found in PATH.
    static OpenedScript open(const std::string& path);

    int fd() const { return fd_.get(); }
    const std::string& path() const { return path_; }

    // Why it must not run now (empty: run it): the path no longer leads to
    // the file opened (replaced, moved, removed), or, `for_root`, a non-root
    // user could now change the file or a step of the path to it.
    std::string recheck(bool for_root) const;

  private:
    ScriptFile(std::string path, Fd fd, dev_t dev, ino_t ino)
        : path_(std::move(path)), fd_(std::move(fd)), dev_(dev), ino_(ino) {}

    std::string path_;
    Fd fd_;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
};

struct OpenedScript {
    std::optional<ScriptFile> file;
    std::string missing;   // why there is no file (file empty)
    std::string writable;  // the first step a non-root user could change (path_check.h)
};

}  // namespace xvrrp::track

// Child processes run without ever blocking the event loop: the I/O edge of
// tracking and notify scripts.
//
// A child is started with fork + execve (no shell; see command_line.h). It
// gets stdin/stdout/stderr on /dev/null, the working directory /, default
// signal dispositions and an empty signal mask (the controller blocks signals
// for its signalfd), a process group of its own, no ambient capabilities,
// the environment and umask set by set_child_environment(), and, when asked,
// another user's uid, gid and supplementary groups. A file without a #! line
// (ENOEXEC) is run by /bin/sh, as execvp would. A child that cannot exec
// exits 127 (126 when it cannot switch user).
//
// Given a descriptor (SpawnSpec::exec_fd) the child execs that file with
// execveat(AT_EMPTY_PATH), as fd 3. A binary gets no extra descriptor (fd 3
// is close-on-exec); a `#!` script needs one: the kernel hands its
// interpreter /dev/fd/3 to read (so the script's $0 is /dev/fd/3) and
// refuses (ENOENT) when that descriptor would close at exec. The child then
// clears close-on-exec and tries again: such a script starts with fd 3 open
// on itself (read-only, O_PATH).
//
// Each child is watched through a pidfd (Linux >= 5.3) registered in an
// epoll instance of our own, so the controller watches ONE fd for all of
// them: readable means some child has exited -> reap(). At its timeout the
// whole process group gets SIGKILL (expire(), from the controller's timer);
// it is then reaped like any other, reported as TimedOut. Children are
// reaped only through their pidfd (waitid(P_PIDFD)), so the controller must
// never waitpid(-1) nor set SIGCHLD to SIG_IGN.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/fd.h"

namespace xvrrp::track {

struct Credentials {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups;  // supplementary groups
    std::string user;           // name, for logs
    friend bool operator==(const Credentials&, const Credentials&) = default;
};

struct SpawnSpec {
    std::string path;                   // what to execve (absolute, or relative to /)
    std::vector<std::string> argv;      // argv[0] included
    std::optional<Credentials> run_as;  // nullopt: as the controller
    // >= 3: exec this descriptor (script_file.h) instead of `path`, which
    // then only names it in messages. Borrowed: it stays open in the caller.
    int exec_fd = -1;
};

enum class EndKind : uint8_t { Exited, Signaled, TimedOut };

struct Ended {
    uint64_t id = 0;
    EndKind kind = EndKind::Exited;
    int status = 0;  // exit code (Exited) or signal (Signaled, TimedOut)
    uint64_t started_us = 0;
    uint64_t ended_us = 0;
    bool success() const { return kind == EndKind::Exited && status == 0; }
};

// "exited 3", "killed by signal 15", "timed out (killed)".
std::string describe(const Ended& ended);

class ProcessSet {
  public:
    // Throws std::system_error when epoll or /dev/null cannot be opened.
    ProcessSet();
    // SIGKILLs every remaining child and reaps it, waiting at most about a
    // second in all (a child stuck in the kernel is left to init).
    ~ProcessSet();
    ProcessSet(const ProcessSet&) = delete;
    ProcessSet& operator=(const ProcessSet&) = delete;

    int fd() const { return epoll_.get(); }

    // What every child gets from now on (script_env.h): its environment
    // ("NAME=VALUE") and umask. Until called: the controller's, and 022.
    void set_child_environment(std::vector<std::string> env, mode_t umask);

    struct Started {
        uint64_t id = 0;    // 0: not started
        std::string error;  // why not
        bool ok() const { return id != 0; }
    };
    // The child is killed `timeout_us` after `now_us` (0: never).
    Started start(const SpawnSpec& spec, uint64_t now_us, uint64_t timeout_us);

    // Every child that has exited since the last call; never blocks.
    std::vector<Ended> reap(uint64_t now_us);
    // SIGKILLs the process group of every child past its timeout; returns
    // their ids. They are reported by a later reap().
    std::vector<uint64_t> expire(uint64_t now_us);
    // The earliest timeout not yet acted on.
    std::optional<uint64_t> next_deadline_us() const;

    size_t running() const { return children_.size(); }
    std::optional<pid_t> pid(uint64_t id) const;

  private:
    struct Child {
        pid_t pid = 0;
        Fd pidfd;
        uint64_t started_us = 0;
        uint64_t deadline_us = 0;  // 0: none
        bool timed_out = false;
    };
    void kill_group(const Child& child) const;
    std::optional<Ended> try_wait(uint64_t id, Child& child, uint64_t now_us) const;

    Fd epoll_;
    Fd devnull_;
    std::vector<std::string> env_;
    std::vector<char*> envp_;  // into env_; empty: the controller's environ
    mode_t umask_ = 022;
    std::map<uint64_t, Child> children_;
    uint64_t next_id_ = 1;
};

}  // namespace xvrrp::track

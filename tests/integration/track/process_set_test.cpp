// Child processes: spawned without a shell, reaped through pidfds, killed
// with their whole process group at their timeout, never left as zombies.
#include "track/process_set.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <set>

#include "helpers.h"
#include "track/run_as.h"

using namespace xvrrp::track;
using track_it::now_us;
using track_it::read_file;
using track_it::TempDir;
using track_it::write_script;

namespace {

// Drives `procs` until `count` children have ended (or `limit_ms` passed).
std::vector<Ended> wait_for(ProcessSet& procs, size_t count, int limit_ms) {
    std::vector<Ended> ended;
    track_it::run_loop(
        procs.fd(), [&] { return procs.next_deadline_us(); },
        [&](uint64_t t) {
            for (auto& e : procs.reap(t)) {
                ended.push_back(e);
            }
        },
        [&](uint64_t t) { procs.expire(t); }, [&] { return ended.size() >= count; }, limit_ms);
    return ended;
}

bool gone_or_dead(pid_t pid) {
    if (kill(pid, 0) != 0 && errno == ESRCH) {
        return true;
    }
    // Still listed: only acceptable as a zombie waiting for init (not ours).
    const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    return close != std::string::npos && stat.size() > close + 2 && stat[close + 2] == 'Z';
}

SpawnSpec spec_of(const std::string& path, std::vector<std::string> args = {}) {
    SpawnSpec s{path, {path}, std::nullopt};
    for (auto& a : args) {
        s.argv.push_back(std::move(a));
    }
    return s;
}

}  // namespace

TEST(ProcessSet, RunsARealScriptAndReapsItThroughItsPidfd) {
    TempDir dir;
    const auto out = dir / "out";
    const auto script = write_script(dir / "s.sh", "echo \"ran $1\" > " + out + "; exit 3");
    ProcessSet procs;
    auto started = procs.start(spec_of(script, {"with arg"}), now_us(), 5'000'000);
    ASSERT_TRUE(started.ok()) << started.error;
    const pid_t pid = *procs.pid(started.id);
    auto ended = wait_for(procs, 1, 5000);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].id, started.id);
    EXPECT_EQ(ended[0].kind, EndKind::Exited);
    EXPECT_EQ(ended[0].status, 3);
    EXPECT_FALSE(ended[0].success());
    EXPECT_EQ(read_file(out), "ran with arg\n");
    EXPECT_EQ(procs.running(), 0u);
    // Reaped: nothing left to wait for, not even a zombie.
    EXPECT_EQ(waitpid(pid, nullptr, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
}

TEST(ProcessSet, KillsAHangingScriptWithItsChildrenAtTheTimeoutAndReapsIt) {
    TempDir dir;
    const auto gc_file = dir / "grandchild";
    const auto script =
        write_script(dir / "hang.sh", "sleep 30 & echo $! > " + gc_file + "; sleep 30; exit 0");
    ProcessSet procs;
    const uint64_t t0 = now_us();
    auto started = procs.start(spec_of(script), t0, 300'000);
    ASSERT_TRUE(started.ok());
    const pid_t pid = *procs.pid(started.id);
    EXPECT_EQ(procs.next_deadline_us(), t0 + 300'000);
    auto ended = wait_for(procs, 1, 5000);
    const uint64_t elapsed = now_us() - t0;
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].kind, EndKind::TimedOut);
    EXPECT_FALSE(ended[0].success());
    EXPECT_GE(elapsed, 300'000u);
    EXPECT_LT(elapsed, 3'000'000u);
    EXPECT_EQ(procs.running(), 0u);
    EXPECT_EQ(procs.next_deadline_us(), std::nullopt);
    EXPECT_TRUE(gone_or_dead(pid));
    const pid_t grandchild = std::stoi(read_file(gc_file));
    bool dead = false;
    for (int i = 0; i < 200 && !dead; ++i) {
        dead = gone_or_dead(grandchild);
        usleep(10'000);
    }
    EXPECT_TRUE(dead) << "the script's own child survived the timeout";
}

TEST(ProcessSet, ChildGetsDevNullItsOwnProcessGroupAndNoInheritedFds) {
    TempDir dir;
    const auto out = dir / "out";
    const auto script = write_script(dir / "env.sh",
                                     "{ readlink /proc/$$/fd/0; readlink /proc/$$/fd/2;"
                                     " [ $(cut -d' ' -f5 /proc/$$/stat) = $$ ] && echo own-group;"
                                     " [ -e /proc/$$/fd/$1 ] && echo leaked; } > " +
                                         out);
    // A descriptor some library opened without O_CLOEXEC must not leak either.
    xvrrp::Fd stray(open("/dev/null", O_RDONLY));
    ProcessSet procs;
    auto started = procs.start(spec_of(script, {std::to_string(stray.get())}), now_us(), 5'000'000);
    ASSERT_TRUE(started.ok());
    ASSERT_EQ(wait_for(procs, 1, 5000).size(), 1u);
    EXPECT_EQ(read_file(out), "/dev/null\n/dev/null\nown-group\n");
}

TEST(ProcessSet, ChildStartsWithNoBlockedAndNoIgnoredSignals) {
    // The controller blocks signals for its signalfd and may ignore some;
    // a script must not inherit either (a shell would hide it: copy our
    // own status with a plain program instead).
    TempDir dir;
    const auto out = dir / "status";
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    struct sigaction ignore {
    }, previous{};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGUSR1, &ignore, &previous);
    ProcessSet procs;
    auto started = procs.start(spec_of("/bin/cp", {"/proc/self/status", out}), now_us(), 5'000'000);
    ASSERT_TRUE(started.ok());
    auto ended = wait_for(procs, 1, 5000);
    sigaction(SIGUSR1, &previous, nullptr);
    sigprocmask(SIG_SETMASK, &old, nullptr);
    ASSERT_EQ(ended.size(), 1u);
    const std::string status = read_file(out);
    EXPECT_NE(status.find("SigBlk:\t0000000000000000\n"), std::string::npos) << status;
    EXPECT_NE(status.find("SigIgn:\t0000000000000000\n"), std::string::npos) << status;
}

TEST(ProcessSet, AnExecutableWithoutAShebangRunsUnderTheShell) {
    TempDir dir;
    const auto out = dir / "out";
    const auto path = dir / "plain";
    std::ofstream(path) << "echo \"plain $1\" > " << out << "\n";
    chmod(path.c_str(), 0755);
    ProcessSet procs;
    ASSERT_TRUE(procs.start(spec_of(path, {"ok"}), now_us(), 5'000'000).ok());
    auto ended = wait_for(procs, 1, 5000);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_TRUE(ended[0].success()) << describe(ended[0]);
    EXPECT_EQ(read_file(out), "plain ok\n");
}

TEST(ProcessSet, AMissingExecutableExits127) {
    ProcessSet procs;
    ASSERT_TRUE(procs.start(spec_of("/nonexistent/xv-track-check"), now_us(), 5'000'000).ok());
    auto ended = wait_for(procs, 1, 5000);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].kind, EndKind::Exited);
    EXPECT_EQ(ended[0].status, 127);
}

TEST(ProcessSet, ManyChildrenEndingTogetherAreAllReaped) {
    ProcessSet procs;
    std::set<uint64_t> ids;
    for (int i = 0; i < 40; ++i) {
        auto s = procs.start(spec_of("/bin/true"), now_us(), 5'000'000);
        ASSERT_TRUE(s.ok());
        ids.insert(s.id);
    }
    auto ended = wait_for(procs, 40, 10000);
    ASSERT_EQ(ended.size(), 40u);
    std::set<uint64_t> seen;
    for (const auto& e : ended) {
        EXPECT_TRUE(e.success());
        seen.insert(e.id);
    }
    EXPECT_EQ(seen, ids);
    EXPECT_EQ(procs.running(), 0u);
}

TEST(ProcessSet, DestroyingTheSetKillsAndReapsWhatIsStillRunning) {
    pid_t pid = 0;
    {
        ProcessSet procs;
        auto s = procs.start(spec_of("/bin/sleep", {"30"}), now_us(), 0);
        ASSERT_TRUE(s.ok());
        pid = *procs.pid(s.id);
    }
    EXPECT_EQ(waitpid(pid, nullptr, WNOHANG), -1);
    EXPECT_EQ(errno, ECHILD);
    EXPECT_TRUE(gone_or_dead(pid));
}

TEST(ProcessSet, RunsAsAnotherUserWhenAsked) {
    if (geteuid() != 0) {
        GTEST_SKIP() << "switching user needs root";
    }
    auto nobody = resolve_user("nobody", "");
    if (!nobody.creds) {
        GTEST_SKIP() << "no user 'nobody' here: " << nobody.error;
    }
    TempDir dir;
    const auto shared = dir / "shared";
    mkdir(shared.c_str(), 0777);
    chmod(shared.c_str(), 0777);
    const auto out = shared + "/out";
    const auto script = write_script(dir / "id.sh", "{ id -u; id -g; } > " + out);
    SpawnSpec spec = spec_of(script);
    spec.run_as = nobody.creds;
    ProcessSet procs;
    ASSERT_TRUE(procs.start(spec, now_us(), 5'000'000).ok());
    auto ended = wait_for(procs, 1, 5000);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_TRUE(ended[0].success()) << describe(ended[0]);
    EXPECT_EQ(read_file(out),
              std::to_string(nobody.creds->uid) + "\n" + std::to_string(nobody.creds->gid) + "\n");
}

// enable_script_security against real files and processes: the file that
// was checked is the file that runs (exec of the descriptor held since the
// check), a path changed after the check is refused, a script missing at
// load stays disabled, and the notify FIFO is never reached through a link
// nor taken from another user. Root only: only root's files can be safe.
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <system_error>

#include "track/notify_fifo.h"
#include "track/process_set.h"
#include "track/script_file.h"
#include "track/tracker.h"
#include "tracker_loop.h"

using namespace xvrrp::track;
using track_it::drive;
using track_it::no_links;
using track_it::now_us;
using track_it::read_file;
using track_it::TempDir;
using track_it::write_script;

namespace {

constexpr uid_t kNobody = 65534;

class ScriptSecurity : public ::testing::Test {
  protected:
    void SetUp() override {
        if (geteuid() != 0) {
            GTEST_SKIP() << "needs root: only root's files can be safe to run as root";
        }
    }
    TempDir dir_;  // root's, 0755, below the sticky /tmp
};

// Runs `file` through a ProcessSet as the Tracker does; the exit code.
int run(const ScriptFile& file, std::vector<std::string> argv) {
    ProcessSet procs;
    SpawnSpec spec;
    spec.path = file.path();
    spec.exec_fd = file.fd();
    spec.argv = std::move(argv);
    const auto started = procs.start(spec, now_us(), 5'000'000);
    EXPECT_TRUE(started.ok()) << started.error;
    std::vector<Ended> ended;
    track_it::run_loop(
        procs.fd(), [] { return std::optional<uint64_t>{}; },
        [&](uint64_t n) {
            for (auto& e : procs.reap(n)) {
                ended.push_back(e);
            }
        },
        [](uint64_t) {}, [&] { return !ended.empty(); }, 5000);
    return ended.empty() ? -1 : ended[0].status;
}

xvrrp::config::Config secured(const std::string& command) {
    xvrrp::config::Config cfg;
    cfg.global.enable_script_security = true;
    cfg.global.script_user = "root";
    xvrrp::config::VrrpScript s;
    s.name = "chk";
    s.script.command = command;
    s.script.where = {"/etc/xvrrp/xvrrp.conf", 7};
    cfg.scripts.push_back(s);
    xvrrp::config::Instance in;
    in.name = "VI_1";
    in.interface = "eth0";
    in.vrid = 1;
    in.track_scripts.push_back({"chk", std::nullopt, false, {}});
    cfg.instances.push_back(in);
    return cfg;
}

bool has_warning(const Tracker& t, const std::string& text) {
    for (const auto& w : t.warnings()) {
        if (w.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_F(ScriptSecurity, AShebangScriptRunsFromItsDescriptorAndSoDoesOneWithout) {
    const auto out = dir_ / "out";
    // The interpreter reads the script through /dev/fd/3, kept open for it.
    write_script(dir_ / "bang.sh",
                 "echo \"bang $1 $(test -e /proc/$$/fd/3 && echo fd3)\" >> " + out);
    std::ofstream(dir_ / "bare.sh") << "echo \"bare $1\" >> " << out << "\n";
    chmod((dir_ / "bare.sh").c_str(), 0755);
    auto bang = ScriptFile::open(dir_ / "bang.sh");
    auto bare = ScriptFile::open(dir_ / "bare.sh");
    ASSERT_TRUE(bang.file) << bang.missing;
    ASSERT_TRUE(bare.file) << bare.missing;
    EXPECT_EQ(run(*bang.file, {"bang.sh", "one"}), 0);
    EXPECT_EQ(run(*bare.file, {"bare.sh", "two"}), 0);
    EXPECT_EQ(read_file(out), "bang one fd3\nbare two\n");
}

TEST_F(ScriptSecurity, ABinaryGetsNoExtraDescriptor) {
    auto sh = ScriptFile::open("/bin/sh");
    ASSERT_TRUE(sh.file) << sh.missing;
    EXPECT_EQ(run(*sh.file, {"sh", "-c", "test -e /proc/$$/fd/3 && exit 3; exit 0"}), 0);
}

TEST_F(ScriptSecurity, TheCheckedFileRunsNotTheOneSwappedIn) {
    const auto marker = dir_ / "marker";
    write_script(dir_ / "good.sh", "echo good > " + marker);
    write_script(dir_ / "evil.sh", "echo evil > " + marker);
    ASSERT_EQ(symlink("good.sh", (dir_ / "chk").c_str()), 0);
    auto opened = ScriptFile::open(dir_ / "chk");
    ASSERT_TRUE(opened.file) << opened.missing;
    EXPECT_EQ(opened.file->recheck(true), "");
    ASSERT_EQ(rename((dir_ / "evil.sh").c_str(), (dir_ / "good.sh").c_str()), 0);
    EXPECT_EQ(opened.file->recheck(true), dir_ / "chk" + " now leads to another file (" +
                                              dir_ / "good.sh" + ") than the one checked at load");
    EXPECT_EQ(run(*opened.file, {"chk"}), 0);
    EXPECT_EQ(read_file(marker), "good\n");
}

TEST_F(ScriptSecurity, AFileMadeWritableAfterTheCheckFailsTheRecheckForRoot) {
    const auto chk = write_script(dir_ / "chk.sh", "exit 0");
    auto opened = ScriptFile::open(chk);
    ASSERT_TRUE(opened.file);
    chmod(chk.c_str(), 0757);
    EXPECT_EQ(opened.file->recheck(true), chk + " is writable by everyone");
    EXPECT_EQ(opened.file->recheck(false), "");  // another user's script: only the path counts
    unlink(chk.c_str());
    EXPECT_EQ(opened.file->recheck(false),
              chk + " does not exist (the file checked at load is no longer there)");
}

TEST_F(ScriptSecurity, AScriptMissingAtLoadIsDisabledAndNeverRunsOnceCreated) {
    const auto marker = dir_ / "marker";
    const auto chk = dir_ / "later.sh";
    Tracker t(secured(chk), no_links(), now_us());
    EXPECT_TRUE(has_warning(t, "/etc/xvrrp/xvrrp.conf:7: vrrp_script chk '" + chk +
                                   "': refused by enable_script_security: " + chk +
                                   " is not an executable file (nor found in PATH)"))
        << ::testing::PrintToString(t.warnings());
    write_script(chk, "echo ran > " + marker);
    ASSERT_TRUE(drive(
        t, [&] { return t.scripts()[0].runs >= 2; }, 4000));
    EXPECT_TRUE(t.verdict("VI_1")->fault);
    EXPECT_EQ(t.scripts()[0].failures, t.scripts()[0].runs);
    EXPECT_NE(t.scripts()[0].disabled, "");
    EXPECT_NE(access(marker.c_str(), F_OK), 0) << "the script created after the load ran";
}

TEST_F(ScriptSecurity, ARunIsRefusedOnceThePathLeadsElsewhere) {
    const auto marker = dir_ / "marker";
    write_script(dir_ / "good.sh", "exit 0");
    write_script(dir_ / "evil.sh", "echo evil > " + marker);
    ASSERT_EQ(symlink("good.sh", (dir_ / "chk").c_str()), 0);
    Tracker t(secured(dir_ / "chk"), no_links(), now_us());
    EXPECT_TRUE(t.warnings().empty()) << t.warnings().front();
    ASSERT_TRUE(drive(
        t, [&] { return t.scripts()[0].runs >= 1; }, 3000));
    EXPECT_FALSE(t.verdict("VI_1")->fault) << t.scripts()[0].last_result;
    ASSERT_EQ(unlink((dir_ / "chk").c_str()), 0);
    ASSERT_EQ(symlink("evil.sh", (dir_ / "chk").c_str()), 0);
    ASSERT_TRUE(drive(
        t, [&] { return t.verdict("VI_1")->fault; }, 3000));
    EXPECT_EQ(t.scripts()[0].last_result, "not run: " + dir_ / "chk" +
                                              " now leads to another file (" + dir_ / "evil.sh" +
                                              ") than the one checked at load");
    EXPECT_NE(access(marker.c_str(), F_OK), 0) << "the swapped-in script ran";
}

TEST_F(ScriptSecurity, AWritableDirectoryOnThePathDisablesARootScript) {
    const auto open = dir_ / "open";
    mkdir(open.c_str(), 0777);
    chmod(open.c_str(), 0777);
    write_script(dir_ / "chk.sh", "exit 0");
    ASSERT_EQ(symlink((dir_ / "chk.sh").c_str(), (open + "/chk").c_str()), 0);
    Tracker t(secured(open + "/chk"), no_links(), now_us());
    EXPECT_TRUE(has_warning(t, "/etc/xvrrp/xvrrp.conf:7: vrrp_script chk '" + open +
                                   "/chk': refused by enable_script_security: " + open +
                                   " is writable by everyone"))
        << ::testing::PrintToString(t.warnings());
    t.on_deadline(now_us());
    EXPECT_TRUE(t.verdict("VI_1")->fault);
}

TEST_F(ScriptSecurity, WithoutSecurityAScriptMissingAtLoadRunsOnceItAppears) {
    const auto marker = dir_ / "marker";
    const auto chk = dir_ / "later.sh";
    auto cfg = secured(chk);
    cfg.global.enable_script_security = false;
    Tracker t(cfg, no_links(), now_us());
    EXPECT_TRUE(has_warning(t, "every run will fail until it appears"));
    write_script(chk, "echo ran > " + marker);
    ASSERT_TRUE(drive(
        t, [&] { return !t.verdict("VI_1")->fault && !t.verdict("VI_1")->pending; }, 4000));
    EXPECT_EQ(read_file(marker), "ran\n");
}

TEST_F(ScriptSecurity, TheNotifyFifoIsNeverReachedThroughALink) {
    const auto real = dir_ / "real.fifo";
    ASSERT_EQ(mkfifo(real.c_str(), 0600), 0);
    ASSERT_EQ(symlink(real.c_str(), (dir_ / "link.fifo").c_str()), 0);
    for (const bool secure : {false, true}) {
        try {
            NotifyFifo f(dir_ / "link.fifo", std::nullopt, secure);
            ADD_FAILURE() << "a notify_fifo that is a symbolic link was opened";
        } catch (const std::system_error& e) {
            EXPECT_NE(std::string(e.what()).find("notify_fifo " + dir_ / "link.fifo" +
                                                 ": is a symbolic link (refused)"),
                      std::string::npos)
                << e.what();
        }
    }
    std::ofstream(dir_ / "plain") << "x";
    EXPECT_THROW(NotifyFifo(dir_ / "plain"), std::system_error);
}

TEST_F(ScriptSecurity, WithSecurityTheNotifyFifoMustBeRootsOrTheNotifyFifoUsers) {
    const auto path = dir_ / "fifo";
    ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
    ASSERT_EQ(chown(path.c_str(), kNobody, kNobody), 0);
    try {
        NotifyFifo f(path, NotifyFifo::Owner{0, 0}, true);
        ADD_FAILURE() << "nobody's FIFO was taken with enable_script_security";
    } catch (const std::system_error& e) {
        EXPECT_NE(std::string(e.what()).find("owned by uid 65534, not root; refused by "
                                             "enable_script_security"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_NO_THROW(NotifyFifo(path, NotifyFifo::Owner{0, 0}, false));
    EXPECT_NO_THROW(NotifyFifo(path, NotifyFifo::Owner{kNobody, kNobody}, true));
    ASSERT_EQ(chown(path.c_str(), 0, 0), 0);
    chmod(path.c_str(), 0622);
    EXPECT_THROW(NotifyFifo(path, NotifyFifo::Owner{0, 0}, true), std::system_error);
}

TEST_F(ScriptSecurity, OneDescriptorPerFileHoweverManyScriptsNameIt) {
    const auto open_fds = [] {
        return std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                             std::filesystem::directory_iterator{});
    };
    const auto notify = write_script(dir_ / "notify.sh", "exit 0");
    auto with_instances = [&](int n) {
        auto cfg = secured(write_script(dir_ / "chk.sh", "exit 0"));
        for (int i = 1; i < n; ++i) {
            auto in = cfg.instances[0];
            in.name = "VI_" + std::to_string(i + 1);
            cfg.instances.push_back(in);
        }
        for (auto& in : cfg.instances) {
            in.notify.master.command = notify + " master";
            in.notify.backup.command = notify + " backup";
            in.notify.any.command = notify;
        }
        return cfg;
    };
    const auto before = open_fds();
    Tracker one(with_instances(1), no_links(), now_us());
    const auto per_tracker = open_fds() - before;
    Tracker many(with_instances(50), no_links(), now_us());
    EXPECT_EQ(open_fds() - before, 2 * per_tracker);
}

// enable_script_security's walk (track/path_check.h) on a made-up
// filesystem: every directory, every symbolic link (in the path as written
// and in each link's target, all the way) and the final file are checked.
#include "track/path_check.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <map>

using xvrrp::track::check_path;
using xvrrp::track::PathCheck;
using xvrrp::track::PathNode;
using Kind = PathNode::Kind;

namespace {

constexpr uid_t kNobody = 65534;

// Absolute paths without links to what lstat would say; everything is
// root's 0755 unless a test says otherwise.
class FakeFs {
  public:
    FakeFs() { dir("/"); }

    PathNode& dir(const std::string& path, mode_t mode = 0755, uid_t uid = 0, gid_t gid = 0) {
        return add(path, Kind::Directory, mode, uid, gid);
    }
    PathNode& file(const std::string& path, mode_t mode = 0755, uid_t uid = 0, gid_t gid = 0) {
        return add(path, Kind::File, mode, uid, gid);
    }
    PathNode& link(const std::string& path, const std::string& target, uid_t uid = 0) {
        auto& n = add(path, Kind::Symlink, 0777, uid, 0);
        n.target = target;
        return n;
    }
    // Directories on the way are created (root's, 0755) when missing.
    PathNode& add(const std::string& path, Kind kind, mode_t mode, uid_t uid, gid_t gid) {
        for (size_t slash = path.find('/', 1); slash != std::string::npos;
             slash = path.find('/', slash + 1)) {
            nodes_.try_emplace(path.substr(0, slash), node(Kind::Directory, 0755, 0, 0));
        }
        return nodes_[path] = node(kind, mode, uid, gid);
    }

    PathCheck check(const std::string& path, const std::string& cwd = "/") const {
        return check_path(path, cwd, [this](const std::string& p, int& err) {
            auto it = nodes_.find(p);
            if (it == nodes_.end()) {
                err = ENOENT;
                return std::optional<PathNode>{};
            }
            return std::optional<PathNode>{it->second};
        });
    }

  private:
    PathNode node(Kind kind, mode_t mode, uid_t uid, gid_t gid) {
        PathNode n;
        n.kind = kind;
        n.mode = mode;
        n.uid = uid;
        n.gid = gid;
        n.dev = 8;
        n.ino = ++next_ino_;
        return n;
    }

    std::map<std::string, PathNode> nodes_;
    ino_t next_ino_ = 1;
};

}  // namespace

TEST(ScriptPathCheck, ASafePathLeadsToItsFile) {
    FakeFs fs;
    const ino_t ino = fs.file("/usr/local/bin/chk").ino;
    const auto c = fs.check("/usr/local/bin/chk");
    EXPECT_TRUE(c.found()) << c.missing;
    EXPECT_EQ(c.writable, "");
    EXPECT_EQ(c.resolved, "/usr/local/bin/chk");
    EXPECT_EQ(c.dev, 8u);
    EXPECT_EQ(c.ino, ino);
}

TEST(ScriptPathCheck, AMissingFileIsNamed) {
    FakeFs fs;
    fs.dir("/etc/xv");
    const auto c = fs.check("/etc/xv/chk.sh");
    EXPECT_FALSE(c.found());
    EXPECT_EQ(c.missing, "/etc/xv/chk.sh does not exist");
    EXPECT_EQ(fs.check("/etc/nope/chk.sh").missing, "/etc/nope does not exist");
    EXPECT_EQ(fs.check("").missing, "an empty path");
}

TEST(ScriptPathCheck, TheFileMustBeRootsAndWritableByRootOnly) {
    FakeFs fs;
    fs.file("/bin/owned", 0755, kNobody);
    fs.file("/bin/world", 0757);
    fs.file("/bin/group", 0775, 0, 100);
    fs.file("/bin/rootgroup", 0775, 0, 0);
    EXPECT_EQ(fs.check("/bin/owned").writable, "/bin/owned is owned by uid 65534");
    EXPECT_EQ(fs.check("/bin/world").writable, "/bin/world is writable by everyone");
    EXPECT_EQ(fs.check("/bin/group").writable, "/bin/group is writable by group 100");
    EXPECT_EQ(fs.check("/bin/rootgroup").writable, "");
}

TEST(ScriptPathCheck, EveryDirectoryAboveCountsAndTheFirstUnsafeOneIsNamed) {
    FakeFs fs;
    fs.dir("/opt", 0777);
    fs.dir("/opt/xv", 0755, kNobody);
    fs.file("/opt/xv/chk");
    const auto c = fs.check("/opt/xv/chk");
    EXPECT_TRUE(c.found());
    EXPECT_EQ(c.writable, "/opt is writable by everyone");
    fs.dir("/", 0757);
    EXPECT_EQ(fs.check("/opt/xv/chk").writable, "/ is writable by everyone");
}

TEST(ScriptPathCheck, AStickyDirectoryIsSafeForRootsEntriesOnly) {
    FakeFs fs;
    fs.dir("/tmp", 01777);
    fs.file("/tmp/roots.sh");
    fs.file("/tmp/theirs.sh", 0755, kNobody);
    fs.dir("/tmp/d", 0755, kNobody);
    fs.file("/tmp/d/chk");
    EXPECT_EQ(fs.check("/tmp/roots.sh").writable, "");
    EXPECT_EQ(fs.check("/tmp/theirs.sh").writable, "/tmp/theirs.sh is owned by uid 65534");
    EXPECT_EQ(fs.check("/tmp/d/chk").writable, "/tmp/d is owned by uid 65534");
    fs.file("/bin/sticky-file", 01757);  // the sticky bit means nothing on a file
    EXPECT_EQ(fs.check("/bin/sticky-file").writable, "/bin/sticky-file is writable by everyone");
}

// The hole of a realpath-only check: the target is safe, but whoever may
// write the link's directory can point the link elsewhere at any time.
TEST(ScriptPathCheck, ALinkInAWritableDirectoryIsUnsafeEvenToASafeTarget) {
    FakeFs fs;
    fs.file("/usr/bin/chk");
    fs.dir("/srv/drop", 0777);
    fs.link("/srv/drop/chk", "/usr/bin/chk");
    const auto c = fs.check("/srv/drop/chk");
    EXPECT_EQ(c.resolved, "/usr/bin/chk");
    EXPECT_EQ(c.writable, "/srv/drop is writable by everyone");
}

TEST(ScriptPathCheck, ALinkOwnedByAnotherUserIsUnsafeItsModeIsNot) {
    FakeFs fs;
    fs.dir("/tmp", 01777);
    fs.file("/usr/bin/chk");
    fs.link("/tmp/chk", "/usr/bin/chk", kNobody);
    fs.link("/etc/chk", "/usr/bin/chk");  // 0777, as every link: fine
    EXPECT_EQ(fs.check("/tmp/chk").writable, "/tmp/chk is owned by uid 65534");
    EXPECT_EQ(fs.check("/etc/chk").writable, "");
}

TEST(ScriptPathCheck, EveryStepOfALinksTargetCounts) {
    FakeFs fs;
    fs.dir("/home/u", 0755, 1000);
    fs.file("/home/u/bin/chk");
    fs.link("/etc/xv/chk", "/home/u/bin/chk");
    const auto c = fs.check("/etc/xv/chk");
    EXPECT_EQ(c.resolved, "/home/u/bin/chk");
    EXPECT_EQ(c.writable, "/home/u is owned by uid 1000");
}

TEST(ScriptPathCheck, LinksToDirectoriesAndChainsAreFollowedAllTheWay) {
    FakeFs fs;
    fs.file("/srv/real/bin/chk");
    fs.link("/etc/alt", "/srv/real");           // a directory link in the middle
    fs.link("/srv/real/bin/chk2", "chk");       // relative, in the target's directory
    fs.link("/etc/xv/chk", "../alt/bin/chk2");  // relative with .., to a link
    auto c = fs.check("/etc/xv/chk");
    EXPECT_TRUE(c.found()) << c.missing;
    EXPECT_EQ(c.resolved, "/srv/real/bin/chk");
    EXPECT_EQ(c.writable, "");
    // An unsafe step deep in the chain is found.
    fs.dir("/srv/real", 0775, 0, 100);
    EXPECT_EQ(fs.check("/etc/xv/chk").writable, "/srv/real is writable by group 100");
}

TEST(ScriptPathCheck, DotDotAfterALinkedDirectoryIsTheRealParent) {
    FakeFs fs;
    fs.file("/b/f");
    fs.file("/a/f", 0755, kNobody);
    fs.link("/a/l", "/b/c");
    fs.dir("/b/c");
    EXPECT_EQ(fs.check("/a/l/../f").resolved, "/b/f");
    EXPECT_EQ(fs.check("/a/l/../f").writable, "");
    EXPECT_EQ(fs.check("/../../b/./f").resolved, "/b/f");
}

TEST(ScriptPathCheck, ARelativePathStartsAtTheWorkingDirectory) {
    FakeFs fs;
    fs.file("/srv/x/bin/chk");
    EXPECT_EQ(fs.check("bin/chk", "/srv/x").resolved, "/srv/x/bin/chk");
    fs.dir("/srv", 0777);
    EXPECT_EQ(fs.check("bin/chk", "/srv/x").writable, "/srv is writable by everyone");
}

TEST(ScriptPathCheck, WhatIsNotARegularFileIsNotFound) {
    FakeFs fs;
    fs.file("/bin/true");
    fs.add("/dev/null", Kind::Other, 0666, 0, 0);
    fs.link("/etc/loop1", "/etc/loop2");
    fs.link("/etc/loop2", "/etc/loop1");
    fs.link("/etc/empty", "");
    EXPECT_EQ(fs.check("/bin").missing, "/bin is not a regular file");
    EXPECT_EQ(fs.check("/dev/null").missing, "/dev/null is not a regular file");
    EXPECT_EQ(fs.check("/bin/true/x").missing, "/bin/true is not a directory");
    EXPECT_EQ(fs.check("/bin/true/").missing, "/bin/true is not a directory");
    EXPECT_EQ(fs.check("/etc/loop1").missing, "/etc/loop1: too many levels of symbolic links");
    EXPECT_EQ(fs.check("/etc/empty").missing, "/etc/empty is an empty symbolic link");
}

TEST(ScriptPathCheck, ALinkToAMissingFileIsMissing) {
    FakeFs fs;
    fs.dir("/opt");
    fs.link("/etc/xv/chk", "/opt/gone/chk");
    EXPECT_EQ(fs.check("/etc/xv/chk").missing, "/opt/gone does not exist");
}

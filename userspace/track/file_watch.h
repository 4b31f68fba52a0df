// Watches the track_file entries with inotify: each file's directory is
// watched, so a file written in place (closed after writing), replaced by
// a rename, created or deleted is read again at once. Nothing is polled.
// At start, init_file writes its value where asked (file missing, or
// `overwrite`), then every file is read.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/fd.h"
#include "config/model.h"

namespace xvrrp::track {

class FileWatch {
  public:
    // `init`: apply init_file (at start, not at a reload).
    FileWatch(std::vector<config::TrackFile> files, bool init);

    int fd() const { return inotify_.get(); }  // -1 when not watching

    // Drains the events and reads the files they name; true when a value changed.
    bool on_readable();

    size_t size() const { return files_.size(); }
    const config::TrackFile& file(size_t i) const { return files_[i]; }
    int64_t value(size_t i) const { return values_[i]; }

  private:
    void init_file(const config::TrackFile& f);
    bool read(size_t i);  // true when the value changed

    std::vector<config::TrackFile> files_;
    std::vector<int64_t> values_;
    Fd inotify_;
    std::map<int, std::string> dirs_;  // watch descriptor -> directory
};

}  // namespace xvrrp::track

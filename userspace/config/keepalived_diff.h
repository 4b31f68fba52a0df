// What xvrrp does differently from keepalived 2.2.7 with a given file, keyword
// by keyword (`xvrrp config check --keepalived-diff`): for reviewing a
// migration before it happens. Read from the keyword registry (keywords.h).
#pragma once

#include <string>
#include <vector>

#include "config/diagnostic.h"
#include "config/keywords.h"
#include "config/syntax.h"

namespace xvrrp::config {

struct KeywordUse {
    std::string block;  // registry block (keywords.h)
    std::string keyword;
    SourceRef first;  // where it is first used
    size_t uses = 0;
    const KeywordInfo* info = nullptr;  // null: xvrrp does not know it
};

// Every keyword the statements use, once per block, in order of first use.
// Value blocks (virtual_ipaddress, ...) are entries, not keywords.
std::vector<KeywordUse> keywords_used(const std::vector<Statement>& statements);

struct DefaultDifference {
    SourceRef where;
    std::string text;
};

// Differences that come from what a block leaves out (an instance without
// use_vmac still gets the VMAC).
std::vector<DefaultDifference> default_differences(const std::vector<Statement>& statements);

}  // namespace xvrrp::config

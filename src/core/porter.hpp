#pragma once

#include <string>
#include <string_view>

// The Porter stemming algorithm (M. F. Porter, "An algorithm for suffix stripping", 1980, with
// the two changes of its author's reference implementation: "bli" → "ble" and "logi" → "log"),
// which reduces an English word to a stem shared by its inflections: "connected",
// "connecting" and "connections" all become "connect".
namespace agentry::porter {

// The stem of `word`, which must be lower-case ASCII letters; a word of two letters or fewer,
// or holding anything else, is its own stem.
std::string stem(std::string_view word);

}  // namespace agentry::porter

// The JSON Schema validator on request bodies: the input's first byte picks one of the request
// schemas /openapi.json declares (fuzz/schemas, loaded once), the rest is the body. Only the
// body is the client's; the schemas are the ones the server uses.
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

#include "api/schema.hpp"

namespace {

std::vector<boost::json::value>& schemas() {
  static std::vector<boost::json::value> all;
  return all;
}

}  // namespace

// AGENTRY_FUZZ_SCHEMAS names the directory (scripts/fuzz sets it to fuzz/schemas).
// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* dir = std::getenv("AGENTRY_FUZZ_SCHEMAS");
  if (!dir) std::abort();
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    schemas().push_back(boost::json::parse(text.str()));
  }
  if (schemas().empty()) std::abort();
  return 0;
}

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const boost::json::value& schema = schemas()[data[0] % schemas().size()];
  boost::system::error_code ec;
  const boost::json::value body =
      boost::json::parse(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), ec);
  if (ec) return 0;
  (void)agentry::api::validate(schema, body);
  return 0;
}

// The --config file: TOML key = value lines read through the command line's settings. A bad
// file is a CLI11 error (reported as a usage error), never a crash.
#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "app/cli_options.hpp"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Built once: declaring every setting costs far more than parsing a file.
  static agentry::app::Config config;
  static CLI::App& app = []() -> CLI::App& {
    static CLI::App built;
    built.allow_config_extras(CLI::config_extras_mode::error);
    agentry::app::add_options(built, config);
    return built;
  }();
  app.clear();
  config = agentry::app::Config{};
  std::istringstream file(std::string(reinterpret_cast<const char*>(data), size));
  try {
    app.parse_from_stream(file);
    std::string host;
    std::uint16_t port = 0;
    agentry::app::split_listen(config.listen, host, port);
  } catch (const CLI::Error&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}

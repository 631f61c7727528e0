#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "app/config.hpp"

// The command line's settings: each a flag, an AGENTRY_* variable or a key of the --config file.
namespace agentry::app {

// Declares every setting on `command`, writing into `c` when parsed, and --config FILE.
void add_options(CLI::App& command, Config& c);

// The settings as --help lists them, each with its variable and default.
std::string settings_help(const CLI::App& app);

}  // namespace agentry::app

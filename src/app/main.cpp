#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <iostream>

#include "app/cli_options.hpp"
#include "app/config.hpp"
#include "app/serve.hpp"
#include "domain/api_key.hpp"

#ifndef AGENTRY_VERSION
#define AGENTRY_VERSION "0.0.0"
#endif

namespace {

// An error about the command line itself, in one line that names what was wrong.
int usage_error(const std::string& message) {
  std::cerr << "agentry: " << message << "\nRun agentry --help for the commands and settings.\n";
  return 2;
}

int run(int argc, char** argv) {
  CLI::App app{"agentry: a self-hostable AI-agent platform and marketplace server"};
  app.set_version_flag("--version", std::string("agentry ") + AGENTRY_VERSION);
  // Unknown words are collected and refused below with their names, not as "a subcommand is
  // required"; an unknown key or section of the config file is an error.
  app.require_subcommand(0, 1);
  app.allow_extras(true);
  app.allow_config_extras(CLI::config_extras_mode::error);

  agentry::app::Config config;
  agentry::app::add_options(app, config);
  CLI::App* serve = app.add_subcommand("serve", "Run the HTTP server")->fallthrough();
  CLI::App* migrate =
      app.add_subcommand("migrate", "Apply pending database migrations and exit")->fallthrough();
  CLI::App* check =
      app.add_subcommand("check", "Verify the ledger's invariants and the store's integrity")
          ->fallthrough();
  CLI::App* keygen =
      app.add_subcommand("keygen", "Print a new API key (e.g. for AGENTRY_ADMIN_KEY)");

  for (CLI::App* command : {serve, migrate, check}) {
    command->footer([&app] { return agentry::app::settings_help(app); });
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ConfigError& e) {
    // CLI11 says "INI was not able to parse NAME"; NAME is "key" or "section.key".
    std::string what = e.what();
    const std::string prefix = "INI was not able to parse ";
    if (what.starts_with(prefix)) {
      std::string name = what.substr(prefix.size());
      // A section's opening line reaches CLI11 as "NAME.++".
      if (name.ends_with(".++")) {
        return usage_error("the config file has no section [" + name.substr(0, name.size() - 3) +
                           "]: settings are plain keys at its top");
      }
      return usage_error("the config file has no setting \"" + name +
                         "\" (its keys are the flags' names without --)");
    }
    return usage_error(what);
  } catch (const CLI::ParseError& e) {
    // --help and --version end here too, successfully; any other is a usage error.
    if (e.get_exit_code() == 0) return app.exit(e);
    return usage_error(e.what());
  }
  if (const auto extras = app.remaining(); !extras.empty()) {
    const std::string& first = extras.front();
    return usage_error(first.starts_with("-") ? "unknown option \"" + first + "\""
                                              : "unknown command \"" + first +
                                                    "\" (commands: serve, migrate, check, keygen)");
  }
  if (app.get_subcommands().empty()) {
    return usage_error("a command is needed: serve, migrate, check or keygen");
  }
  // Every file and directory agentry creates (the data directory, the database and its WAL, key
  // files, the access log) is its owner's only, whatever umask it was started with.
  ::umask(S_IRWXG | S_IRWXO);
  try {
    if (serve->parsed()) return agentry::app::serve(config);
    if (migrate->parsed()) return agentry::app::migrate(config);
    if (check->parsed()) return agentry::app::check(config);
    if (keygen->parsed()) {
      std::cout << agentry::api_key::generate() << "\n";
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "agentry: " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {  // declaring the settings, before any command runs
    std::cerr << "agentry: " << e.what() << "\n";
    return 1;
  }
}

#include "app/bootstrap.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "domain/accounts.hpp"
#include "domain/api_key.hpp"
#include "store/queries.hpp"

namespace agentry::app {

std::optional<std::string> bootstrap_admin(store::Database& db, const plans::Catalog& catalog,
                                           const std::optional<std::string>& preset_key,
                                           std::int64_t now_ms) {
  if (preset_key && !api_key::is_well_formed(*preset_key)) {
    throw std::invalid_argument(
        "AGENTRY_ADMIN_KEY is not a valid key (ak_live_ + 32 base62 characters + checksum); "
        "generate one with `agentry keygen`");
  }
  std::optional<std::string> created;
  db.write_blocking([&](store::Tx& tx) {
    if (store::count_accounts(tx) > 0) return;
    accounts::NewAccount admin{.name = "admin",
                               .email = std::nullopt,
                               .plan = std::string(plans::admin_id),
                               .is_admin = true};
    accounts::NewKey key{.name = "admin", .scopes = {"admin"}, .expires_at_ms = std::nullopt};
    auto result = accounts::create(tx, catalog, admin, key, now_ms, preset_key);
    if (!result)
      throw std::runtime_error("cannot create the admin account: " + result.error().message);
    created = result->key.secret;
  });
  return created;
}

namespace {
crypto::Key key_from_hex(std::string_view hex, std::string_view where) {
  auto bytes = crypto::from_hex(hex);
  if (!bytes || bytes->size() != 32) {
    throw std::invalid_argument(std::string(where) +
                                " must be 64 hex characters (32 random bytes), e.g. from "
                                "`openssl rand -hex 32`");
  }
  crypto::Key key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}
}  // namespace

std::optional<crypto::Key> find_master_key(const std::string& data_dir,
                                           const std::optional<std::string>& preset_hex,
                                           std::string& source) {
  if (preset_hex) {
    source = "AGENTRY_MASTER_KEY";
    return key_from_hex(*preset_hex, "AGENTRY_MASTER_KEY");
  }
  const std::string path = (std::filesystem::path(data_dir) / "master.key").string();
  source = path;
  if (std::ifstream in(path); in) {
    std::string hex;
    in >> hex;
    return key_from_hex(hex, path);
  }
  return std::nullopt;
}

crypto::Key create_master_key(const std::string& data_dir) {
  crypto::Key key{};
  crypto::random_bytes(key);
  write_key_file(
      (std::filesystem::path(data_dir) / "master.key").string(),
      crypto::to_hex(std::string_view(reinterpret_cast<const char*>(key.data()), key.size())));
  return key;
}

void write_key_file(const std::string& path, const std::string& key) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  const std::string line = key + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path);
}

}  // namespace agentry::app

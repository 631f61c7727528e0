#include "runtime/providers.hpp"

#include "domain/runs.hpp"

namespace agentry::runtime {

Provider* Providers::find(std::string_view model) {
  if (model == runs::echo_model) return &echo_;
  return nullptr;
}

}  // namespace agentry::runtime

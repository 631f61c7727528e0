#pragma once

#include <string_view>

#include "runtime/echo_provider.hpp"
#include "runtime/provider.hpp"

namespace agentry::runtime {

// The providers this server can call, chosen by a hosted agent's model.
class Providers {
 public:
  // The provider of `model`, or nullptr when no provider serves it.
  Provider* find(std::string_view model);

 private:
  EchoProvider echo_;
};

}  // namespace agentry::runtime

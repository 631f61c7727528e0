// Compiled only by the layer tests (tests/layers/CMakeLists.txt), once as api/ code and once as
// runtime/ code: both must be refused, because those layers reach the store through domain/.
#include "store/queries.hpp"

int probe_count_accounts(agentry::store::Tx& tx) {
  return static_cast<int>(agentry::store::count_accounts(tx));
}

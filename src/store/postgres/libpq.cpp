#include "store/postgres/libpq.hpp"

#include <dlfcn.h>

#include <mutex>
#include <stdexcept>
#include <string>

namespace agentry::store::postgres {
namespace {

constexpr const char* library = "libpq.so.5";

template <class F>
void bind(void* handle, const char* name, F& out) {
  void* symbol = ::dlsym(handle, name);
  if (!symbol) throw std::runtime_error(std::string(library) + " has no " + name);
  out = reinterpret_cast<F>(symbol);
}

}  // namespace

const LibPq& pq() {
  static LibPq table{};
  static std::once_flag loaded;
  std::call_once(loaded, [] {
    void* handle = ::dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      throw std::runtime_error(std::string("cannot load ") + library +
                               " (Debian: apt-get install libpq5): " + ::dlerror());
    }
#define AGENTRY_BIND(name) bind(handle, #name, table.name)
    AGENTRY_BIND(PQclear);
    AGENTRY_BIND(PQcmdTuples);
    AGENTRY_BIND(PQconnectdb);
    AGENTRY_BIND(PQconsumeInput);
    AGENTRY_BIND(PQenterPipelineMode);
    AGENTRY_BIND(PQerrorMessage);
    AGENTRY_BIND(PQexec);
    AGENTRY_BIND(PQexecPrepared);
    AGENTRY_BIND(PQexitPipelineMode);
    AGENTRY_BIND(PQfinish);
    AGENTRY_BIND(PQfreemem);
    AGENTRY_BIND(PQftype);
    AGENTRY_BIND(PQgetResult);
    AGENTRY_BIND(PQgetisnull);
    AGENTRY_BIND(PQgetlength);
    AGENTRY_BIND(PQgetvalue);
    AGENTRY_BIND(PQnfields);
    AGENTRY_BIND(PQnotifies);
    AGENTRY_BIND(PQntuples);
    AGENTRY_BIND(PQpipelineSync);
    AGENTRY_BIND(PQprepare);
    AGENTRY_BIND(PQresultErrorField);
    AGENTRY_BIND(PQresultStatus);
    AGENTRY_BIND(PQsendPrepare);
    AGENTRY_BIND(PQsendQueryParams);
    AGENTRY_BIND(PQsendQueryPrepared);
    AGENTRY_BIND(PQsetNoticeProcessor);
    AGENTRY_BIND(PQsocket);
    AGENTRY_BIND(PQstatus);
    AGENTRY_BIND(PQtransactionStatus);
#undef AGENTRY_BIND
  });
  return table;
}

}  // namespace agentry::store::postgres

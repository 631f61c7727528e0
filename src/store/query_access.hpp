#pragma once

// Included first by every header that declares the store's queries. The store's SQL is called by
// domain/ (every read and write with its access rule) and by app/ (wiring, housekeeping); api/
// and runtime/ reach it only through domain functions. CMake defines AGENTRY_STORE_QUERIES for
// the targets that link agentry_store directly, so an upward or skipping include fails to build.
#ifndef AGENTRY_STORE_QUERIES
#error \
    "this layer may not call the store's queries: call a domain function (see README, Architecture)"
#endif

#pragma once

namespace agentry {

// A 128-bit integer, for products and sums of money that may pass 64 bits before they are
// checked (GCC and Clang provide it; __extension__ keeps -Wpedantic quiet about it).
__extension__ typedef __int128 WideInt;  // NOLINT(modernize-use-using)

}  // namespace agentry

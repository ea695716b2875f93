#include <napi.h>
// xxhash binding elided

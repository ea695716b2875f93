#include <napi.h>
// crc32c implementation elided

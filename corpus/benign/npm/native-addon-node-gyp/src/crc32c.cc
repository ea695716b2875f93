#include "crc32c.h"

namespace crc32c {
namespace {
constexpr uint32_t kPoly = 0x82F63B78u;  // reversed Castagnoli polynomial

struct Table {
  uint32_t v[256];
  Table() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
      v[i] = c;
    }
  }
};
const Table kTable;
}  // namespace

uint32_t Extend(uint32_t crc, const uint8_t* data, size_t len) {
  crc = ~crc;
  for (size_t i = 0; i < len; ++i) crc = kTable.v[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}
}  // namespace crc32c

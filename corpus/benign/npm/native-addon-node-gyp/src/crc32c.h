#pragma once
#include <cstddef>
#include <cstdint>

namespace crc32c {
uint32_t Extend(uint32_t crc, const uint8_t* data, size_t len);
}

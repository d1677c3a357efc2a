#ifndef CKAFKASHIMS_H
#define CKAFKASHIMS_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli) of `length` bytes, continuing from `crc` (pass 0 to start).
/// Uses the SSE4.2 instruction when the CPU has it, a slicing-by-8 table otherwise.
uint32_t fjord_crc32c(uint32_t crc, const uint8_t *data, size_t length);

/// The portable path on its own, so tests can check both paths against the same vectors.
uint32_t fjord_crc32c_software(uint32_t crc, const uint8_t *data, size_t length);

/// 1 when the hardware path is in use.
int fjord_crc32c_hardware_available(void);

#endif

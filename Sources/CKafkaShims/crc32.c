#include "CKafkaShims.h"

#include <zlib.h>

/* zlib's crc32 takes a uInt length; crc32_z takes size_t, so a buffer over 4 GiB cannot be miscounted. */
uint32_t fjord_crc32(uint32_t crc, const uint8_t *data, size_t length) {
    static const uint8_t empty = 0;
    return (uint32_t)crc32_z((uLong)crc, data ? data : &empty, length);
}

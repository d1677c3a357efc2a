#include "CKafkaShims.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#endif

static uint32_t table[8][256];
static int table_ready = 0;

static void build_table(void) {
    const uint32_t poly = 0x82F63B78u; /* reflected Castagnoli polynomial */
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t crc = i;
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (poly & (0u - (crc & 1u)));
        table[0][i] = crc;
    }
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t crc = table[0][i];
        for (int t = 1; t < 8; t++) {
            crc = table[0][crc & 0xFF] ^ (crc >> 8);
            table[t][i] = crc;
        }
    }
    __atomic_store_n(&table_ready, 1, __ATOMIC_RELEASE);
}

uint32_t fjord_crc32c_software(uint32_t crc, const uint8_t *data, size_t length) {
    if (!__atomic_load_n(&table_ready, __ATOMIC_ACQUIRE)) build_table();
    crc = ~crc;
    while (length >= 8) {
        uint32_t lo = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
        uint32_t hi = (uint32_t)data[4] | (uint32_t)data[5] << 8 | (uint32_t)data[6] << 16 | (uint32_t)data[7] << 24;
        lo ^= crc;
        crc = table[7][lo & 0xFF] ^ table[6][(lo >> 8) & 0xFF] ^ table[5][(lo >> 16) & 0xFF] ^ table[4][lo >> 24] ^
              table[3][hi & 0xFF] ^ table[2][(hi >> 8) & 0xFF] ^ table[1][(hi >> 16) & 0xFF] ^ table[0][hi >> 24];
        data += 8;
        length -= 8;
    }
    while (length--) crc = table[0][(crc ^ *data++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t crc32c_sse42(uint32_t crc, const uint8_t *data, size_t length) {
    uint64_t c = ~crc;
    while (length >= 8) {
        uint64_t word;
        __builtin_memcpy(&word, data, 8);
        c = _mm_crc32_u64(c, word);
        data += 8;
        length -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (length--) c32 = _mm_crc32_u8(c32, *data++);
    return ~c32;
}

static int hardware = -1;

int fjord_crc32c_hardware_available(void) {
    int h = __atomic_load_n(&hardware, __ATOMIC_RELAXED);
    if (h < 0) {
        unsigned int eax, ebx, ecx = 0, edx;
        h = (__get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_SSE4_2)) ? 1 : 0;
        __atomic_store_n(&hardware, h, __ATOMIC_RELAXED);
    }
    return h;
}

uint32_t fjord_crc32c(uint32_t crc, const uint8_t *data, size_t length) {
    if (fjord_crc32c_hardware_available()) return crc32c_sse42(crc, data, length);
    return fjord_crc32c_software(crc, data, length);
}
#else
int fjord_crc32c_hardware_available(void) { return 0; }
uint32_t fjord_crc32c(uint32_t crc, const uint8_t *data, size_t length) {
    return fjord_crc32c_software(crc, data, length);
}
#endif

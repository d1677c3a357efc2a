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

/// CRC-32 (IEEE, zlib's), the checksum of message format v0/v1 (magic 0 and 1), continuing from `crc`
/// (pass 0 to start).
uint32_t fjord_crc32(uint32_t crc, const uint8_t *data, size_t length);

/// Kafka's codec numbers (batch attributes bits 0-2).
enum {
    FJORD_CODEC_GZIP = 1,
    FJORD_CODEC_SNAPPY = 2,
    FJORD_CODEC_LZ4 = 3,
    FJORD_CODEC_ZSTD = 4,
};

/// Results of the compression calls. Anything negative is a failure; `error` then points at a static message.
enum {
    FJORD_COMPRESSION_OK = 0,
    FJORD_COMPRESSION_CORRUPT = -1,
    FJORD_COMPRESSION_TOO_LARGE = -2,
    FJORD_COMPRESSION_NO_MEMORY = -3,
    FJORD_COMPRESSION_UNKNOWN_CODEC = -4,
};

/// Output owned by C (malloc); release with `fjord_output_free` once copied out.
typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
} fjord_output;

void fjord_output_free(fjord_output *output);

/// Compresses `length` bytes as Kafka's Java client would: gzip stream, xerial-framed snappy,
/// LZ4 frame with 64 KiB independent blocks, or a zstd frame. `level` < 0 means the codec default.
int fjord_compress(int codec, const uint8_t *input, size_t length, int level, fjord_output *output,
                   const char **error);

/// Decompresses one payload, failing with FJORD_COMPRESSION_TOO_LARGE as soon as more than
/// `max_output` bytes would be produced, so a small hostile payload cannot make us allocate without bound.
int fjord_decompress(int codec, const uint8_t *input, size_t length, size_t max_output, fjord_output *output,
                     const char **error);

/// A reusable streaming decompressor (inflate_stream.c): contexts and its output window are kept from one
/// payload to the next. Not thread-safe; one per thread.
typedef struct fjord_inflater fjord_inflater;

/// NULL when out of memory.
fjord_inflater *fjord_inflater_create(void);
void fjord_inflater_destroy(fjord_inflater *inflater);

/// Starts on one payload, which must stay valid and unchanged until `fjord_inflater_end`. At most
/// `max_output` bytes will be produced in total; more fails with FJORD_COMPRESSION_TOO_LARGE.
int fjord_inflater_begin(fjord_inflater *inflater, int codec, const uint8_t *input, size_t length, size_t max_output,
                         const char **error);

/// The next run of decompressed bytes, in memory the inflater owns and reuses at the next call.
/// `*length == 0` with FJORD_COMPRESSION_OK means the payload is fully and correctly decompressed.
int fjord_inflater_next(fjord_inflater *inflater, const uint8_t **data, size_t *length, const char **error);

/// Forgets the payload and releases buffers an unusual payload grew past what is worth keeping.
void fjord_inflater_end(fjord_inflater *inflater);

#endif

#include "CKafkaShims.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <lz4frame.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#define FAIL(code, message)                                                                                            \
    do {                                                                                                               \
        *error = (message);                                                                                            \
        return (code);                                                                                                 \
    } while (0)

void fjord_output_free(fjord_output *output) {
    free(output->data);
    output->data = NULL;
    output->size = 0;
    output->capacity = 0;
}

/* Capacity never exceeds limit + 1: one byte past the limit is enough to notice a payload that is too big. */
static int output_reserve(fjord_output *output, size_t wanted, size_t limit) {
    size_t ceiling = limit == SIZE_MAX ? SIZE_MAX : limit + 1;
    if (output->capacity >= wanted) return FJORD_COMPRESSION_OK;
    if (output->capacity >= ceiling) return FJORD_COMPRESSION_TOO_LARGE;
    if (wanted > ceiling) wanted = ceiling;
    size_t capacity = output->capacity < 4096 ? 4096 : output->capacity;
    while (capacity < wanted) capacity = capacity > SIZE_MAX / 2 ? SIZE_MAX : capacity * 2;
    if (capacity > ceiling) capacity = ceiling;
    uint8_t *data = realloc(output->data, capacity ? capacity : 1);
    if (!data) return FJORD_COMPRESSION_NO_MEMORY;
    output->data = data;
    output->capacity = capacity;
    return FJORD_COMPRESSION_OK;
}

/* Room for at least one more byte, for the streaming decoders. */
static int output_grow(fjord_output *output, size_t limit) {
    if (output->size < output->capacity) return FJORD_COMPRESSION_OK;
    return output_reserve(output, output->capacity + 1, limit);
}

static const char *reserve_message(int code) {
    return code == FJORD_COMPRESSION_TOO_LARGE ? "decompressed size exceeds the limit" : "out of memory";
}

/* ---------- gzip ---------- */

static int gzip_compress(const uint8_t *input, size_t length, int level, fjord_output *out, const char **error) {
    if (length > UINT_MAX) FAIL(FJORD_COMPRESSION_TOO_LARGE, "gzip input too large");
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    /* windowBits 15 + 16 asks zlib for the gzip (RFC 1952) wrapper rather than zlib's. */
    if (deflateInit2(&zs, level < 0 ? Z_DEFAULT_COMPRESSION : level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        FAIL(FJORD_COMPRESSION_NO_MEMORY, "deflateInit2 failed");
    size_t bound = deflateBound(&zs, (uLong)length) + 32;
    int rc = output_reserve(out, bound, SIZE_MAX - 1);
    if (rc != FJORD_COMPRESSION_OK) {
        deflateEnd(&zs);
        FAIL(rc, reserve_message(rc));
    }
    zs.next_in = (Bytef *)input;
    zs.avail_in = (uInt)length;
    zs.next_out = out->data;
    zs.avail_out = (uInt)(out->capacity > UINT_MAX ? UINT_MAX : out->capacity);
    rc = deflate(&zs, Z_FINISH);
    out->size = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) FAIL(FJORD_COMPRESSION_CORRUPT, "gzip compression did not finish");
    return FJORD_COMPRESSION_OK;
}

static int gzip_decompress(const uint8_t *input, size_t length, size_t limit, fjord_output *out, const char **error) {
    if (length > UINT_MAX) FAIL(FJORD_COMPRESSION_TOO_LARGE, "gzip input too large");
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    /* 15 + 32: detect the gzip or zlib wrapper from the header, as lenient producers send either. */
    if (inflateInit2(&zs, 15 + 32) != Z_OK) FAIL(FJORD_COMPRESSION_NO_MEMORY, "inflateInit2 failed");
    zs.next_in = (Bytef *)input;
    zs.avail_in = (uInt)length;
    int rc = Z_OK;
    for (;;) {
        int grown = output_grow(out, limit);
        if (grown != FJORD_COMPRESSION_OK) {
            inflateEnd(&zs);
            FAIL(grown, reserve_message(grown));
        }
        size_t room = out->capacity - out->size;
        zs.next_out = out->data + out->size;
        zs.avail_out = (uInt)(room > UINT_MAX ? UINT_MAX : room);
        uInt before = zs.avail_out;
        rc = inflate(&zs, Z_NO_FLUSH);
        out->size += before - zs.avail_out;
        if (rc == Z_STREAM_END) {
            /* Java's GZIPInputStream reads concatenated members, so we do too. */
            if (zs.avail_in == 0) break;
            if (inflateReset(&zs) != Z_OK) break;
            continue;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
            inflateEnd(&zs);
            FAIL(FJORD_COMPRESSION_CORRUPT, "gzip stream is truncated");
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            inflateEnd(&zs);
            FAIL(FJORD_COMPRESSION_CORRUPT, "gzip stream is corrupt");
        }
    }
    inflateEnd(&zs);
    if (out->size > limit) FAIL(FJORD_COMPRESSION_TOO_LARGE, reserve_message(FJORD_COMPRESSION_TOO_LARGE));
    return FJORD_COMPRESSION_OK;
}

/* ---------- snappy (xerial framing) ---------- */

static const uint8_t xerial_magic[8] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
enum { XERIAL_HEADER = 16, XERIAL_BLOCK = 32 * 1024 };

static void put_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int snappy_compress_xerial(const uint8_t *input, size_t length, fjord_output *out, const char **error) {
    size_t blocks = (length + XERIAL_BLOCK - 1) / XERIAL_BLOCK;
    size_t bound = XERIAL_HEADER + blocks * (4 + snappy_max_compressed_length(XERIAL_BLOCK));
    int rc = output_reserve(out, bound, SIZE_MAX - 1);
    if (rc != FJORD_COMPRESSION_OK) FAIL(rc, reserve_message(rc));
    memcpy(out->data, xerial_magic, 8);
    put_be32(out->data + 8, 1);  /* version */
    put_be32(out->data + 12, 1); /* minimum compatible version */
    out->size = XERIAL_HEADER;
    for (size_t at = 0; at < length; at += XERIAL_BLOCK) {
        size_t chunk = length - at < XERIAL_BLOCK ? length - at : XERIAL_BLOCK;
        size_t written = out->capacity - out->size - 4;
        if (snappy_compress((const char *)input + at, chunk, (char *)out->data + out->size + 4, &written) != SNAPPY_OK)
            FAIL(FJORD_COMPRESSION_CORRUPT, "snappy compression failed");
        put_be32(out->data + out->size, (uint32_t)written);
        out->size += 4 + written;
    }
    return FJORD_COMPRESSION_OK;
}

static int snappy_block(const uint8_t *block, size_t length, size_t limit, fjord_output *out, const char **error) {
    size_t produced = 0;
    if (snappy_uncompressed_length((const char *)block, length, &produced) != SNAPPY_OK)
        FAIL(FJORD_COMPRESSION_CORRUPT, "snappy block header is corrupt");
    if (produced > limit || out->size > limit - produced)
        FAIL(FJORD_COMPRESSION_TOO_LARGE, reserve_message(FJORD_COMPRESSION_TOO_LARGE));
    int rc = output_reserve(out, out->size + produced, limit);
    if (rc != FJORD_COMPRESSION_OK) FAIL(rc, reserve_message(rc));
    size_t written = produced;
    if (produced > 0 &&
        snappy_uncompress((const char *)block, length, (char *)out->data + out->size, &written) != SNAPPY_OK)
        FAIL(FJORD_COMPRESSION_CORRUPT, "snappy block is corrupt");
    if (written != produced) FAIL(FJORD_COMPRESSION_CORRUPT, "snappy block length mismatch");
    out->size += written;
    return FJORD_COMPRESSION_OK;
}

/* Java writes xerial frames, librdkafka raw blocks; the magic tells them apart. The two version ints are
 * deliberately ignored: some writers put them in little-endian. */
static int snappy_decompress(const uint8_t *input, size_t length, size_t limit, fjord_output *out, const char **error) {
    if (length < 8 || memcmp(input, xerial_magic, 8) != 0) return snappy_block(input, length, limit, out, error);
    if (length < XERIAL_HEADER) FAIL(FJORD_COMPRESSION_CORRUPT, "xerial snappy header is truncated");
    size_t at = XERIAL_HEADER;
    while (at < length) {
        if (length - at < 4) FAIL(FJORD_COMPRESSION_CORRUPT, "xerial snappy block length is truncated");
        size_t block = get_be32(input + at);
        at += 4;
        if (block > length - at) FAIL(FJORD_COMPRESSION_CORRUPT, "xerial snappy block is truncated");
        int rc = snappy_block(input + at, block, limit, out, error);
        if (rc != FJORD_COMPRESSION_OK) return rc;
        at += block;
    }
    return FJORD_COMPRESSION_OK;
}

/* ---------- lz4 frame ---------- */

static int lz4_compress(const uint8_t *input, size_t length, int level, fjord_output *out, const char **error) {
    LZ4F_preferences_t prefs;
    memset(&prefs, 0, sizeof prefs);
    /* What Java's KafkaLZ4BlockOutputStream writes: 64 KiB independent blocks, no checksums. */
    prefs.frameInfo.blockSizeID = LZ4F_max64KB;
    prefs.frameInfo.blockMode = LZ4F_blockIndependent;
    prefs.compressionLevel = level < 0 ? 0 : level;
    size_t bound = LZ4F_compressFrameBound(length, &prefs);
    int rc = output_reserve(out, bound, SIZE_MAX - 1);
    if (rc != FJORD_COMPRESSION_OK) FAIL(rc, reserve_message(rc));
    size_t written = LZ4F_compressFrame(out->data, out->capacity, input, length, &prefs);
    if (LZ4F_isError(written)) FAIL(FJORD_COMPRESSION_CORRUPT, "lz4 compression failed");
    out->size = written;
    return FJORD_COMPRESSION_OK;
}

static int lz4_decompress(const uint8_t *input, size_t length, size_t limit, fjord_output *out, const char **error) {
    LZ4F_dctx *dctx = NULL;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION)))
        FAIL(FJORD_COMPRESSION_NO_MEMORY, "lz4 context allocation failed");
    size_t at = 0;
    int code = FJORD_COMPRESSION_OK;
    const char *message = NULL;
    for (;;) {
        int grown = output_grow(out, limit);
        if (grown != FJORD_COMPRESSION_OK) {
            code = grown;
            message = reserve_message(grown);
            break;
        }
        size_t room = out->capacity - out->size;
        size_t consumed = length - at;
        size_t hint = LZ4F_decompress(dctx, out->data + out->size, &room, input + at, &consumed, NULL);
        if (LZ4F_isError(hint)) {
            code = FJORD_COMPRESSION_CORRUPT;
            message = "lz4 frame is corrupt";
            break;
        }
        at += consumed;
        out->size += room;
        if (hint == 0 && at == length) break; /* frame (or frames) complete */
        if (consumed == 0 && room == 0 && at == length) {
            code = FJORD_COMPRESSION_CORRUPT;
            message = "lz4 frame is truncated";
            break;
        }
    }
    LZ4F_freeDecompressionContext(dctx);
    if (code == FJORD_COMPRESSION_OK && out->size > limit) {
        code = FJORD_COMPRESSION_TOO_LARGE;
        message = reserve_message(code);
    }
    if (code != FJORD_COMPRESSION_OK) FAIL(code, message);
    return code;
}

/* ---------- zstd ---------- */

static int zstd_compress(const uint8_t *input, size_t length, int level, fjord_output *out, const char **error) {
    size_t bound = ZSTD_compressBound(length);
    int rc = output_reserve(out, bound, SIZE_MAX - 1);
    if (rc != FJORD_COMPRESSION_OK) FAIL(rc, reserve_message(rc));
    size_t written = ZSTD_compress(out->data, out->capacity, input, length, level == INT_MIN ? ZSTD_CLEVEL_DEFAULT : level);
    if (ZSTD_isError(written)) FAIL(FJORD_COMPRESSION_CORRUPT, "zstd compression failed");
    out->size = written;
    return FJORD_COMPRESSION_OK;
}

/* Streaming, because Java's zstd frames need not carry the content size. */
static int zstd_decompress(const uint8_t *input, size_t length, size_t limit, fjord_output *out, const char **error) {
    ZSTD_DCtx *dctx = ZSTD_createDCtx();
    if (!dctx) FAIL(FJORD_COMPRESSION_NO_MEMORY, "zstd context allocation failed");
    ZSTD_inBuffer in = {input, length, 0};
    int code = FJORD_COMPRESSION_OK;
    const char *message = NULL;
    size_t hint = 1;
    for (;;) {
        int grown = output_grow(out, limit);
        if (grown != FJORD_COMPRESSION_OK) {
            code = grown;
            message = reserve_message(grown);
            break;
        }
        ZSTD_outBuffer o = {out->data, out->capacity, out->size};
        size_t before_in = in.pos;
        hint = ZSTD_decompressStream(dctx, &o, &in);
        size_t produced = o.pos - out->size;
        out->size = o.pos;
        if (ZSTD_isError(hint)) {
            code = FJORD_COMPRESSION_CORRUPT;
            message = "zstd frame is corrupt";
            break;
        }
        if (hint == 0 && in.pos == in.size) break;
        if (produced == 0 && in.pos == before_in && in.pos == in.size) {
            code = FJORD_COMPRESSION_CORRUPT;
            message = "zstd frame is truncated";
            break;
        }
    }
    ZSTD_freeDCtx(dctx);
    if (code == FJORD_COMPRESSION_OK && out->size > limit) {
        code = FJORD_COMPRESSION_TOO_LARGE;
        message = reserve_message(code);
    }
    if (code != FJORD_COMPRESSION_OK) FAIL(code, message);
    return code;
}

/* ---------- dispatch ---------- */

int fjord_compress(int codec, const uint8_t *input, size_t length, int level, fjord_output *output,
                   const char **error) {
    static const uint8_t empty = 0;
    if (!input) input = &empty;
    switch (codec) {
    case FJORD_CODEC_GZIP: return gzip_compress(input, length, level, output, error);
    case FJORD_CODEC_SNAPPY: return snappy_compress_xerial(input, length, output, error);
    case FJORD_CODEC_LZ4: return lz4_compress(input, length, level, output, error);
    case FJORD_CODEC_ZSTD: return zstd_compress(input, length, level, output, error);
    default: FAIL(FJORD_COMPRESSION_UNKNOWN_CODEC, "unknown compression codec");
    }
}

int fjord_decompress(int codec, const uint8_t *input, size_t length, size_t max_output, fjord_output *output,
                     const char **error) {
    static const uint8_t empty = 0;
    if (!input) input = &empty;
    switch (codec) {
    case FJORD_CODEC_GZIP: return gzip_decompress(input, length, max_output, output, error);
    case FJORD_CODEC_SNAPPY: return snappy_decompress(input, length, max_output, output, error);
    case FJORD_CODEC_LZ4: return lz4_decompress(input, length, max_output, output, error);
    case FJORD_CODEC_ZSTD: return zstd_decompress(input, length, max_output, output, error);
    default: FAIL(FJORD_COMPRESSION_UNKNOWN_CODEC, "unknown compression codec");
    }
}

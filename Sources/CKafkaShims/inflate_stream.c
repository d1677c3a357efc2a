#include "CKafkaShims.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <lz4frame.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

/*
 * Streaming decompression for validation: the caller reads the decompressed records a window at a time
 * and never needs them all in memory. gzip, LZ4 frames and zstd stream natively into a fixed window.
 * Snappy has no streaming decoder, so it goes a block at a time: one xerial block (32 KiB from Java), or
 * the whole payload for a raw block (librdkafka), in a buffer sized from the block's own header after
 * that header is checked against what the block's compressed size can possibly expand to.
 *
 * Contexts and buffers survive from one payload to the next (one inflater per thread), so a steady
 * stream of compressed batches costs no allocation; buffers grown past FJORD_INFLATER_RETAIN by an
 * unusual payload are released again in fjord_inflater_end.
 */

#define FAIL(code, message)                                                                                            \
    do {                                                                                                               \
        *error = (message);                                                                                            \
        inf->state = STATE_FAILED;                                                                                     \
        return (code);                                                                                                 \
    } while (0)

enum { WINDOW = 64 * 1024 };
enum { STATE_IDLE, STATE_RUNNING, STATE_DONE, STATE_FAILED };
/* Buffers (snappy blocks, zstd's window) larger than this are freed after each payload. */
#define FJORD_INFLATER_RETAIN ((size_t)16 * 1024 * 1024)
#define SNAPPY_BLOCK_RETAIN ((size_t)2 * 1024 * 1024)

struct fjord_inflater {
    int codec;
    int state;
    const uint8_t *input;
    size_t length;
    size_t at;
    size_t limit;
    size_t produced;

    uint8_t *window;
    uint8_t *block;
    size_t block_capacity;

    z_stream zs;
    int zs_ready;
    LZ4F_dctx *lz4;
    ZSTD_DCtx *zstd;
};

static const uint8_t xerial_magic[8] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
enum { XERIAL_HEADER = 16 };

fjord_inflater *fjord_inflater_create(void) {
    fjord_inflater *inf = calloc(1, sizeof *inf);
    return inf;
}

void fjord_inflater_destroy(fjord_inflater *inf) {
    if (!inf) return;
    free(inf->window);
    free(inf->block);
    if (inf->zs_ready) inflateEnd(&inf->zs);
    if (inf->lz4) LZ4F_freeDecompressionContext(inf->lz4);
    if (inf->zstd) ZSTD_freeDCtx(inf->zstd);
    free(inf);
}

int fjord_inflater_begin(fjord_inflater *inf, int codec, const uint8_t *input, size_t length, size_t max_output,
                         const char **error) {
    static const uint8_t empty = 0;
    inf->codec = codec;
    inf->input = input ? input : &empty;
    inf->length = length;
    inf->at = 0;
    inf->limit = max_output;
    inf->produced = 0;
    inf->state = STATE_RUNNING;

    if (codec != FJORD_CODEC_SNAPPY && !inf->window) {
        inf->window = malloc(WINDOW);
        if (!inf->window) FAIL(FJORD_COMPRESSION_NO_MEMORY, "out of memory");
    }
    switch (codec) {
    case FJORD_CODEC_GZIP:
        if (length > UINT_MAX) FAIL(FJORD_COMPRESSION_TOO_LARGE, "gzip input too large");
        if (!inf->zs_ready) {
            memset(&inf->zs, 0, sizeof inf->zs);
            /* 15 + 32: detect the gzip or zlib wrapper from the header, as lenient producers send either. */
            if (inflateInit2(&inf->zs, 15 + 32) != Z_OK) FAIL(FJORD_COMPRESSION_NO_MEMORY, "inflateInit2 failed");
            inf->zs_ready = 1;
        } else if (inflateReset(&inf->zs) != Z_OK) {
            FAIL(FJORD_COMPRESSION_NO_MEMORY, "inflateReset failed");
        }
        inf->zs.next_in = (Bytef *)inf->input;
        inf->zs.avail_in = (uInt)length;
        return FJORD_COMPRESSION_OK;
    case FJORD_CODEC_SNAPPY:
        return FJORD_COMPRESSION_OK;
    case FJORD_CODEC_LZ4:
        if (!inf->lz4) {
            if (LZ4F_isError(LZ4F_createDecompressionContext(&inf->lz4, LZ4F_VERSION))) {
                inf->lz4 = NULL;
                FAIL(FJORD_COMPRESSION_NO_MEMORY, "lz4 context allocation failed");
            }
        } else {
            LZ4F_resetDecompressionContext(inf->lz4);
        }
        return FJORD_COMPRESSION_OK;
    case FJORD_CODEC_ZSTD:
        if (!inf->zstd) {
            inf->zstd = ZSTD_createDCtx();
            if (!inf->zstd) FAIL(FJORD_COMPRESSION_NO_MEMORY, "zstd context allocation failed");
        } else {
            ZSTD_DCtx_reset(inf->zstd, ZSTD_reset_session_only);
        }
        return FJORD_COMPRESSION_OK;
    default:
        FAIL(FJORD_COMPRESSION_UNKNOWN_CODEC, "unknown compression codec");
    }
}

/* Counts `count` more bytes of output against the limit. */
static int account(fjord_inflater *inf, size_t count, const char **error) {
    if (count > inf->limit - inf->produced) FAIL(FJORD_COMPRESSION_TOO_LARGE, "decompressed size exceeds the limit");
    inf->produced += count;
    return FJORD_COMPRESSION_OK;
}

static int gzip_next(fjord_inflater *inf, size_t *filled, const char **error) {
    z_stream *zs = &inf->zs;
    zs->next_out = inf->window;
    zs->avail_out = WINDOW;
    for (;;) {
        int rc = inflate(zs, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            /* Java's GZIPInputStream reads concatenated members, so we do too. */
            if (zs->avail_in == 0) {
                inf->state = STATE_DONE;
                break;
            }
            if (inflateReset(zs) != Z_OK) FAIL(FJORD_COMPRESSION_CORRUPT, "gzip stream is corrupt");
        } else if (rc == Z_BUF_ERROR) {
            /* No progress although the window has room: the input ran out (or, never seen, zlib is stuck). */
            FAIL(FJORD_COMPRESSION_CORRUPT, zs->avail_in == 0 ? "gzip stream is truncated" : "gzip stream is corrupt");
        } else if (rc != Z_OK) {
            FAIL(FJORD_COMPRESSION_CORRUPT, "gzip stream is corrupt");
        }
        if (zs->avail_out == 0) break;
    }
    *filled = WINDOW - zs->avail_out;
    return FJORD_COMPRESSION_OK;
}

static int lz4_next(fjord_inflater *inf, size_t *filled, const char **error) {
    size_t out = 0;
    for (;;) {
        size_t room = WINDOW - out;
        size_t consumed = inf->length - inf->at;
        size_t hint = LZ4F_decompress(inf->lz4, inf->window + out, &room, inf->input + inf->at, &consumed, NULL);
        if (LZ4F_isError(hint)) FAIL(FJORD_COMPRESSION_CORRUPT, "lz4 frame is corrupt");
        inf->at += consumed;
        out += room;
        if (hint == 0 && inf->at == inf->length) {
            inf->state = STATE_DONE; /* frame (or frames) complete */
            break;
        }
        if (out == WINDOW) break;
        if (consumed == 0 && room == 0) {
            if (inf->at == inf->length) FAIL(FJORD_COMPRESSION_CORRUPT, "lz4 frame is truncated");
            FAIL(FJORD_COMPRESSION_CORRUPT, "lz4 frame is corrupt");
        }
    }
    *filled = out;
    return FJORD_COMPRESSION_OK;
}

static int zstd_next(fjord_inflater *inf, size_t *filled, const char **error) {
    ZSTD_inBuffer in = {inf->input, inf->length, inf->at};
    ZSTD_outBuffer out = {inf->window, WINDOW, 0};
    for (;;) {
        size_t before_in = in.pos, before_out = out.pos;
        size_t hint = ZSTD_decompressStream(inf->zstd, &out, &in);
        if (ZSTD_isError(hint)) FAIL(FJORD_COMPRESSION_CORRUPT, "zstd frame is corrupt");
        if (hint == 0 && in.pos == in.size) {
            inf->state = STATE_DONE;
            break;
        }
        if (out.pos == out.size) break;
        if (in.pos == before_in && out.pos == before_out)
            FAIL(FJORD_COMPRESSION_CORRUPT, in.pos == in.size ? "zstd frame is truncated" : "zstd frame is corrupt");
    }
    inf->at = in.pos;
    *filled = out.pos;
    return FJORD_COMPRESSION_OK;
}

/* One snappy block into inf->block. A valid block cannot expand by more than 64 bytes per 3 (a copy
 * element), so a header claiming more is a lie told to make us allocate. */
static int snappy_block_next(fjord_inflater *inf, const uint8_t *block, size_t length, size_t *filled,
                             const char **error) {
    size_t size = 0;
    if (snappy_uncompressed_length((const char *)block, length, &size) != SNAPPY_OK)
        FAIL(FJORD_COMPRESSION_CORRUPT, "snappy block header is corrupt");
    if (size / 24 > length + 8) FAIL(FJORD_COMPRESSION_CORRUPT, "snappy block claims an impossible length");
    if (size > inf->limit - inf->produced) FAIL(FJORD_COMPRESSION_TOO_LARGE, "decompressed size exceeds the limit");
    if (size > inf->block_capacity) {
        uint8_t *grown = realloc(inf->block, size);
        if (!grown) FAIL(FJORD_COMPRESSION_NO_MEMORY, "out of memory");
        inf->block = grown;
        inf->block_capacity = size;
    }
    size_t written = size;
    if (size > 0 && snappy_uncompress((const char *)block, length, (char *)inf->block, &written) != SNAPPY_OK)
        FAIL(FJORD_COMPRESSION_CORRUPT, "snappy block is corrupt");
    if (written != size) FAIL(FJORD_COMPRESSION_CORRUPT, "snappy block length mismatch");
    *filled = size;
    return FJORD_COMPRESSION_OK;
}

/* Java writes xerial frames, librdkafka raw blocks; the magic tells them apart. The two version ints are
 * deliberately ignored: some writers put them in little-endian. */
static int snappy_next(fjord_inflater *inf, size_t *filled, const char **error) {
    *filled = 0;
    int xerial = inf->length >= 8 && memcmp(inf->input, xerial_magic, 8) == 0;
    if (!xerial) {
        inf->state = STATE_DONE;
        return snappy_block_next(inf, inf->input, inf->length, filled, error);
    }
    if (inf->at == 0) {
        if (inf->length < XERIAL_HEADER) FAIL(FJORD_COMPRESSION_CORRUPT, "xerial snappy header is truncated");
        inf->at = XERIAL_HEADER;
    }
    /* Empty blocks produce nothing; skip them so that an empty answer always means the end. */
    while (*filled == 0) {
        if (inf->at == inf->length) {
            inf->state = STATE_DONE;
            return FJORD_COMPRESSION_OK;
        }
        if (inf->length - inf->at < 4) FAIL(FJORD_COMPRESSION_CORRUPT, "xerial snappy block length is truncated");
        const uint8_t *p = inf->input + inf->at;
        size_t block = (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | (size_t)p[3];
        inf->at += 4;
        if (block > inf->length - inf->at) FAIL(FJORD_COMPRESSION_CORRUPT, "xerial snappy block is truncated");
        int rc = snappy_block_next(inf, inf->input + inf->at, block, filled, error);
        if (rc != FJORD_COMPRESSION_OK) return rc;
        inf->at += block;
    }
    return FJORD_COMPRESSION_OK;
}

int fjord_inflater_next(fjord_inflater *inf, const uint8_t **data, size_t *length, const char **error) {
    *data = NULL;
    *length = 0;
    if (inf->state == STATE_FAILED) {
        *error = "decompression already failed";
        return FJORD_COMPRESSION_CORRUPT;
    }
    if (inf->state != STATE_RUNNING) return FJORD_COMPRESSION_OK;
    size_t filled = 0;
    int rc;
    switch (inf->codec) {
    case FJORD_CODEC_GZIP: rc = gzip_next(inf, &filled, error); break;
    case FJORD_CODEC_SNAPPY: rc = snappy_next(inf, &filled, error); break;
    case FJORD_CODEC_LZ4: rc = lz4_next(inf, &filled, error); break;
    case FJORD_CODEC_ZSTD: rc = zstd_next(inf, &filled, error); break;
    default: FAIL(FJORD_COMPRESSION_UNKNOWN_CODEC, "unknown compression codec");
    }
    if (rc != FJORD_COMPRESSION_OK) return rc;
    /* Snappy accounts for its block before allocating it; the windowed codecs here. */
    if (inf->codec != FJORD_CODEC_SNAPPY) {
        rc = account(inf, filled, error);
        if (rc != FJORD_COMPRESSION_OK) return rc;
    } else {
        inf->produced += filled;
    }
    *data = inf->codec == FJORD_CODEC_SNAPPY ? inf->block : inf->window;
    *length = filled;
    return FJORD_COMPRESSION_OK;
}

void fjord_inflater_end(fjord_inflater *inf) {
    inf->input = NULL;
    inf->length = 0;
    inf->at = 0;
    inf->state = STATE_IDLE;
    if (inf->block_capacity > SNAPPY_BLOCK_RETAIN) {
        free(inf->block);
        inf->block = NULL;
        inf->block_capacity = 0;
    }
    if (inf->zstd && ZSTD_sizeof_DCtx(inf->zstd) > FJORD_INFLATER_RETAIN) {
        ZSTD_freeDCtx(inf->zstd);
        inf->zstd = NULL;
    }
}

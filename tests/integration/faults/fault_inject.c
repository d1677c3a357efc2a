/*
 * An LD_PRELOAD library that makes file-system calls on chosen paths fail, for the integration
 * tests that check what the broker does when the disk or the descriptor table says no.
 *
 *   FJORD_FAULT_PATH   a substring; calls on paths containing it fail
 *   FJORD_FAULT_ERRNO  the errno they fail with (28 ENOSPC, 24 EMFILE, 13 EACCES ...)
 *
 * Only the calls Fjord's storage makes are wrapped: mkdir, open/openat (and their 64 variants)
 * and opendir. Everything else goes to libc untouched. Built by the tests with the system C
 * compiler (tests/integration/test_resource_limits.py); never part of the broker.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

static int should_fail(const char *path) {
    const char *pattern = getenv("FJORD_FAULT_PATH");
    const char *code = getenv("FJORD_FAULT_ERRNO");
    if (pattern == NULL || code == NULL || *pattern == '\0' || path == NULL) return 0;
    if (strstr(path, pattern) == NULL) return 0;
    errno = atoi(code);
    return 1;
}

typedef int (*mkdir_fn)(const char *, mode_t);
typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef DIR *(*opendir_fn)(const char *);

/* The libc function this one wraps, looked up once. */
#define NEXT(name, type) static type next_##name; if (!next_##name) next_##name = (type)dlsym(RTLD_NEXT, #name)

static mode_t variadic_mode(int flags, va_list args) {
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(args, int) : 0;
}

int mkdir(const char *path, mode_t mode) {
    NEXT(mkdir, mkdir_fn);
    if (should_fail(path)) return -1;
    return next_mkdir(path, mode);
}

int open(const char *path, int flags, ...) {
    NEXT(open, open_fn);
    va_list args; va_start(args, flags); mode_t mode = variadic_mode(flags, args); va_end(args);
    if (should_fail(path)) return -1;
    return next_open(path, flags, mode);
}

int open64(const char *path, int flags, ...) {
    NEXT(open64, open_fn);
    va_list args; va_start(args, flags); mode_t mode = variadic_mode(flags, args); va_end(args);
    if (should_fail(path)) return -1;
    return next_open64(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...) {
    NEXT(openat, openat_fn);
    va_list args; va_start(args, flags); mode_t mode = variadic_mode(flags, args); va_end(args);
    if (should_fail(path)) return -1;
    return next_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...) {
    NEXT(openat64, openat_fn);
    va_list args; va_start(args, flags); mode_t mode = variadic_mode(flags, args); va_end(args);
    if (should_fail(path)) return -1;
    return next_openat64(dirfd, path, flags, mode);
}

DIR *opendir(const char *path) {
    NEXT(opendir, opendir_fn);
    if (should_fail(path)) return NULL;
    return next_opendir(path);
}

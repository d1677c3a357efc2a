#if canImport(Glibc)
import Glibc
#endif

/// A plain pthread mutex. Storage methods block by design (they run on a thread pool), so a
/// blocking lock is the right tool and keeps the module free of extra dependencies.
final class Lock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Runs at the end of every `withLock` body, still under the lock: a partition log closes the
    /// files of inactive segments its operation opened (SegmentFile.swift).
    private let beforeUnlock: (() -> Void)?

    init(beforeUnlock: (() -> Void)? = nil) {
        self.beforeUnlock = beforeUnlock
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    @inline(__always)
    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer {
            beforeUnlock?()
            pthread_mutex_unlock(mutex)
        }
        return try body()
    }
}

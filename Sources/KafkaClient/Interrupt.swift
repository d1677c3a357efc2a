import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C for long-running client commands: the first SIGINT (or SIGTERM) asks the loop to stop
/// after the batch in hand, so a group consumer commits what it printed and leaves the group
/// instead of waiting out its session timeout; a second one kills the process as usual.
public enum Interrupt {
    private static let requested = Atomic<Bool>(false)

    public static var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Installs the handlers. Only an atomic store happens in the handler, which is signal-safe.
    public static func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { number in
                Interrupt.requested.store(true, ordering: .relaxed)
                signal(number, SIG_DFL)
            }
        }
    }
}

/// Kafka's rules for topic names (`Topic.validate`): they become directory names, so they are
/// restricted to `[a-zA-Z0-9._-]`, at most 249 characters, and may not be `.` or `..`.
public enum TopicName {
    public static let maxLength = 249

    /// Returns nil when the name is valid, else the reason Kafka would give.
    public static func validationError(_ name: String) -> String? {
        if name.isEmpty { return "Topic name is illegal, it can't be empty" }
        if name == "." || name == ".." { return "Topic name cannot be \".\" or \"..\"" }
        if name.utf8.count > maxLength {
            return "Topic name is illegal, it can't be longer than \(maxLength) characters, topic name: \(name)"
        }
        for byte in name.utf8 {
            let ok = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
            if !ok {
                return "Topic name \(name) is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"
            }
        }
        return nil
    }

    public static func isValid(_ name: String) -> Bool { validationError(name) == nil }

    /// Topics whose names start with `__` are Kafka-internal (e.g. `__consumer_offsets`).
    public static func isInternal(_ name: String) -> Bool { name == "__consumer_offsets" || name == "__transaction_state" }
}

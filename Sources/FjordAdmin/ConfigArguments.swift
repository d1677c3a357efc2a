/// `--config k=v` values, checked for shape before anything is sent.
public enum ConfigArguments {
    public struct Malformed: Error, CustomStringConvertible {
        public let argument: String
        public var description: String { "Invalid --config '\(argument)': expected key=value" }
    }

    public static func parse(_ arguments: [String]) throws(Malformed) -> [(String, String)] {
        var result: [(String, String)] = []
        for argument in arguments {
            guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex else { throw Malformed(argument: argument) }
            result.append((String(argument[..<eq]), String(argument[argument.index(after: eq)...])))
        }
        return result
    }
}

import Testing

@testable import ProtocolGen

@Suite("Schema parsing")
struct ParserTests {
    @Test("placeholder")
    func placeholder() {}
}

import KafkaClient
import Testing

@Suite struct JSONLineTests {
    @Test func readsStringAndNumberFields() throws {
        #expect(try JSONLine.field("orderId", in: #"{"orderId": "order-1", "n": 2}"#) == "order-1")
        #expect(try JSONLine.field("orderId", in: #"{"a":[1,{"b":null}],"orderId":42}"#) == "42")
        #expect(try JSONLine.field("orderId", in: #"  {"orderId":-1.5e3}  "#) == "-1.5e3")
    }

    @Test func unescapesStrings() throws {
        #expect(try JSONLine.field("k", in: #"{"k":"a\"b\\c\u00e9\ud83d\ude00"}"#) == "a\"b\\cé😀")
    }

    @Test func missingOrNullFieldsHaveNoKey() throws {
        #expect(try JSONLine.field("orderId", in: #"{"other":1}"#) == nil)
        #expect(try JSONLine.field("orderId", in: #"{"orderId":null}"#) == nil)
    }

    @Test(arguments: ["not json", "{\"a\":1", "[1,2]", "{\"a\":1} x", "{\"a\":01}", "{\"a\":tru}", "", "{'a':1}"])
    func rejectsInvalidLines(line: String) {
        #expect(throws: JSONLine.ParseError.self) { try JSONLine.field("a", in: line) }
    }

    @Test func quotesControlCharactersAndQuotes() {
        #expect(JSONLine.quote("a\"b\n\u{01}") == #""a\"b\n\u0001""#)
    }
}

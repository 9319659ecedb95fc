import Testing
@testable import Dom0TuneCore

@Suite struct JSONValueTests {
    @Test func parsesAndSerializesRoundTrip() throws {
        let text = #"{"v":1,"cmd":"status","args":{"refresh":true,"list":[1,2.5,"x\n",null]}}"#
        let value = try JSONValue.parse(text)
        #expect(value.serialized() == text)
        #expect(value["args"]?["list"]?[1]?.doubleValue == 2.5)
    }

    @Test(arguments: ["", "{", "[1,", "{\"a\" 1}", "tru", "\"\\x\"", "01", "1.", "[1] 2", "\"\u{01}\""])
    func refusesMalformedInput(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func refusesInvalidUTF8AndDeepNesting() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(String(repeating: "[", count: 100_000)) }
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
    }
}

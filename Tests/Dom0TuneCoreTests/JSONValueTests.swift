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

@Suite struct JSONValueHostileInputTests {
    private static func nested(_ depth: Int, open: String = "[", close: String = "]") -> String {
        String(repeating: open, count: depth) + String(repeating: close, count: depth)
    }

    @Test func nesting_upToTheLimit_parses_andOneMoreLevelIsRefused() throws {
        _ = try JSONValue.parse(Self.nested(64))
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Self.nested(65)) }
        let objects = String(repeating: #"{"a":"#, count: 64) + "1" + String(repeating: "}", count: 64)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(objects) }
        let fitting = String(repeating: #"{"a":"#, count: 63) + "1" + String(repeating: "}", count: 63)
        _ = try JSONValue.parse(fitting)
        _ = try JSONValue.parse(Self.nested(3), maxDepth: 3)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Self.nested(4), maxDepth: 4 - 1) }
    }

    @Test func deepNesting_isRefusedAtTheFirstLevelTooDeep_withoutExhaustingTheStack() {
        for open in ["[", #"{"k":"#] {
            #expect(throws: JSONParseError(offset: 64 * open.utf8.count, reason: "nested deeper than 64 levels")) {
                try JSONValue.parse(String(repeating: open, count: 1_000_000))
            }
        }
    }

    @Test func int64Extremes_stayExact_andBeyondBecomeDoubles() throws {
        #expect(try JSONValue.parse("9223372036854775807") == .int(.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONValue.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue.parse("9223372036854775808").intValue == nil)
        #expect(try JSONValue.parse("-0") == .int(0))
        #expect(try JSONValue.parse("1e2") == .double(100))
        #expect(try JSONValue.parse("1e2").intValue == 100)
    }

    @Test(arguments: ["1e400", "-1e400", "1" + String(repeating: "0", count: 400), "1" + String(repeating: "0", count: 1 << 20)])
    func numbersBeyondDouble_areRefused_notInfinite(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func tinyNumbers_underflowToZero() throws {
        #expect(try JSONValue.parse("1e-400") == .double(0))
    }

    @Test(arguments: [#""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\ud800x""#, #""\ud83d\ud83d""#, #""\udfff\ud800""#, #""\ud800\"#, #""\u12"#, #""\u12G4""#])
    func loneSurrogatesAndBrokenEscapes_areRefused(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test(arguments: [
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x80, 0x80, 0x80],
        [0xF0, 0x8F, 0xBF, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
        [0xFE], [0xFF], [0xE2, 0x82], [0xC3], [0xC3, 0x41], [0xE2, 0x28, 0xA1],
    ] as [[UInt8]])
    func invalidAndOverlongUTF8InStrings_isRefused(_ sequence: [UInt8]) {
        do {
            _ = try JSONValue.parse(bytes: [0x22] + sequence + [0x22])
            Issue.record("accepted \(sequence)")
        } catch {
            #expect(error.offset == 1 || error.offset == 1 + sequence.count, "\(error)")
        }
    }

    @Test func validMultibyteUTF8_decodes_atEveryLength() throws {
        #expect(try JSONValue.parse(bytes: [0x22, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF, 0x22])
            == .string("é€😀\u{10FFFF}"))
        #expect(try JSONValue.parse(bytes: [0x22, 0xEF, 0xBF, 0xBD, 0x22]) == .string("\u{FFFD}"))
    }

    @Test func invalidBytesOutsideStrings_areRefused() {
        for bytes: [UInt8] in [[0xFF], [0xEF, 0xBB, 0xBF, 0x31], [0x5B, 0x31, 0xC0, 0x5D], [0x00], [0x31, 0x00]] {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes: bytes) }
        }
    }

    @Test func onlyJSONWhitespace_isAllowedAroundTokens() throws {
        #expect(try JSONValue.parse(" \t\r\n[ 1 ,\n2 ]\r\n") == [1, 2])
        for text in ["\u{0C}1", "\u{A0}1", "1\u{0B}", "\u{2028}1"] {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
        }
    }

    @Test func rawControlCharactersInStrings_areRefused_butEscapedOnesDecode() throws {
        for byte in UInt8(0)..<0x20 {
            #expect(throws: JSONParseError(offset: 2, reason: "control character in string")) {
                try JSONValue.parse(bytes: [0x22, 0x61, byte, 0x22])
            }
        }
        #expect(try JSONValue.parse(#""\u0000\b\f\n\r\t\/\\\"""#) == .string("\u{0}\u{8}\u{C}\n\r\t/\\\""))
    }

    @Test func duplicateKeys_keepTheLastValue_atTheFirstPosition() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func errors_carryTheByteOffsetOfTheProblem() {
        #expect(throws: JSONParseError(offset: 3, reason: "unexpected character")) { try JSONValue.parse("[1,]") }
        #expect(throws: JSONParseError(offset: 4, reason: "unexpected data after the document")) { try JSONValue.parse("{}  x") }
        #expect(throws: JSONParseError(offset: 1, reason: "unexpected end of input")) { try JSONValue.parse("[") }
        #expect(JSONParseError(offset: 7, reason: "r").description == "invalid JSON at byte 7: r")
    }

    @Test func garbage_neverTraps() {
        var state: UInt32 = 42
        let alphabet = Array(#"[]{}",:0123456789.eE+-truefalsn\u"#.utf8) + [0x20, 0x0A, 0xC3, 0xA9, 0xED, 0xF0, 0x9F]
        for length in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<length {
                state = state &* 1_664_525 &+ 1_013_904_223
                bytes.append(alphabet[Int(state >> 16) % alphabet.count])
            }
            _ = try? JSONValue.parse(bytes: bytes)
        }
        for input in HostileInput.all { _ = try? JSONValue.parse(input) }
    }

    // MARK: - Serialization

    @Test func serialization_escapesEveryControlCharacter_andStaysOnOneLine() throws {
        var text = ""
        for value in UInt32(0)..<0x20 { text.unicodeScalars.append(Unicode.Scalar(value)!) }
        text += "\u{7F}\u{2028}\u{2029}\"\\/é😀"
        let out = JSONValue.string(text).serialized()
        #expect(out == #""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\t\n\u000b\u000c\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f\u2028\u2029\"\\/é😀""#)
        #expect(out.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F })
        #expect(try JSONValue.parse(out) == .string(text))
    }

    @Test func serialization_copiesPlainText_andEscapesWhereverTheSpecialCharacterSits() throws {
        // The fast path takes strings with nothing to escape whole; "€" shares U+2028's lead byte.
        #expect(JSONValue.string("weight 512 é € 😀").serialized() == "\"weight 512 é € 😀\"")
        for text in ["a\"", "\"a", "a\u{2028}", "€\u{2029}€", "ab\\", "\u{7F}", "x\ty"] {
            let out = JSONValue.string(text).serialized()
            #expect(!out.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x2028 || $0.value == 0x2029 })
            #expect(try JSONValue.parse(out) == .string(text))
        }
        let sliced = String("xx plain text xx".dropFirst(3).dropLast(3))
        #expect(JSONValue.string(sliced).serialized() == "\"plain text\"")
    }

    @Test func serialization_escapesKeysToo() throws {
        let value: JSONValue = .object(["a\nb\"c\u{1}": "x"])
        #expect(value.serialized() == #"{"a\nb\"c\u0001":"x"}"#)
        #expect(try JSONValue.parse(value.serialized()) == value)
    }

    @Test func serialization_writesNonFiniteDoublesAsNull_andIntegralDoublesWithoutAFraction() {
        #expect(JSONValue.array([.double(.nan), .double(.infinity), .double(-.infinity)]).serialized() == "[null,null,null]")
        #expect(JSONValue.double(3).serialized() == "3")
        #expect(JSONValue.double(-0.0).serialized() == "0")
        #expect(JSONValue.double(0.5).serialized() == "0.5")
    }

    @Test(arguments: [1e300, 1e15, 1e-7, -2.5e-300, 123456.789, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude])
    func serializedDoubles_areValidJSON_andRoundTrip(_ number: Double) throws {
        let out = JSONValue.double(number).serialized()
        let back = try JSONValue.parse(out)
        #expect(back.doubleValue == number, "\(out)")
    }

    @Test func prettySerialization_roundTrips_andIndentsTwoSpaces() throws {
        let value: JSONValue = ["a": [1, "x\ny", ["b": nil]], "c": [:], "d": []]
        let pretty = value.prettySerialized()
        #expect(pretty == "{\n  \"a\": [\n    1,\n    \"x\\ny\",\n    {\n      \"b\": null\n    }\n  ],\n  \"c\": {},\n  \"d\": []\n}")
        #expect(try JSONValue.parse(pretty) == value)
    }
}

import Testing
@testable import Dom0TuneCore

@Suite struct ConfigValueTests {
    @Test(arguments: [
        ("10", Duration.seconds(10)), ("10s", .seconds(10)), ("500ms", .milliseconds(500)), ("1min 30s", .seconds(90)),
        ("1min30s", .seconds(90)), ("2h", .seconds(7200)), ("1.5s", .milliseconds(1500)), ("10 s", .seconds(10)),
        ("  5sec\t", .seconds(5)), ("250us", .microseconds(250)), ("1h 1m 1s 1ms", .milliseconds(3_661_001)),
        ("0", .zero), ("3 minutes", .seconds(180)), ("1hr", .seconds(3600)),
    ])
    func timeSpan_acceptsSystemdSpellings(_ text: String, _ expected: Duration) {
        #expect(ConfigValue.timeSpan(text) == expected)
    }

    @Test(arguments: [
        "", " ", "-1", "abc", "10x", "s", "1e3", "+5", "1..2s", ".", "inf", "nan", "0x10", "5 5x", "10s -1",
        "1M", "٣s", "1_000",
    ])
    func timeSpan_refusesOtherText(_ text: String) {
        #expect(ConfigValue.timeSpan(text) == nil)
    }

    @Test(arguments: ["999999999h", "99999999999999999999", "1e308", "9999999999999min", "999999999 999999999"])
    func timeSpan_refusesHugeSpans_insteadOfOverflowing(_ text: String) {
        #expect(ConfigValue.timeSpan(text) == nil)
    }

    @Test func timeSpan_onAMegabyteOfInput_returnsWithoutTrapping() {
        #expect(ConfigValue.timeSpan(HostileInput.megabyteLine) == nil)
        #expect(ConfigValue.timeSpan(String(repeating: "1s ", count: 300_000)) == .seconds(300_000))
        #expect(ConfigValue.timeSpan(String(repeating: "9", count: 1 << 20)) == nil)
    }

    @Test func integer_acceptsOnlyDecimalsWithinTheRange() {
        #expect(ConfigValue.integer("1", in: 1...65535) == 1)
        #expect(ConfigValue.integer("65535", in: 1...65535) == 65535)
        #expect(ConfigValue.integer("0", in: 1...65535) == nil)
        #expect(ConfigValue.integer("65536", in: 1...65535) == nil)
        for text in ["", " 5", "5 ", "0x10", "1e3", "5.0", "abc", HostileInput.hugeNumber, "-1", "1_000"] {
            #expect(ConfigValue.integer(text, in: 0...Int.max) == nil, "\(text)")
        }
    }

    @Test func boolean_acceptsSystemdSpellings_inAnyCase() {
        for yes in ["1", "yes", "y", "true", "t", "on", "YES", "True", "On"] { #expect(ConfigValue.boolean(yes) == true) }
        for no in ["0", "no", "n", "false", "f", "off", "NO", "Off"] { #expect(ConfigValue.boolean(no) == false) }
        for other in ["", "2", "enable", "yess", " yes"] { #expect(ConfigValue.boolean(other) == nil) }
    }

    @Test func quoted_shortensAndNeutralisesUntrustedText() {
        #expect(ConfigValue.quoted("abc") == "'abc'")
        #expect(ConfigValue.quoted("a\u{0}b\nc\u{7F}") == "'a?b?c?'")
        let long = ConfigValue.quoted(HostileInput.megabyteLine)
        #expect(long == "'" + String(repeating: "x", count: 60) + "…'")
    }

    @Test func durationHelpers_convertToSecondsMillisecondsAndMicroseconds() {
        let span = Duration.milliseconds(1500)
        #expect(span.seconds == 1.5)
        #expect(span.milliseconds == 1500)
        #expect(span.microseconds == 1_500_000)
        #expect(Duration.nanoseconds(1_999).microseconds == 1)
    }
}

/// A file in libxlu's config syntax: `/etc/xen/xl.conf` and guest configs
/// (`/etc/xen/*.cfg`). `key = value` statements ended by a newline or `;`; values are
/// `"strings"`, `'strings'`, numbers, or `[lists, of, values]` that may span lines;
/// `#` starts a comment. A bare word is accepted as a string too (xl itself would refuse
/// it, but the intent is clear). A key set twice keeps its last value, as in libxlu.
public struct XlConfigFile: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// A string or number, as text (libxlu keeps numbers as text too).
        case atom(String)
        case list([Value])

        public var atom: String? {
            if case .atom(let text) = self { return text }
            return nil
        }
    }

    public struct Setting: Sendable, Equatable {
        public var value: Value
        public var line: Int
    }

    public var settings: [String: Setting]

    static let maximumLength = 1 << 20
    static let maximumListNesting = 8

    /// - Throws: ``InputParseError`` with the line of the first syntax error.
    public init(parsing text: String, source: String) throws(InputParseError) {
        guard text.utf8.count <= Self.maximumLength else {
            throw InputParseError(source: source, message: "file is larger than \(Self.maximumLength) bytes")
        }
        var scanner = Scanner(characters: Array(text), source: source)
        settings = try scanner.parseFile()
    }

    public subscript(key: String) -> Setting? { settings[key] }

    private struct Scanner {
        let characters: [Character]
        let source: String
        var index = 0
        var line = 1

        var current: Character? { index < characters.count ? characters[index] : nil }

        func error(_ message: String) -> InputParseError {
            InputParseError(source: source, line: line, message: message)
        }

        /// Skips blanks and comments; newlines too when `newlines` is set.
        mutating func skip(newlines: Bool) {
            while let character = current {
                if character == " " || character == "\t" || character == "\r" {
                    index += 1
                } else if character == "#" {
                    while let next = current, next != "\n" { index += 1 }
                } else if character == "\n" && newlines {
                    line += 1
                    index += 1
                } else {
                    return
                }
            }
        }

        static func isWordCharacter(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || "._-+:/^,".contains(character))
        }

        mutating func parseFile() throws(InputParseError) -> [String: Setting] {
            var settings: [String: Setting] = [:]
            while true {
                skip(newlines: true)
                while current == ";" { index += 1; skip(newlines: true) }
                guard current != nil else { return settings }
                var key = ""
                while let character = current, character.isASCII,
                    character.isLetter || character.isNumber || character == "_" || character == "."
                {
                    key.append(character)
                    index += 1
                }
                guard !key.isEmpty else { throw error("expected a setting name, found '\(current.map(String.init) ?? "")'") }
                skip(newlines: false)
                guard current == "=" else { throw error("expected '=' after '\(key)'") }
                index += 1
                skip(newlines: false)
                let line = self.line
                let value = try parseValue(depth: 0)
                settings[key] = Setting(value: value, line: line)
                skip(newlines: false)
                guard current == nil || current == "\n" || current == ";" else {
                    throw error("unexpected '\(current!)' after the value of '\(key)'")
                }
            }
        }

        mutating func parseValue(depth: Int) throws(InputParseError) -> Value {
            guard let character = current else { throw error("missing value") }
            switch character {
            case "\"", "'":
                index += 1
                var text = ""
                while let next = current, next != character {
                    if next == "\n" { throw error("unterminated string") }
                    if next == "\\" {
                        index += 1
                        guard let escaped = current else { break }
                        switch escaped {
                        case "n": text.append("\n")
                        case "t": text.append("\t")
                        default: text.append(escaped)
                        }
                        index += 1
                        continue
                    }
                    text.append(next)
                    index += 1
                }
                guard current == character else { throw error("unterminated string") }
                index += 1
                return .atom(text)
            case "[":
                guard depth < maximumListNesting else { throw error("lists nested too deeply") }
                index += 1
                var items: [Value] = []
                while true {
                    skip(newlines: true)
                    if current == "]" { index += 1; return .list(items) }
                    items.append(try parseValue(depth: depth + 1))
                    skip(newlines: true)
                    if current == "," { index += 1; continue }
                    guard current == "]" else { throw error("expected ',' or ']' in a list") }
                }
            default:
                var text = ""
                while let next = current, Self.isWordCharacter(next), !(depth > 0 && next == ",") {
                    text.append(next)
                    index += 1
                }
                guard !text.isEmpty else { throw error("unexpected '\(character)'") }
                return .atom(text)
            }
        }
    }
}

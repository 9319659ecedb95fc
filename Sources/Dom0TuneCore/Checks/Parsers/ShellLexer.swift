/// Splits POSIX shell text into words and operators: quoting (`'…'`, `"…"`, `\`),
/// comments, line continuations, `$NAME`, `${NAME}`, `$(…)` and `` `…` ``.
/// Enough of the language for `/etc/default/grub` and its drop-ins; it never executes.
struct ShellLexer {
    /// Input larger than this is refused (a GRUB defaults file is a few KiB).
    static let maximumLength = 1 << 20
    /// `$(…)` nested deeper than this is refused.
    static let maximumNesting = 16

    private let characters: [Character]
    private var index = 0
    private var line = 1
    private let source: String

    init(_ text: String, source: String) {
        characters = Array(text)
        self.source = source
    }

    static func tokens(_ text: String, source: String) throws(InputParseError) -> [ShellToken] {
        guard text.utf8.count <= maximumLength else {
            throw InputParseError(source: source, message: "file is larger than \(maximumLength) bytes")
        }
        var lexer = ShellLexer(text, source: source)
        return try lexer.run()
    }

    private func error(_ message: String) -> InputParseError {
        InputParseError(source: source, line: line, message: message)
    }

    private var current: Character? { index < characters.count ? characters[index] : nil }
    private func peek(_ offset: Int = 1) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private mutating func run() throws(InputParseError) -> [ShellToken] {
        var tokens: [ShellToken] = []
        var word = ShellWord()
        var wordLine = line

        func flush() {
            if !word.isEmpty { tokens.append(.word(word, line: wordLine)) }
            word = ShellWord()
        }

        while let character = current {
            if word.isEmpty { wordLine = line }
            switch character {
            case " ", "\t", "\r":
                flush()
                index += 1
            case "\n":
                flush()
                tokens.append(.separator(line: line))
                line += 1
                index += 1
            case "#" where word.isEmpty:
                while let next = current, next != "\n" { index += 1 }
            case ";":
                flush()
                tokens.append(.separator(line: line))
                index += 1
                if current == ";" { index += 1 }  // `;;` in case arms
            case "&":
                flush()
                if peek() == "&" { tokens.append(.and); index += 2 } else { tokens.append(.background); index += 1 }
            case "|":
                flush()
                if peek() == "|" { tokens.append(.or); index += 2 } else { tokens.append(.pipe); index += 1 }
            case "(":
                flush()
                tokens.append(.openParen)
                index += 1
            case ")":
                flush()
                tokens.append(.closeParen)
                index += 1
            case ">", "<":
                // An io-number such as the 2 of `2>` belongs to the redirection.
                if let text = word.literalText, !word.quoted, !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    word = ShellWord()
                }
                flush()
                tokens.append(.redirect)
                index += 1
                while let next = current, next == ">" || next == "<" || next == "&" || next == "|" { index += 1 }
            case "\\":
                if peek() == "\n" {
                    index += 2
                    line += 1
                } else if let next = peek() {
                    word.appendLiteral(String(next))
                    index += 2
                } else {
                    index += 1
                }
            case "'":
                index += 1
                var text = ""
                while let next = current, next != "'" {
                    if next == "\n" { line += 1 }
                    text.append(next)
                    index += 1
                }
                guard current == "'" else { throw error("unterminated single quote") }
                index += 1
                word.appendLiteral(text)
                word.quoted = true
            case "\"":
                index += 1
                try readDoubleQuoted(into: &word, depth: 0)
                word.quoted = true
            case "$":
                try readDollar(into: &word, depth: 0)
            case "`":
                word.parts.append(.command(try readBackquoted()))
            default:
                word.appendLiteral(String(character))
                index += 1
            }
        }
        flush()
        return tokens
    }

    /// After the opening `"`: reads up to the closing one.
    private mutating func readDoubleQuoted(into word: inout ShellWord, depth: Int) throws(InputParseError) {
        while let character = current {
            switch character {
            case "\"":
                index += 1
                if word.parts.isEmpty { word.appendLiteral("") }
                return
            case "\\":
                guard let next = peek() else { index += 1; continue }
                if next == "\n" {
                    line += 1
                } else if "$`\"\\".contains(next) {
                    word.appendLiteral(String(next))
                } else {
                    word.appendLiteral("\\" + String(next))
                }
                index += 2
            case "$":
                try readDollar(into: &word, depth: depth)
            case "`":
                word.parts.append(.command(try readBackquoted()))
            default:
                if character == "\n" { line += 1 }
                word.appendLiteral(String(character))
                index += 1
            }
        }
        throw error("unterminated double quote")
    }

    /// At a `` ` ``: the command up to the closing one (`\x` keeps x).
    private mutating func readBackquoted() throws(InputParseError) -> String {
        index += 1
        var text = ""
        while let next = current, next != "`" {
            if next == "\\", let escaped = peek() {
                text.append(escaped)
                index += 2
                continue
            }
            if next == "\n" { line += 1 }
            text.append(next)
            index += 1
        }
        guard current == "`" else { throw error("unterminated backquote") }
        index += 1
        return text
    }

    /// At a `$`: a variable, `${…}`, `$(…)`, or a literal dollar.
    private mutating func readDollar(into word: inout ShellWord, depth: Int) throws(InputParseError) {
        index += 1
        guard let next = current else { word.appendLiteral("$"); return }
        if next == "{" {
            index += 1
            var inner = ""
            while let character = current, character != "}" {
                if character == "\n" { line += 1 }
                inner.append(character)
                index += 1
            }
            guard current == "}" else { throw error("unterminated ${") }
            index += 1
            let name = String(inner.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }))
            guard !name.isEmpty else { throw error("bad substitution ${\(inner)}") }
            let modifier = inner.count > name.count ? String(inner.dropFirst(name.count)) : nil
            word.parts.append(.variable(name: name, modifier: modifier))
        } else if next == "(" {
            guard depth < Self.maximumNesting else { throw error("command substitutions nested too deeply") }
            index += 1
            let inner = try readCommandSubstitution(depth: depth + 1)
            word.parts.append(.command(inner))
        } else if next.isLetter || next == "_" {
            var name = ""
            while let character = current, character.isASCII, character.isLetter || character.isNumber || character == "_" {
                name.append(character)
                index += 1
            }
            word.parts.append(.variable(name: name, modifier: nil))
        } else if next.isNumber || "?#@*$!-".contains(next) {
            index += 1
            word.parts.append(.variable(name: String(next), modifier: nil))
        } else {
            word.appendLiteral("$")
        }
    }

    /// After `$(`: the raw inner text up to the matching `)`, minding quotes and nesting.
    private mutating func readCommandSubstitution(depth: Int) throws(InputParseError) -> String {
        var text = ""
        var parentheses = 1
        while let character = current {
            switch character {
            case "(":
                parentheses += 1
            case ")":
                parentheses -= 1
                if parentheses == 0 {
                    index += 1
                    return text
                }
            case "'":
                text.append(character)
                index += 1
                while let next = current, next != "'" {
                    if next == "\n" { line += 1 }
                    text.append(next)
                    index += 1
                }
                guard current == "'" else { throw error("unterminated single quote") }
            case "\"":
                text.append(character)
                index += 1
                while let next = current, next != "\"" {
                    if next == "\\", let escaped = peek() {
                        text.append(next)
                        text.append(escaped)
                        index += 2
                        continue
                    }
                    if next == "$", peek() == "(" {
                        guard depth < Self.maximumNesting else { throw error("command substitutions nested too deeply") }
                        index += 2
                        text += "$(" + (try readCommandSubstitution(depth: depth + 1)) + ")"
                        continue
                    }
                    if next == "\n" { line += 1 }
                    text.append(next)
                    index += 1
                }
                guard current == "\"" else { throw error("unterminated double quote") }
            case "\\":
                text.append(character)
                index += 1
                guard let next = current else { continue }
                if next == "\n" { line += 1 }
            case "\n":
                line += 1
            default:
                break
            }
            if let character = current {
                text.append(character)
                index += 1
            }
        }
        throw error("unterminated $(")
    }
}

/// One word of a POSIX shell command, before expansion.
struct ShellWord: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal(String)
        /// `$NAME` or `${NAME}` (also `${NAME:-default}` style, see `modifier`).
        case variable(name: String, modifier: String?)
        /// `$(...)` or `` `...` ``: the inner text.
        case command(String)
    }

    var parts: [Part] = []
    /// Whether any part was quoted (a quoted empty string is still a word).
    var quoted = false

    var isEmpty: Bool { parts.isEmpty && !quoted }

    mutating func appendLiteral(_ text: String) {
        if case .literal(var previous)? = parts.last {
            parts.removeLast()  // leaves `previous` uniquely referenced: appending stays O(1)
            previous += text
            parts.append(.literal(previous))
        } else {
            parts.append(.literal(text))
        }
    }

    /// The text when the word is a plain literal (no expansion), e.g. keywords.
    var literalText: String? {
        var text = ""
        for part in parts {
            guard case .literal(let piece) = part else { return nil }
            text += piece
        }
        return text
    }
}

/// A token of the shell lexer: a word, or an operator (`;`, newline, `&&`, `||`, `|`,
/// `&`, `(`, `)`, `{`, `}` are words in POSIX but handled as words here too).
enum ShellToken: Sendable, Equatable {
    case word(ShellWord, line: Int)
    case separator(line: Int)  // newline or ;
    case and
    case or
    case pipe
    case background
    case redirect
    case openParen
    case closeParen
}

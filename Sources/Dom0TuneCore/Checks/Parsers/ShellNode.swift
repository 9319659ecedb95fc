/// The parsed structure of a shell script: enough to follow assignments through
/// `if` chains and `&&`/`||`, and to skip what cannot change the variables we read.
indirect enum ShellNode: Sendable {
    case simple(words: [ShellWord], line: Int)
    case andOr(first: ShellNode, rest: [(isAnd: Bool, node: ShellNode)])
    case pipeline([ShellNode])
    case group([ShellNode])
    case ifClause(branches: [(condition: [ShellNode], body: [ShellNode])], otherwise: [ShellNode]?, line: Int)
    /// A loop or `case`: its assignments are run zero or more times, so they become unknown.
    case opaque(kind: String, assigned: Set<String>, line: Int)
    /// A subshell or function definition: cannot change the script's variables.
    case ignored
}

/// Builds ``ShellNode``s from ``ShellToken``s.
struct ShellParser {
    private let tokens: [ShellToken]
    private var index = 0
    private let source: String
    private static let maximumDepth = 64

    init(tokens: [ShellToken], source: String) {
        self.tokens = tokens
        self.source = source
    }

    static func parse(_ text: String, source: String) throws(InputParseError) -> [ShellNode] {
        var parser = ShellParser(tokens: try ShellLexer.tokens(text, source: source), source: source)
        let nodes = try parser.parseList(until: [], depth: 0)
        if parser.index < parser.tokens.count {
            throw InputParseError(source: source, line: parser.currentLine, message: "unexpected '\(parser.describeCurrent)'")
        }
        return nodes
    }

    private var currentLine: Int {
        var position = Swift.min(index, tokens.count - 1)
        while position >= 0 {
            switch tokens[position] {
            case .word(_, let line), .separator(let line): return line
            default: position -= 1
            }
        }
        return 0
    }

    private var describeCurrent: String {
        guard index < tokens.count else { return "end of file" }
        switch tokens[index] {
        case .word(let word, _): return word.literalText ?? "word"
        case .separator: return ";"
        case .and: return "&&"
        case .or: return "||"
        case .pipe: return "|"
        case .background: return "&"
        case .redirect: return ">"
        case .openParen: return "("
        case .closeParen: return ")"
        }
    }

    private func error(_ message: String) -> InputParseError {
        InputParseError(source: source, line: currentLine, message: message)
    }

    /// The keyword at the current position, if the current token is a plain word.
    private var keyword: String? {
        guard index < tokens.count, case .word(let word, _) = tokens[index], !word.quoted else { return nil }
        return word.literalText
    }

    private mutating func skipSeparators() {
        while index < tokens.count, case .separator = tokens[index] { index += 1 }
    }

    private mutating func expectKeyword(_ name: String) throws(InputParseError) {
        skipSeparators()
        guard keyword == name else { throw error("expected '\(name)'") }
        index += 1
    }

    /// Commands up to (not including) one of the `terminators` keywords, or the end.
    private mutating func parseList(until terminators: Set<String>, depth: Int) throws(InputParseError) -> [ShellNode] {
        guard depth < Self.maximumDepth else { throw error("nested too deeply") }
        var nodes: [ShellNode] = []
        while true {
            skipSeparators()
            guard index < tokens.count else { break }
            if let keyword, terminators.contains(keyword) { break }
            if case .closeParen = tokens[index] { break }
            nodes.append(try parseAndOr(depth: depth))
            if index < tokens.count, case .background = tokens[index] { index += 1 }
        }
        return nodes
    }

    private mutating func parseAndOr(depth: Int) throws(InputParseError) -> ShellNode {
        let first = try parsePipeline(depth: depth)
        var rest: [(isAnd: Bool, node: ShellNode)] = []
        while index < tokens.count {
            let isAnd: Bool
            switch tokens[index] {
            case .and: isAnd = true
            case .or: isAnd = false
            default: return rest.isEmpty ? first : .andOr(first: first, rest: rest)
            }
            index += 1
            skipSeparators()
            rest.append((isAnd, try parsePipeline(depth: depth)))
        }
        return rest.isEmpty ? first : .andOr(first: first, rest: rest)
    }

    private mutating func parsePipeline(depth: Int) throws(InputParseError) -> ShellNode {
        var negate = false
        if keyword == "!" { index += 1; negate = true }
        var commands = [try parseCommand(depth: depth)]
        while index < tokens.count, case .pipe = tokens[index] {
            index += 1
            skipSeparators()
            commands.append(try parseCommand(depth: depth))
        }
        if negate || commands.count > 1 { return .pipeline(commands) }
        return commands[0]
    }

    private mutating func parseCommand(depth: Int) throws(InputParseError) -> ShellNode {
        guard index < tokens.count else { throw error("missing command") }
        let line = currentLine
        if case .openParen = tokens[index] {
            index += 1
            _ = try parseList(until: [], depth: depth + 1)
            guard index < tokens.count, case .closeParen = tokens[index] else { throw error("missing ')'") }
            index += 1
            return .ignored
        }
        switch keyword {
        case "if":
            index += 1
            var branches: [(condition: [ShellNode], body: [ShellNode])] = []
            var otherwise: [ShellNode]?
            while true {
                let condition = try parseList(until: ["then"], depth: depth + 1)
                try expectKeyword("then")
                let body = try parseList(until: ["elif", "else", "fi"], depth: depth + 1)
                branches.append((condition, body))
                skipSeparators()
                if keyword == "elif" { index += 1; continue }
                if keyword == "else" {
                    index += 1
                    otherwise = try parseList(until: ["fi"], depth: depth + 1)
                }
                try expectKeyword("fi")
                break
            }
            return .ifClause(branches: branches, otherwise: otherwise, line: line)
        case "for", "while", "until":
            let kind = keyword ?? "loop"
            index += 1
            let body = try parseList(until: ["do"], depth: depth + 1)
            try expectKeyword("do")
            let inner = try parseList(until: ["done"], depth: depth + 1)
            try expectKeyword("done")
            var assigned = Self.assignedNames(body + inner)
            if kind == "for", case .simple(let words, _)? = body.first, let name = words.first?.literalText {
                assigned.insert(name)
            }
            return .opaque(kind: kind, assigned: assigned, line: line)
        case "case":
            index += 1
            var assigned = Set<String>()
            var nesting = 1
            while index < tokens.count, nesting > 0 {
                if keyword == "case" { nesting += 1 }
                if keyword == "esac" { nesting -= 1 }
                if case .word(let word, _) = tokens[index], let name = ShellEvaluator.assignmentName(word) {
                    assigned.insert(name)
                }
                index += 1
            }
            guard nesting == 0 else { throw error("missing 'esac'") }
            return .opaque(kind: "case", assigned: assigned, line: line)
        case "{":
            index += 1
            let body = try parseList(until: ["}"], depth: depth + 1)
            try expectKeyword("}")
            return .group(body)
        case "then", "elif", "else", "fi", "do", "done", "esac", "}":
            throw error("unexpected '\(keyword ?? "")'")
        default:
            break
        }
        // Function definition: NAME ( ) compound-command.
        if index + 2 < tokens.count, case .word = tokens[index], case .openParen = tokens[index + 1],
            case .closeParen = tokens[index + 2]
        {
            index += 3
            skipSeparators()
            _ = try parseCommand(depth: depth + 1)
            return .ignored
        }
        var words: [ShellWord] = []
        while index < tokens.count {
            switch tokens[index] {
            case .word(let word, _):
                words.append(word)
                index += 1
            case .redirect:
                index += 1
                if index < tokens.count, case .word = tokens[index] { index += 1 }
            default:
                return .simple(words: words, line: line)
            }
        }
        return .simple(words: words, line: line)
    }

    static func assignedNames(_ nodes: [ShellNode]) -> Set<String> {
        var names = Set<String>()
        for node in nodes {
            switch node {
            case .simple(let words, _):
                for word in words { if let name = ShellEvaluator.assignmentName(word) { names.insert(name) } }
            case .andOr(let first, let rest):
                names.formUnion(assignedNames([first] + rest.map(\.node)))
            case .pipeline(let nodes), .group(let nodes):
                names.formUnion(assignedNames(nodes))
            case .ifClause(let branches, let otherwise, _):
                for branch in branches { names.formUnion(assignedNames(branch.condition + branch.body)) }
                names.formUnion(assignedNames(otherwise ?? []))
            case .opaque(_, let assigned, _):
                names.formUnion(assigned)
            case .ignored:
                break
            }
        }
        return names
    }
}

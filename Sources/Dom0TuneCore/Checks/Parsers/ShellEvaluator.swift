/// Follows the variable assignments of sourced shell files (as update-grub sources
/// `/etc/default/grub` and `/etc/default/grub.d/*.cfg`) without running anything.
///
/// Understood: assignments with quoting and `$VAR`/`${VAR}`/`${VAR:-x}` expansion
/// (self-appends such as `X="$X more"` included), `export`/`readonly`/`unset`,
/// `if`/`elif`/`else` with `[ … ]`/`test` string conditions, `&&`/`||`, and command
/// substitutions of `printf`, `echo`, `gettext` and a few known commands (Debian's
/// `xen.cfg` builds `GRUB_DEFAULT` that way). Anything else that could change a variable
/// (loops, `case`, `eval`, `read`, unknown commands in substitutions, undecidable
/// conditions) makes that variable ``ShellValue/unknown(reason:)`` rather than a guess.
/// Function definitions and subshells are skipped: they cannot change the variables.
public struct ShellEvaluator: Sendable {
    /// Where a variable was last assigned.
    public struct Location: Sendable, Equatable {
        public var source: String
        public var line: Int
    }

    public private(set) var variables: [String: ShellValue] = [:]
    public private(set) var locations: [String: Location] = [:]
    /// Constructs that were skipped or not understood, for evidence.
    public private(set) var notes: [String] = []
    /// Output of commands that substitutions may run, keyed by their words joined with
    /// single spaces (e.g. `lsb_release -i -s` → `Debian`).
    public var knownCommandOutputs: [String: String]

    private var currentSource = ""
    private static let maximumSteps = 100_000
    private var steps = 0
    /// Command substitutions nested deeper than this are not followed (unknown).
    private static let maximumSubstitutionDepth = 16
    private var substitutionDepth = 0

    public init(knownCommandOutputs: [String: String] = [:]) {
        self.knownCommandOutputs = knownCommandOutputs
    }

    /// Evaluates one file, as `. FILE` would, on top of what earlier files set.
    /// - Throws: ``InputParseError`` for text that is not valid shell (unbalanced quotes,
    ///   `if` without `fi`…); the variables then keep their values from before this file.
    public mutating func source(_ text: String, path: String) throws(InputParseError) {
        let nodes = try ShellParser.parse(text, source: path)
        currentSource = path
        var state = self
        _ = state.run(nodes)
        self = state
    }

    public func value(_ name: String) -> ShellValue {
        variables[name] ?? .known("")
    }

    /// The variable name a word assigns (`NAME=…`), if it is an assignment.
    static func assignmentName(_ word: ShellWord) -> String? {
        guard case .literal(let text)? = word.parts.first, let equals = text.firstIndex(of: "=") else { return nil }
        let name = text[..<equals]
        guard let first = name.first, first.isLetter || first == "_",
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { return nil }
        return String(name)
    }

    // MARK: running

    /// Runs nodes in order; returns the exit status of the last (`nil`: unknown).
    private mutating func run(_ nodes: [ShellNode]) -> Bool? {
        var status: Bool? = true
        for node in nodes { status = run(node) }
        return status
    }

    private mutating func run(_ node: ShellNode) -> Bool? {
        steps += 1
        if steps > Self.maximumSteps { return nil }
        switch node {
        case .simple(let words, let line):
            return runSimple(words, line: line)
        case .andOr(let first, let rest):
            var status = run(first)
            for (isAnd, next) in rest {
                switch (status, isAnd) {
                case (true, true), (false, false):
                    status = run(next)
                case (true, false), (false, true):
                    continue
                case (nil, _):
                    let before = self
                    var taken = self
                    let nextStatus = taken.run(next)
                    self = Self.merge(before, [before, taken], reason: "after an undecidable && or || at \(currentSource)")
                    _ = nextStatus
                    status = nil
                }
            }
            return status
        case .pipeline(let nodes):
            // Every part of a pipeline runs in a subshell in POSIX sh (dash).
            _ = nodes
            return nil
        case .group(let nodes):
            return run(nodes)
        case .ifClause(let branches, let otherwise, let line):
            return runIf(branches: branches, otherwise: otherwise, line: line)
        case .opaque(let kind, let assigned, let line):
            for name in assigned {
                variables[name] = .unknown(reason: "assigned in a \(kind) at \(currentSource):\(line)")
                locations[name] = Location(source: currentSource, line: line)
            }
            if !assigned.isEmpty { notes.append("\(currentSource):\(line): \(kind) not followed") }
            return nil
        case .ignored:
            return true
        }
    }

    private mutating func runIf(
        branches: [(condition: [ShellNode], body: [ShellNode])], otherwise: [ShellNode]?, line: Int
    ) -> Bool? {
        guard let (condition, body) = branches.first else {
            return otherwise.map { run($0) } ?? true
        }
        let status = run(condition)
        let remaining = Array(branches.dropFirst())
        switch status {
        case true?:
            return run(body)
        case false?:
            return runIf(branches: remaining, otherwise: otherwise, line: line)
        case nil:
            let before = self
            var taken = self
            _ = taken.run(body)
            var skipped = self
            _ = skipped.runIf(branches: remaining, otherwise: otherwise, line: line)
            notes.append("\(currentSource):\(line): condition could not be decided; both branches considered")
            self = Self.merge(before, [taken, skipped], reason: "set differently by the if at \(currentSource):\(line)")
            return nil
        }
    }

    /// Variables equal in every outcome keep their value; the others become unknown.
    private static func merge(_ base: ShellEvaluator, _ outcomes: [ShellEvaluator], reason: String) -> ShellEvaluator {
        var result = base
        var names = Set(base.variables.keys)
        for outcome in outcomes { names.formUnion(outcome.variables.keys) }
        for name in names {
            let values = outcomes.map { $0.value(name) }
            if values.allSatisfy({ $0 == values[0] }) {
                result.variables[name] = values[0]
            } else {
                result.variables[name] = .unknown(reason: reason)
            }
            if let location = outcomes.compactMap({ $0.locations[name] }).last { result.locations[name] = location }
        }
        result.notes = outcomes.last?.notes ?? base.notes
        result.steps = outcomes.map(\.steps).max() ?? base.steps
        return result
    }

    private mutating func assign(_ word: ShellWord, line: Int) {
        guard let name = Self.assignmentName(word), case .literal(let first)? = word.parts.first else { return }
        var valueWord = word
        let prefixLength = name.count + 1
        let rest = String(first.dropFirst(prefixLength))
        if rest.isEmpty { valueWord.parts.removeFirst() } else { valueWord.parts[0] = .literal(rest) }
        variables[name] = expand(valueWord)
        locations[name] = Location(source: currentSource, line: line)
    }

    private mutating func runSimple(_ words: [ShellWord], line: Int) -> Bool? {
        var index = 0
        while index < words.count, Self.assignmentName(words[index]) != nil { index += 1 }
        if index == words.count {
            for word in words { assign(word, line: line) }
            return true
        }
        // Assignments before a command only affect that command.
        let command = Array(words[index...])
        guard let name = command[0].literalText else {
            notes.append("\(currentSource):\(line): command with a computed name not followed")
            return nil
        }
        switch name {
        case "export", "readonly", "local", "declare", "typeset":
            for word in command.dropFirst() where Self.assignmentName(word) != nil { assign(word, line: line) }
            return true
        case "unset":
            for word in command.dropFirst() {
                if let variable = word.literalText, !variable.hasPrefix("-") {
                    variables[variable] = nil
                    locations[variable] = Location(source: currentSource, line: line)
                }
            }
            return true
        case "read", "getopts":
            for word in command.dropFirst() {
                if let variable = word.literalText, !variable.hasPrefix("-") {
                    variables[variable] = .unknown(reason: "read at \(currentSource):\(line)")
                }
            }
            return nil
        case "eval", ".", "source", "set", "shift":
            notes.append("\(currentSource):\(line): '\(name)' not followed")
            return nil
        case "true", ":":
            return true
        case "false":
            return false
        case "[", "test":
            guard let arguments = expandArguments(Array(command.dropFirst())) else { return nil }
            var operands = arguments
            if name == "[" {
                guard operands.last == "]" else { return nil }
                operands.removeLast()
            }
            return Self.test(operands)
        default:
            return nil
        }
    }

    /// `test` with the string and integer operators a GRUB file uses; `nil` for others.
    static func test(_ operands: [String]) -> Bool? {
        if operands.first == "!" { return test(Array(operands.dropFirst())).map { !$0 } }
        switch operands.count {
        case 0:
            return false
        case 1:
            return !operands[0].isEmpty
        case 2:
            switch operands[0] {
            case "-z": return operands[1].isEmpty
            case "-n": return !operands[1].isEmpty
            default: return nil
            }
        case 3:
            let (left, op, right) = (operands[0], operands[1], operands[2])
            switch op {
            case "=", "==": return left == right
            case "!=": return left != right
            case "-eq", "-ne", "-lt", "-le", "-gt", "-ge":
                guard let l = Int(left.trimmingBlanks()), let r = Int(right.trimmingBlanks()) else { return nil }
                switch op {
                case "-eq": return l == r
                case "-ne": return l != r
                case "-lt": return l < r
                case "-le": return l <= r
                case "-gt": return l > r
                default: return l >= r
                }
            default:
                return nil
            }
        default:
            return nil
        }
    }

    // MARK: expansion

    /// A word's value without field splitting (assignment context).
    mutating func expand(_ word: ShellWord) -> ShellValue {
        var text = ""
        for part in word.parts {
            switch part {
            case .literal(let piece):
                text += piece
            case .variable(let name, let modifier):
                switch variableValue(name, modifier: modifier) {
                case .known(let value): text += value
                case .unknown(let reason): return .unknown(reason: reason)
                }
            case .command(let inner):
                switch substitute(inner) {
                case .known(let value): text += value
                case .unknown(let reason): return .unknown(reason: reason)
                }
            }
        }
        return .known(text)
    }

    private func variableValue(_ name: String, modifier: String?) -> ShellValue {
        let current = variables[name]
        guard let modifier, !modifier.isEmpty else { return current ?? .known("") }
        var operation = modifier
        let colon = operation.hasPrefix(":")
        if colon { operation.removeFirst() }
        guard let op = operation.first, "-+".contains(op) else {
            return .unknown(reason: "${\(name)\(modifier)} not followed")
        }
        let word = String(operation.dropFirst())
        guard !word.contains("$"), !word.contains("`") else {
            return .unknown(reason: "${\(name)\(modifier)} not followed")
        }
        if case .unknown = current { return current! }
        let value = current?.text
        let isSet = colon ? !(value ?? "").isEmpty : value != nil
        if op == "-" { return isSet ? .known(value ?? "") : .known(word) }
        return isSet ? .known(word) : .known("")
    }

    /// Fields of command arguments: quoted words stay whole, unquoted expansions split
    /// on blanks. `nil` when any is unknown.
    private mutating func expandArguments(_ words: [ShellWord]) -> [String]? {
        var fields: [String] = []
        for word in words {
            guard let text = expand(word).text else { return nil }
            let plain = word.parts.allSatisfy { if case .literal = $0 { return true } else { return false } }
            if word.quoted || plain {
                fields.append(text)
            } else {
                fields += text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
            }
        }
        return fields
    }

    /// The output of `$(inner)`, trailing newlines removed.
    private mutating func substitute(_ inner: String) -> ShellValue {
        guard substitutionDepth < Self.maximumSubstitutionDepth else {
            return .unknown(reason: "command substitutions nested too deeply")
        }
        guard let nodes = try? ShellParser.parse(inner, source: currentSource) else {
            return .unknown(reason: "command substitution not understood")
        }
        var sandbox = self
        sandbox.substitutionDepth += 1
        switch sandbox.output(of: nodes) {
        case .known(var text):
            while text.hasSuffix("\n") { text.removeLast() }
            return .known(text)
        case .unknown(let reason):
            return .unknown(reason: reason)
        }
    }

    private mutating func output(of nodes: [ShellNode]) -> ShellValue {
        var text = ""
        for node in nodes {
            switch outputAndStatus(node) {
            case (.known(let piece), _): text += piece
            case (.unknown(let reason), _): return .unknown(reason: reason)
            }
        }
        return .known(text)
    }

    private mutating func outputAndStatus(_ node: ShellNode) -> (ShellValue, Bool?) {
        switch node {
        case .simple(let words, _):
            guard let argv = expandArguments(words), let name = argv.first else {
                return (.unknown(reason: "command in a substitution not understood"), nil)
            }
            switch name {
            case "echo":
                var arguments = Array(argv.dropFirst())
                var newline = "\n"
                if arguments.first == "-n" { arguments.removeFirst(); newline = "" }
                return (.known(arguments.joined(separator: " ") + newline), true)
            case "printf":
                guard argv.count >= 2 else { return (.unknown(reason: "printf without a format"), nil) }
                return (Self.printf(argv[1], Array(argv.dropFirst(2))), true)
            case "gettext":
                return (.known(argv.dropFirst().last ?? ""), true)
            case "true", ":":
                return (.known(""), true)
            case "false":
                return (.known(""), false)
            default:
                if let known = knownCommandOutputs[argv.joined(separator: " ")] { return (.known(known), true) }
                return (.unknown(reason: "runs '\(argv.joined(separator: " "))'"), nil)
            }
        case .andOr(let first, let rest):
            var (text, status) = outputAndStatus(first)
            for (isAnd, next) in rest {
                guard let decided = status else { return (.unknown(reason: "undecidable && or ||"), nil) }
                if decided != isAnd { continue }
                let (more, nextStatus) = outputAndStatus(next)
                switch (text, more) {
                case (.known(let a), .known(let b)): text = .known(a + b)
                default: return (.unknown(reason: "command in a substitution not understood"), nil)
                }
                status = nextStatus
            }
            return (text, status)
        case .group(let nodes):
            return (output(of: nodes), nil)
        default:
            return (.unknown(reason: "command in a substitution not understood"), nil)
        }
    }

    /// `printf` with `%s`, `%%` and the backslash escapes `\n`, `\t`, `\\`.
    static func printf(_ format: String, _ arguments: [String]) -> ShellValue {
        var output = ""
        var remaining = arguments[...]
        var characters = format[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            if character == "\\", let next = characters.first {
                characters = characters.dropFirst()
                switch next {
                case "n": output += "\n"
                case "t": output += "\t"
                case "\\": output += "\\"
                default: output += "\\" + String(next)
                }
            } else if character == "%", let next = characters.first {
                characters = characters.dropFirst()
                switch next {
                case "s": output += remaining.popFirst() ?? ""
                case "%": output += "%"
                default: return .unknown(reason: "printf format %\(next) not followed")
                }
            } else {
                output.append(character)
            }
        }
        return .known(output)
    }
}

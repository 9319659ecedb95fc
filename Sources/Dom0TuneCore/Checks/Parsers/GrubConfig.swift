/// The generated `/boot/grub/grub.cfg`: its menu (entries with titles, ids and Xen
/// `multiboot`/`multiboot2` lines, inside submenus) and its `set default=`.
public struct GrubConfig: Sendable, Equatable {
    public static let path = "/boot/grub/grub.cfg"

    public struct Entry: Sendable, Equatable {
        public var title: String
        public var id: String?
        public var line: Int
        /// For a submenu, its entries; empty for a menu entry.
        public var children: [Entry]
        public var isSubmenu: Bool
        /// Words of the entry's `multiboot`/`multiboot2` command, after the command name
        /// (the Xen image path first). `nil` when the entry does not boot Xen.
        public var multiboot: [String]?

        /// Whether the entry boots the Xen hypervisor.
        public var bootsXen: Bool { multiboot != nil }

        /// The Xen command line of the entry: the multiboot words after the image path,
        /// without Debian's `placeholder` (Xen drops the first word) and without GRUB
        /// variables such as `${xen_rm_opts}` (never options dom0tuned audits).
        public var xenCommandLine: XenCommandLine? {
            guard var words = multiboot?.drop(while: { $0.hasPrefix("--") }) else { return nil }
            words = words.dropFirst()
            if words.first == "placeholder" { words = words.dropFirst() }
            return XenCommandLine(words.filter { !$0.contains("$") }.joined(separator: " "))
        }
    }

    /// Top-level entries and submenus in menu order.
    public var entries: [Entry]
    /// Every `set default=` value outside the menu, in file order.
    public var defaultAssignments: [String]

    /// The value GRUB uses as `default` when no one-shot `next_entry` is pending: the last
    /// top-level `set default=` that is not `${next_entry}` (`0` when there is none).
    public var defaultValue: String {
        defaultAssignments.last { !$0.contains("next_entry") } ?? "0"
    }

    /// Upper bound on nesting of `{` blocks; grub.cfg nests three deep.
    static let maximumDepth = 32

    /// - Throws: ``InputParseError`` for unbalanced braces or quotes.
    public init(parsing text: String, source: String = GrubConfig.path) throws(InputParseError) {
        // Stack of open blocks; nil marks a non-menu block (function, …).
        var stack: [Entry?] = []
        var topLevel: [Entry] = []
        var defaults: [String] = []
        for (index, rawLine) in text.lineList().enumerated() {
            let number = index + 1
            let words = try Self.words(rawLine, source: source, line: number)
            guard let command = words.first else { continue }
            if command == "}" {
                guard let closed = stack.popLast() else {
                    throw InputParseError(source: source, line: number, message: "'}' without an open block")
                }
                if let closed {
                    if let parentIndex = stack.lastIndex(where: { $0 != nil }) {
                        stack[parentIndex]!.children.append(closed)
                    } else {
                        topLevel.append(closed)
                    }
                }
                continue
            }
            let opensBlock = words.last == "{"
            if opensBlock {
                guard stack.count < Self.maximumDepth else {
                    throw InputParseError(source: source, line: number, message: "blocks nested too deeply")
                }
                if command == "menuentry" || command == "submenu" {
                    guard words.count >= 3 else {
                        throw InputParseError(source: source, line: number, message: "\(command) without a title")
                    }
                    var id: String?
                    if let marker = words.firstIndex(where: { $0 == "$menuentry_id_option" || $0 == "--id" }),
                        marker + 1 < words.count - 1
                    {
                        id = words[marker + 1]
                    }
                    stack.append(
                        Entry(title: words[1], id: id, line: number, children: [], isSubmenu: command == "submenu", multiboot: nil))
                } else {
                    stack.append(nil)
                }
                continue
            }
            if command == "multiboot" || command == "multiboot2",
                let current = stack.lastIndex(where: { $0 != nil }), stack[current]?.isSubmenu == false,
                stack[current]?.multiboot == nil
            {
                stack[current]!.multiboot = Array(words.dropFirst())
            }
            if command == "set", words.count >= 2, words[1].hasPrefix("default="), !stack.contains(where: { $0 != nil }) {
                defaults.append(String(words[1].dropFirst("default=".count)))
            }
        }
        guard stack.isEmpty else {
            throw InputParseError(source: source, message: "a block is not closed at the end of the file")
        }
        entries = topLevel
        defaultAssignments = defaults
    }

    /// The entry GRUB boots for `value` (a number, a title, an id, or a `>`-separated
    /// path of those), with `${saved_entry}`-style variables taken from `environment`.
    /// GRUB falls back to the first entry when the value names nothing; `fellBack` says so.
    public func resolve(_ value: String, environment: GrubEnvironment) -> (entry: Entry?, fellBack: Bool) {
        var expanded = value
        for (name, content) in environment.variables {
            expanded = expanded.replacing("${\(name)}", with: content).replacing("$\(name)", with: content)
        }
        if expanded.contains("$") { expanded = "" }
        var level = entries
        var found: Entry?
        for component in expanded.split(separator: ">", omittingEmptySubsequences: false) {
            let key = String(component)
            let match: Entry?
            if let number = Int(key), number >= 0 {
                match = number < level.count ? level[number] : nil
            } else {
                match = level.first { $0.title == key || $0.id == key }
            }
            guard let match else { found = nil; break }
            found = match
            level = match.children
        }
        if var entry = found {
            while entry.isSubmenu, let first = entry.children.first { entry = first }
            return (entry, false)
        }
        var first = entries.first
        while let entry = first, entry.isSubmenu { first = entry.children.first }
        return (first, true)
    }

    /// Every menu entry (not submenus), depth first.
    public var allEntries: [Entry] {
        func flatten(_ entries: [Entry]) -> [Entry] {
            entries.flatMap { $0.isSubmenu ? flatten($0.children) : [$0] }
        }
        return flatten(entries)
    }

    /// Splits a grub.cfg line into words: `'…'` literal, `"…"` with `\` escapes, `\x`,
    /// `#` comments at a word start. Variables are kept as written.
    static func words(_ line: Substring, source: String, line number: Int) throws(InputParseError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = line[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            switch character {
            case " ", "\t", "\r":
                if inWord { words.append(word); word = ""; inWord = false }
            case "#" where !inWord:
                characters = ""
            case ";" where !inWord:
                words.append(";")
            case "'":
                inWord = true
                guard let end = characters.firstIndex(of: "'") else {
                    throw InputParseError(source: source, line: number, message: "unterminated single quote")
                }
                word += characters[..<end]
                characters = characters[characters.index(after: end)...]
            case "\"":
                inWord = true
                var closed = false
                while let next = characters.first {
                    characters = characters.dropFirst()
                    if next == "\"" { closed = true; break }
                    if next == "\\", let escaped = characters.first {
                        characters = characters.dropFirst()
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
                guard closed else {
                    throw InputParseError(source: source, line: number, message: "unterminated double quote")
                }
            case "\\":
                inWord = true
                if let escaped = characters.first {
                    characters = characters.dropFirst()
                    word.append(escaped)
                }
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}

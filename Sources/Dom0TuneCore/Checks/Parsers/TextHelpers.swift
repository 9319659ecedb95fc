extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    func trimmingBlanks() -> Substring {
        var text = self[...]
        while let first = text.first, first == " " || first == "\t" || first == "\r" || first == "\n" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" || last == "\n" { text = text.dropLast() }
        return Substring(text)
    }

    /// Lines split on `\n` (a trailing `\r` is kept; ``trimmingBlanks()`` drops it).
    func lineList() -> [Substring] {
        let text = String(self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
    }
}

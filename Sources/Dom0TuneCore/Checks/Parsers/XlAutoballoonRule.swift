/// xl's own rule for `autoballoon="auto"` (xl.c `auto_autoballoon`, the same regular
/// expression libvirt's libxl driver uses): ballooning is off when the running Xen
/// command line matches `(^| )dom0_mem=((|min:|max:)[0-9]+[bBkKmMgG]?,?)+($| )`.
///
/// So a `dom0_mem=` written with a percentage, a `T` suffix or a minus sign, which Xen
/// accepts, does *not* turn xl's automatic ballooning off.
public enum XlAutoballoonRule {
    /// Whether `commandLine` (`xen_commandline` of `xl info`) matches xl's expression.
    public static func commandLineFixesDom0Memory(_ commandLine: String) -> Bool {
        let bytes = Array(commandLine.utf8)
        let marker = Array("dom0_mem=".utf8)
        var start = 0
        while start + marker.count <= bytes.count {
            if (start == 0 || bytes[start - 1] == UInt8(ascii: " ")), Array(bytes[start..<start + marker.count]) == marker,
                matchesItems(bytes, from: start + marker.count, budget: 4096)
            {
                return true
            }
            start += 1
        }
        return false
    }

    /// `((|min:|max:)[0-9]+[bBkKmMgG]?,?)+($| )` at `position`, with backtracking over the
    /// optional parts (POSIX ERE semantics: any way of matching counts).
    private static func matchesItems(_ bytes: [UInt8], from position: Int, budget: Int) -> Bool {
        guard budget > 0 else { return false }
        for prefix in [[], Array("min:".utf8), Array("max:".utf8)] {
            var index = position
            guard index + prefix.count <= bytes.count, Array(bytes[index..<index + prefix.count]) == prefix else { continue }
            index += prefix.count
            let digitsStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            guard index > digitsStart else { continue }
            // Any shorter digit run ends at a digit, which only another item could start:
            // that is equivalent to the longest run, so only the longest is tried.
            var ends = [index]
            if index < bytes.count, "bBkKmMgG".utf8.contains(bytes[index]) { ends.append(index + 1) }
            for end in ends {
                var candidates = [end]
                if end < bytes.count, bytes[end] == UInt8(ascii: ",") { candidates.append(end + 1) }
                for candidate in candidates {
                    if candidate == bytes.count || bytes[candidate] == UInt8(ascii: " ") { return true }
                    if matchesItems(bytes, from: candidate, budget: budget - 1) { return true }
                }
            }
        }
        return false
    }
}

/// The `dom0_max_vcpus=` option as Xen 4.17 reads it: `N`, `N-M`, `N-` or `-M`.
/// dom0 gets as many vCPUs as cpupool 0 has pCPUs, but at least `min` and at most `max`.
public struct Dom0MaxVcpusSpec: Sendable, Equatable, CustomStringConvertible {
    public var min: UInt64
    /// `nil`: unlimited.
    public var max: UInt64?

    public init(min: UInt64 = 1, max: UInt64? = nil) {
        self.min = min
        self.max = max
    }

    /// Applies one option value on top of `self` (earlier options' bounds persist).
    /// - Throws: ``InputParseError`` where Xen would report an invalid value.
    public mutating func apply(_ value: String) throws(InputParseError) {
        let text = Substring(value)
        var updated = self
        var rest: Substring
        if text.first == "-" {
            let (number, after) = XenNumber.unsignedPrefix(text.dropFirst())
            guard let number else { throw Self.invalid(value) }
            updated.max = number
            rest = after
        } else {
            let (number, after) = XenNumber.unsignedPrefix(text)
            guard let number else { throw Self.invalid(value) }
            updated.min = number == 0 ? 1 : number
            rest = after
            if rest.isEmpty {
                updated.max = updated.min
            } else if rest.first == "-" {
                rest = rest.dropFirst()
                if !rest.isEmpty {
                    let (maximum, afterMaximum) = XenNumber.unsignedPrefix(rest)
                    guard let maximum else { throw Self.invalid(value) }
                    updated.max = maximum
                    rest = afterMaximum
                }
            }
        }
        guard rest.isEmpty else { throw Self.invalid(value) }
        self = updated
    }

    public init(parsing value: String) throws(InputParseError) {
        self.init()
        try apply(value)
    }

    /// dom0's vCPU count on a host whose cpupool 0 has `poolCPUs` pCPUs.
    public func vcpuCount(poolCPUs: Int) -> UInt64 {
        var count = UInt64(Swift.max(poolCPUs, 0))
        if min > count { count = min }
        if let max, max < count { count = max }
        return count
    }

    /// Whether the option, not the host's pCPU count, decides dom0's vCPUs here.
    public func decidesCount(poolCPUs: Int) -> Bool {
        let count = vcpuCount(poolCPUs: poolCPUs)
        return count == min || count == max
    }

    public var description: String {
        if let max, max == min { return "\(min)" }
        return "\(min)-\(max.map(String.init) ?? "")"
    }

    private static func invalid(_ value: String) -> InputParseError {
        InputParseError(source: "dom0_max_vcpus", message: "'\(value)' is not N, N-M, N- or -M")
    }
}

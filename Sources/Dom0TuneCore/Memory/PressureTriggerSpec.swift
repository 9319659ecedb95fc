/// What is written to `/proc/pressure/memory` to arm a PSI trigger:
/// `some <stall µs> <window µs>` followed by a NUL, as in the kernel's
/// `Documentation/accounting/psi.rst`.
///
/// The kernel refuses (`EINVAL`) a stall of 0 or longer than the window, and a window
/// outside its range (500 ms–10 s on Linux 6.1). Since Linux 6.4 a writer without
/// `CAP_SYS_RESOURCE` may arm triggers too, but only with a window that is a multiple
/// of 2 s: ``unprivileged`` gives that variant.
public struct PressureTriggerSpec: Sendable, Equatable, CustomStringConvertible {
    /// Always `some` here: any task stalled on memory is what precedes swapping.
    public var kind = "some"
    public var stallMicroseconds: Int64
    public var windowMicroseconds: Int64

    /// A trigger of `stall` within `window`; the stall is kept between 1 µs and the window.
    public init(stall: Duration, window: Duration) {
        let windowMicroseconds = max(Self.microseconds(window), 1)
        self.windowMicroseconds = windowMicroseconds
        self.stallMicroseconds = min(max(Self.microseconds(stall), 1), windowMicroseconds)
    }

    public init(_ memory: MemorySettings) {
        self.init(stall: memory.pressureStall, window: memory.pressureWindow)
    }

    /// The text of the trigger, without the terminating NUL.
    public var text: String { "\(kind) \(stallMicroseconds) \(windowMicroseconds)" }

    /// The bytes to write: the text and a NUL, as the kernel documentation's example does.
    public var bytes: [UInt8] { Array(text.utf8) + [0] }

    /// The same stall ratio in the smallest window that is a multiple of 2 s, as an
    /// unprivileged writer needs; `nil` when this window already is one.
    public var unprivileged: PressureTriggerSpec? {
        let unit: Int64 = 2_000_000
        guard windowMicroseconds % unit != 0 else { return nil }
        let window = (windowMicroseconds / unit + 1) * unit
        let stall = Int64((Double(stallMicroseconds) * Double(window) / Double(windowMicroseconds)).rounded())
        return PressureTriggerSpec(stall: .microseconds(stall), window: .microseconds(window))
    }

    /// e.g. `some 50ms per 1s`.
    public var description: String {
        "\(kind) \(Self.format(stallMicroseconds)) per \(Self.format(windowMicroseconds))"
    }

    static func microseconds(_ duration: Duration) -> Int64 {
        let c = duration.components
        return c.seconds * 1_000_000 + c.attoseconds / 1_000_000_000_000
    }

    static func format(_ microseconds: Int64) -> String {
        if microseconds % 1_000_000 == 0 { return "\(microseconds / 1_000_000)s" }
        if microseconds % 1000 == 0 { return "\(microseconds / 1000)ms" }
        return "\(microseconds)us"
    }
}

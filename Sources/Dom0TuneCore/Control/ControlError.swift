/// An error answer of the control protocol: a stable code and a sentence for humans.
public struct ControlError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ControlErrorCode
    public var message: String

    public init(_ code: ControlErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

/// Who may run which command. The socket's mode (0660, group `[Control] Group=`) already
/// decides who may connect at all; this decides what a connected peer may do.
///
/// uid 0 may run everything; everyone else only the read-only commands.
public struct ControlPolicy: Sendable, Equatable {
    public init() {}

    /// Returns `nil` when `peer` may run `command`, otherwise the refusal to send.
    public func refusal(for command: ControlCommand, peer: PeerCredentials) -> ControlError? {
        if command.isReadOnly || peer.isRoot { return nil }
        return ControlError(
            .permissionDenied,
            "'\(command)' changes the daemon and is allowed to root only (you are uid \(peer.uid)); run it as root, e.g. with sudo"
        )
    }
}

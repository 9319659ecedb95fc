public import Dom0TuneCore

/// Answers validated control requests. ``ControlServer`` calls it on its queue (the
/// daemon's state queue) after size, encoding, JSON, version, command, permission and
/// arguments have been checked.
///
/// Call `reply` exactly once, from any queue, now or later (e.g. after `check` with
/// `refresh: true` has re-run the checks off the state queue). Until it is called the
/// connection waits; other connections are served meanwhile.
public protocol ControlHandler: AnyObject, Sendable {
    func handle(_ request: ControlRequest, peer: PeerCredentials, reply: @escaping @Sendable (ControlResponse) -> Void)
}

/// The ready-made handler: read-only commands are answered from a ``DaemonView`` the
/// daemon provides; the actions are closures the daemon supplies (a missing closure
/// answers `unavailable`).
///
/// Every closure is called on the server's queue. An action closure gets a completion to
/// call once, from any queue, with the result to send (`.success(json)` or a
/// ``ControlError``).
public final class DaemonViewControlHandler: ControlHandler, @unchecked Sendable {
    public typealias Completion = @Sendable (Result<JSONValue, ControlError>) -> Void
    public typealias Action = (_ completion: @escaping Completion) -> Void

    private let view: () -> DaemonView?
    private let refreshChecks: Action?
    private let reapply: Action?
    private let reload: Action?

    /// - Parameters:
    ///   - view: the daemon's current view; `nil` while it is not ready (`unavailable`).
    ///   - refreshChecks: re-runs every check and completes with ``CheckReport/json(_:)``
    ///     (for `check` with `refresh: true`).
    ///   - reapply: applies dom0's weight now; completes with what was done.
    ///   - reload: re-reads the configuration (as SIGHUP does); completes with what changed.
    public init(
        view: @escaping () -> DaemonView?, refreshChecks: Action? = nil, reapply: Action? = nil, reload: Action? = nil
    ) {
        self.view = view
        self.refreshChecks = refreshChecks
        self.reapply = reapply
        self.reload = reload
    }

    public func handle(_ request: ControlRequest, peer: PeerCredentials, reply: @escaping @Sendable (ControlResponse) -> Void) {
        let complete: Completion = { result in
            switch result {
            case .success(let value): reply(.success(value))
            case .failure(let error): reply(.failure(error))
            }
        }
        switch request.command {
        case .reapply:
            guard let reapply else { return reply(.failure(Self.notWired("reapply"))) }
            reapply(complete)
        case .reload:
            guard let reload else { return reply(.failure(Self.notWired("reload"))) }
            reload(complete)
        case .check where request.bool("refresh") == true:
            guard let refreshChecks else { return reply(.failure(Self.notWired("check refresh"))) }
            refreshChecks(complete)
        case .status, .check, .memory, .events, .metrics:
            guard let current = view() else {
                return reply(.failure(ControlError(.unavailable, "dom0tuned is starting and has no state to report yet; try again shortly")))
            }
            reply(.success(Self.answer(request, from: current)))
        }
    }

    /// The answer to a read-only request, from a view (pure).
    public static func answer(_ request: ControlRequest, from view: DaemonView) -> JSONValue {
        switch request.command {
        case .status: view.statusJSON
        case .check: view.checkJSON
        case .memory: view.memoryJSON
        case .events: view.eventsJSON(limit: request.int("limit").map { Int(clamping: $0) })
        case .metrics: .string(view.metricsText)
        case .reapply, .reload: .null
        }
    }

    static func notWired(_ what: String) -> ControlError {
        ControlError(.unavailable, "this daemon cannot \(what) right now")
    }
}

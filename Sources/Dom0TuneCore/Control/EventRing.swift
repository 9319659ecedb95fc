/// The most recent events, at most `capacity`; older ones are dropped and counted.
public struct EventRing: Sendable, Equatable {
    public let capacity: Int
    private var storage: [DaemonEvent] = []
    private var head = 0
    /// How many events were ever appended (so a reader can tell some were dropped).
    public private(set) var total: Int = 0

    public init(capacity: Int = 256) {
        precondition(capacity > 0, "an event ring needs room for at least one event")
        self.capacity = capacity
        storage.reserveCapacity(capacity)
    }

    public mutating func append(_ event: DaemonEvent) {
        total += 1
        if storage.count < capacity {
            storage.append(event)
        } else {
            storage[head] = event
            head = (head + 1) % capacity
        }
    }

    public var count: Int { storage.count }

    /// The events, oldest first.
    public var events: [DaemonEvent] { Array(storage[head...] + storage[..<head]) }

    /// The newest `limit` events, oldest first.
    public func recent(_ limit: Int) -> [DaemonEvent] {
        let all = events
        return Array(all.suffix(max(0, limit)))
    }
}

/// What dom0's scheduler parameters should be.
public struct WeightTarget: Sendable, Equatable {
    public var weight: Int
    /// `nil`: leave the cap alone.
    public var cap: Int?

    public init(weight: Int, cap: Int? = nil) {
        self.weight = weight
        self.cap = cap
    }

    public init(_ settings: SchedulerSettings) {
        self.init(weight: settings.weight, cap: settings.cap)
    }

    /// Whether observed parameters already match (a cap of `nil` matches any cap).
    public func isMet(weight observedWeight: Int, cap observedCap: Int?) -> Bool {
        guard observedWeight == weight else { return false }
        guard let cap else { return true }
        return observedCap == cap
    }
}

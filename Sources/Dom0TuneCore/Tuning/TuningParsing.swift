/// The few facts the tuning state machine needs from xl's output, on top of the
/// toolstack parsers. Unparseable output gives `nil`: the machine falls back or fails.
enum TuningParsing {
    /// dom0's scheduler and parameters from `xl list -l 0`.
    static func dom0FromListLong(_ text: String) -> (scheduler: XenScheduler, weight: Int?, cap: Int?)? {
        guard let details = try? XlDomainDetails.parse(text), let dom0 = details.domain(id: 0),
            let scheduler = dom0.scheduler
        else { return nil }
        return (scheduler, dom0.weight, dom0.cap)
    }

    /// The scheduler of dom0's pool from `xl cpupool-list`: dom0 starts in Pool-0
    /// (cpupool 0); with a single pool, that one.
    static func dom0PoolScheduler(fromCpupoolList text: String) -> XenScheduler? {
        guard let list = try? CpupoolList.parse(text) else { return nil }
        let pool = list.pool(named: "Pool-0") ?? (list.pools.count == 1 ? list.pools.first : nil)
        return pool?.scheduler
    }

    /// Domain-0's weight and cap from `xl sched-credit[2] -d Domain-0`.
    static func dom0Params(fromSchedTable text: String) -> (weight: Int, cap: Int?)? {
        guard let table = try? SchedParamsTable.parse(text),
            let dom0 = table.domain(id: 0) ?? table.domain(named: "Domain-0")
        else { return nil }
        return (dom0.weight, dom0.cap)
    }
}

extension XlFailure {
    /// Whether xl could not reach Xen at all (as opposed to answering with an error).
    var meansToolstackUnavailable: Bool {
        switch self {
        case .cannotInitContext: true
        default: false
        }
    }
}

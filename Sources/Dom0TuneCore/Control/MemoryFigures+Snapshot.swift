extension MemoryFigures {
    /// The memory watch's snapshot as the control socket shows it: the snapshot's own JSON
    /// for `memory` and `status`, its totals and pressure for metrics.
    public init(_ snapshot: MemorySnapshot) {
        self.init(
            summary: snapshot.json, headline: snapshot.statusSummary, swapPagesIn: snapshot.totals.pagesIn, swapPagesOut: snapshot.totals.pagesOut,
            episodesTotal: snapshot.totals.episodesStarted, pressureSomeAvg10: snapshot.pressure?.some.avg10)
    }
}

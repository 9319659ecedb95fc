public import Dom0TuneCore
import Glibc

/// Why a memory file could not be read: the system call, or the text.
public enum MemoryReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case system(SystemCallError)
    case parse(ProcParseError)

    public var description: String {
        switch self {
        case .system(let error): error.description
        case .parse(let error): error.description
        }
    }
}

/// Reads dom0's memory files below a root (`/` in production, a fake tree in tests).
public struct MemoryFiles: Sendable {
    public let files: RootedFileSystem

    public init(root: String = "/") {
        self.files = RootedFileSystem(root: root)
    }

    /// `<root>/proc/vmstat`.
    public func vmstat() throws(MemoryReadError) -> VMStat {
        let text = try read(VMStat.path)
        do { return try VMStat.parse(text) } catch { throw .parse(error) }
    }

    /// `<root>/proc/meminfo`.
    public func meminfo() throws(MemoryReadError) -> MemInfo {
        let text = try read(MemInfo.path)
        do { return try MemInfo.parse(text) } catch { throw .parse(error) }
    }

    /// `<root>/proc/pressure/memory`. A kernel without PSI has no such file (ENOENT),
    /// and one booted with `psi=0` refuses to read it (EOPNOTSUPP): both throw.
    public func pressure() throws(MemoryReadError) -> MemoryPressure {
        let text = try read(MemoryPressure.path)
        do { return try MemoryPressure.parse(text) } catch { throw .parse(error) }
    }

    /// `<root>/proc/swaps`.
    public func swaps() throws(MemoryReadError) -> [SwapDevice] {
        let text = try read(SwapDevice.path)
        do { return try SwapDevice.parseAll(text) } catch { throw .parse(error) }
    }

    /// One sample at `time`/`wallClock`. The swap counters are required; a missing or
    /// unreadable meminfo or pressure file leaves that part `nil` and is reported in
    /// `problems` (a normal result: PSI is optional).
    public func sample(
        time: Duration, wallClock: Duration, wokenByTrigger: Bool
    ) throws(MemoryReadError) -> (sample: MemorySample, problems: [MemoryReadError]) {
        let stat = try vmstat()
        var problems: [MemoryReadError] = []
        var info: MemInfo?
        do { info = try meminfo() } catch { problems.append(error) }
        var pressure: MemoryPressure?
        do { pressure = try self.pressure() } catch {
            if case .system(let e) = error, e.errno == ENOENT || e.errno == EOPNOTSUPP {
                // No PSI on this kernel: not a problem, the watch says so in its mode.
            } else {
                problems.append(error)
            }
        }
        let sample = MemorySample(
            time: time, wallClock: wallClock, pagesSwappedIn: stat.pagesSwappedIn, pagesSwappedOut: stat.pagesSwappedOut,
            memInfo: info, pressure: pressure, wokenByTrigger: wokenByTrigger)
        return (sample, problems)
    }

    private func read(_ path: String) throws(MemoryReadError) -> String {
        do { return try files.read(path) } catch { throw .system(error) }
    }
}

public import Dom0TuneCore
import Glibc

/// Collects ``CheckInputs`` from a (rooted) system: the files and directories the checks
/// read, xl's answers, and the process list (`/proc/PID/comm`). Blocking: call it off the
/// daemon's state queue. Read-only.
public struct CheckInputsReader: Sendable {
    public let files: RootedFileSystem
    public let toolstack: any ToolstackQuerying

    /// Symbolic links followed (inside the root) before giving up.
    static let maximumLinks = 8

    public init(files: RootedFileSystem, toolstack: any ToolstackQuerying) {
        self.files = files
        self.toolstack = toolstack
    }

    /// A full snapshot: files, xl, processes, and dom0's weight read through xl.
    public func snapshot(configuredWeight: Int) -> CheckInputs {
        var inputs = CheckInputs(configuredWeight: configuredWeight)
        readAllFiles(into: &inputs)
        runToolstack(CheckInputs.xlCommands, into: &inputs)
        inputs.observedWeight = readWeight(into: &inputs)
        inputs.processes = processes()
        return inputs
    }

    // MARK: files

    /// Lists ``CheckInputs/listedDirectories`` and reads every file the checks use.
    public func readAllFiles(into inputs: inout CheckInputs) {
        inputs.directories = [:]
        for directory in CheckInputs.listedDirectories {
            if let names = listDirectory(directory) { inputs.directories[directory] = names }
        }
        inputs.files = [:]
        inputs.unreadable = [:]
        for path in CheckInputs.filesToRead(listings: inputs.directories) { readFile(path, into: &inputs) }
    }

    /// Re-reads one file (or re-lists one directory and reads its new entries).
    public func refresh(_ path: String, into inputs: inout CheckInputs) {
        if CheckInputs.listedDirectories.contains(path) {
            if let names = listDirectory(path) { inputs.directories[path] = names } else { inputs.directories[path] = nil }
            let wanted = Set(CheckInputs.filesToRead(listings: inputs.directories))
            for key in inputs.files.keys where key.hasPrefix(path + "/") && !wanted.contains(key) { inputs.files[key] = nil }
            for file in wanted where file.hasPrefix(path + "/") { readFile(file, into: &inputs) }
        } else {
            readFile(path, into: &inputs)
        }
    }

    public func readFile(_ path: String, into inputs: inout CheckInputs) {
        inputs.files[path] = nil
        inputs.unreadable[path] = nil
        switch read(path) {
        case .success(let text): inputs.files[path] = text
        case .failure(let error) where error.errno == ENOENT || error.errno == ENOTDIR: break
        case .failure(let error): inputs.unreadable[path] = Errno.describe(error.errno)
        }
    }

    /// Reads `path` below the root, following symbolic links inside the root (an absolute
    /// link such as `/etc/xen/auto/web -> /etc/xen/web.cfg` must not escape a `--root`).
    func read(_ path: String) -> Result<String, SystemCallError> {
        var current = path
        for _ in 0...Self.maximumLinks {
            let real = files.path(current)
            var buffer = [CChar](repeating: 0, count: 4096)
            let length = readlink(real, &buffer, buffer.count - 1)
            if length < 0 {
                if errno == EINVAL {  // not a link
                    do {
                        return .success(try files.read(current))
                    } catch {
                        return .failure(error)
                    }
                }
                return .failure(SystemCallError("readlink \(real)", errno: errno))
            }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("/") {
                current = target
            } else {
                let directory = current.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
                current = Self.normalize(directory + "/" + target)
            }
        }
        return .failure(SystemCallError("open \(path)", errno: ELOOP))
    }

    /// `/a/b/../c/./d` → `/a/c/d`, never above `/`.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Entry names of a directory below the root; `nil` when it does not exist.
    func listDirectory(_ path: String) -> [String]? {
        guard let directory = opendir(files.path(path)) else { return nil }
        closedir(directory)
        return files.list(path)
    }

    // MARK: processes

    /// `comm` of every process in `<root>/proc`; `nil` when `/proc` cannot be listed.
    public func processes() -> [CheckInputs.RunningProcess]? {
        guard let names = listDirectory("/proc") else { return nil }
        var result: [CheckInputs.RunningProcess] = []
        for name in names {
            guard let pid = Int(name), pid > 0 else { continue }
            guard let comm = try? files.read("/proc/\(name)/comm") else { continue }
            result.append(CheckInputs.RunningProcess(pid: pid, name: String(comm.trimmingSuffixNewlines())))
        }
        return result
    }

    // MARK: toolstack

    public func runToolstack(_ commands: [[String]], into inputs: inout CheckInputs) {
        for arguments in commands { inputs.toolstack[CheckInputs.key(arguments)] = toolstack.run(arguments) }
    }

    /// dom0's weight as `dom0tuned check` reads it: `xl list -l 0`; when that has no
    /// weight, the pool scheduler from `xl cpupool-list` and `xl sched-… -d Domain-0`.
    public func readWeight(into inputs: inout CheckInputs) -> CheckInputs.ObservedWeight? {
        let listLong = ["list", "-l", "0"]
        let outcome = toolstack.run(listLong)
        inputs.toolstack[CheckInputs.key(listLong)] = outcome
        var scheduler: XenScheduler?
        if case .exited(0, let stdout, _) = outcome, let details = try? XlDomainDetails.parse(stdout),
            let dom0 = details.domain(id: 0), let found = dom0.scheduler
        {
            if let weight = dom0.weight { return .init(scheduler: found, weight: weight, source: "xl list -l 0") }
            scheduler = found
        }
        if scheduler == nil {
            let pools = ["cpupool-list"]
            let outcome = toolstack.run(pools)
            inputs.toolstack[CheckInputs.key(pools)] = outcome
            if case .exited(0, let stdout, _) = outcome, let list = try? CpupoolList.parse(stdout),
                let pool = list.pool(named: "Pool-0") ?? (list.pools.count == 1 ? list.pools.first : nil)
            {
                scheduler = pool.scheduler
            } else if case .exited(0, let stdout, _)? = inputs.outcome(["info"]), let info = try? XlInfo.parse(stdout) {
                // Last resort: Xen's default scheduler, which is Pool-0's unless cpupools were made.
                scheduler = info.xenScheduler
            }
        }
        guard let scheduler else { return nil }
        guard scheduler.hasWeight, let command = scheduler.xlCommand else {
            return .init(scheduler: scheduler, weight: nil, source: "xl cpupool-list / xl info")
        }
        let read = [command, "-d", "Domain-0"]
        let readOutcome = toolstack.run(read)
        inputs.toolstack[CheckInputs.key(read)] = readOutcome
        guard case .exited(0, let stdout, _) = readOutcome, let table = try? SchedParamsTable.parse(stdout),
            let dom0 = table.domain(id: 0) ?? table.domain(named: "Domain-0")
        else { return nil }
        return .init(scheduler: scheduler, weight: dom0.weight, source: "xl \(read.joined(separator: " "))")
    }
}

extension String {
    func trimmingSuffixNewlines() -> Substring {
        var text = self[...]
        while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
        return text
    }
}

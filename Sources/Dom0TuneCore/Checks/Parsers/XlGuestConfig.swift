/// The parts of a guest config (`/etc/xen/NAME.cfg`, xl.cfg(5)) that decide where its
/// vCPUs may run: `name`, `type`/`builder`, `vcpus`/`maxvcpus` and `cpus`.
public struct XlGuestConfig: Sendable, Equatable {
    public enum GuestType: String, Sendable, Equatable {
        case pv, pvh, hvm
    }

    /// `cpus=` as written: one list for every vCPU, or one list per vCPU.
    public enum CPUs: Sendable, Equatable {
        case all(XlCpuListSpec)
        case perVCPU([XlCpuListSpec])
    }

    public var name: String?
    public var type: GuestType
    public var vcpus: Int
    public var cpus: CPUs?
    public var cpusLine: Int?

    static let maximumVCPUs = 4096

    /// - Throws: ``InputParseError`` for a syntax error or an invalid `cpus=`.
    public init(parsing text: String, source: String) throws(InputParseError) {
        let file = try XlConfigFile(parsing: text, source: source)
        name = file["name"]?.value.atom
        if let type = file["type"]?.value.atom {
            guard let known = GuestType(rawValue: type) else {
                throw InputParseError(source: source, line: file["type"]!.line, message: "type=\"\(type)\" is not pv, pvh or hvm")
            }
            self.type = known
        } else if file["builder"]?.value.atom == "hvm" {
            type = .hvm
        } else {
            type = .pv
        }
        func count(_ key: String) throws(InputParseError) -> Int? {
            guard let setting = file[key] else { return nil }
            guard let text = setting.value.atom, let value = Int(text), value >= 1, value <= Self.maximumVCPUs else {
                throw InputParseError(source: source, line: setting.line, message: "\(key) must be a count from 1 to \(Self.maximumVCPUs)")
            }
            return value
        }
        vcpus = max(try count("vcpus") ?? 1, try count("maxvcpus") ?? 1)
        if let setting = file["cpus"] {
            cpusLine = setting.line
            do throws(InputParseError) {
                switch setting.value {
                case .atom(let text):
                    cpus = .all(try XlCpuListSpec(parsing: text, source: "cpus"))
                case .list(let items):
                    var specs: [XlCpuListSpec] = []
                    for item in items {
                        guard let text = item.atom else {
                            throw InputParseError(source: "cpus", message: "a per-vCPU entry must be a string")
                        }
                        specs.append(try XlCpuListSpec(parsing: text, source: "cpus"))
                    }
                    guard !specs.isEmpty else { throw InputParseError(source: "cpus", message: "empty list") }
                    cpus = .perVCPU(specs)
                }
            } catch {
                throw InputParseError(source: source, line: setting.line, message: error.message)
            }
        }
    }

    /// The hard affinity of each vCPU on a host with `allCPUs`: `cpus=` (vCPUs past the
    /// end of a per-vCPU list are not pinned) intersected with xl.conf's global masks.
    /// - Throws: ``InputParseError`` when a `nodes:` list names an unknown node.
    public func hardAffinity(allCPUs: Set<Int>, nodeCPUs: [Int: Set<Int>], xlConf: XlConf?) throws(InputParseError) -> [Set<Int>] {
        var global = allCPUs
        if let mask = xlConf?.cpumask { global.formIntersection(try mask.spec.resolve(allCPUs: allCPUs, nodeCPUs: nodeCPUs)) }
        let typeMask = type == .pv ? xlConf?.pvCpumask : xlConf?.hvmCpumask
        if let mask = typeMask { global.formIntersection(try mask.spec.resolve(allCPUs: allCPUs, nodeCPUs: nodeCPUs)) }
        var result: [Set<Int>] = []
        for vcpu in 0..<vcpus {
            var own = allCPUs
            switch cpus {
            case .all(let spec)?:
                own = try spec.resolve(allCPUs: allCPUs, nodeCPUs: nodeCPUs)
            case .perVCPU(let specs)?:
                if vcpu < specs.count { own = try specs[vcpu].resolve(allCPUs: allCPUs, nodeCPUs: nodeCPUs) }
            case nil:
                break
            }
            result.append(own.intersection(global))
        }
        return result
    }
}

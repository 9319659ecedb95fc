/// The JSON printed by `xl list -l [DOMAIN]`: an array with one object per domain, holding
/// `domid` and the libxl `config` (`c_info`, `b_info`, …).
///
/// Only the fields this project reads are extracted; a field that is absent is nil
/// (libxl omits fields left at their default), while a field present with the wrong JSON
/// type is an error.
public struct XlDomainDetails: Sendable, Equatable {
    /// One domain.
    public struct Domain: Sendable, Equatable {
        /// `domid`.
        public var domid: Int
        /// `config.c_info.name`.
        public var name: String?
        /// `config.c_info.type`: `pv`, `pvh` or `hvm`.
        public var type: String?
        /// `config.c_info.pool_name`, when libxl printed it.
        public var poolName: String?
        /// `config.b_info.sched_params.sched`.
        public var scheduler: XenScheduler?
        /// `config.b_info.sched_params.weight`.
        public var weight: Int?
        /// `config.b_info.sched_params.cap`.
        public var cap: Int?
        /// `config.b_info.max_memkb`, in KiB.
        public var maxMemKiB: Int?
        /// `config.b_info.target_memkb`, in KiB.
        public var targetMemKiB: Int?
        /// `config.b_info.max_vcpus`.
        public var maxVcpus: Int?
        /// `config.b_info.avail_vcpus` (a bitmap, printed as the list of set bits).
        public var availVcpus: CPUSet?

        public init(
            domid: Int, name: String? = nil, type: String? = nil, poolName: String? = nil,
            scheduler: XenScheduler? = nil, weight: Int? = nil, cap: Int? = nil, maxMemKiB: Int? = nil,
            targetMemKiB: Int? = nil, maxVcpus: Int? = nil, availVcpus: CPUSet? = nil
        ) {
            self.domid = domid
            self.name = name
            self.type = type
            self.poolName = poolName
            self.scheduler = scheduler
            self.weight = weight
            self.cap = cap
            self.maxMemKiB = maxMemKiB
            self.targetMemKiB = targetMemKiB
            self.maxVcpus = maxVcpus
            self.availVcpus = availVcpus
        }
    }

    public var domains: [Domain]

    public init(domains: [Domain]) { self.domains = domains }

    /// The domain with id `domid`.
    public func domain(id domid: Int) -> Domain? { domains.first { $0.domid == domid } }

    /// The first domain named `name`.
    public func domain(named name: String) -> Domain? { domains.first { $0.name == name } }

    static let source = "xl list -l"

    /// Parses the JSON of `xl list -l`.
    ///
    /// Throws for invalid JSON (with the line of the problem), for a top level that is not
    /// an array, for an element that is not an object or lacks an integer `domid`, and for
    /// a known field of the wrong type or out of range. Missing optional fields are nil.
    public static func parse(_ text: String) throws(ToolstackParseError) -> XlDomainDetails {
        let bytes = Array(text.utf8)
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes: bytes)
        } catch {
            let line = 1 + bytes.prefix(min(error.offset, bytes.count)).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw ToolstackParseError(source: source, line: line, message: error.reason)
        }
        guard let array = json.arrayValue else {
            throw ToolstackParseError(source: source, line: 0, message: "top level is not an array")
        }
        var domains: [Domain] = []
        for (index, element) in array.enumerated() {
            domains.append(try domain(element, index: index))
        }
        return XlDomainDetails(domains: domains)
    }

    private static func domain(_ element: JSONValue, index: Int) throws(ToolstackParseError) -> Domain {
        let at = "domain [\(index)]"
        guard element.objectValue != nil else {
            throw ToolstackParseError(source: source, line: 0, message: "\(at) is not an object")
        }
        guard let domid = try int(element["domid"], "\(at).domid", max: Int(UInt32.max)) else {
            throw ToolstackParseError(source: source, line: 0, message: "\(at) has no domid")
        }
        let config = element["config"]
        let cInfo = config?["c_info"]
        let bInfo = config?["b_info"]
        let sched = bInfo?["sched_params"]
        var domain = Domain(domid: domid)
        domain.name = try string(cInfo?["name"], "\(at).config.c_info.name")
        domain.type = try string(cInfo?["type"], "\(at).config.c_info.type")
        domain.poolName = try string(cInfo?["pool_name"], "\(at).config.c_info.pool_name")
        domain.scheduler = try string(sched?["sched"], "\(at).config.b_info.sched_params.sched")
            .map { XenScheduler(name: $0) }
        domain.weight = try int(sched?["weight"], "\(at).config.b_info.sched_params.weight")
        domain.cap = try int(sched?["cap"], "\(at).config.b_info.sched_params.cap")
        domain.maxMemKiB = try int(bInfo?["max_memkb"], "\(at).config.b_info.max_memkb")
        domain.targetMemKiB = try int(bInfo?["target_memkb"], "\(at).config.b_info.target_memkb")
        domain.maxVcpus = try int(bInfo?["max_vcpus"], "\(at).config.b_info.max_vcpus")
        if let bits = bInfo?["avail_vcpus"] {
            guard let list = bits.arrayValue else {
                throw ToolstackParseError(source: source, line: 0, message: "\(at).config.b_info.avail_vcpus is not an array")
            }
            var cpus: [Int] = []
            for bit in list {
                guard let n = try int(bit, "\(at).config.b_info.avail_vcpus[]", max: CPUSet.maxCPU) else { continue }
                cpus.append(n)
            }
            domain.availVcpus = CPUSet(cpus)
        }
        return domain
    }

    private static func string(_ value: JSONValue?, _ path: String) throws(ToolstackParseError) -> String? {
        guard let value, value != .null else { return nil }
        guard let string = value.stringValue else {
            throw ToolstackParseError(source: source, line: 0, message: "\(path) is not a string")
        }
        return string
    }

    private static func int(_ value: JSONValue?, _ path: String, max: Int = Int.max) throws(ToolstackParseError) -> Int? {
        guard let value, value != .null else { return nil }
        guard case .int(let number) = value else {
            throw ToolstackParseError(source: source, line: 0, message: "\(path) is not an integer")
        }
        guard number >= 0, number <= max else {
            throw ToolstackParseError(source: source, line: 0, message: "\(path) out of range: \(number)")
        }
        return Int(number)
    }
}

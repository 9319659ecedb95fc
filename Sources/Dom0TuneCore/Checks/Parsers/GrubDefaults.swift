/// What update-grub (grub-mkconfig) will read from `/etc/default/grub` and then
/// `/etc/default/grub.d/*.cfg` in lexical order, each sourced as shell, including
/// Debian's `xen.cfg` logic (`XEN_OVERRIDE_GRUB_DEFAULT` rewriting `GRUB_DEFAULT`).
public struct GrubDefaults: Sendable {
    public static let mainPath = "/etc/default/grub"
    public static let dropInDirectory = "/etc/default/grub.d"
    /// Debian's drop-in shipped by xen-hypervisor-common; remedies point here.
    public static let xenDropInPath = "/etc/default/grub.d/xen.cfg"

    /// Commands whose output the files may substitute. `lsb_release -i -s` prints
    /// `Debian` on Debian (and `GRUB_DISTRIBUTOR`'s fallback `echo Debian` agrees).
    public static let debianCommandOutputs = ["lsb_release -i -s": "Debian", "lsb_release -is": "Debian"]

    public private(set) var evaluator: ShellEvaluator
    /// The files read, in order.
    public private(set) var paths: [String] = []
    /// Files that are not valid shell: update-grub would fail on them too.
    public private(set) var errors: [InputParseError] = []

    /// - Parameter files: path and text, the main file first, then drop-ins in lexical
    ///   order (``orderedDropIns(_:)``).
    public init(files: [(path: String, text: String)], knownCommandOutputs: [String: String] = debianCommandOutputs) {
        evaluator = ShellEvaluator(knownCommandOutputs: knownCommandOutputs)
        for file in files {
            paths.append(file.path)
            do {
                try evaluator.source(file.text, path: file.path)
            } catch {
                errors.append(error)
            }
        }
    }

    /// Drop-in names as grub-mkconfig's glob `grub.d/*.cfg` picks them: `.cfg` files in
    /// byte order.
    public static func orderedDropIns(_ names: [String]) -> [String] {
        names.filter { $0.hasSuffix(".cfg") && !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    public func value(_ name: String) -> ShellValue { evaluator.value(name) }

    /// Where a variable was last assigned, if it was.
    public func location(of name: String) -> ShellEvaluator.Location? { evaluator.locations[name] }

    /// The Xen arguments update-grub writes for the default Xen entry:
    /// `${GRUB_CMDLINE_XEN} ${GRUB_CMDLINE_XEN_DEFAULT}` (recovery entries get only the first).
    public var xenDefaultArguments: ShellValue {
        switch (value("GRUB_CMDLINE_XEN"), value("GRUB_CMDLINE_XEN_DEFAULT")) {
        case (.known(let common), .known(let defaults)): .known(common + " " + defaults)
        case (.unknown(let reason), _), (_, .unknown(let reason)): .unknown(reason: reason)
        }
    }

    /// `GRUB_DEFAULT` (grub-mkconfig's default is `0`).
    public var grubDefault: ShellValue {
        if evaluator.variables["GRUB_DEFAULT"] == nil { return .known("0") }
        if case .known("") = value("GRUB_DEFAULT") { return .known("0") }
        return value("GRUB_DEFAULT")
    }
}

public import Dom0TuneCore

/// Reads the main configuration file and its drop-ins (`FILE.d/*.conf`, in lexical
/// order, so later files override earlier ones).
public enum ConfigFiles {
    /// - Parameter mainPath: the main file. When `requireMain` is false a missing main
    ///   file means "all defaults" (as for `/etc/dom0tuned.conf`).
    /// - Throws: ``ConfigError`` naming the file that could not be read.
    public static func read(mainPath: String, requireMain: Bool) throws(ConfigError) -> [ConfigSource] {
        func read(_ path: String) throws(SystemCallError) -> String {
            String(decoding: try RootedFileSystem.readFile(atPath: path), as: UTF8.self)
        }
        var sources: [ConfigSource] = []
        do {
            sources.append(ConfigSource(path: mainPath, text: try read(mainPath)))
        } catch {
            if requireMain || error.errno != 2 /* ENOENT */ {
                throw ConfigError(diagnostics: [
                    ConfigDiagnostic(file: mainPath, line: 0, severity: .error, message: "cannot read: \(error)")
                ])
            }
        }
        let dropInDirectory = mainPath + ".d"
        for name in RootedFileSystem.listDirectory(atPath: dropInDirectory) where name.hasSuffix(".conf") {
            let path = dropInDirectory + "/" + name
            do {
                sources.append(ConfigSource(path: path, text: try read(path)))
            } catch {
                throw ConfigError(diagnostics: [
                    ConfigDiagnostic(file: path, line: 0, severity: .error, message: "cannot read: \(error)")
                ])
            }
        }
        return sources
    }

    /// Reads and parses in one step.
    public static func load(mainPath: String, requireMain: Bool) throws(ConfigError) -> (Config, [ConfigDiagnostic]) {
        try ConfigLoader.require(try read(mainPath: mainPath, requireMain: requireMain))
    }
}

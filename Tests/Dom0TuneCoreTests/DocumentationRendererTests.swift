import Testing
@testable import Dom0TuneCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct DocumentationRendererTests {
    /// The repository root, from this file's path (`<repo>/Tests/Dom0TuneCoreTests/…`).
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    @Test func committedDefaultConfig_isTheRenderedOne() throws {
        let path = Self.repositoryRoot + "/packaging/dom0tuned.conf"
        let committed = try #require(readFile(path), "cannot read \(path)")
        #expect(
            committed == DocumentationRenderer.defaultConfig,
            "packaging/dom0tuned.conf is stale: run scripts/regenerate-docs.sh and commit it")
    }

    @Test func defaultConfig_listsEveryKeyCommentedOutAtItsDefault_inItsSection() {
        let lines = DocumentationRenderer.defaultConfig.split(separator: "\n", omittingEmptySubsequences: false)
        for key in ConfigSchema.keys {
            let index = lines.firstIndex(of: Substring("#\(key.name)=\(key.defaultText)"))
            #expect(index != nil, "#\(key.name)=\(key.defaultText) missing")
            guard let index else { continue }
            let header = lines[..<index].last { $0.hasPrefix("[") }
            #expect(header == Substring("[\(key.section)]"))
        }
        #expect(!lines.contains { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("[") })
    }

    @Test func defaultConfig_uncommented_loadsToTheBuiltInDefaults_withoutDiagnostics() {
        // Guards the schema's defaultText against drifting from Config's initial values.
        var text = ""
        for line in DocumentationRenderer.defaultConfig.split(separator: "\n", omittingEmptySubsequences: false) {
            let isAssignment = line.hasPrefix("#") && !line.hasPrefix("# ") && line.contains("=")
            text += (isAssignment ? String(line.dropFirst()) : String(line)) + "\n"
        }
        let result = ConfigLoader.load([ConfigSource(path: "/etc/dom0tuned.conf", text: text)])
        #expect(result.diagnostics.isEmpty)
        #expect(result.config == Config())
    }

    @Test func defaultConfig_fitsEightyColumns() {
        for line in DocumentationRenderer.defaultConfig.split(separator: "\n") {
            #expect(line.count <= 80, "\(line)")
        }
    }

    @Test func configManPage_documentsEveryKeyAndSection() {
        let page = DocumentationRenderer.configManPage
        #expect(page.hasPrefix(".\\\""))
        #expect(page.contains(".TH DOM0TUNED.CONF 5 "))
        for (section, _) in ConfigSchema.sectionDocumentation {
            #expect(page.contains(".SH \"[\(section.uppercased())] SECTION OPTIONS\""))
        }
        for key in ConfigSchema.keys {
            #expect(page.contains(".BI \(key.name)= "), "\(key.name)")
        }
    }

    @Test func daemonManPage_andUsage_describeEveryOptionCommandAndExitStatus() {
        let page = DocumentationRenderer.daemonManPage
        let usage = DocumentationRenderer.daemonUsage
        #expect(page.contains(".TH DOM0TUNED 8 "))
        for entry in DaemonCommandLine.options + DaemonCommandLine.commands {
            #expect(page.contains(DocumentationRenderer.roffSynopsis(entry.usage)), "\(entry.usage)")
            #expect(usage.contains("  " + entry.usage), "\(entry.usage)")
        }
        for status in DaemonExitStatus.allCases {
            #expect(page.contains(".TP\n.B \(status.rawValue)\n"))
            #expect(usage.contains("  \(status.rawValue) "))
        }
        for signal in ["SIGHUP", "SIGTERM", "READY=1", "STOPPING=1", "RELOADING=1", "WATCHDOG=1"] {
            #expect(page.contains(signal))
        }
        #expect(usage.hasPrefix("Usage: dom0tuned "))
    }

    @Test func usage_fitsEightyColumns() {
        for line in DocumentationRenderer.daemonUsage.split(separator: "\n") {
            #expect(line.count <= 80, "\(line)")
        }
    }

    @Test func manPages_haveNoLineThatRoffWouldMisreadAsARequest() {
        for page in [DocumentationRenderer.configManPage, DocumentationRenderer.daemonManPage] {
            for line in page.split(separator: "\n") where line.hasPrefix(".") || line.hasPrefix("'") {
                // Only the requests and macros the renderer writes on purpose.
                let name = line.dropFirst().prefix { $0 != " " }
                let known: Set<Substring> = [
                    "\\\"", "TH", "SH", "PP", "TP", "TQ", "B", "I", "BI", "BR", "IB", "IR", "RB", "RI", "RS", "RE",
                    "br", "nf", "fi",
                ]
                #expect(known.contains(name), "\(line)")
            }
            #expect(page.unicodeScalars.allSatisfy { $0.isASCII }, "man pages are written in ASCII with roff escapes")
        }
    }

    @Test func roffText_escapesBackslashesLeadingDotsAndNonASCII() {
        #expect(DocumentationRenderer.roffText(#"a\b"#) == #"a\eb"#)
        #expect(DocumentationRenderer.roffText(".x\n'y\nz.") == "\\&.x\n\\&'y\nz.")
        #expect(DocumentationRenderer.roffText("1–2 µs") == "1\\(en2 \\[u00B5]s")
    }

    @Test func roffSynopsis_setsLiteralsBoldAndPlaceholdersItalic() {
        #expect(
            DocumentationRenderer.roffSynopsis("check [--json] [--config FILE]")
                == #"\fBcheck\fR [\fB\-\-json\fR] [\fB\-\-config\fR \fIFILE\fR]"#)
    }

    @Test func wrap_keepsWordsWhole_andPutsAnOverlongWordOnItsOwnLine() {
        #expect(DocumentationRenderer.wrap("aa bb cc", width: 7, indent: "# ") == ["# aa bb", "# cc"])
        #expect(DocumentationRenderer.wrap("x " + String(repeating: "y", count: 12), width: 8, indent: "") == ["x", String(repeating: "y", count: 12)])
        #expect(DocumentationRenderer.wrap("", width: 8, indent: "# ") == ["#"])
    }

    @Test func render_knowsExactlyTheDocumentNames() {
        for name in DocumentationRenderer.documentNames {
            #expect(DocumentationRenderer.render(name: name) != nil)
        }
        #expect(DocumentationRenderer.render(name: "dom0ctl.1") == nil)
        #expect(DocumentationRenderer.render(name: "") == nil)
    }
}

/// The whole file as UTF-8, or `nil` when it cannot be read.
private func readFile(_ path: String) -> String? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else { return nil }
        if count == 0 { break }
        bytes += buffer[..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

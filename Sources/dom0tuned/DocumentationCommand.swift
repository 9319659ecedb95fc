import Dom0TuneCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Handles the documentation flags before anything else runs, and exits if it did:
///
/// - `dom0tuned --help`: ``DocumentationRenderer/daemonUsage`` on standard output, exit 0.
/// - `dom0tuned --render-doc NAME` (hidden; the package build and
///   `scripts/regenerate-docs.sh` use it): the document NAME, one of
///   ``DocumentationRenderer/documentNames``, on standard output, exit 0; an unknown NAME
///   is a usage error (exit 2).
///
/// Returns without doing anything for every other command line.
func handleDocumentationFlags(_ arguments: [String]) {
    if arguments == ["--help"] || arguments == ["-h"] {
        writeAndExit(DocumentationRenderer.daemonUsage, to: STDOUT_FILENO, status: .success)
    }
    guard arguments.first == "--render-doc" else { return }
    guard arguments.count == 2, let text = DocumentationRenderer.render(name: arguments[1]) else {
        let names = DocumentationRenderer.documentNames.joined(separator: ", ")
        writeAndExit("dom0tuned: --render-doc takes one of: \(names)\n", to: STDERR_FILENO, status: .usageError)
    }
    writeAndExit(text, to: STDOUT_FILENO, status: .success)
}

private func writeAndExit(_ text: String, to descriptor: Int32, status: DaemonExitStatus) -> Never {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        // The corresponding C function is `write`; retried on EINTR and short writes.
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            exit(DaemonExitStatus.runtimeFailure.rawValue)
        }
        bytes = bytes.dropFirst(written)
    }
    exit(status.rawValue)
}

import Dispatch
import Dom0TuneCore
import Glibc
import Testing
@testable import Dom0TuneHost

@Suite struct ControlSocketFileTests {
    func mode(_ path: String) -> (type: mode_t, permissions: mode_t, gid: gid_t)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return (info.st_mode & S_IFMT, info.st_mode & 0o7777, info.st_gid)
    }

    func start(_ path: String, group: String? = nil) -> Result<ControlServer, ControlServerError> {
        let queue = DispatchQueue(label: "test.state")
        let server = ControlServer(configuration: ControlServerConfiguration(path: path, group: group), queue: queue, handler: testHandler())
        return queue.sync {
            do throws(ControlServerError) {
                try server.start()
                return .success(server)
            } catch {
                return .failure(error)
            }
        }
    }

    func stop(_ server: ControlServer) {
        // ControlServer.stop must run on the server's queue; the tests' servers use their own.
        server.stopForTests()
    }

    @Test func createsTheParentAndASocketOfMode0660InTheGroup() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/run/dom0tuned/control.sock"
        let server = try start(path, group: "nogroup").get()
        let info = mode(path)
        #expect(info?.type == S_IFSOCK)
        #expect(info?.permissions == 0o660)
        #expect(info?.gid == 65534)
        stop(server)
        #expect(mode(path) == nil, "the socket file is removed on stop")
    }

    @Test func refusesAnUnknownGroup() {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        guard case .failure(let error) = start(directory + "/s.sock", group: "no-such-group-dom0tuned") else {
            Issue.record("started")
            return
        }
        #expect(error == .unknownGroup("no-such-group-dom0tuned"))
    }

    @Test func replacesAStaleSocket() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/control.sock"
        let stale = try UnixSocket.stream(nonBlocking: false)
        try UnixSocket.bind(stale, path: path)
        UnixSocket.close(stale)  // the file stays, nobody listens: as after a crash
        #expect(mode(path)?.type == S_IFSOCK)
        let server = try start(path).get()
        #expect(try ControlClient(path: path).send(ControlRequest(.status)) == .success(normalized(testView().statusJSON)))
        stop(server)
    }

    @Test func leavesALiveSocketAlone() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        guard case .failure(let error) = start(harness.path) else {
            Issue.record("a second server took over a live socket")
            return
        }
        #expect(error == .alreadyRunning(harness.path))
        #expect(try harness.client.send(ControlRequest(.status)) == .success(normalized(testView().statusJSON)))
    }

    @Test func neverReplacesAFileOrFollowsASymlink() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let file = directory + "/important"
        close(open(file, O_CREAT | O_WRONLY, 0o600))
        guard case .failure(let error) = start(file) else {
            Issue.record("replaced a regular file")
            return
        }
        #expect(error == .notASocket(file))
        #expect(mode(file)?.type == S_IFREG)

        let link = directory + "/link.sock"
        symlink(file, link)
        guard case .failure(let linkError) = start(link) else {
            Issue.record("followed a symlink")
            return
        }
        #expect(linkError == .notASocket(link))
        #expect(mode(link)?.type == S_IFLNK)
        #expect(mode(file)?.type == S_IFREG)
    }

    @Test func stopLeavesASocketThatIsNoLongerOurs() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/control.sock"
        let server = try start(path).get()
        unlink(path)
        let other = try UnixSocket.stream(nonBlocking: false)
        defer { UnixSocket.close(other) }
        try UnixSocket.bind(other, path: path)
        stop(server)
        #expect(mode(path)?.type == S_IFSOCK, "another process's socket must survive our stop")
    }

    @Test func refusesAPathTooLongForASocket() {
        let path = "/tmp/" + String(repeating: "x", count: 120)
        guard case .failure(let error) = start(path) else {
            Issue.record("started")
            return
        }
        #expect(error == .pathTooLong(path))
    }

    @Test func servesASocketHandedOverBySystemd() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/activated.sock"
        let fd = try UnixSocket.stream(nonBlocking: false)
        try UnixSocket.bind(fd, path: path)
        try UnixSocket.listen(fd, backlog: 16)
        let queue = DispatchQueue(label: "test.state")
        let server = ControlServer(configuration: ControlServerConfiguration(path: path, group: nil), queue: queue, handler: testHandler())
        try queue.sync { try server.start(listeningOn: fd) }
        #expect(try ControlClient(path: path).send(ControlRequest(.status)) == .success(normalized(testView().statusJSON)))
        server.stopForTests()
        #expect(mode(path)?.type == S_IFSOCK, "systemd owns an activated socket's file")
    }
}

import Foundation

/// A slow link on loopback: a TCP relay that holds every chunk for `delay` in each direction
/// before passing it on, as a link with twice that round trip would (netem, the kernel's own
/// delay, is not available here). `drop()` cuts the link as a van leaving coverage would:
/// both ends see the connection close, nothing more is passed.
final class DelayRelay: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let target: UInt16
    private let delay: TimeInterval
    private let lock = NSLock()
    private var sockets: [Int32] = []
    private var dropped = false

    init(to target: UInt16, delay: TimeInterval) throws {
        self.target = target
        self.delay = delay
        (listener, port) = try Self.listen()
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { drop() }

    /// Closes every connection and the listener.
    func drop() {
        lock.lock()
        let all = sockets + [listener]
        sockets = []
        dropped = true
        lock.unlock()
        for fd in all {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            guard let upstream = try? Self.connect(to: target) else {
                close(client)
                continue
            }
            lock.lock()
            if dropped {
                lock.unlock()
                close(client)
                close(upstream)
                return
            }
            sockets += [client, upstream]
            lock.unlock()
            pump(from: client, to: upstream)
            pump(from: upstream, to: client)
        }
    }

    /// Reads `source` as it comes and writes each chunk to `sink` once it has waited `delay`,
    /// in order: a reader thread stamps the chunks, a writer thread sends them when due.
    private func pump(from source: Int32, to sink: Int32) {
        let queue = DelayedChunks()
        Thread.detachNewThread { [delay] in
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let n = read(source, &buffer, buffer.count)
                guard n > 0 else { break }
                queue.put(Data(buffer[0..<n]), due: Date().addingTimeInterval(delay))
            }
            queue.finish()
        }
        Thread.detachNewThread {
            while let (chunk, due) = queue.take() {
                let wait = due.timeIntervalSinceNow
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                let sent = chunk.withUnsafeBytes { write(sink, $0.baseAddress, $0.count) }
                guard sent == chunk.count else { break }
            }
            shutdown(sink, Int32(SHUT_WR))
        }
    }

    private static func listen() throws -> (Int32, UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && Glibc.listen(fd, 4) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, bound else { throw RelayError(message: "the relay could not listen: errno \(errno)") }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    static func connect(to port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard fd >= 0, connected else {
            close(fd)
            throw RelayError(message: "could not connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return fd
    }

    /// A port nobody listens on now, for a server the test starts.
    static func freePort() throws -> UInt16 {
        let (fd, port) = try listen()
        close(fd)
        return port
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    struct RelayError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// Chunks waiting their time, in the order they came; `take` blocks until one is there or the
/// reader has finished.
private final class DelayedChunks: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [(Data, Date)] = []
    private var finished = false

    func put(_ chunk: Data, due: Date) {
        condition.lock()
        chunks.append((chunk, due))
        condition.signal()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    func take() -> (Data, Date)? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !finished { condition.wait() }
        return chunks.isEmpty ? nil : chunks.removeFirst()
    }
}

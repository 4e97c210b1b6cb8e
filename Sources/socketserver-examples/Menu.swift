// 000_974109e91989bd3a.txt: the 10086 menu service, as the seed's servers speak it. The seed's server
// sends its texts as they are, with no newline, and takes what one `recv(1024)` returns as one
// command: `exit` ends the session, `0` reaches an operator, anything else is asked again. A seed
// client (which sends `input()` text with no newline) cannot tell these servers from the seed's.
//
// On top of that, for telnet and nc users: a command may end with "\n" or "\r\n" (what one read
// brings is split into lines, and a last piece with no newline is a command of its own, as the
// seed's); a reply ends as its command did. End-of-file ends the session (the seed's server would
// answer `''` forever).

/// One of the seed's two menu servers: its texts.
struct Menu: Sendable {
    let welcome: String
    let operator_: String
    let retry: String

    /// The ThreadingTCPServer on 8009 (and its ForkingTCPServer variant).
    static let threaded = Menu(welcome: "欢迎致电 10086,0转人工服务.", operator_: "通过可能会被录音", retry: "请重新输入.")
    /// The select() and thread-per-connection server on 8002.
    static let selectServer = Menu(welcome: "欢迎致电 10086,请输入1xxx,0转人工服务.", operator_: "通过可能会被录音.balabala一大推", retry: "请重新输入.")

    /// The seed's `recv(1024)`: how many bytes make one command at most.
    static let readSize = 1024

    /// The answer to what one read brought: the replies' bytes, the commands, and whether `exit`
    /// ended the session (what follows it is not answered).
    func answer(_ received: [UInt8]) -> (reply: [UInt8], commands: [String], exit: Bool) {
        var reply: [UInt8] = []
        var commands: [String] = []
        var rest = received[...]
        while !rest.isEmpty {
            let newline = rest.firstIndex(of: UInt8(ascii: "\n"))
            var line = rest[..<(newline ?? rest.endIndex)]
            var ending: [UInt8] = newline == nil ? [] : [UInt8(ascii: "\n")]
            if newline != nil, line.last == UInt8(ascii: "\r") {
                line = line.dropLast()
                ending.insert(UInt8(ascii: "\r"), at: 0)
            }
            rest = newline.map { rest[rest.index(after: $0)...] } ?? rest[rest.endIndex...]
            let command = String(decoding: line, as: UTF8.self)
            commands.append(command)
            switch command {
            case "exit": return (reply, commands, true)
            case "0": reply += Array(operator_.utf8) + ending
            default: reply += Array(retry.utf8) + ending
            }
        }
        return (reply, commands, false)
    }
}

import Foundation
import Workbench

// Starts `argv[1]` with the rest of the arguments through `ChildProcess`, the one way Casebench
// starts another program, and exits with its status. Run setgid by the shared-deployment tests,
// it does not give its group up at start as `casebench` does: the child is started while the
// group is held, the worst case, and must still not hold it.
let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: ChildProbe PROGRAM [ARGUMENT...]\n".utf8))
    exit(2)
}
exit(try ChildProcess.run(arguments[1], Array(arguments.dropFirst(2)), environment: ["PATH": "/usr/bin:/bin"]))

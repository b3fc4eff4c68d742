import CommunityHealth
import Foundation

// The thin shell: arguments in, one library call, print, exit.
let environment = ProcessInfo.processInfo.environment
let useColour = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil
// The printed scorecard: colour only on a terminal, Unicode only where the locale is UTF-8.
let locale = environment["LC_ALL"] ?? environment["LC_CTYPE"] ?? environment["LANG"] ?? ""
let terminal = TextStyle(
    unicode: locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8"),
    colour: isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil)

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// A message as printed: its own text is terminal-safe (no control character or escape sequence
/// from the input), and only then does colour add escapes of ours.
func styled(_ message: CommandRunner.Message) -> String {
    guard useColour, case .diagnostic(let diagnostic) = message else { return message.description }
    let colour = diagnostic.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m"
    let location = Redactor.terminalSafe(diagnostic.location.description)
    return "\u{1B}[1m\(location):\u{1B}[0m \(colour)\(diagnostic.severity.rawValue):\u{1B}[0m \(Redactor.terminalSafe(diagnostic.message))"
}

do {
    let command = try CommandLineParser.parse(Array(CommandLine.arguments.dropFirst()))
    var runner = CommandRunner(terminal: terminal)
    let progress = ProgressLine()
    if isatty(STDERR_FILENO) == 1 {
        runner.progress = { bytes, rows, total in progress.add(bytes: bytes, rows: rows, total: total) }
    }
    let execution = runner.run(command)
    progress.finish()
    FileHandle.standardOutput.write(Data(execution.output.utf8))
    execution.messages.forEach { printError(styled($0)) }
    exit(execution.exitCode)
} catch {
    printError("cophealth: \(Redactor.terminalSafe("\(error)"))")
    printError("Run 'cophealth help\(error.command.map { " " + $0 } ?? "")' for usage.")
    exit(2)
}

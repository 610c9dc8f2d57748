import CReadline
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line editing with GNU readline: history kept in a file across sessions, tab completion
/// (commands at the start of a line, codes after), Ctrl-C discarding the line being typed.
///
/// readline is one global state machine, so only one reader should exist at a time; its Swift
/// side lives behind a `Mutex` to keep strict concurrency checking on.
public final class ReadlineLineReader: LineReader {
    private let historyPath: String?

    /// - Parameters:
    ///   - historyPath: a file to load history from and append each line to (created when missing).
    ///   - completer: candidates for the word under the cursor.
    public init(historyPath: String?, completer: Completer?) {
        self.historyPath = historyPath
        ReadlineState.shared.withLock { $0.completer = completer }
        quiz_rl_configure()
        quiz_rl_set_attempted_completion(completionHook)
        quiz_rl_set_display_matches_hook(displayMatchesHook)
        quiz_rl_set_signal_event_hook(signalEventHook)
        Self.installInterruptHandler()
        if let historyPath {
            using_history()
            _ = read_history(historyPath)
        }
    }

    public func read(seconds: Double, prompt: @escaping @Sendable (Double) -> String) -> LineInput {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let first = prompt(seconds)
        ReadlineState.shared.withLock {
            $0.countdown = Countdown(deadline: deadline, prompt: prompt, shown: first)
            $0.timedOut = false
        }
        quiz_rl_set_event_hook(countdownHook)
        rl_set_keyboard_input_timeout(200_000)  // call the hook five times a second while idle
        defer {
            quiz_rl_set_event_hook(nil)
            ReadlineState.shared.withLock { $0.countdown = nil }
        }
        let input = read(prompt: first)
        if ReadlineState.shared.withLock({ $0.timedOut }) {
            print("")
            return .timedOut
        }
        return input
    }

    public func read(prompt: String) -> LineInput {
        fflush(nil)
        guard let raw = readline(prompt) else { return .end }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: " \t").isEmpty {
            add_history(raw)
            if let historyPath { Self.appendToHistory(historyPath) }
        }
        return .line(line)
    }

    /// Appends the newest entry, keeping the file to its last 1,000 lines.
    private static func appendToHistory(_ path: String) {
        if access(path, F_OK) != 0 {
            _ = write_history(path)
        } else {
            _ = append_history(1, path)
        }
        _ = history_truncate_file(path, 1000)
    }

    /// readline passes SIGINT on to the application's handler once it has restored the
    /// terminal; the handler only notes it, and the event hook ends the line.
    ///
    /// The handler is useless if SIGINT arrives blocked, as it does when the parent process
    /// blocked it (seen under some terminal multiplexers and job runners), so it is unblocked.
    private static func installInterruptHandler() {
        signal(SIGINT, interruptHandler)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
    }
}

private extension String {
    func trimmingCharacters(in characters: String) -> Substring {
        var view = Substring(self)
        while let first = view.first, characters.contains(first) { view = view.dropFirst() }
        while let last = view.last, characters.contains(last) { view = view.dropLast() }
        return view
    }
}

/// Set from the SIGINT handler, read after readline returns.
private let interruptReceived = Atomic<Bool>(false)

private let interruptHandler: @convention(c) (Int32) -> Void = { _ in
    interruptReceived.store(true, ordering: .relaxed)
}

/// Called by readline while it waits, after a signal (readline has already echoed ^C and
/// restored the terminal): discard the line being typed and prompt afresh on the next line,
/// still inside the same `readline` call, so no keystroke is lost.
private let signalEventHook: @convention(c) () -> Int32 = {
    if interruptReceived.exchange(false, ordering: .relaxed) {
        rl_replace_line("", 0)
        rl_crlf()
        rl_on_new_line()
        rl_redisplay()
    }
    return 0
}

/// The Swift side of readline's completion: the completer, and the candidates of the
/// completion in progress (readline asks for them one by one).
struct ReadlineState: Sendable {
    static let shared = Mutex(ReadlineState())

    var completer: Completer?
    var candidates: [Completion] = []
    var countdown: Countdown?
    var timedOut = false
}

/// A prompt that counts down to a deadline.
struct Countdown: Sendable {
    let deadline: ContinuousClock.Instant
    let prompt: @Sendable (Double) -> String
    /// The prompt as last drawn; it is redrawn only when its text changes.
    var shown: String
}

/// Called by readline while it waits for a key: redraws the countdown, ends the line at the
/// deadline. The prompt's C string must outlive the redraw, so it is kept until replaced.
private let countdownHook: @convention(c) () -> Int32 = {
    let update = ReadlineState.shared.withLock { state -> (text: String?, expired: Bool) in
        guard var countdown = state.countdown else { return (nil, false) }
        let left = countdown.deadline - ContinuousClock.now
        let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
        if seconds <= 0 {
            state.timedOut = true
            return (nil, true)
        }
        let text = countdown.prompt(seconds)
        guard text != countdown.shown else { return (nil, false) }
        countdown.shown = text
        state.countdown = countdown
        return (text, false)
    }
    if update.expired {
        rl_replace_line("", 0)
        quiz_rl_set_done(1)
    } else if let text = update.text {
        rl_set_prompt(text)
        rl_redisplay()
    }
    return 0
}

private let completionHook: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, _ in
    quiz_rl_set_completion_over(1)  // never fall back to file names
    let word = text.map { String(cString: $0) } ?? ""
    let candidates = ReadlineState.shared.withLock { state -> [Completion] in
        state.candidates = state.completer?(word, start == 0) ?? []
        return state.candidates
    }
    guard !candidates.isEmpty else { return nil }
    quiz_rl_set_completion_append_character(candidates.count == 1 ? 32 : 0)
    return rl_completion_matches(text, completionGenerator)
}

private let completionGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, index in
    ReadlineState.shared.withLock { state in
        guard Int(index) < state.candidates.count else { return nil }
        return strdup(state.candidates[Int(index)].text)
    }
}

/// Lists the candidates with their details (a code and its title) instead of bare words.
private let displayMatchesHook: @convention(c) (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, Int32, Int32) -> Void = { _, _, _ in
    let candidates = ReadlineState.shared.withLock { $0.candidates }
    let width = candidates.map(\.text.count).max() ?? 0
    var listing = "\n"
    for candidate in candidates.prefix(50) {
        let padded = candidate.text + String(repeating: " ", count: width - candidate.text.count)
        listing += padded + (candidate.detail.map { "  " + SafeText.sanitized($0) } ?? "") + "\n"
    }
    if candidates.count > 50 { listing += "… \(candidates.count - 50) more: type more characters\n" }
    print(listing, terminator: "")
    fflush(nil)
    rl_on_new_line()
    rl_forced_update_display()
}

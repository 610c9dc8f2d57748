import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target's body; set once by `fuzz` before libFuzzer starts calling it.
nonisolated(unsafe) private var body: ((UnsafeRawBufferPointer) -> Void)?

/// libFuzzer's entry point, for its own `main` (ours below takes precedence at link time).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    body?(UnsafeRawBufferPointer(start: data, count: count))
    return 0
}

/// Runs libFuzzer with the process's arguments (`-max_total_time=600 corpus/`…), calling
/// `target` with each input. SwiftPM names the executable's entry point itself, so the
/// target calls this rather than relying on libFuzzer's `main`.
public func fuzz(_ target: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
    body = target
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(runDriver(&argc, &argv) { data, count in fuzzOneInput(data, count) })
}

/// A promise the code under test broke: say which, then abort so libFuzzer keeps the input.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard !condition() else { return }
    FileHandle.standardError.write(Data("promise broken: \(message())\n".utf8))
    abort()
}

/// SplitMix64: a tiny, well-mixed generator. The scheduler needs one uniform draw per review
/// and must be reproducible from a seed, which the global generators are not.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double uniform in [0, 1) from the top 53 bits.
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

/// Fuzz seeds derived from what identifies a review, so the store can replay its log (or a
/// test can repeat a review) and get the same fuzzed interval, as Anki does per card.
public enum FuzzSeed {
    /// FNV-1a over the card id's UTF-8 bytes, mixed with the card's review number (0 for its
    /// first review).
    public static func make(cardID: String, reviewNumber: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in cardID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var mixer = SplitMix64(seed: hash ^ UInt64(bitPattern: Int64(reviewNumber)))
        return mixer.next()
    }
}

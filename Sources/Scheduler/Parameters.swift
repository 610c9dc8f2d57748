/// The 21 FSRS-6 weights w0…w20. Validated against the same inclusive bounds as py-fsrs 6.3.2 so
/// that a parameter set that the reference rejects is rejected here too.
public struct Parameters: Sendable, Hashable, Codable {
    /// The weights, in order w0…w20.
    public let weights: [Double]

    /// FSRS-6's published defaults (identical in py-fsrs 6.3.2 and fsrs-rs).
    public static let defaults = Parameters(unchecked: [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ])

    /// Inclusive lower bounds, per weight.
    public static let lowerBounds: [Double] = [
        0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001,
        0.001, 0.001, 0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1,
    ]

    /// Inclusive upper bounds, per weight.
    public static let upperBounds: [Double] = [
        100, 100, 100, 100, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5,
        5.0, 0.25, 0.9, 4.0, 1.0, 6.0, 2.0, 2.0, 0.8, 0.8,
    ]

    /// Checks the count and every bound; the error names each offending weight.
    public init(_ weights: [Double]) throws(ParameterError) {
        guard weights.count == 21 else { throw .wrongCount(weights.count) }
        var outOfBounds: [Int] = []
        for (i, w) in weights.enumerated() where !(Self.lowerBounds[i] <= w && w <= Self.upperBounds[i]) {
            outOfBounds.append(i)
        }
        guard outOfBounds.isEmpty else { throw .outOfBounds(indices: outOfBounds, values: outOfBounds.map { weights[$0] }) }
        self.weights = weights
    }

    private init(unchecked weights: [Double]) { self.weights = weights }

    /// Decoding validates like `init(_:)`, so a tampered settings file cannot smuggle bad weights in.
    public init(from decoder: any Decoder) throws {
        let weights = try decoder.singleValueContainer().decode([Double].self)
        try self.init(weights)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(weights)
    }
}

/// Why a parameter set was rejected.
public enum ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongCount(Int)
    case outOfBounds(indices: [Int], values: [Double])

    public var description: String {
        switch self {
        case .wrongCount(let n):
            return "FSRS-6 needs exactly 21 parameters, got \(n)"
        case .outOfBounds(let indices, let values):
            let parts = zip(indices, values).map { i, v in
                "w\(i) = \(v) is outside [\(Parameters.lowerBounds[i]), \(Parameters.upperBounds[i])]"
            }
            return "FSRS-6 parameters out of bounds: " + parts.joined(separator: "; ")
        }
    }
}

/// Turns codes as people write them ("m533", "M53.3 ", "s39.012a") into one canonical form.
public enum CodeNormalizer {
    /// The lookup key: upper case, without dots or surrounding spaces ("M533"). Ranges keep
    /// their hyphen ("M40-M54").
    public static func key(_ code: some StringProtocol) -> String {
        let utf8 = code.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            // Codes are ASCII: upper-case them byte by byte, the common and fast case.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count)
            for byte in utf8 where byte != UInt8(ascii: ".") && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") {
                bytes.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = ""
        for scalar in code.unicodeScalars where scalar != "." && scalar != " " && scalar != "\t" {
            result.unicodeScalars.append(scalar.properties.uppercaseMapping.unicodeScalars.first ?? scalar)
        }
        return result
    }

    /// The printed form: the key with a dot after the third character when longer ("M53.3").
    public static func display(key: some StringProtocol) -> String {
        guard key.count > 3, !key.contains("-") else { return String(key) }
        let split = key.index(key.startIndex, offsetBy: 3)
        return "\(key[..<split]).\(key[split...])"
    }

    /// Whether the text looks like a single ICD-10-CM code (letter, digit, then up to five
    /// more letters or digits, with an optional dot after the third), as opposed to words.
    public static func looksLikeCode(_ text: some StringProtocol) -> Bool {
        let key = Array(key(text).unicodeScalars)
        guard (3...7).contains(key.count), ("A"..."Z").contains(key[0]), ("0"..."9").contains(key[1])
        else { return false }
        return key.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}

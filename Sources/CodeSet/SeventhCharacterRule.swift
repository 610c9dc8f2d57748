/// How 7th characters attach to codes, as the tabular list states it.
enum SeventhCharacterRule {
    /// A 7th character always stands in the 7th place: shorter codes are padded with the
    /// placeholder X first (T07 + A → T07.XXXA).
    static func fullCode(leaf code: String, character: Character) -> String {
        let key = CodeNormalizer.key(code)
        let padded = key.padding(toLength: 6, withPad: "X", startingAt: 0)
        return CodeNormalizer.display(key: padded + String(character))
    }

    /// The 7th characters a leaf actually takes. The tabular's notes under S06 add the one
    /// exception stated in free text: "7th characters D and S do not apply to codes in category
    /// S06 with 6th character 7 … or 8", so such codes take A only.
    static func allowed(leafKey: String, defined: [SeventhCharacter]) -> [SeventhCharacter] {
        s06Exception(leafKey: leafKey) == nil ? defined : defined.filter { $0.character == "A" }
    }

    /// For an S06 leaf whose 6th character is 7 or 8, what that character means.
    static func s06Exception(leafKey: String) -> String? {
        let characters = Array(leafKey)
        guard leafKey.hasPrefix("S06"), characters.count == 6 else { return nil }
        switch characters[5] {
        case "7": return "death due to brain injury prior to regaining consciousness"
        case "8": return "death due to other cause prior to regaining consciousness"
        default: return nil
        }
    }
}

/// Describes what a 7th character means as a coder meets it in a record, in words that are not
/// the character's own definition: "initial encounter" becomes active treatment, "subsequent
/// encounter for fracture with nonunion" a follow-up where the bone has not knit.
///
/// Every definition of the April 2026 release is covered; a definition this table does not know
/// (a future release) is given as "Documented: <definition>", which still names the right
/// character but is easier.
enum EncounterWording {
    static func describe(_ meaning: String) -> String {
        let text = meaning.lowercased()
        if let fixed = fixed[text] { return fixed }
        if text.hasPrefix("initial encounter") || text.hasPrefix("subsequent encounter") || text.hasPrefix("sequela") {
            return encounter(text)
        }
        return "Documented: \(meaning)."
    }

    /// The encounter definitions (A/D/S and the fracture characters), built from their parts.
    private static func encounter(_ text: String) -> String {
        var sentences: [String] = []
        let fracture = fractureWords(text)
        if text.hasPrefix("initial encounter") {
            sentences.append("The patient is receiving active treatment for it (evaluated and treated in the emergency department).")
            if let fracture { sentences.append(fracture) }
        } else if text.hasPrefix("subsequent encounter") {
            sentences.append("Active treatment is complete; the patient returns for routine follow-up care during healing or recovery.")
            if let fracture { sentences.append(fracture) }
            if text.hasSuffix("with routine healing") {
                sentences.append("The bone is healing as expected.")
            } else if text.hasSuffix("with delayed healing") {
                sentences.append("The bone is healing more slowly than expected.")
            } else if text.hasSuffix("with nonunion") {
                sentences.append("The bone ends have failed to knit together.")
            } else if text.hasSuffix("with malunion") {
                sentences.append("The bone has knit in a faulty position.")
            }
        } else {
            sentences.append(text.contains("fracture")
                ? "The visit is for a late effect that remains after the fracture itself has healed."
                : "The visit is for a late effect (a residual condition) that remains after the acute phase is over.")
        }
        return sentences.joined(separator: " ")
    }

    /// Which kind of fracture a definition names, described, or `nil` when it names none.
    private static func fractureWords(_ text: String) -> String? {
        if text.contains("open fracture type iiia, iiib, or iiic") {
            return "The fracture was open, with extensive soft-tissue damage (Gustilo type IIIB)."
        }
        if text.contains("open fracture type i or ii") {
            return "The fracture was open, through a small, clean wound (Gustilo type I)."
        }
        if text.contains("open fracture") {
            return "The bone broke through the skin."
        }
        if text.contains("closed fracture") {
            return "The skin over the fracture is intact."
        }
        return nil
    }

    /// Definitions that are not encounters: laterality of eyes, fetuses, glaucoma and macular
    /// degeneration stages, retinal vein occlusion, Glasgow coma scale timing, gout tophi.
    private static let fixed: [String: String] = [
        "right eye": "It affects the right eye only.",
        "left eye": "It affects the left eye only.",
        "bilateral": "It affects both eyes.",
        "unspecified eye": "The record does not say which eye.",
        "not applicable or unspecified": "It is a singleton pregnancy, or the record does not say which fetus is affected.",
        "fetus 1": "Multiple gestation: the condition concerns the first fetus.",
        "fetus 2": "Multiple gestation: the condition concerns the second fetus.",
        "fetus 3": "Multiple gestation: the condition concerns the third fetus.",
        "fetus 4": "Multiple gestation: the condition concerns the fourth fetus.",
        "fetus 5": "Multiple gestation: the condition concerns the fifth fetus.",
        "other fetus": "Sextuplet gestation: the condition concerns the sixth fetus.",
        "stage unspecified": "The record does not state the stage.",
        "mild stage": "The optic nerve shows glaucomatous changes, but the visual field is still normal.",
        "moderate stage": "Visual field loss is confined to one hemifield, sparing the area near fixation.",
        "severe stage": "Visual field loss involves both hemifields or lies within 5 degrees of fixation.",
        "indeterminate stage": "The glaucoma stage cannot be determined clinically (the visual field cannot be tested).",
        "unspecified time": "The record does not say when the score was taken.",
        "in the field [emt or ambulance]": "The score was taken by the paramedics at the scene.",
        "at arrival to emergency department": "The score was taken as the patient arrived at the emergency department.",
        "at hospital admission": "The score was taken when the patient was admitted to the hospital.",
        "24 hours or more after hospital admission": "The score was taken two days after the patient was admitted.",
        "with macular edema": "Fluid has collected in the macula.",
        "with retinal neovascularization": "New abnormal blood vessels are growing on the retina.",
        "stable": "There is no macular edema and no new vessel growth; the findings are unchanged.",
        "early dry stage": "Dry form: a few medium-sized drusen, vision still normal.",
        "intermediate dry stage": "Dry form: large drusen or pigment changes, without atrophy.",
        "advanced atrophic without subfoveal involvement": "Dry form: geographic atrophy that spares the center of the fovea.",
        "advanced atrophic with subfoveal involvement": "Dry form: geographic atrophy that reaches the center of the fovea.",
        "with active choroidal neovascularization": "Wet form: choroidal new vessels are actively leaking.",
        "with inactive choroidal neovascularization": "Wet form: the choroidal new vessels are no longer active after treatment.",
        "with inactive scar": "Wet form: only a disciform scar remains.",
        "without tophus (tophi)": "No tophi are found on examination.",
        "with tophus (tophi)": "Tophi are found over the affected joints.",
    ]
}

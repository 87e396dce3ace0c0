//! Words that introduce a person: ranks, offices, honorifics. Name extraction
//! uses them as cues ("Gen. Ann Ode", "spokesman Li Wei"); they are never part
//! of a name.

use std::sync::OnceLock;

/// Title words, lower case, without periods. Multi-word titles are matched a
/// word at a time ("deputy", "assistant", "secretary").
const TITLE_WORDS: &[&str] = &[
    // Heads of state and government, legislators, officials.
    "president",
    "presidents",
    "vice",
    "premier",
    "prime",
    "minister",
    "ministers",
    "secretary",
    "secretaries",
    "deputy",
    "assistant",
    "under",
    "undersecretary",
    "chairman",
    "chairwoman",
    "chairperson",
    "chair",
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "speaker",
    "senator",
    "sen",
    "representative",
    "rep",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "lieutenant",
    "mayor",
    "councilman",
    "councilwoman",
    "councillor",
    "councilor",
    "councilmember",
    "alderman",
    "commissioner",
    "chief",
    "sheriff",
    "judge",
    "justice",
    "ambassador",
    "envoy",
    "consul",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "emperor",
    "sultan",
    "emir",
    "pope",
    "cardinal",
    "bishop",
    "archbishop",
    "father",
    "rev",
    "reverend",
    "rabbi",
    "imam",
    "pastor",
    "dean",
    "provost",
    "professor",
    "prof",
    "dr",
    "doctor",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "sir",
    "dame",
    "lord",
    "lady",
    "ceo",
    "cfo",
    "coo",
    "founder",
    "chairmen",
    "coach",
    "manager",
    "attorney",
    "counsel",
    "treasurer",
    "clerk",
    "auditor",
    "comptroller",
    "controller",
    "trustee",
    "supervisor",
    "superintendent",
    "supt",
    "administrator",
    "delegate",
    "head",
    "leader",
    "officer",
    "official",
    "adviser",
    "advisor",
    "aide",
    "harbormaster",
    "harbourmaster",
    "master",
    "marshal",
    "ranger",
    "inspector",
    "insp",
    "detective",
    "det",
    "sergeant",
    "sgt",
    "corporal",
    "cpl",
    "private",
    "pvt",
    "pfc",
    "specialist",
    "spc",
    "general",
    "generals",
    "gen",
    "major",
    "maj",
    "colonel",
    "col",
    "lt",
    "brigadier",
    "brig",
    "captain",
    "capt",
    "cpt",
    "commander",
    "cmdr",
    "cdr",
    "commodore",
    "admiral",
    "adm",
    "rear",
    "ensign",
    "ens",
    "airman",
    "seaman",
    "petty",
    "first",
    "second",
    "staff",
    "warrant",
    "field",
    "lance",
    "cadet",
    "midshipman",
    "firefighter",
    "paramedic",
    "trooper",
    "constable",
    // Occupations a news story puts before a name ("meteorologist Ann Ode",
    // "Parent Ann Ode"): they split off like titles but are not ranks.
    "meteorologist",
    "forecaster",
    "economist",
    "analyst",
    "lawyer",
    "teacher",
    "nurse",
    "parent",
    "resident",
    "student",
    "reporter",
    "photographer",
    "commandant",
    "chaplain",
    "battalion",
    "executive",
    "senior",
    "acting",
    "former",
    "interim",
    "then",
    "foreign",
    "defense",
    "defence",
    "state",
    "house",
];

/// Honorifics: courtesy titles that are not ranks and never conflict with one.
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "rev", "reverend", "hon"];

fn key(word: &str) -> super::Lower<'_> {
    super::lower(word.trim_end_matches('.'))
}

fn title_words() -> &'static super::WordSet {
    static SET: OnceLock<super::WordSet> = OnceLock::new();
    super::word_set(&SET, TITLE_WORDS)
}

/// True for a word that can be part of a title before a name.
pub fn is_title_word(word: &str) -> bool {
    title_words().contains(key(word).as_ref())
}

/// True for a title word that names a person by itself ("Mr.", "General",
/// "spokesman"), as opposed to modifiers like "deputy", "former" or "state".
pub fn is_title_head(word: &str) -> bool {
    const MODIFIERS: &[&str] = &[
        "vice",
        "deputy",
        "assistant",
        "under",
        "lieutenant",
        "first",
        "second",
        "staff",
        "warrant",
        "field",
        "lance",
        "petty",
        "rear",
        "senior",
        "executive",
        "acting",
        "former",
        "interim",
        "then",
        "foreign",
        "defense",
        "defence",
        "state",
        "house",
        "battalion",
        "prime",
        "head",
        "leader",
        "official",
        "officer",
    ];
    let k = key(word);
    title_words().contains(k.as_ref()) && !MODIFIERS.contains(&k.as_ref())
}

pub fn is_honorific(word: &str) -> bool {
    HONORIFICS.contains(&key(word).as_ref())
}

/// Full lower-case form of a title word: "Gen." → "general", "Lt" → "lieutenant".
pub fn canonical_title_word(word: &str) -> String {
    let k = key(word);
    let full = match k.as_ref() {
        "gen" => "general",
        "lt" | "lieut" => "lieutenant",
        "col" => "colonel",
        "maj" => "major",
        "capt" | "cpt" => "captain",
        "adm" => "admiral",
        "sgt" => "sergeant",
        "cpl" => "corporal",
        "pvt" => "private",
        "cmdr" | "cdr" => "commander",
        "brig" => "brigadier",
        "dr" => "doctor",
        "gov" => "governor",
        "sen" => "senator",
        "rep" => "representative",
        "det" => "detective",
        "prof" => "professor",
        "insp" => "inspector",
        "supt" => "superintendent",
        "rev" => "reverend",
        "spokeswoman" | "spokesperson" | "spokesman" => "spokesperson",
        "chairwoman" | "chairperson" | "chair" => "chairman",
        "councilwoman" | "councillor" | "councilor" | "councilmember" => "councilman",
        other => return other.to_string(),
    };
    full.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_with_and_without_periods() {
        for w in ["Gen.", "General", "Lt.", "spokesman", "Maj", "Mr."] {
            assert!(is_title_word(w), "{w}");
        }
        assert!(!is_title_word("Brown"));
        assert!(is_title_head("Gen."));
        assert!(!is_title_head("Deputy"));
        assert!(is_honorific("Dr."));
        assert!(!is_honorific("General"));
    }
}

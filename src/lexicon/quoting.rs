//! Words that attribute statements: verbs that report what someone said
//! (beyond the verbs of saying, those that carry a statement: "blamed",
//! "described … as") and the pronouns that stand for a speaker.

use super::speech::is_speech_verb;

/// Verbs that report a statement without being plain verbs of saying.
const REPORTING_VERBS: &[&str] = &[
    "adding",
    "saying",
    "telling",
    "noting",
    "stating",
    "according",
    "blamed",
    "blames",
    "accused",
    "accuses",
    "criticised",
    "criticized",
    "praised",
    "recognised",
    "recognized",
    "denied",
    "denies",
    "reaffirmed",
    "reiterated",
    "reiterates",
    "described",
    "describes",
    "calling",
    "describing",
    "highlighted",
    "underlined",
    "underscored",
    "assured",
    "contended",
    "complained",
    "cautioned",
    "stressing",
    "emphasising",
    "emphasizing",
    "stresses",
];

/// True for a verb that introduces what someone said, any case.
pub fn is_reporting_verb(word: &str) -> bool {
    static SET: std::sync::OnceLock<super::WordSet> = std::sync::OnceLock::new();
    is_speech_verb(word) || super::word_set(&SET, REPORTING_VERBS).contains(super::lower(word).as_ref())
}

/// Verbs of saying that more often mean something else ("called his
/// counterpart", "maintained a tough line"): they attribute quotes, but do
/// not make a sentence reported speech on their own.
pub fn is_ambiguous_speech_verb(word: &str) -> bool {
    matches!(
        super::lower(word).as_ref(),
        "called" | "calling" | "maintained" | "continued" | "posted" | "asked" | "answered" | "agreed" | "noted"
    )
}

/// Personal pronouns that can be the subject of a verb of saying.
pub fn is_speaker_pronoun(word: &str) -> bool {
    matches!(super::lower(word).as_ref(), "he" | "she")
}

/// Words that can open a title-only speaker ("the spokesman", "a Pentagon spokeswoman").
pub fn is_determiner(word: &str) -> bool {
    matches!(super::lower(word).as_ref(), "the" | "a" | "an" | "his" | "her" | "their" | "its")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporting_verbs_include_verbs_of_saying() {
        assert!(is_reporting_verb("said"));
        assert!(is_reporting_verb("Blamed"));
        assert!(is_reporting_verb("adding"));
        assert!(!is_reporting_verb("walked"));
        assert!(is_speaker_pronoun("She"));
        assert!(!is_speaker_pronoun("they"));
    }
}

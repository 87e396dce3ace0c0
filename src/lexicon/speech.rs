//! Verbs of saying, used to find who said what and as evidence that a
//! capitalised sequence next to them is a person.

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "adds",
    "explained",
    "noted",
    "notes",
    "wrote",
    "writes",
    "argued",
    "argues",
    "insisted",
    "announced",
    "stressed",
    "emphasised",
    "emphasized",
    "warned",
    "asked",
    "replied",
    "recalled",
    "testified",
    "tweeted",
    "posted",
    "confirmed",
    "acknowledged",
    "declared",
    "described",
    "urged",
    "remarked",
    "commented",
    "claimed",
    "maintained",
    "observed",
    "conceded",
    "admitted",
    "continued",
    "responded",
    "answered",
    "suggested",
    "predicted",
    "pledged",
    "promised",
    "vowed",
    "called",
];

/// True for a verb of saying ("said", "told", "stressed"), any case.
pub fn is_speech_verb(word: &str) -> bool {
    static SET: std::sync::OnceLock<super::WordSet> = std::sync::OnceLock::new();
    super::word_set(&SET, SPEECH_VERBS).contains(super::lower(word).as_ref())
}

/// Lower-case particles that can sit inside a name ("Ursula von der Leyen").
pub fn is_name_particle(word: &str) -> bool {
    matches!(
        word,
        "de" | "da"
            | "del"
            | "della"
            | "di"
            | "do"
            | "dos"
            | "das"
            | "du"
            | "van"
            | "von"
            | "der"
            | "den"
            | "ter"
            | "bin"
            | "ibn"
            | "al"
            | "el"
            | "la"
            | "le"
            | "y"
            | "zu"
            | "af"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_and_particles() {
        assert!(is_speech_verb("Said"));
        assert!(is_speech_verb("told"));
        assert!(!is_speech_verb("met"));
        assert!(is_name_particle("von"));
        assert!(!is_name_particle("and"));
    }
}

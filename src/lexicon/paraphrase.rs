//! Word keys for comparing what two sentences talk about: a light English
//! stemmer and groups of words news writing uses interchangeably ("talks" /
//! "discussions", "downing" / "shot down", "spy" / "surveillance").

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// Each group's first word is the key every member maps to.
const GROUPS: &[&[&str]] = &[
    &["talk", "discussion", "negotiation", "conversation", "dialogue", "discuss", "negotiate"],
    &["meet", "met", "meeting", "summit", "encounter"],
    &["call", "phone", "telephone"],
    &["down", "downing"],
    &["shoot", "shot"],
    &["spy", "surveillance", "espionage", "spying"],
    &["end", "conclude", "wrap", "finish", "close", "concluded", "ended"],
    &["begin", "start", "launch", "commence", "began", "begun", "kick"],
    &["cut", "suspend", "sever", "halt", "freeze", "froze", "frozen", "break", "broke"],
    &["resume", "restore", "restart", "revive", "reopen", "renew"],
    &["visit", "trip", "tour"],
    &["vote", "ballot"],
    &["approve", "pass", "adopt", "endorse", "ratify", "passed"],
    &["reject", "defeat", "veto"],
    &["kill", "die", "dead", "death", "fatal", "died", "killed"],
    &["injure", "hurt", "wound", "injury"],
    &["fire", "blaze", "flame"],
    &["firefighter", "firefight"],
    &["arrest", "detain", "detention"],
    &["announce", "unveil", "reveal", "announcement"],
    &["appoint", "hire", "nominate", "appointment", "nomination"],
    &["resign", "quit", "resignation"],
    &["agree", "agreement", "deal", "accord", "pact", "agreed"],
    &["virtual", "video", "online", "remote"],
    &["elect", "election", "poll"],
    &["budget", "spending"],
    &["leave", "left", "depart", "departure"],
    &["say", "said", "tell", "told", "state"],
    &["win", "won", "victory"],
    &["lose", "lost", "loss"],
    &["hold", "held", "host", "hosted"],
    &["build", "built", "construction", "construct"],
];

/// Crude suffix stripping that maps inflections of one word to one stem:
/// "talks" / "talk", "visited" / "visit", "agreed" / "agree".
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    if let Some(rest) = w.strip_suffix("ies").filter(|r| r.chars().count() >= 3) {
        return format!("{rest}y");
    }
    if w.ends_with("eed") && w.len() > 4 {
        w.pop();
    }
    for suffix in ["ings", "ing", "ed", "es", "s"] {
        if let Some(rest) = w.strip_suffix(suffix) {
            if rest.chars().count() >= 3 && !w.ends_with("ss") {
                w.truncate(rest.len());
                break;
            }
        }
    }
    if w.chars().count() > 3 && w.ends_with('e') && !w.ends_with("ee") {
        w.pop();
    }
    // "stopped" → "stopp" → "stop": a doubled final consonant left by -ed/-ing.
    let b = w.as_bytes();
    if b.len() > 3 && b[b.len() - 1] == b[b.len() - 2] && !b"aeiouls".contains(&b[b.len() - 1]) {
        w.pop();
    }
    w
}

fn groups() -> &'static HashMap<String, String> {
    static MAP: OnceLock<HashMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = HashMap::default();
        for g in GROUPS {
            let head = stem(g[0]);
            for w in *g {
                m.entry(stem(w)).or_insert_with(|| head.clone());
            }
        }
        m
    })
}

/// True for a word in one of the paraphrase groups: a content word even when frequent.
pub fn is_grouped(folded: &str) -> bool {
    groups().contains_key(&stem(folded))
}

/// The comparison key of a folded (lower-case) word: its stem, or its group's.
pub fn word_key(folded: &str) -> String {
    let s = stem(folded);
    groups().get(&s).cloned().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(stem("talks"), stem("talk"));
        assert_eq!(stem("visited"), stem("visit"));
        assert_eq!(stem("agreed"), stem("agree"));
        assert_eq!(stem("stopped"), stem("stop"));
        assert_eq!(stem("firefighters"), stem("firefighter"));
        assert_ne!(stem("class"), stem("clas"));
        assert_eq!(stem("militaries"), stem("military"));
    }

    #[test]
    fn paraphrases_share_a_key() {
        assert_eq!(word_key("discussions"), word_key("talks"));
        assert_eq!(word_key("downing"), word_key("down"));
        assert_eq!(word_key("surveillance"), word_key("spy"));
        assert_eq!(word_key("meeting"), word_key("met"));
        assert_ne!(word_key("budget"), word_key("talks"));
    }
}

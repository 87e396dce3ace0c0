//! Typographic normalisation. Matching treats curly and straight quotes,
//! apostrophes and the various dashes as the same character; spans still point
//! at the original bytes because tokens keep their own spans.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Map typographic variants onto one ASCII character.
pub fn normalize_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2009}' | '\u{202F}' | '\u{2007}' => ' ',
        _ => c,
    }
}

/// Normalise typography in a whole string.
pub fn normalize_str(s: &str) -> String {
    s.chars().map(normalize_char).collect()
}

/// Case- and accent-insensitive key: "José" and "jose" fold to the same key.
/// Used to compare names and words, never to display them.
pub fn fold(s: &str) -> String {
    // Most words are plain ASCII: no accents to strip, no typography to map
    // but the backtick.
    if s.bytes().all(|b| b.is_ascii() && b != b'`') {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a reused buffer (cleared first), for hot loops that look
/// words up far more often than they store them.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    if s.bytes().all(|b| b.is_ascii() && b != b'`') {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else if !fold_by_char(s, out) {
        out.clear();
        out.extend(s.nfd().filter(|c| !is_combining_mark(*c)).map(normalize_char).flat_map(char::to_lowercase));
    }
}

/// [`fold`] one character at a time, skipping the NFD iterator for ASCII.
/// Exact when every character kept is a starter (combining class 0): NFD's
/// reordering only moves non-starters, and the combining marks among them
/// are dropped. Returns false (leaving `out` partial) when some other
/// non-starter appears, for the caller to fall back to the whole-string NFD.
fn fold_by_char(s: &str, out: &mut String) -> bool {
    let mut ok = true;
    for c in s.chars() {
        if c.is_ascii() {
            out.push(normalize_char(c).to_ascii_lowercase());
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            ok &= unicode_normalization::char::canonical_combining_class(d) == 0;
            out.extend(normalize_char(d).to_lowercase());
        });
        if !ok {
            return false;
        }
    }
    true
}

/// True when the string starts with an uppercase letter (after accents).
pub fn is_capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_into_matches_fold() {
        let mut buf = String::from("left over");
        for w in ["Brandt", "José", "ŁÓDŹ", "it`s", "", "Straße", "ÅSA-Öberg", "Brown\u{2019}s", "한국", "ǅemal"]
        {
            fold_into(w, &mut buf);
            assert_eq!(buf, fold(w), "{w}");
        }
    }

    #[test]
    fn folding_by_character_agrees_with_whole_string_nfd() {
        let slow = |w: &str| -> String {
            w.nfd().filter(|c| !is_combining_mark(*c)).map(normalize_char).flat_map(char::to_lowercase).collect()
        };
        // Every character of the first planes, alone, after a letter and before a combining mark.
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            for w in [format!("{c}"), format!("a{c}\u{301}"), format!("E\u{327}{c}\u{301}\u{316}")] {
                assert_eq!(fold(&w), slow(&w), "{:?}", w);
            }
        }
    }

    #[test]
    fn quotes_and_dashes_fold_to_ascii() {
        assert_eq!(normalize_str("\u{201C}a\u{201D} \u{2018}b\u{2019} c\u{2013}d"), "\"a\" 'b' c-d");
    }

    #[test]
    fn fold_strips_accents_and_case() {
        assert_eq!(fold("José Álvarez"), "jose alvarez");
        assert_eq!(fold("Brown\u{2019}s"), "brown's");
        // The ASCII fast path agrees with the general one.
        assert_eq!(fold("O`Neil MacArthur"), "o'neil macarthur");
        assert_eq!(fold("Plain ASCII-text 17th"), "plain ascii-text 17th");
    }
}

//! Number words: cardinals, ordinals and scale words ("two", "forty",
//! "seventeenth", "million").

const UNITS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const ORDINAL_UNITS: &[&str] = &[
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const ORDINAL_TENS: &[&str] =
    &["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];

/// Scale words and their factor.
const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("m", 1e6),
    ("mn", 1e6),
    ("billion", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
];

/// A cardinal or ordinal written as one word ("forty", "forty-two", "seventeenth").
/// Returns (value, is_ordinal).
pub fn number_word(word: &str) -> Option<(u32, bool)> {
    let w = super::lower(word);
    if let Some((tens, unit)) = w.split_once('-') {
        let t = TENS.iter().position(|x| !x.is_empty() && *x == tens)?;
        let (u, ordinal) = small_word(unit)?;
        return (u > 0 && u < 10).then_some((t as u32 * 10 + u, ordinal));
    }
    small_word(&w)
}

/// Units, ordinal units, tens and ordinal tens, the first table that has a word winning.
fn small_word(w: &str) -> Option<(u32, bool)> {
    static MAP: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, (u32, bool)>> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut m = rustc_hash::FxHashMap::default();
        let tables = [(UNITS, 1, false), (ORDINAL_UNITS, 1, true), (TENS, 10, false), (ORDINAL_TENS, 10, true)];
        for (table, scale, ordinal) in tables {
            for (i, word) in table.iter().enumerate().filter(|(_, w)| !w.is_empty()) {
                m.entry(*word).or_insert((i as u32 * scale, ordinal));
            }
        }
        m
    });
    map.get(w).copied()
}

/// The factor of a scale word ("million" → 1e6), any case.
pub fn scale_word(word: &str) -> Option<f64> {
    let w = super::lower(word);
    SCALES.iter().find(|(s, _)| *s == w.as_ref()).map(|(_, f)| *f)
}

/// An English word for a number below 100, ordinal or not ("seventeenth").
pub fn spell(n: u32, ordinal: bool) -> Option<String> {
    let (units, tens) = if ordinal { (ORDINAL_UNITS, ORDINAL_TENS) } else { (UNITS, TENS) };
    match n {
        0..=19 => Some(units[n as usize].to_string()),
        20..=99 if n % 10 == 0 => Some(tens[n as usize / 10].to_string()),
        20..=99 => Some(format!("{}-{}", TENS[n as usize / 10], units[n as usize % 10])),
        _ => None,
    }
}

/// "1st", "2nd", "3rd", "11th", "17th", "22nd".
pub fn ordinal_suffix(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_to_numbers() {
        assert_eq!(number_word("two"), Some((2, false)));
        assert_eq!(number_word("Forty"), Some((40, false)));
        assert_eq!(number_word("forty-two"), Some((42, false)));
        assert_eq!(number_word("seventeenth"), Some((17, true)));
        assert_eq!(number_word("twenty-first"), Some((21, true)));
        assert_eq!(number_word("forty-zero"), None);
        assert_eq!(number_word("fort"), None);
    }

    #[test]
    fn numbers_to_words_and_suffixes() {
        assert_eq!(spell(17, true).as_deref(), Some("seventeenth"));
        assert_eq!(spell(42, false).as_deref(), Some("forty-two"));
        assert_eq!(spell(100, false), None);
        assert_eq!(ordinal_suffix(11), "th");
        assert_eq!(ordinal_suffix(22), "nd");
        assert_eq!(ordinal_suffix(101), "st");
        assert_eq!(scale_word("Million"), Some(1e6));
    }
}

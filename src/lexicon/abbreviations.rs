//! Words that end with a period without ending a sentence.

/// Abbreviations that are written capitalised ("Lt.", "Jan.", "Dr."); the
/// lower-case word ("sat.", "wed.") may well end a sentence.
const CAPITALIZED: &[&str] = &[
    // Ranks and titles.
    "adm", "amb", "asst", "atty", "brig", "capt", "cdr", "cmdr", "cmdt", "col", "cpl", "cpt", "dep", "det", "dr", "ens",
    "fr", "gen", "gov", "hon", "insp", "jr", "lieut", "lt", "ltc", "maj", "messrs", "mr", "mrs", "ms", "mx", "pfc",
    "pres", "prof", "pvt", "rep", "rev", "sen", "sgt", "spc", "sr", "st", "supt", "treas",
    // Months (AP style) and weekdays.
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed",
    "thu", "thur", "thurs", "fri", "sat", "sun", // Organisations and places.
    "inc", "corp", "co", "ltd", "bros", "dept", "univ", "assn", "mt", "ft", "ave", "blvd", "rd", "hwy", "no",
];

/// Abbreviations in any case.
const ANY_CASE: &[&str] = &["vs", "approx", "fig", "vol", "pp", "al", "cf", "ca", "e", "i"];

/// True for a word (without its period) that is usually an abbreviation.
pub fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let capitalized = word.chars().next().is_some_and(char::is_uppercase);
    ANY_CASE.contains(&lower.as_str()) || (capitalized && CAPITALIZED.contains(&lower.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_and_months() {
        for w in ["Lt", "Col", "Gen", "Jan", "Dr", "Sept", "Inc", "vs"] {
            assert!(is_abbreviation(w), "{w}");
        }
        for w in ["said", "sat", "wed", "mar"] {
            assert!(!is_abbreviation(w), "{w}");
        }
    }
}

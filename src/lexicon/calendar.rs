//! Month and weekday names with their abbreviations.

/// (full name, month number 1-12, abbreviations without periods)
pub const MONTHS: &[(&str, u8, &[&str])] = &[
    ("January", 1, &["Jan"]),
    ("February", 2, &["Feb"]),
    ("March", 3, &["Mar"]),
    ("April", 4, &["Apr"]),
    ("May", 5, &[]),
    ("June", 6, &["Jun"]),
    ("July", 7, &["Jul"]),
    ("August", 8, &["Aug"]),
    ("September", 9, &["Sep", "Sept"]),
    ("October", 10, &["Oct"]),
    ("November", 11, &["Nov"]),
    ("December", 12, &["Dec"]),
];

/// (full name, ISO weekday number Monday=1, abbreviations without periods)
pub const WEEKDAYS: &[(&str, u8, &[&str])] = &[
    ("Monday", 1, &["Mon"]),
    ("Tuesday", 2, &["Tue", "Tues"]),
    ("Wednesday", 3, &["Wed"]),
    ("Thursday", 4, &["Thu", "Thur", "Thurs"]),
    ("Friday", 5, &["Fri"]),
    ("Saturday", 6, &["Sat"]),
    ("Sunday", 7, &["Sun"]),
];

fn lookup(table: &[(&str, u8, &[&str])], word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.');
    // Every name and abbreviation has 3 to 9 letters: most words end here.
    if !(3..=9).contains(&w.len()) {
        return None;
    }
    table
        .iter()
        .find(|(full, _, abbrs)| full.eq_ignore_ascii_case(w) || abbrs.iter().any(|a| a.eq_ignore_ascii_case(w)))
        .map(|(_, n, _)| *n)
}

/// Month number for "January", "Jan", "Jan." (any case).
pub fn month_number(word: &str) -> Option<u8> {
    lookup(MONTHS, word)
}

/// ISO weekday number for "Tuesday", "Tue.", "Tues".
pub fn weekday_number(word: &str) -> Option<u8> {
    lookup(WEEKDAYS, word)
}

/// A capitalised month or weekday name, which is never part of a person's name
/// at the start of a capitalised sequence.
pub fn is_calendar_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && (month_number(word).is_some() || weekday_number(word).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_abbreviations() {
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("january"), Some(1));
        assert_eq!(weekday_number("Thurs"), Some(4));
        assert_eq!(weekday_number("Sunday"), Some(7));
        assert!(is_calendar_word("May"));
        assert!(!is_calendar_word("may"));
    }
}

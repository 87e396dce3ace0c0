//! Words that mark a capitalised sequence as an organisation, place, event or
//! document rather than a person ("Brown University", "Taiwan Strait",
//! "Defense Ministry"), and the names of countries, nationalities and large
//! regions, which are never people.

use std::sync::OnceLock;

const ORG_WORDS: &[&str] = &[
    "academy",
    "administration",
    "affairs",
    "agency",
    "agreement",
    "airlines",
    "airport",
    "alliance",
    "army",
    "assembly",
    "associated",
    "association",
    "authority",
    "bank",
    "bar",
    "board",
    "bureau",
    "capital",
    "cabinet",
    "campaign",
    "center",
    "clinic",
    "centre",
    "chamber",
    "chiefs",
    "church",
    "city",
    "club",
    "coalition",
    "college",
    "command",
    "commission",
    "committee",
    "communications",
    "company",
    "construction",
    "contractors",
    "conference",
    "congress",
    "consultative",
    "convention",
    "cooperation",
    "corp",
    "corporation",
    "council",
    "county",
    "court",
    "department",
    "district",
    "division",
    "elementary",
    "embassy",
    "energy",
    "foundation",
    "force",
    "forces",
    "forum",
    "fund",
    "group",
    "guard",
    "hall",
    "holdings",
    "hospital",
    "hotel",
    "inc",
    "industries",
    "institute",
    "institution",
    "international",
    "journal",
    "league",
    "library",
    "limited",
    "llc",
    "ltd",
    "marines",
    "maritime",
    "media",
    "memorial",
    "military",
    "ministry",
    "mission",
    "museum",
    "navy",
    "network",
    "news",
    "office",
    "organisation",
    "organization",
    "parliament",
    "partners",
    "party",
    "pentagon",
    "police",
    "power",
    "post",
    "press",
    "program",
    "programme",
    "project",
    "railway",
    "restaurant",
    "regiment",
    "republic",
    "review",
    "school",
    "senate",
    "service",
    "services",
    "society",
    "squadron",
    "staff",
    "station",
    "studio",
    "studios",
    "summit",
    "system",
    "team",
    "times",
    "treaty",
    "tribune",
    "trust",
    "union",
    "united",
    "university",
    "war",
    "wing",
    // Sports clubs: "Harwick Rovers", "Dunmore Athletic".
    "albion",
    "athletic",
    "dynamo",
    "fc",
    "hotspur",
    "rangers",
    "rovers",
    "wanderers",
    // Geography.
    "avenue",
    "bay",
    "beach",
    "boulevard",
    "bridge",
    "canal",
    "cape",
    "coast",
    "creek",
    "desert",
    "east",
    "gulf",
    "harbor",
    "harbour",
    "heights",
    "hemisphere",
    "highway",
    "hill",
    "hills",
    "island",
    "islands",
    "lake",
    "mount",
    "mountain",
    "mountains",
    "north",
    "ocean",
    "park",
    "peninsula",
    "plaza",
    "port",
    "province",
    "region",
    "river",
    "road",
    "sea",
    "south",
    "square",
    "state",
    "states",
    "strait",
    "stadium",
    "street",
    "valley",
    "west",
    "western",
    "eastern",
    "northern",
    "southern",
];

/// Countries, nationalities, major regions and capitals used as metonyms.
const PLACES: &[&str] = &[
    "afghanistan",
    "africa",
    "african",
    "america",
    "american",
    "americans",
    "arab",
    "argentina",
    "asia",
    "asian",
    "atlantic",
    "australia",
    "australian",
    "austria",
    "bangladesh",
    "beijing",
    "belgium",
    "brazil",
    "brazilian",
    "britain",
    "british",
    "brussels",
    "canada",
    "canadian",
    "chile",
    "china",
    "chinese",
    "colombia",
    "cuba",
    "denmark",
    "egypt",
    "england",
    "english",
    "eu",
    "europe",
    "european",
    "finland",
    "france",
    "french",
    "gaza",
    "german",
    "germany",
    "greece",
    "india",
    "indian",
    "indonesia",
    "iran",
    "iranian",
    "iraq",
    "ireland",
    "irish",
    "israel",
    "israeli",
    "italy",
    "italian",
    "japan",
    "japanese",
    "jordan",
    "kenya",
    "korea",
    "korean",
    "kremlin",
    "kyiv",
    "lebanon",
    "london",
    "mexico",
    "mexican",
    "moscow",
    "nato",
    "netherlands",
    "nigeria",
    "norway",
    "pacific",
    "pakistan",
    "palestinian",
    "paris",
    "philippines",
    "poland",
    "polish",
    "portugal",
    "prc",
    "russia",
    "russian",
    "saudi",
    "scotland",
    "singapore",
    "spain",
    "spanish",
    "sweden",
    "switzerland",
    "syria",
    "taiwan",
    "taiwanese",
    "tokyo",
    "turkey",
    "uk",
    "ukraine",
    "ukrainian",
    "un",
    "us",
    "usa",
    "u.s",
    "vietnam",
    "vietnamese",
    "wales",
    "washington",
    "indo-pacific",
    "mongolia",
    "hong",
    "kong",
    "tibet",
    "xinjiang",
    "california",
    "texas",
    "florida",
    "new",
    "york",
    "soviet",
    "western",
    "middle",
    "latin",
];

/// Last words of street and venue names that are also surnames ("Mill Lane",
/// "Nathan Lane"): a place only where a place is expected, after "at" or "from".
const AMBIGUOUS_PLACE_ENDS: &[&str] = &["lane", "way", "drive", "close", "grove", "gardens"];

/// Prepositions of place, after which such a word ends a place name ("to" and
/// "on" are left out: "spoke to Nathan Lane").
const LOCATIVE: &[&str] = &["at", "from", "near", "along", "off", "outside", "via"];

/// A capitalised sequence ending in `last` that follows `before` names a place:
/// "at Mill Lane", "from Sandy Way".
pub fn is_place_after(before: &str, last: &str) -> bool {
    let before = before.to_lowercase();
    LOCATIVE.contains(&before.as_str()) && AMBIGUOUS_PLACE_ENDS.contains(&key(last).as_ref())
}

fn key(word: &str) -> super::Lower<'_> {
    let w = word.trim_end_matches(['.', '\'', '\u{2019}']);
    let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("\u{2019}s")).unwrap_or(w);
    super::lower(w)
}

/// A word that, inside a capitalised sequence, makes it an organisation or a place.
pub fn is_org_word(word: &str) -> bool {
    static SET: OnceLock<super::WordSet> = OnceLock::new();
    super::word_set(&SET, ORG_WORDS).contains(key(word).as_ref())
}

/// A country, nationality, region or capital.
pub fn is_place(word: &str) -> bool {
    static SET: OnceLock<super::WordSet> = OnceLock::new();
    super::word_set(&SET, PLACES).contains(key(word).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sports_clubs_and_venues() {
        assert!(is_org_word("Rovers"));
        assert!(is_org_word("Athletic"));
        assert!(is_org_word("Stadium"));
    }

    #[test]
    fn street_names_after_a_preposition_of_place() {
        assert!(is_place_after("at", "Lane"));
        assert!(is_place_after("From", "Lane's"));
        assert!(!is_place_after("said", "Lane"), "Nathan Lane said");
        assert!(!is_place_after("at", "Okafor"));
    }

    #[test]
    fn orgs_and_places() {
        assert!(is_org_word("University"));
        assert!(is_org_word("Army's"));
        assert!(is_place("Chinese"));
        assert!(is_place("U.S."));
        assert!(!is_org_word("Brown"));
        assert!(!is_place("Okafor"));
    }
}

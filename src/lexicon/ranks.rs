//! Ranks, offices and honorifics as data: canonical forms, AP-style
//! abbreviations and other spellings. Two spellings of one title are the same
//! title; two different titles of one group (military and uniformed ranks,
//! cabinet offices, …) conflict; honorifics never conflict with anything.

use super::phrases::PhraseTable;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Military, police and fire ranks.
    Rank,
    /// Civilian offices and positions.
    Office,
    /// Courtesy titles: "Mr.", "Dr.", "the Rev.".
    Honorific,
}

pub struct TitleDef {
    /// Canonical full form, as written before a name: "Major General".
    pub full: &'static str,
    /// AP-style abbreviation before a name, "" when there is none.
    pub abbr: &'static str,
    pub kind: Kind,
    /// Titles conflict only with other titles of the same group.
    pub group: &'static str,
    /// Other spellings: lower case, words separated by spaces, no periods.
    pub other: &'static [&'static str],
    /// A broader title this one is a form of ("First Lieutenant" → "Lieutenant"); they never conflict.
    pub broader: &'static str,
}

pub type TitleId = usize;

const fn t(full: &'static str, abbr: &'static str, kind: Kind, group: &'static str) -> TitleDef {
    TitleDef { full, abbr, kind, group, other: &[], broader: "" }
}

const fn o(
    full: &'static str,
    abbr: &'static str,
    kind: Kind,
    group: &'static str,
    other: &'static [&'static str],
) -> TitleDef {
    TitleDef { full, abbr, kind, group, other, broader: "" }
}

const fn b(full: &'static str, abbr: &'static str, other: &'static [&'static str], broader: &'static str) -> TitleDef {
    TitleDef { full, abbr, kind: Kind::Rank, group: RANK, other, broader }
}

const RANK: &str = "rank";
use Kind::{Honorific, Office, Rank};

/// Every title copydesk knows. Longer forms are matched before shorter ones.
pub const TITLES: &[TitleDef] = &[
    // Army, Air Force and Marine officers (AP abbreviations; US Army and British forms as other spellings).
    o("General", "Gen.", Rank, RANK, &["gen", "genl"]),
    o("Lieutenant General", "Lt. Gen.", Rank, RANK, &["ltg", "lieut gen", "lt-gen", "lieutenant-general"]),
    o("Major General", "Maj. Gen.", Rank, RANK, &["mg", "maj-gen", "major-general"]),
    o("Brigadier General", "Brig. Gen.", Rank, RANK, &["bg", "brigadier"]),
    o("Colonel", "Col.", Rank, RANK, &[]),
    o("Lieutenant Colonel", "Lt. Col.", Rank, RANK, &["ltc", "lt-col", "lieut col", "lieutenant-colonel"]),
    o("Major", "Maj.", Rank, RANK, &[]),
    o("Captain", "Capt.", Rank, RANK, &["cpt"]),
    o("Lieutenant", "Lt.", Rank, RANK, &["lieut"]),
    b("First Lieutenant", "1st Lt.", &["1lt", "1st lieutenant"], "Lieutenant"),
    b("Second Lieutenant", "2nd Lt.", &["2lt", "2nd lieutenant"], "Lieutenant"),
    o("Field Marshal", "", Rank, RANK, &[]),
    // Navy and Coast Guard officers.
    o("Admiral", "Adm.", Rank, RANK, &[]),
    o("Vice Admiral", "Vice Adm.", Rank, RANK, &["vadm"]),
    o("Rear Admiral", "Rear Adm.", Rank, RANK, &["radm"]),
    o("Commodore", "Commodore", Rank, RANK, &[]),
    o("Commander", "Cmdr.", Rank, RANK, &["cdr", "comdr"]),
    o("Lieutenant Commander", "Lt. Cmdr.", Rank, RANK, &["lcdr", "lt cdr", "lt-cdr"]),
    b("Lieutenant Junior Grade", "", &["ltjg", "lt jg"], "Lieutenant"),
    o("Ensign", "Ensign", Rank, RANK, &["ens"]),
    // Air forces in the British style.
    o("Air Chief Marshal", "", Rank, RANK, &[]),
    o("Air Marshal", "", Rank, RANK, &[]),
    o("Air Vice-Marshal", "", Rank, RANK, &["air vice marshal"]),
    o("Air Commodore", "", Rank, RANK, &[]),
    o("Group Captain", "", Rank, RANK, &[]),
    o("Wing Commander", "", Rank, RANK, &[]),
    o("Squadron Leader", "", Rank, RANK, &[]),
    o("Flight Lieutenant", "", Rank, RANK, &[]),
    // Warrant officers and enlisted.
    o("Chief Warrant Officer", "Chief Warrant Officer", Rank, RANK, &["cwo"]),
    o("Warrant Officer", "Warrant Officer", Rank, RANK, &["wo"]),
    o("Sergeant Major", "Sgt. Maj.", Rank, RANK, &[]),
    o("Command Sergeant Major", "Command Sgt. Maj.", Rank, RANK, &["csm"]),
    o("Master Sergeant", "Master Sgt.", Rank, RANK, &["msgt"]),
    o("First Sergeant", "1st Sgt.", Rank, RANK, &[]),
    o("Sergeant First Class", "Sgt. 1st Class", Rank, RANK, &["sfc"]),
    o("Staff Sergeant", "Staff Sgt.", Rank, RANK, &["ssg", "ssgt"]),
    o("Sergeant", "Sgt.", Rank, RANK, &[]),
    o("Corporal", "Cpl.", Rank, RANK, &[]),
    o("Lance Corporal", "Lance Cpl.", Rank, RANK, &[]),
    o("Specialist", "Spc.", Rank, RANK, &[]),
    o("Private First Class", "Pfc.", Rank, RANK, &[]),
    o("Private", "Pvt.", Rank, RANK, &[]),
    o("Chief Petty Officer", "Chief Petty Officer", Rank, RANK, &["cpo"]),
    o("Petty Officer", "Petty Officer", Rank, RANK, &[]),
    o("Seaman", "Seaman", Rank, RANK, &[]),
    o("Airman", "Airman", Rank, RANK, &[]),
    // Police and fire ranks.
    o("Chief", "Chief", Rank, RANK, &[]),
    o("Deputy Chief", "Deputy Chief", Rank, RANK, &[]),
    o("Assistant Chief", "Assistant Chief", Rank, RANK, &[]),
    o("Battalion Chief", "Battalion Chief", Rank, RANK, &[]),
    o("Division Chief", "Division Chief", Rank, RANK, &[]),
    o("Inspector", "Insp.", Rank, RANK, &[]),
    o("Detective", "Det.", Rank, RANK, &[]),
    o("Detective Sergeant", "Det. Sgt.", Rank, RANK, &[]),
    o("Officer", "Officer", Rank, RANK, &[]),
    o("Trooper", "Trooper", Rank, RANK, &[]),
    o("Firefighter", "Firefighter", Rank, RANK, &[]),
    o("Constable", "Constable", Rank, RANK, &[]),
    // Titles built on rank words that are not ranks.
    t("Chief of Staff", "", Office, "chief of staff"),
    t("Chief Executive", "", Office, "chief executive"),
    t("Chief Justice", "", Office, "judge"),
    t("General Secretary", "", Office, "party"),
    o("Secretary-General", "", Office, "secretary-general", &["secretary general"]),
    t("Attorney General", "", Office, "attorney general"),
    t("Surgeon General", "", Office, "surgeon general"),
    t("Inspector General", "", Office, "inspector general"),
    t("Solicitor General", "", Office, "solicitor general"),
    t("Adjutant General", "", Office, "adjutant general"),
    t("Governor General", "", Office, "governor general"),
    o("Press Secretary", "", Office, "press secretary", &[]),
    // Heads of state and government.
    o("President", "President", Office, "executive", &["pres"]),
    o("Vice President", "Vice President", Office, "executive", &["vp", "vice-president"]),
    t("Premier", "Premier", Office, "executive"),
    o("Vice Premier", "Vice Premier", Office, "executive", &["vice-premier"]),
    o("Prime Minister", "Prime Minister", Office, "executive", &["pm"]),
    t("Deputy Prime Minister", "Deputy Prime Minister", Office, "executive"),
    // Cabinet and ministries.
    o("Secretary", "Secretary", Office, "cabinet", &["sec", "secy"]),
    t("Deputy Secretary", "Deputy Secretary", Office, "cabinet"),
    o("Under Secretary", "Under Secretary", Office, "cabinet", &["undersecretary", "under-secretary"]),
    t("Deputy Under Secretary", "Deputy Under Secretary", Office, "cabinet"),
    o("Assistant Secretary", "Assistant Secretary", Office, "cabinet", &["asst secretary"]),
    t("Deputy Assistant Secretary", "Deputy Assistant Secretary", Office, "cabinet"),
    t("Principal Deputy Assistant Secretary", "Principal Deputy Assistant Secretary", Office, "cabinet"),
    t("Minister", "Minister", Office, "minister"),
    t("Deputy Minister", "Deputy Minister", Office, "minister"),
    o("Vice Minister", "Vice Minister", Office, "minister", &["vice-minister"]),
    // Legislators.
    o("Senator", "Sen.", Office, "legislator", &[]),
    o("Representative", "Rep.", Office, "legislator", &["congressman", "congresswoman", "congressmember"]),
    t("Speaker", "Speaker", Office, "speaker"),
    // Local and state government.
    t("Mayor", "Mayor", Office, "local"),
    t("Deputy Mayor", "Deputy Mayor", Office, "local"),
    o(
        "Councilmember",
        "Councilmember",
        Office,
        "local",
        &["councilman", "councilwoman", "councillor", "councilor", "council member", "councilperson"],
    ),
    o("Alderman", "Ald.", Office, "local", &["alderwoman", "alderperson"]),
    t("City Manager", "City Manager", Office, "local"),
    o("Governor", "Gov.", Office, "governor", &[]),
    o("Lieutenant Governor", "Lt. Gov.", Office, "governor", &["lieut gov"]),
    t("Sheriff", "Sheriff", Office, "sheriff"),
    t("Undersheriff", "Undersheriff", Office, "sheriff"),
    t("Commissioner", "Commissioner", Office, "commissioner"),
    t("Deputy Commissioner", "Deputy Commissioner", Office, "commissioner"),
    t("Assistant Commissioner", "Assistant Commissioner", Office, "commissioner"),
    o("Superintendent", "Supt.", Office, "superintendent", &[]),
    t("Deputy Superintendent", "Deputy Superintendent", Office, "superintendent"),
    t("Assistant Superintendent", "Assistant Superintendent", Office, "superintendent"),
    o("Harbor Master", "Harbor Master", Office, "harbor master", &["harbormaster", "harbour master", "harbourmaster"]),
    o("Deputy Harbor Master", "Deputy Harbor Master", Office, "harbor master", &["deputy harbormaster"]),
    // Officials of any organisation.
    t("Director", "Director", Office, "director"),
    t("Deputy Director", "Deputy Director", Office, "director"),
    t("Assistant Director", "Assistant Director", Office, "director"),
    t("Associate Director", "Associate Director", Office, "director"),
    o("Chairman", "Chairman", Office, "chair", &["chair", "chairwoman", "chairperson"]),
    o(
        "Vice Chairman",
        "Vice Chairman",
        Office,
        "chair",
        &["vice chair", "vice chairwoman", "vice-chairman", "vice-chair"],
    ),
    o("Ambassador", "Ambassador", Office, "ambassador", &["amb"]),
    t("Judge", "Judge", Office, "judge"),
    t("Justice", "Justice", Office, "judge"),
    o("Spokesperson", "spokesperson", Office, "spokesperson", &["spokesman", "spokeswoman", "spokes person"]),
    // Honorifics.
    o("Mr.", "Mr.", Honorific, "honorific", &["mr", "mister"]),
    o("Mrs.", "Mrs.", Honorific, "honorific", &["mrs"]),
    o("Ms.", "Ms.", Honorific, "honorific", &["ms"]),
    o("Miss", "Miss", Honorific, "honorific", &[]),
    o("Mx.", "Mx.", Honorific, "honorific", &["mx"]),
    o("Dr.", "Dr.", Honorific, "honorific", &["dr", "doctor"]),
    o("Professor", "Prof.", Honorific, "honorific", &[]),
    o("the Rev.", "Rev.", Honorific, "honorific", &["rev", "reverend"]),
    o("Sir", "Sir", Honorific, "honorific", &["dame", "lord", "lady"]),
    o("the Hon.", "Hon.", Honorific, "honorific", &["hon", "honorable", "honourable"]),
];

/// Armed and uniformed services that qualify a rank ("Navy Captain", "Fire Chief").
pub const SERVICES: &[(&str, &[&str])] = &[
    ("Army", &["army"]),
    ("Navy", &["navy", "naval"]),
    ("Air Force", &["air force"]),
    ("Marine Corps", &["marine corps", "marine", "marines"]),
    ("Coast Guard", &["coast guard"]),
    ("Space Force", &["space force"]),
    ("Police", &["police"]),
    ("Fire", &["fire"]),
];

/// Words that place a title in the past or make it temporary; such titles are not checked.
pub const TEMPORAL: &[&str] = &["former", "then", "ex", "retired", "ret", "late", "acting", "interim", "outgoing"];

/// Lower-case words of a form: "Lt. Gen." → ["lt", "gen"]; hyphens split words.
pub fn form_words(form: &str) -> Vec<String> {
    form.split(|c: char| c.is_whitespace() || c == '-' || c == '.')
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && w != "the")
        .collect()
}

/// How a title was written, so a fix can be written the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Style {
    pub abbreviated: bool,
    pub dotted: bool,
    pub lower: bool,
}

/// Every written form of a title with whether it is an abbreviation.
fn forms(def: &TitleDef) -> Vec<(Vec<String>, bool)> {
    let full = form_words(def.full);
    let mut out = vec![(full.clone(), false)];
    let mut push = |w: Vec<String>, abbreviated: bool| {
        if !out.iter().any(|(f, _)| *f == w) {
            out.push((w, abbreviated));
        }
    };
    if !def.abbr.is_empty() {
        push(form_words(def.abbr), true);
    }
    for other in def.other {
        let w = form_words(other);
        // A spelled-out variant ("spokesman", "Councilwoman") is a full form.
        let abbreviated = w.iter().any(|x| x.len() <= 4 && !full.contains(x));
        push(w, abbreviated);
    }
    out
}

/// The longest title starting at `words[0]`: its id, its length in words and whether it was abbreviated.
pub fn match_title(words: &[&str]) -> Option<(TitleId, usize, bool)> {
    static TABLE: std::sync::OnceLock<PhraseTable<(TitleId, bool)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        PhraseTable::new(
            TITLES
                .iter()
                .enumerate()
                .flat_map(|(id, def)| forms(def).into_iter().map(move |(form, abbreviated)| ((id, abbreviated), form))),
        )
    });
    table.longest(words).map(|((id, abbreviated), n)| (id, n, abbreviated))
}

/// The longest service name starting at `words[0]`: its display name and length.
pub fn match_service(words: &[&str]) -> Option<(&'static str, usize)> {
    static TABLE: std::sync::OnceLock<PhraseTable<&'static str>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        PhraseTable::new(SERVICES.iter().flat_map(|(name, forms)| forms.iter().map(move |f| (*name, form_words(f)))))
    });
    table.longest(words)
}

pub fn def(id: TitleId) -> &'static TitleDef {
    &TITLES[id]
}

/// Are two titles the same, or forms of one another?
pub fn compatible(a: TitleId, b: TitleId) -> bool {
    let (x, y) = (def(a), def(b));
    a == b || x.broader == y.full || y.broader == x.full
}

/// Do two titles contradict each other? Honorifics never do; titles of different groups never do.
pub fn conflicts(a: TitleId, b: TitleId) -> bool {
    let (x, y) = (def(a), def(b));
    x.kind != Kind::Honorific && y.kind != Kind::Honorific && x.group == y.group && !compatible(a, b)
}

/// A title written in a given style: "Maj. Gen.", "Maj Gen", "Major General", "spokesman".
pub fn render(id: TitleId, style: Style) -> String {
    let d = def(id);
    let mut s = if style.abbreviated && !d.abbr.is_empty() { d.abbr.to_string() } else { d.full.to_string() };
    if !style.dotted {
        s = s.replace('.', "");
    }
    if style.lower {
        s = s.to_lowercase();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(full: &str) -> TitleId {
        TITLES.iter().position(|d| d.full == full).unwrap_or_else(|| panic!("no title {full}"))
    }

    fn parse(text: &str) -> Option<(TitleId, usize, bool)> {
        let w = form_words(text);
        let refs: Vec<&str> = w.iter().map(String::as_str).collect();
        match_title(&refs)
    }

    #[test]
    fn every_spelling_maps_to_its_own_title() {
        for (i, d) in TITLES.iter().enumerate() {
            for (form, abbreviated) in forms(d) {
                let refs: Vec<&str> = form.iter().map(String::as_str).collect();
                let (got, len, abbr) = match_title(&refs).unwrap_or_else(|| panic!("{form:?} unmatched"));
                assert_eq!((TITLES[got].full, len, abbr), (d.full, form.len(), abbreviated), "{form:?}");
                assert_eq!(got, i);
            }
        }
    }

    #[test]
    fn common_abbreviations() {
        let cases = [
            ("Lt. Gen.", "Lieutenant General"),
            ("Maj Gen", "Major General"),
            ("Maj. Gen.", "Major General"),
            ("Brig. Gen.", "Brigadier General"),
            ("Lt Col", "Lieutenant Colonel"),
            ("Lt.-Col.", "Lieutenant Colonel"),
            ("Col.", "Colonel"),
            ("Capt.", "Captain"),
            ("Cmdr.", "Commander"),
            ("Vice Adm.", "Vice Admiral"),
            ("Rear Adm.", "Rear Admiral"),
            ("Sgt.", "Sergeant"),
            ("Det.", "Detective"),
            ("Gov.", "Governor"),
            ("Lt. Gov.", "Lieutenant Governor"),
            ("Sen.", "Senator"),
            ("Rep.", "Representative"),
            ("Councilwoman", "Councilmember"),
            ("Councillor", "Councilmember"),
            ("spokeswoman", "Spokesperson"),
            ("Harbormaster", "Harbor Master"),
            ("Dr.", "Dr."),
            ("Rev.", "the Rev."),
        ];
        for (written, full) in cases {
            let got = parse(written).map(|(i, _, _)| TITLES[i].full);
            assert_eq!(got, Some(full), "{written}");
        }
        assert!(parse("Lt. Gen.").unwrap().2, "abbreviated");
        assert!(!parse("Lieutenant General").unwrap().2);
    }

    #[test]
    fn conflicting_pairs() {
        for (a, b) in [
            ("Lieutenant General", "Major General"),
            ("Colonel", "Lieutenant Colonel"),
            ("Admiral", "General"),
            ("Captain", "Lieutenant"),
            ("Battalion Chief", "Chief"),
            ("Deputy Assistant Secretary", "Assistant Secretary"),
            ("Vice President", "President"),
            ("Premier", "President"),
            ("Deputy Director", "Director"),
            ("Mayor", "Councilmember"),
        ] {
            assert!(conflicts(id(a), id(b)), "{a} vs {b}");
            assert!(conflicts(id(b), id(a)), "{b} vs {a}");
        }
    }

    #[test]
    fn non_conflicting_pairs() {
        for (a, b) in [
            ("Major General", "Major General"),
            ("Lieutenant", "First Lieutenant"),
            ("Dr.", "Lieutenant Colonel"),
            ("Mr.", "President"),
            ("General", "Chairman"),
            ("Spokesperson", "Lieutenant Colonel"),
            ("Mayor", "Governor"),
            ("Speaker", "Representative"),
        ] {
            assert!(!conflicts(id(a), id(b)), "{a} vs {b}");
        }
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(parse("Attorney General").map(|x| TITLES[x.0].full), Some("Attorney General"));
        assert_eq!(parse("Chief of Staff").map(|x| TITLES[x.0].full), Some("Chief of Staff"));
        assert_eq!(parse("Deputy Chief").map(|x| TITLES[x.0].full), Some("Deputy Chief"));
        assert_eq!(match_service(&["air", "force", "general"]), Some(("Air Force", 2)));
    }

    #[test]
    fn renders_in_the_drafts_style() {
        let mg = id("Major General");
        assert_eq!(render(mg, Style { abbreviated: true, dotted: true, lower: false }), "Maj. Gen.");
        assert_eq!(render(mg, Style { abbreviated: true, dotted: false, lower: false }), "Maj Gen");
        assert_eq!(render(mg, Style::default()), "Major General");
        assert_eq!(render(id("General"), Style::default()), "General");
    }
}

//! Organisation and country aliases as data: one canonical name, its other
//! names, and the country an organisation belongs to when that is general
//! knowledge (the Pentagon is American; "the Defense Ministry" could be anyone's).
//! A `.copydesk.toml` `[aliases]` table adds groups of its own.

use super::phrases::PhraseTable;
use std::sync::OnceLock;

use crate::config::Config;
use crate::lexicon::ranks::form_words;

/// (canonical name, other names, country key or "").
const ORGS: &[(&str, &[&str], &str)] = &[
    (
        "Department of Defense",
        &[
            "pentagon",
            "department of defence",
            "defense department",
            "defence department",
            "dod",
            "us department of defense",
        ],
        "us",
    ),
    ("Department of State", &["state department", "us state department"], "us"),
    ("Department of Homeland Security", &["homeland security department", "dhs"], "us"),
    ("Department of Justice", &["justice department", "doj"], "us"),
    ("Department of the Treasury", &["treasury department", "treasury"], "us"),
    ("Joint Chiefs of Staff", &["joint chiefs", "jcs"], "us"),
    ("White House", &[], "us"),
    ("National Security Council", &["nsc"], "us"),
    ("Federal Bureau of Investigation", &["fbi"], "us"),
    ("Central Intelligence Agency", &["cia"], "us"),
    ("US Army", &["united states army", "u s army"], "us"),
    ("US Navy", &["united states navy"], "us"),
    ("US Air Force", &["united states air force", "usaf"], "us"),
    ("US Marine Corps", &["united states marine corps", "usmc"], "us"),
    ("Indo-Pacific Command", &["indopacom", "us indo-pacific command"], "us"),
    ("People's Liberation Army", &["pla", "chinese people's liberation army"], "cn"),
    ("Central Military Commission", &["cmc"], "cn"),
    ("Chinese Communist Party", &["communist party of china", "ccp", "cpc"], "cn"),
    (
        "Ministry of Defense",
        &["defense ministry", "defence ministry", "ministry of defence", "ministry of national defense", "mod"],
        "",
    ),
    ("Ministry of Foreign Affairs", &["foreign ministry", "mfa"], ""),
    ("Kremlin", &[], "ru"),
    ("Downing Street", &[], "gb"),
    ("Ministry of Defence (UK)", &["uk ministry of defence"], "gb"),
    ("United Nations", &["un", "u n"], ""),
    ("NATO", &["north atlantic treaty organization"], ""),
    ("Police Department", &["police", "police dept", "pd"], ""),
    ("Fire Department", &["fire", "fire dept", "fire rescue", "fire and rescue"], ""),
    ("City Council", &["council"], ""),
];

/// (country key, names and adjectives; capitals stand for governments).
const COUNTRIES: &[(&str, &[&str])] = &[
    ("us", &["us", "u s", "usa", "united states", "united states of america", "america", "american", "washington"]),
    ("cn", &["china", "chinese", "prc", "people's republic of china", "beijing"]),
    ("tw", &["taiwan", "taiwanese", "taipei", "republic of china"]),
    ("gb", &["uk", "u k", "united kingdom", "britain", "great britain", "british", "london"]),
    ("ru", &["russia", "russian", "moscow", "russian federation"]),
    ("jp", &["japan", "japanese", "tokyo"]),
    ("kr", &["south korea", "south korean", "seoul", "republic of korea"]),
    ("kp", &["north korea", "north korean", "pyongyang", "dprk"]),
    ("in", &["india", "indian", "new delhi"]),
    ("fr", &["france", "french", "paris"]),
    ("de", &["germany", "german", "berlin"]),
    ("ua", &["ukraine", "ukrainian", "kyiv", "kiev"]),
    ("ca", &["canada", "canadian", "ottawa"]),
    ("au", &["australia", "australian", "canberra"]),
    ("ph", &["philippines", "philippine", "filipino", "manila"]),
    ("vn", &["vietnam", "vietnamese", "hanoi"]),
    ("il", &["israel", "israeli", "jerusalem"]),
    ("ir", &["iran", "iranian", "tehran"]),
    ("mx", &["mexico", "mexican"]),
];

/// A country's display name for messages: "US", "China".
pub fn country_name(key: &str) -> String {
    match key {
        "us" => "US".to_string(),
        "gb" => "UK".to_string(),
        _ => COUNTRIES.iter().find(|(k, _)| *k == key).map_or(key.to_string(), |(_, n)| {
            n[0].split(' ').map(|w| w[..1].to_uppercase() + &w[1..]).collect::<Vec<_>>().join(" ")
        }),
    }
}

/// The longest phrase of `table` that `words` starts with: (entry index, words used).
fn phrase(name: &str) -> Vec<String> {
    form_words(&name.replace("'s", ""))
}

/// A country named at the start of `words`: (country key, words used).
pub fn match_country(words: &[&str]) -> Option<(&'static str, usize)> {
    static TABLE: OnceLock<PhraseTable<usize>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        PhraseTable::new(COUNTRIES.iter().enumerate().flat_map(|(i, (_, n))| n.iter().map(move |x| (i, phrase(x)))))
    });
    table.longest(words).map(|(i, n)| (COUNTRIES[i].0, n))
}

/// A well-known organisation at the start of `words`: (canonical name, country key if known, words used).
pub fn match_org(words: &[&str]) -> Option<(&'static str, Option<&'static str>, usize)> {
    static TABLE: OnceLock<PhraseTable<usize>> = OnceLock::new();
    let table =
        TABLE.get_or_init(|| {
            PhraseTable::new(ORGS.iter().enumerate().flat_map(|(i, (c, n, _))| {
                std::iter::once((i, phrase(c))).chain(n.iter().map(move |x| (i, phrase(x))))
            }))
        });
    table.longest(words).map(|(i, n)| (ORGS[i].0, Some(ORGS[i].2).filter(|c| !c.is_empty()), n))
}

/// Two names of one organisation: the same, one a shorter form ending the
/// other ("the Fire Department", "Halvern County Fire Department"), or one
/// the other's initials ("WPL", "Westmark Power & Light").
pub fn same_org_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace().filter(|w| !matches!(*w, "the" | "of" | "and")).map(str::to_string).collect::<Vec<_>>()
    };
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if short.is_empty() {
        return false;
    }
    if long.ends_with(short) {
        return true;
    }
    let initials: String = long.iter().filter_map(|w| w.chars().next()).collect();
    short.len() == 1 && long.len() >= 2 && short[0] == initials
}

/// The canonical organisation names: built in, plus the configuration's `[aliases]`.
#[derive(Clone, Debug, Default)]
pub struct Aliases {
    /// (canonical, folded names) from the configuration.
    extra: Vec<(String, Vec<String>)>,
}

fn key(name: &str) -> String {
    form_words(&crate::text::fold(name).replace("'s", "")).join(" ")
}

impl Aliases {
    pub fn from_config(config: &Config) -> Aliases {
        let extra = config
            .aliases
            .iter()
            .map(|(name, others)| (key(name), std::iter::once(name).chain(others).map(|n| key(n)).collect()))
            .collect();
        Aliases { extra }
    }

    /// The canonical key of an organisation name, `None` when neither the
    /// built-in table nor the configuration knows it.
    pub fn canonical(&self, name: &str) -> Option<String> {
        let k = key(name);
        if let Some((c, _)) = self.extra.iter().find(|(_, names)| names.contains(&k)) {
            return Some(c.clone());
        }
        let words: Vec<&str> = k.split(' ').collect();
        match_org(&words).filter(|(_, _, n)| *n == words.len()).map(|(c, _, _)| key(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        form_words(&crate::text::fold(s).replace("'s", ""))
    }

    fn org(s: &str) -> Option<&'static str> {
        let w = words(s);
        let r: Vec<&str> = w.iter().map(String::as_str).collect();
        match_org(&r).filter(|x| x.2 == r.len()).map(|x| x.0)
    }

    #[test]
    fn defense_department_aliases() {
        for name in ["Pentagon", "Department of Defense", "Defense Department", "DoD", "Department of Defence"] {
            assert_eq!(org(name), Some("Department of Defense"), "{name}");
        }
        assert_eq!(org("People's Liberation Army"), Some("People's Liberation Army"));
        assert_eq!(org("PLA"), Some("People's Liberation Army"));
        assert_eq!(org("Defence Ministry"), Some("Ministry of Defense"));
    }

    #[test]
    fn countries_and_their_governments() {
        for (name, key) in
            [("U.S.", "us"), ("United States", "us"), ("Washington", "us"), ("PRC", "cn"), ("China's", "cn")]
        {
            let w = words(name);
            let r: Vec<&str> = w.iter().map(String::as_str).collect();
            assert_eq!(match_country(&r).map(|x| x.0), Some(key), "{name}");
        }
        assert_eq!(country_name("us"), "US");
        assert_eq!(country_name("cn"), "China");
    }

    #[test]
    fn configuration_adds_aliases() {
        let mut config = Config::default();
        config.aliases.insert("City Hall".into(), vec!["the mayor's office".into()]);
        let a = Aliases::from_config(&config);
        assert_eq!(a.canonical("the Mayor's Office"), a.canonical("City Hall"));
        assert!(a.canonical("City Hall").is_some());
        assert_eq!(a.canonical("Pentagon"), a.canonical("Defense Department"));
        assert_ne!(a.canonical("Pentagon"), a.canonical("State Department"));
        assert_eq!(a.canonical("Bureau of Kites"), None);
    }

    #[test]
    fn short_forms_and_initials_of_an_organisation() {
        assert!(super::same_org_name("fire department", "halvern county fire department"));
        assert!(super::same_org_name("wpl", "westmark power light"));
        assert!(super::same_org_name("the harbor board", "harbor board"));
        assert!(!super::same_org_name("sheriff office", "fire department"));
        assert!(!super::same_org_name("county board", "county"));
        assert!(!super::same_org_name("", "fire department"));
    }
}

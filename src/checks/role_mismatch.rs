//! `role-mismatch`: a role or affiliation the draft gives a person that
//! conflicts with the sources: another organisation for the same kind of
//! office (a deputy assistant secretary of state for one of defense), or
//! another country (a Chinese ministry's spokesman for an American officer's).
//! Aliases are the same organisation; so are a short form ("the Fire
//! Department" of "Halvern County Fire Department") and initials ("WPL").
//! Organisations outside the alias table, as the sources name them, count
//! only when every source names one and the same. A shorter or longer form of
//! a role is the same role; a role the sources never mention is unverified,
//! not wrong.

use super::title_mismatch::location;
use super::{Check, Context};
use crate::extract::titles::{OrgMention, RoleFact};
use crate::finding::{Finding, Fix, Rule, Severity, SourceRef};
use crate::kb::people::PersonId;
use crate::kb::roles::SourcedRole;
use crate::lexicon::aliases::{country_name, same_org_name, Aliases};
use crate::lexicon::ranks;

pub struct RoleMismatch;

impl Check for RoleMismatch {
    fn rule(&self) -> Rule {
        Rule::RoleMismatch
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Finding> {
        let aliases = Aliases::from_config(cx.config);
        let draft = cx.draft;
        let mut out = Vec::new();
        // Both kinds of finding span the whole role phrase.
        for fact in draft.roles.iter().filter(|f| !f.temporal && cx.scope.contains(f.span)) {
            let Some(person) = draft.people[fact.mention] else { continue };
            let finding =
                org_conflict(cx, &aliases, fact, person).or_else(|| country_conflict(cx, &aliases, fact, person));
            out.extend(finding);
        }
        out
    }
}

/// The organisation's name to compare: its canonical name through the
/// aliases, else its words as written (an organisation the sources name).
fn canonical(aliases: &Aliases, org: &OrgMention) -> Option<String> {
    aliases.canonical(&org.name).or_else(|| Some(org.name.to_lowercase()))
}

/// The office group of a fact: "spokesperson", "cabinet", …; for a rank tied
/// to an organisation ("Police Chief", "Fire Chief"), the rank's group.
fn office_group(fact: &RoleFact) -> Option<&'static str> {
    let rank = || fact.titles.iter().find(|t| t.kind() == ranks::Kind::Rank).filter(|_| fact.org.is_some());
    fact.office().or_else(rank).map(|o| ranks::def(o.title).group)
}

/// Does a sourced fact name the same organisation as the draft (through aliases)?
fn same_org(aliases: &Aliases, draft: &str, r: &SourcedRole) -> bool {
    r.fact.org.as_ref().and_then(|o| canonical(aliases, o)).is_some_and(|c| same_org_name(&c, draft))
}

/// Same kind of office, different organisation, and no source agreeing.
fn org_conflict(cx: &Context<'_>, aliases: &Aliases, fact: &RoleFact, person: PersonId) -> Option<Finding> {
    let org = fact.org.as_ref()?;
    let draft_org = canonical(aliases, org)?;
    let group = office_group(fact)?;
    let comparable: Vec<&SourcedRole> = cx
        .kb
        .roles
        .of(person)
        .filter(|r| office_group(&r.fact) == Some(group))
        .filter(|r| r.fact.org.as_ref().and_then(|o| canonical(aliases, o)).is_some())
        .collect();
    if comparable.is_empty() || comparable.iter().any(|r| same_org(aliases, &draft_org, r)) {
        return None;
    }
    // An organisation outside the tables may have names the tables cannot
    // tie together: a conflict only when every source names one and the same other.
    let unknown = !org.known || comparable.iter().any(|r| r.fact.org.as_ref().is_some_and(|o| !o.known));
    let first = comparable[0].fact.org.as_ref().and_then(|o| canonical(aliases, o))?;
    if unknown && !comparable.iter().all(|r| same_org(aliases, &first, r)) {
        return None;
    }
    let name = &cx.kb.people.get(person).name;
    let sources: Vec<SourceRef> =
        comparable.iter().take(crate::finding::MAX_EVIDENCE).map(|r| cx.kb.source_ref(r.source, r.fact.span)).collect();
    // Each distinct wording once, at its first source.
    let mut theirs: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (r, s) in comparable.iter().zip(&sources) {
        let phrase = r.fact.span.slice(&cx.kb.source(r.source).doc.text);
        if !seen.contains(&phrase) {
            seen.push(phrase);
            theirs.push(format!("\"{phrase}\" ({})", location(s)));
        }
    }
    // A one-word organisation in a title ("Police Chief") takes the sources'
    // first name for theirs as written ("Fire"); a name of several words
    // takes their fullest, a one-word form of a known organisation by its
    // canonical name ("of the Fire Department", not "of the Fire").
    let in_title = !org.span.slice(&cx.draft.doc.text).contains(' ');
    let written = |r: &SourcedRole| {
        let o = r.fact.org.as_ref()?;
        let text = o.span.slice(&cx.kb.source(r.source).doc.text);
        Some(if o.known && !in_title && !text.contains(' ') { o.name.clone() } else { text.to_string() })
    };
    let names = comparable.iter().filter_map(|r| written(r));
    let replacement = if in_title { names.take(1).next() } else { names.max_by_key(|w| w.split_whitespace().count()) };
    let fixes = replacement.map(|replacement| Fix { span: org.span, replacement }).into_iter().collect();
    // The role phrase, or the organisation when it is named after the person
    // ("Chief X of the Y Police Department").
    Some(Finding {
        rule: Rule::RoleMismatch,
        severity: Severity::Warning,
        span: if fact.span.overlaps(org.span) { fact.span } else { org.span },
        message: format!(
            "\"{}\": the sources describe {name} as {}",
            org.span.slice(&cx.draft.doc.text),
            theirs.join("; ")
        ),
        fixes,
        sources,
    })
}

/// The draft ties the person to a country none of the sources do.
fn country_conflict(cx: &Context<'_>, aliases: &Aliases, fact: &RoleFact, person: PersonId) -> Option<Finding> {
    let country = draft_country(cx, fact)?;
    let sourced = cx.kb.roles.countries(person);
    if sourced.is_empty() || sourced.iter().any(|c| c.country == country) {
        return None;
    }
    // A source naming the same organisation, in no other country, outweighs a
    // country inferred elsewhere.
    if let Some(draft_org) = fact.org.as_ref().and_then(|o| canonical(aliases, o)) {
        let agrees = |r: &SourcedRole| r.fact.country.is_none_or(|c| c.0 == country);
        if cx.kb.roles.of(person).any(|r| same_org(aliases, &draft_org, r) && agrees(r)) {
            return None;
        }
    }
    let name = &cx.kb.people.get(person).name;
    let mut sources: Vec<SourceRef> = Vec::new();
    let mut theirs: Vec<String> = Vec::new();
    for c in sourced.iter().take(crate::finding::MAX_EVIDENCE) {
        let r = c.fact;
        let s = cx.kb.source_ref(r.source, r.fact.span);
        let phrase = r.fact.span.slice(&cx.kb.source(r.source).doc.text);
        let via = c.via.map_or(String::new(), |q| format!(" through {}", cx.kb.people.get(q).name));
        theirs.push(format!("\"{phrase}\" ({}{via}, {})", country_name(c.country), location(&s)));
        if !sources.contains(&s) {
            sources.push(s);
        }
    }
    let mut countries: Vec<String> = sourced.iter().map(|c| country_name(c.country)).collect();
    countries.sort();
    countries.dedup();
    let differ = if countries.len() > 1 { "sources differ: " } else { "" };
    Some(Finding {
        rule: Rule::RoleMismatch,
        severity: Severity::Warning,
        span: fact.span,
        message: format!(
            "\"{}\" ties {name} to {}, but {differ}the sources describe {name} as {}",
            fact.span.slice(&cx.draft.doc.text),
            country_name(country),
            theirs.join("; ")
        ),
        fixes: Vec::new(),
        sources,
    })
}

/// The country of a draft's role: said outright, or that of the person it speaks for.
fn draft_country(cx: &Context<'_>, fact: &RoleFact) -> Option<&'static str> {
    if let Some((c, _)) = fact.country {
        return Some(c);
    }
    let principal = cx.draft.people[fact.principal?]?;
    let mut countries: Vec<&'static str> = cx.kb.roles.countries(principal).into_iter().map(|c| c.country).collect();
    countries.sort_unstable();
    countries.dedup();
    (countries.len() == 1).then(|| countries[0])
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{check_rule, check_rule_with};
    use crate::config::Config;
    use crate::finding::Rule;

    const CORPUS: &[&str] = &[
        "Lena Brandt, a spokeswoman for the Department of State, declined to comment.",
        "Canadian Defence Ministry spokesman Paul Girard said the drill was routine.",
        "Navy Capt. Ivo Quint, Admiral Ann Ode's spokesman, confirmed it. Ode, the Japanese fleet commander, spoke later.",
        "Mira Lind, the deputy director of the city council office for parks, spoke. Tomas Reyes, a spokesman for the Harbor Authority, agreed.",
    ];

    fn check(draft: &str) -> Vec<String> {
        check_rule(CORPUS, draft, Rule::RoleMismatch).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn another_organisation_for_the_same_office() {
        assert_eq!(check("Lena Brandt, a Pentagon spokeswoman, declined."), ["a Pentagon spokeswoman"]);
        let found = check_rule(CORPUS, "Lena Brandt, a Pentagon spokeswoman, declined.", Rule::RoleMismatch);
        assert!(found[0].1.message.contains("Department of State"), "{}", found[0].1.message);
        assert_eq!(found[0].1.sources[0].path.as_ref(), "s0.txt");
    }

    #[test]
    fn aliases_and_other_forms_agree() {
        assert!(check("State Department spokeswoman Lena Brandt declined.").is_empty());
        assert!(check("Paul Girard, a spokesman for the Canadian Ministry of Defence, agreed.").is_empty());
        assert!(check("Mira Lind, the deputy director of the council office, spoke.").is_empty());
    }

    #[test]
    fn another_country() {
        assert_eq!(
            check("Mexican Defense Ministry spokesman Paul Girard spoke."),
            ["Mexican Defense Ministry spokesman"]
        );
        // Quint's country comes through the admiral he speaks for.
        assert_eq!(
            check("Ivo Quint, a spokesman for the Canadian Defence Ministry, spoke."),
            ["a spokesman for the Canadian Defence Ministry"]
        );
        assert!(check("Ivo Quint, Ode's spokesman, spoke.").is_empty());
    }

    #[test]
    fn unmentioned_roles_are_unverified_not_wrong() {
        // The sources say nothing of Reyes's country or of Brandt's rank.
        assert!(check("Tomas Reyes, a Canadian spokesman, spoke.").is_empty());
        assert!(check("Jo Penn, a Pentagon spokeswoman, spoke.").is_empty());
    }

    #[test]
    fn configured_aliases_are_the_same_organisation() {
        let mut config = Config::default();
        config.aliases.insert("Harbor Authority".into(), vec!["Port Office".into()]);
        let draft = "Tomas Reyes, a spokesman for the Port Office, agreed.";
        assert!(check_rule_with(CORPUS, draft, Rule::RoleMismatch, config).is_empty());
        // Without the alias, the corpus's Harbor Authority is another organisation.
        assert_eq!(check(draft), ["a spokesman for the Port Office"]);
    }

    #[test]
    fn organisations_the_sources_name() {
        let corpus = [
            "Sgt. Ken Mori, a spokesman for the Tarn County Sheriff's Office, said deputies were out all night.",
            "Chi Eze, a spokeswoman for WPL, said the line had been inspected.",
            "Deputy Fire Chief Luk Marek of the Tarn County Fire Department led the night crews.",
            "Ada Voss, a spokeswoman for the Tarn Water Board, spoke. Ada Voss, a spokeswoman for the Tarn Parks Board, spoke later.",
        ];
        let found = |d: &str| check_rule(&corpus, d, Rule::RoleMismatch);
        let draft = "Sgt. Ken Mori, a spokesman for the Tarn County Fire Department, said so.";
        let wrong = found(draft);
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert_eq!(wrong[0].1.fixes[0].replacement, "Tarn County Sheriff's Office");
        // The fix replaces the whole name, the place before a known organisation included.
        assert_eq!(wrong[0].1.fixes[0].span.slice(draft), "Tarn County Fire Department");
        let wrong = found("Luk Marek, a deputy chief of the Tarn County Sheriff's Office, led the crews.");
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert_eq!(wrong[0].1.fixes[0].replacement, "Tarn County Fire Department");
        // A name with its head first, after a level of government in lower case.
        let corpus = ["Det. Sgt. Ron Kil of the Tarn Police Department said the unit was on it."];
        let wrong =
            check_rule(&corpus, "Det. Sgt. Ron Kil of the state Department of Health spoke.", Rule::RoleMismatch);
        assert_eq!(wrong.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(), ["Department of Health"]);
        // An organisation named after the person is what the finding marks.
        let wrong = found("Deputy Chief Luk Marek of the Tarn County Sheriff's Office led the crews.");
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert_eq!(wrong[0].0, "Tarn County Sheriff's Office");
        assert_eq!(found("Chi Eze, a spokeswoman for the State Utilities Commission, spoke.").len(), 1);
        for right in [
            // Short forms and initials name the same organisation.
            "Sgt. Ken Mori, a spokesman for the Sheriff's Office, said so.",
            "Chi Eze, a spokeswoman for Westmark Power and Light, spoke.",
            "Luk Marek, a deputy chief of the Fire Department, led the crews.",
            // Sources that name two boards: which one is not sure.
            "Ada Voss, a spokeswoman for the Tarn Transit Board, spoke.",
            // Someone the sources give no organisation.
            "Jo Penn, a spokeswoman for the Tarn Transit Board, spoke.",
        ] {
            assert!(found(right).is_empty(), "{right}: {:?}", found(right));
        }
    }
}

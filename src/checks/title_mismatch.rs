//! `title-mismatch`: a rank or title the draft gives a person that conflicts
//! with every rank or title of the same kind the sources give them ("Admiral"
//! for a general, "Lt. Gen." for a major general, "Captain" for a battalion
//! chief). Honorifics never conflict; a title the sources never mention is
//! unverified, not wrong; past and acting titles are not checked.

use super::{Check, Context};
use crate::extract::titles::TitleMention;
use crate::finding::{Finding, Fix, Rule, Severity, SourceRef};
use crate::kb::roles::SourcedRole;
use crate::kb::{Kb, SourceId};
use crate::lexicon::ranks::{self, compatible, Kind};
use crate::text::Span;
use std::borrow::Cow;

pub struct TitleMismatch;

impl Check for TitleMismatch {
    fn rule(&self) -> Rule {
        Rule::TitleMismatch
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Finding> {
        let draft = cx.draft;
        let mut out = Vec::new();
        for fact in draft.roles.iter().filter(|f| !f.temporal) {
            let Some(person) = draft.people[fact.mention] else { continue };
            for t in fact.titles.iter().filter(|t| t.kind() != Kind::Honorific) {
                // A finding spans the title, or the service of a right rank in the wrong service.
                let reportable = cx.scope.contains(t.span) || t.service.is_some_and(|(_, s)| cx.scope.contains(s));
                if !reportable {
                    continue;
                }
                let group = ranks::def(t.title).group;
                let sourced: Vec<(&SourcedRole, &TitleMention)> = cx
                    .kb
                    .roles
                    .of(person)
                    .flat_map(|r| r.fact.titles.iter().map(move |x| (r, x)))
                    .filter(|(_, x)| ranks::def(x.title).group == group)
                    .collect();
                if sourced.is_empty() {
                    continue;
                }
                let name = &cx.kb.people.get(person).name;
                let same: Vec<_> = sourced.iter().filter(|(_, x)| compatible(x.title, t.title)).collect();
                let finding = if same.is_empty() {
                    title_finding(cx, t, name, &sourced)
                } else {
                    service_finding(cx, t, name, &same)
                };
                out.extend(finding);
            }
        }
        out
    }
}

/// Sourced titles that read the same: the title, how often it is given, and
/// where (evidence is rendered only for the few sources a finding shows).
struct Group<'a> {
    key: Cow<'a, str>,
    count: usize,
    at: Vec<(SourceId, Span)>,
}

impl Group<'_> {
    fn first(&self, kb: &Kb) -> SourceRef {
        kb.source_ref(self.at[0].0, self.at[0].1)
    }
}

/// The distinct sourced titles, most often given first.
fn distinct<'a>(sourced: impl Iterator<Item = (&'a SourcedRole, Span, Cow<'a, str>)>) -> Vec<Group<'a>> {
    let mut out: Vec<Group<'a>> = Vec::new();
    for (r, span, key) in sourced {
        match out.iter_mut().find(|g| g.key == key) {
            Some(g) => {
                g.count += 1;
                g.at.push((r.source, span));
            }
            None => out.push(Group { key, count: 1, at: vec![(r.source, span)] }),
        }
    }
    out.sort_by_key(|g| std::cmp::Reverse(g.count));
    out
}

pub(crate) fn location(s: &SourceRef) -> String {
    format!("{}:{}", s.path, s.line + 1)
}

/// One source per distinct value first, then the rest, at most three.
fn evidence(kb: &Kb, groups: &[Group<'_>]) -> Vec<SourceRef> {
    let firsts = groups.iter().map(|g| g.at[0]);
    let rest = groups.iter().flat_map(|g| g.at.iter().skip(1).copied());
    firsts.chain(rest).take(crate::finding::MAX_EVIDENCE).map(|(source, span)| kb.source_ref(source, span)).collect()
}

fn title_finding(
    cx: &Context<'_>,
    t: &TitleMention,
    name: &str,
    sourced: &[(&SourcedRole, &TitleMention)],
) -> Option<Finding> {
    let kb = cx.kb;
    let written = t.span.slice(&cx.draft.doc.text);
    let groups = distinct(sourced.iter().map(|(r, x)| (*r, x.span, sourced_form(cx, r, x, t))));
    let said = if groups.len() == 1 {
        format!("the sources give {name} the title \"{}\" ({})", groups[0].key, location(&groups[0].first(kb)))
    } else {
        let all: Vec<String> = groups.iter().map(|g| format!("\"{}\" ({})", g.key, location(&g.first(kb)))).collect();
        format!("sources differ on {name}'s title: {}", all.join(", "))
    };
    Some(Finding {
        rule: Rule::TitleMismatch,
        severity: Severity::Warning,
        span: t.span,
        message: format!("\"{written}\": {said}"),
        fixes: groups.iter().map(|g| Fix { span: t.span, replacement: g.key.to_string() }).collect(),
        sources: evidence(kb, &groups),
    })
}

/// The sourced title as the fix should write it: the source's own word when
/// it is written in the draft's style ("Councilwoman", not a generic
/// "Councilmember"), otherwise the title rendered in the draft's style.
fn sourced_form<'a>(cx: &Context<'a>, r: &SourcedRole, sourced: &TitleMention, draft: &TitleMention) -> Cow<'a, str> {
    let same_style = sourced.style.abbreviated == draft.style.abbreviated && sourced.style.lower == draft.style.lower;
    if same_style {
        Cow::Borrowed(sourced.span.slice(&cx.kb.source(r.source).doc.text))
    } else {
        Cow::Owned(ranks::render(sourced.title, draft.style))
    }
}

/// The right rank in the wrong service: "Army Captain" for a Navy captain.
fn service_finding(
    cx: &Context<'_>,
    t: &TitleMention,
    name: &str,
    same: &[&(&SourcedRole, &TitleMention)],
) -> Option<Finding> {
    let (service, span) = t.service?;
    let with_service: Vec<_> = same.iter().filter_map(|(r, x)| x.service.map(|s| (*r, s))).collect();
    if with_service.is_empty() || with_service.iter().any(|(_, s)| s.0 == service) {
        return None;
    }
    let groups = distinct(with_service.iter().map(|(r, s)| (*r, s.1, Cow::Borrowed(s.0))));
    Some(Finding {
        rule: Rule::TitleMismatch,
        severity: Severity::Warning,
        span,
        message: format!(
            "\"{service}\": the sources place {name} in the {} ({})",
            groups[0].key,
            location(&groups[0].first(cx.kb))
        ),
        fixes: groups.iter().map(|g| Fix { span, replacement: g.key.to_string() }).collect(),
        sources: evidence(cx.kb, &groups),
    })
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::check_rule;
    use crate::finding::Rule;

    const CORPUS: &[&str] = &[
        "Battalion Chief Dana Okafor said the blaze was contained. Okafor thanked the crews.",
        "Police Capt. Tomas Reyes led the search. Reyes, a spokesman for the police department, said little.",
        "Councilwoman Mira Lind voted no. Dr. Ivo Quint, the harbor master, disagreed with Lind.",
        "Lt. Ada Grant was promoted. Capt. Ada Grant now leads the night shift.",
    ];

    fn check(draft: &str) -> Vec<(String, Vec<String>)> {
        check_rule(CORPUS, draft, Rule::TitleMismatch)
            .into_iter()
            .map(|(text, f)| (text, f.fixes.iter().map(|x| x.replacement.clone()).collect()))
            .collect()
    }

    #[test]
    fn a_different_rank_is_flagged_with_the_sourced_one() {
        assert_eq!(check("Chief Dana Okafor arrived."), [("Chief".into(), vec!["Battalion Chief".into()])]);
        assert_eq!(check("Sgt. Tomas Reyes arrived."), [("Sgt.".into(), vec!["Capt.".into()])]);
        assert_eq!(check("Mayor Mira Lind spoke."), [("Mayor".into(), vec!["Councilwoman".into()])]);
    }

    #[test]
    fn other_spellings_and_services_of_the_same_rank_pass() {
        assert!(check("Captain Tomas Reyes and Battalion Chief Okafor spoke.").is_empty());
        assert!(check("Councillor Mira Lind and Capt Reyes spoke.").is_empty());
    }

    #[test]
    fn honorifics_and_unsourced_titles_pass() {
        assert!(check("Mr. Reyes and Dr. Okafor met Ms. Lind.").is_empty());
        // The sources give Quint an office but no rank: a rank is unverified, not wrong.
        assert!(check("Sgt. Ivo Quint spoke.").is_empty());
        // Unknown people are not checked.
        assert!(check("Admiral Jo Penn spoke.").is_empty());
        assert!(check("Former Mayor Mira Lind spoke.").is_empty());
    }

    #[test]
    fn sources_that_differ_accept_either_and_say_so() {
        assert!(check("Lt. Ada Grant spoke.").is_empty());
        assert!(check("Capt. Ada Grant spoke.").is_empty());
        let found = check_rule(CORPUS, "Sgt. Ada Grant spoke.", Rule::TitleMismatch);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.message.contains("sources differ"), "{}", found[0].1.message);
        assert_eq!(found[0].1.fixes.len(), 2);
        assert_eq!(found[0].1.sources.len(), 2);
    }
}

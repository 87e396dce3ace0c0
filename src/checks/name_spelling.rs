//! `name-spelling`: a name word that is not in the corpus but is a close
//! spelling of a person's name there, when the context says it is that person.
//!
//! Closeness alone is not enough: "Xu Wen" is close to "Lu Wen" but is a
//! different person. A near-miss is flagged only when the other parts of the
//! name agree ("Dana Okafro"), a title that person holds precedes it
//! ("Chief Okafro"), every part is a near-miss of the same person
//! ("Dana Okafro" for "Diana Okafor"), the draft names that person correctly elsewhere, or the
//! corpus itself shows this exact typo.

use super::{Check, Context};
use crate::extract::NameMention;
use crate::finding::{Finding, Fix, Rule, Severity};
use crate::kb::fuzzy::close;
use crate::kb::people::{Person, PersonId};
use crate::kb::Kb;
use crate::lexicon::common_words::is_common_word;
use crate::lexicon::titles::{canonical_title_word, is_honorific, is_title_head};
use crate::text::fold;
use rustc_hash::FxHashMap;
use std::collections::HashSet;

pub struct NameSpelling;

impl Check for NameSpelling {
    fn rule(&self) -> Rule {
        Rule::NameSpelling
    }

    fn run(&self, cx: &Context<'_>) -> Vec<Finding> {
        let draft = cx.draft;
        let mut memo = Memo::default();
        let mut out = Vec::new();
        for (i, m) in draft.names.iter().enumerate() {
            if draft.people[i].is_some() || !cx.scope.contains(m.span) {
                continue;
            }
            for (pi, part) in m.parts.iter().enumerate() {
                if let Some(f) = check_part(cx, &mut memo, m, pi) {
                    debug_assert_eq!(f.span, part.span);
                    out.push(f);
                }
            }
        }
        out
    }
}

/// A draft repeats its names: the verdict on a name part depends only on the
/// texts of the mention's parts and its title (and on the draft as a whole),
/// so it is worked out once per distinct mention text, and each person's
/// evidence once.
/// A part's index, the texts of the mention's parts, and its title's text.
type MentionKey<'d> = (usize, Vec<&'d str>, Option<&'d str>);

#[derive(Default)]
struct Memo<'d> {
    verdicts: FxHashMap<MentionKey<'d>, Option<Candidate>>,
    /// By part text: the known name parts close to it (nearest first) and
    /// whether the corpus itself misspells it so; `None` when the word is
    /// not a candidate typo at all.
    near: FxHashMap<(&'d str, bool), std::rc::Rc<Option<Near>>>,
    evidence: FxHashMap<PersonId, Vec<crate::finding::SourceRef>>,
}

struct Near {
    /// The folded right spelling, when the corpus misspells this word itself.
    corpus_typo: Option<String>,
    parts: Vec<(String, usize)>,
}

/// The lookups of [`best_candidate`] that depend on the word alone.
fn near_parts(kb: &Kb, part: &crate::extract::NamePart) -> Option<Near> {
    let folded = fold(&part.text);
    if part.initials || folded.chars().count() < 4 || is_common_word(&folded) {
        return None;
    }
    let corpus_typo = kb.people.corpus_misspelling(&folded);
    if corpus_typo.is_none() && kb.vocab.knows(&folded) {
        return None;
    }
    Some(Near { corpus_typo: corpus_typo.map(fold), parts: kb.name_parts.near(&folded) })
}

#[derive(Clone, Copy)]
struct Candidate {
    person: PersonId,
    part: usize,
    distance: usize,
}

fn check_part<'d>(cx: &Context<'d>, memo: &mut Memo<'d>, m: &'d NameMention, pi: usize) -> Option<Finding> {
    let kb = cx.kb;
    let part = &m.parts[pi];
    let title = m.title.map(|t| t.slice(&cx.draft.doc.text));
    let key = (pi, m.parts.iter().map(|p| p.text.as_str()).collect(), title);
    let c = match memo.verdicts.get(&key) {
        Some(c) => (*c)?,
        None => {
            let near = memo
                .near
                .entry((part.text.as_str(), part.initials))
                .or_insert_with(|| near_parts(kb, part).into())
                .clone();
            let c = near.as_ref().as_ref().and_then(|near| best_candidate(cx, m, pi, near));
            memo.verdicts.insert(key, c);
            c?
        }
    };
    let person = kb.people.get(c.person);
    let correct = &person.parts[c.part];
    let who = if person.parts.len() > 1 { format!(" ({})", person.name) } else { String::new() };
    let sources = memo.evidence.entry(c.person).or_insert_with(|| evidence(kb, person)).clone();
    Some(Finding {
        rule: Rule::NameSpelling,
        severity: Severity::Warning,
        span: part.span,
        message: format!("\"{}\" — did you mean \"{correct}\"{who}?", part.text),
        fixes: vec![Fix { span: part.span, replacement: correct.clone() }],
        sources,
    })
}

/// The person and name part that `m.parts[pi]` misspells, if the context supports one.
fn best_candidate(cx: &Context<'_>, m: &NameMention, pi: usize, near: &Near) -> Option<Candidate> {
    let kb = cx.kb;
    let mut best: Option<Candidate> = None;
    for (part, distance) in &near.parts {
        let distance = *distance;
        for &pid in kb.people.with_part(part) {
            let person = kb.people.get(pid);
            let Some(idx) = person.folded_parts().iter().position(|p| p == part) else { continue };
            let typo_in_corpus = near.corpus_typo.as_ref() == Some(part);
            if !typo_in_corpus && !supported(cx, m, pi, person) {
                continue;
            }
            let better = best.as_ref().is_none_or(|b| {
                (distance, std::cmp::Reverse(person.mentions.len()))
                    < (b.distance, std::cmp::Reverse(kb.people.get(b.person).mentions.len()))
            });
            if better {
                best = Some(Candidate { person: pid, part: idx, distance });
            }
        }
    }
    best
}

/// Does the rest of the draft's mention point at this person?
fn supported(cx: &Context<'_>, m: &NameMention, pi: usize, person: &Person) -> bool {
    let others: Vec<String> =
        m.parts.iter().enumerate().filter(|(i, _)| *i != pi).map(|(_, p)| fold(&p.text)).collect();
    if !others.is_empty() {
        // Every other part must be this person's, exactly, as an initial, or misspelt too.
        return others.iter().all(|o| {
            person
                .folded_parts()
                .iter()
                .any(|p| p == o || (o.chars().count() <= 3 && initials_match(o, p)) || close(o, p).is_some())
        });
    }
    if let Some(title) = m.title {
        let words = title_heads(title.slice(&cx.draft.doc.text));
        if !words.is_empty() && !words.is_disjoint(&person_title_heads(cx.kb, person)) {
            return true;
        }
    }
    cx.draft.mentions(person.id)
}

fn initials_match(initials: &str, part: &str) -> bool {
    initials.chars().count() == 1 && part.starts_with(initials)
}

/// Rank and office words of a title, in full form, without honorifics.
fn title_heads(title: &str) -> HashSet<String> {
    title.split_whitespace().filter(|w| is_title_head(w) && !is_honorific(w)).map(canonical_title_word).collect()
}

fn person_title_heads(kb: &Kb, person: &Person) -> HashSet<String> {
    let mut out = HashSet::new();
    for m in &person.mentions {
        if let Some(t) = kb.mention_spans(m).and_then(|n| n.title) {
            out.extend(title_heads(t.slice(&kb.source(m.source).doc.text)));
        }
    }
    out
}

/// Up to three sources that spell the name right, full-name mentions first.
fn evidence(kb: &Kb, person: &Person) -> Vec<crate::finding::SourceRef> {
    let mut mentions: Vec<_> = person.mentions.iter().collect();
    mentions.sort_by_key(|m| (!m.full, m.source, m.mention));
    let mut seen = HashSet::new();
    mentions
        .into_iter()
        .filter(|m| seen.insert(m.source))
        .take(crate::finding::MAX_EVIDENCE)
        .map(|m| kb.source_ref(m.source, kb.mention_span(m)))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::check_rule;
    use crate::finding::Rule;

    const CORPUS: &[&str] = &[
        "Fire Chief Dana Okafor said the blaze was contained. Okafor thanked the crews.",
        "Chief Okafor told reporters that Mayor Lena Brandt would visit. Brandt did not comment.",
        "Dana Okafor, the fire chief, praised Deputy Chief Tomas Reyes. Reyes led the night shift.",
        "Harbor Master Ivo Quint said the port was closed. Councilwoman Mira Lind disagreed with Quint.",
    ];

    fn check(draft: &str) -> Vec<(String, String)> {
        check_rule(CORPUS, draft, Rule::NameSpelling)
            .into_iter()
            .map(|(text, f)| (text, f.fixes[0].replacement.clone()))
            .collect()
    }

    #[test]
    fn misspelt_surname_with_matching_first_name() {
        assert_eq!(check("Dana Okafro spoke."), [("Okafro".into(), "Okafor".into())]);
    }

    #[test]
    fn misspelt_surname_after_a_title_the_person_holds() {
        assert_eq!(check("Later, Chief Okafro spoke."), [("Okafro".into(), "Okafor".into())]);
        // A title the person does not hold is no support.
        assert!(check("Later, Bishop Okafro spoke.").is_empty());
    }

    #[test]
    fn lone_surname_is_flagged_when_the_draft_names_the_person_elsewhere() {
        assert_eq!(check("Dana Okafor arrived. Later Okafro left."), [("Okafro".into(), "Okafor".into())]);
        assert!(check("Later Okafro left.").is_empty());
    }

    #[test]
    fn whole_name_near_miss() {
        assert_eq!(
            check("We met Dana Okafro and Tomas Reyez."),
            [("Okafro".into(), "Okafor".into()), ("Reyez".into(), "Reyes".into())]
        );
    }

    #[test]
    fn different_people_with_similar_names_are_not_typos() {
        // "Reyez" is close to "Reyes", but Maria is not Tomas.
        assert!(check("Maria Reyez opened a bakery.").is_empty());
        assert!(check("Councilman Lena Brandt and Ivo Quint met.").is_empty());
        assert!(check("Paul Okafor is an unknown person.").is_empty());
    }

    #[test]
    fn possessive_keeps_its_suffix_out_of_the_fix() {
        assert_eq!(check("Dana Okafro's crews rested."), [("Okafro".into(), "Okafor".into())]);
    }

    #[test]
    fn correct_names_pass() {
        assert!(check("Fire Chief Dana Okafor and Harbor Master Ivo Quint met Mayor Brandt.").is_empty());
    }
}

//! People in the corpus: name mentions clustered into persons.
//!
//! Full names ("Charles Q. Brown", "CQ Brown") are grouped by surname and
//! compatible given names; rare near-spellings of a frequent name
//! ("Lena Brnadt" once beside "Lena Brandt" many times) are recorded as
//! misspellings, not as people; single-word references ("Brown", "General
//! Liu", "Xi") are then linked to the person they most plausibly mean.

use super::fuzzy::{close, NearIndex};
use super::vocab::Vocabulary;
use super::SourceId;
use crate::corpus::Document;
use crate::extract::{Cue, NameMention, NamePart};
use crate::lexicon::common_words::is_common_word;
use crate::lexicon::titles::is_title_word;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

pub type PersonId = usize;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PersonMention {
    pub source: SourceId,
    /// Index into that source's name mentions.
    pub mention: usize,
    pub full: bool,
}

/// A spelling of a name seen in the sources that copydesk treats as a typo.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Misspelling {
    pub written: String,
    pub correct: String,
    pub source: SourceId,
    pub mention: usize,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Person {
    pub id: PersonId,
    /// The fullest form the sources use: "Charles Q. Brown".
    pub name: String,
    pub parts: Vec<String>,
    folded: Vec<String>,
    initials: Vec<bool>,
    /// Other forms seen: "CQ Brown", "General Brown", "Brown".
    pub aliases: Vec<String>,
    pub mentions: Vec<PersonMention>,
    pub misspellings: Vec<Misspelling>,
}

impl Person {
    pub fn folded_parts(&self) -> &[String] {
        &self.folded
    }

    /// The number of distinct sources that mention this person.
    pub fn source_count(&self) -> usize {
        let mut s: Vec<SourceId> = self.mentions.iter().map(|m| m.source).collect();
        s.sort_unstable();
        s.dedup();
        s.len()
    }

    /// Does a draft's name part match one of this person's parts, exactly or as an initial?
    pub fn has_part(&self, folded: &str) -> bool {
        self.folded.iter().any(|p| p == folded)
    }
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct People {
    pub list: Vec<Person>,
    by_part: HashMap<String, Vec<PersonId>>,
    by_key: HashMap<String, PersonId>,
    /// Misspelt name words seen in the corpus, folded, with the right spelling.
    misspelt: HashMap<String, String>,
}

/// A source's name mentions, as the clustering sees them.
pub struct SourceNames<'a> {
    /// The source's text, which the mentions' spans index.
    pub text: &'a str,
    pub names: &'a [NameMention],
}

/// One spelling of a full name and every mention written that way.
struct Group {
    folded: Vec<String>,
    display: Vec<String>,
    /// The name as first written, periods and all: "Charles Q. Brown".
    surface: String,
    initials: Vec<bool>,
    mentions: Vec<(SourceId, usize)>,
    strong: bool,
    merged_into: Option<usize>,
    misspelling_of: Option<usize>,
}

impl Group {
    fn count(&self) -> usize {
        self.mentions.len()
    }

    fn name(&self) -> (&[String], &[bool]) {
        (&self.folded, &self.initials)
    }

    fn completeness(&self) -> (usize, usize, usize) {
        let words = self.initials.iter().filter(|i| !**i).count();
        (words, self.folded.len(), self.count())
    }
}

fn key(folded: &[String]) -> String {
    folded.join(" ")
}

/// Given names split into comparable units: "CQ" becomes two initials.
fn given_units(folded: &[String], initials: &[bool]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (p, &init) in folded.iter().zip(initials) {
        if init {
            out.extend(p.chars().map(|c| (c.to_string(), true)));
        } else {
            out.push((p.clone(), false));
        }
    }
    out
}

fn unit_matches(a: &(String, bool), b: &(String, bool)) -> bool {
    match (a.1, b.1) {
        (false, false) | (true, true) => a.0 == b.0,
        (true, false) => b.0.starts_with(&a.0),
        (false, true) => a.0.starts_with(&b.0),
    }
}

/// Can the shorter list of given names be read inside the longer one, in
/// order, with the first names agreeing? ("CQ" ~ "Charles Q", "Charles" ~ "Charles Q")
fn given_compatible(a: &[(String, bool)], b: &[(String, bool)]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() || !unit_matches(&short[0], &long[0]) {
        return false;
    }
    let mut j = 1;
    for s in &short[1..] {
        while j < long.len() && !unit_matches(s, &long[j]) {
            j += 1;
        }
        if j == long.len() {
            return false;
        }
        j += 1;
    }
    true
}

/// Same surname and compatible given names.
fn compatible(a: (&[String], &[bool]), b: (&[String], &[bool])) -> bool {
    let (la, lb) = (a.0.len(), b.0.len());
    if la == 0 || lb == 0 || a.0[la - 1] != b.0[lb - 1] {
        return false;
    }
    given_compatible(&given_units(&a.0[..la - 1], &a.1[..la - 1]), &given_units(&b.0[..lb - 1], &b.1[..lb - 1]))
}

/// One differing part, close in spelling: the index of that part.
fn one_part_misspelt(a: &[String], b: &[String]) -> Option<usize> {
    if a.len() != b.len() {
        return None;
    }
    let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match diffs.as_slice() {
        [i] if close(&a[*i], &b[*i]).is_some() => Some(*i),
        _ => None,
    }
}

impl People {
    /// The people of the corpus, and the person each source's mention refers
    /// to (as [`People::resolve`] gives it).
    pub fn build(sources: &[SourceNames<'_>], vocab: &Vocabulary) -> (People, Vec<Vec<Option<PersonId>>>) {
        let mut groups = collect_groups(sources);
        merge_compatible(&mut groups);
        mark_misspellings(&mut groups);
        let mut people = People::default();
        let mut group_person: HashMap<usize, PersonId> = HashMap::default();
        let members_of = members_by_root(&groups);
        for (gi, g) in groups.iter().enumerate() {
            if g.merged_into.is_some() || g.misspelling_of.is_some() {
                continue;
            }
            let members: &[usize] = &members_of[gi];
            let strong = members.iter().any(|&j| groups[j].strong);
            let count: usize = members.iter().map(|&j| groups[j].count()).sum();
            if !strong && count < 2 {
                continue;
            }
            let best = *members.iter().max_by_key(|&&j| groups[j].completeness()).unwrap_or(&gi);
            let id = people.list.len();
            people.list.push(Person {
                id,
                name: groups[best].surface.clone(),
                parts: groups[best].display.clone(),
                folded: groups[best].folded.clone(),
                initials: groups[best].initials.clone(),
                aliases: Vec::new(),
                mentions: Vec::new(),
                misspellings: Vec::new(),
            });
            for &j in members {
                group_person.insert(j, id);
                people.by_key.insert(key(&groups[j].folded), id);
            }
        }
        for g in &groups {
            if let Some(target) = g.misspelling_of {
                let Some(&pid) = group_person.get(&root(&groups, target)) else { continue };
                let Some(i) = one_part_misspelt(&g.folded, &groups[target].folded) else { continue };
                for &(source, mention) in &g.mentions {
                    let written = sources[source as usize].names[mention].parts[i].text.clone();
                    let correct = groups[target].display[i].clone();
                    people.misspelt.insert(crate::text::fold(&written), correct.clone());
                    people.list[pid].misspellings.push(Misspelling { written, correct, source, mention });
                }
            }
        }
        for p in &people.list {
            let first = p.folded.first().cloned();
            let last = p.folded.last().cloned();
            for part in [first, last].into_iter().flatten() {
                let ids = people.by_part.entry(part).or_default();
                if !ids.contains(&p.id) {
                    ids.push(p.id);
                }
            }
        }
        people.find_single_word_misspellings(sources, vocab);
        let resolved: Vec<Vec<Option<PersonId>>> =
            sources.par_iter().map(|s| people.resolve_names(s.names, vocab)).collect();
        for (si, (s, resolved)) in sources.iter().zip(&resolved).enumerate() {
            for (mi, pid) in resolved.iter().enumerate() {
                if let Some(pid) = *pid {
                    let full = s.names[mi].is_full();
                    people.list[pid].mentions.push(PersonMention { source: si as SourceId, mention: mi, full });
                }
            }
        }
        people.collect_aliases(sources);
        (people, resolved)
    }

    /// A lone word written once or twice ("Brnadt") next to a name part
    /// written many times ("Brandt") is a typo in the source, not a new person.
    fn find_single_word_misspellings(&mut self, sources: &[SourceNames<'_>], vocab: &Vocabulary) {
        let known_parts: HashMap<String, PersonId> =
            self.list.iter().flat_map(|p| p.folded.iter().map(move |f| (f.clone(), p.id))).collect();
        let near_parts = NearIndex::new(known_parts.keys().map(String::as_str));
        for (si, s) in sources.iter().enumerate() {
            for (mi, m) in s.names.iter().enumerate() {
                if m.is_full() {
                    continue;
                }
                let written = crate::text::fold(&m.parts[0].text);
                if known_parts.contains_key(&written) || is_common_word(&written) {
                    continue;
                }
                let rare = vocab.get(&written).total();
                if rare > 2 {
                    continue;
                }
                // Nearest first, then alphabetical: the first frequent enough wins.
                let best = near_parts
                    .near(&written)
                    .into_iter()
                    .find(|(part, _)| vocab.get(part).total() >= 3 * rare.max(1))
                    .and_then(|(part, _)| known_parts.get(&part).map(|&pid| (part, pid)));
                if let Some((part, pid)) = best {
                    let person = &mut self.list[pid];
                    let idx = person.folded.iter().position(|p| *p == part).unwrap_or(0);
                    let correct = person.parts[idx].clone();
                    self.misspelt.insert(written, correct.clone());
                    person.misspellings.push(Misspelling {
                        written: m.parts[0].text.clone(),
                        correct,
                        source: si as SourceId,
                        mention: mi,
                    });
                }
            }
        }
    }

    fn collect_aliases(&mut self, sources: &[SourceNames<'_>]) {
        for p in &mut self.list {
            let mut counts: HashMap<String, usize> = HashMap::default();
            for m in &p.mentions {
                let s = &sources[m.source as usize];
                let nm = &s.names[m.mention];
                let name = nm.text(s.text).to_string();
                *counts.entry(name.clone()).or_default() += 1;
                if let Some(t) = nm.title {
                    let title = t.slice(s.text);
                    let short = title.split_whitespace().count() <= 3 && title.split_whitespace().all(is_title_word);
                    if short && !nm.is_full() {
                        *counts.entry(format!("{title} {name}")).or_default() += 1;
                    }
                }
            }
            let mut aliases: Vec<(String, usize)> = counts.into_iter().filter(|(a, _)| *a != p.name).collect();
            aliases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            p.aliases = aliases.into_iter().map(|(a, _)| a).collect();
        }
    }

    pub fn get(&self, id: PersonId) -> &Person {
        &self.list[id]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// People whose first or last name part is this folded word.
    pub fn with_part(&self, folded: &str) -> &[PersonId] {
        self.by_part.get(folded).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The right spelling of a name word the corpus itself misspells once or twice.
    pub fn corpus_misspelling(&self, folded: &str) -> Option<&str> {
        self.misspelt.get(folded).map(String::as_str)
    }

    /// Which person, if any, each mention in a document refers to. Full names
    /// resolve by spelling; single words by name part, preferring the person
    /// this document mentioned most recently.
    pub fn resolve(&self, _doc: &Document, names: &[NameMention], vocab: &Vocabulary) -> Vec<Option<PersonId>> {
        self.resolve_names(names, vocab)
    }

    /// [`People::resolve`]: what it needs of a document is its name mentions.
    pub fn resolve_names(&self, names: &[NameMention], vocab: &Vocabulary) -> Vec<Option<PersonId>> {
        let mut recent: Vec<PersonId> = Vec::new();
        let mut out = Vec::with_capacity(names.len());
        for m in names {
            let pid = if m.is_full() { self.resolve_full(m) } else { self.resolve_single(m, &recent, vocab) };
            if let Some(p) = pid {
                recent.retain(|&r| r != p);
                recent.push(p);
            }
            out.push(pid);
        }
        out
    }

    fn resolve_full(&self, m: &NameMention) -> Option<PersonId> {
        let folded = m.folded_parts();
        if let Some(&id) = self.by_key.get(&key(&folded)) {
            return Some(id);
        }
        let initials: Vec<bool> = m.parts.iter().map(|p| p.initials).collect();
        let last = folded.last()?;
        let matches: Vec<PersonId> = self
            .with_part(last)
            .iter()
            .copied()
            .filter(|&id| compatible((&folded, &initials), (&self.list[id].folded, &self.list[id].initials)))
            .collect();
        (matches.len() == 1).then(|| matches[0])
    }

    fn resolve_single(&self, m: &NameMention, recent: &[PersonId], vocab: &Vocabulary) -> Option<PersonId> {
        let part: &NamePart = &m.parts[0];
        let folded = crate::text::fold(&part.text);
        let candidates = self.with_part(&folded);
        if candidates.is_empty() {
            return None;
        }
        // A capital at the start of a sentence says nothing about a word the
        // corpus also writes in lower case ("Chase the story…").
        let weak = m.cue == Cue::Bare
            && m.sentence_initial
            && (is_common_word(&part.text) || vocab.used_in_lower_case(&part.text));
        if weak {
            return None;
        }
        if candidates.len() == 1 {
            return Some(candidates[0]);
        }
        recent.iter().rev().copied().find(|r| candidates.contains(r))
    }
}

fn root(groups: &[Group], mut i: usize) -> usize {
    while let Some(next) = groups[i].merged_into {
        i = next;
    }
    i
}

fn collect_groups(sources: &[SourceNames<'_>]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::default();
    for (si, s) in sources.iter().enumerate() {
        for (mi, m) in s.names.iter().enumerate() {
            if !m.is_full() || (m.headline && m.cue == Cue::Bare) {
                continue;
            }
            let folded = m.folded_parts();
            let gi = *index.entry(key(&folded)).or_insert_with(|| {
                groups.push(Group {
                    folded: folded.clone(),
                    display: m.parts.iter().map(|p| p.text.clone()).collect(),
                    surface: crate::corpus::document::collapse_whitespace(m.text(s.text)),
                    initials: m.parts.iter().map(|p| p.initials).collect(),
                    mentions: Vec::new(),
                    strong: false,
                    merged_into: None,
                    misspelling_of: None,
                });
                groups.len() - 1
            });
            groups[gi].mentions.push((si as SourceId, mi));
            groups[gi].strong |= m.cue.is_strong();
        }
    }
    groups
}

/// The groups under each root (itself included), in index order.
fn members_by_root(groups: &[Group]) -> Vec<Vec<usize>> {
    let mut members = vec![Vec::new(); groups.len()];
    for j in 0..groups.len() {
        members[root(groups, j)].push(j);
    }
    members
}

/// What two compatible names must share: the surname and the first letter of
/// the first given unit (an initial is the first letter of the word it stands
/// for). `None` for a name that is compatible with nothing.
fn compatibility_key(folded: &[String], initials: &[bool]) -> Option<(String, Option<char>)> {
    let n = folded.len().checked_sub(1)?;
    let units = given_units(&folded[..n], &initials[..n]);
    Some((folded[n].clone(), units.first()?.0.chars().next()))
}

/// Merge each spelling into the one fuller spelling it is compatible with
/// ("CQ Brown" into "Charles Q. Brown"); ambiguous ones stay apart.
fn merge_compatible(groups: &mut [Group]) {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(groups[i].completeness()));
    // Roots so far, by compatibility key: only those can be compatible.
    let mut roots: HashMap<(String, Option<char>), Vec<usize>> = HashMap::default();
    for &i in &order {
        let Some(key) = compatibility_key(&groups[i].folded, &groups[i].initials) else { continue };
        let candidates = roots.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        let mut targets = candidates.iter().copied().filter(|&r| compatible(groups[i].name(), groups[r].name()));
        match (targets.next(), targets.next()) {
            (Some(target), None) => groups[i].merged_into = Some(target),
            _ => roots.entry(key).or_default().push(i),
        }
    }
}

/// A spelling seen once or twice that differs in one part from a spelling
/// seen at least three times as often is a typo of it.
fn mark_misspellings(groups: &mut [Group]) {
    let mut totals = vec![0usize; groups.len()];
    for j in 0..groups.len() {
        totals[root(groups, j)] += groups[j].count();
    }
    // Unmerged spellings by (part count, position, the name with that part
    // blanked): names differing in exactly that one part share a key.
    let blanked = |folded: &[String], at: usize| {
        let mut parts: Vec<&str> = folded.iter().map(String::as_str).collect();
        parts[at] = "";
        (folded.len(), at, parts.join("\u{0}"))
    };
    let mut by_blanked: HashMap<(usize, usize, String), Vec<usize>> = HashMap::default();
    for (j, g) in groups.iter().enumerate() {
        if g.merged_into.is_none() {
            for at in 0..g.folded.len() {
                by_blanked.entry(blanked(&g.folded, at)).or_default().push(j);
            }
        }
    }
    for i in 0..groups.len() {
        if groups[i].merged_into.is_some() || totals[i] > 2 {
            continue;
        }
        let target = (0..groups[i].folded.len())
            .filter_map(|at| by_blanked.get(&blanked(&groups[i].folded, at)))
            .flatten()
            .copied()
            .filter(|&j| j != i && totals[j] >= 3 * totals[i].max(1))
            .filter(|&j| one_part_misspelt(&groups[i].folded, &groups[j].folded).is_some())
            .min();
        if let Some(t) = target {
            groups[i].misspelling_of = Some(t);
        }
    }
}

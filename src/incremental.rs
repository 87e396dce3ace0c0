//! Re-checking a draft that is being edited: only paragraphs whose text (or
//! the draft-level context the rules read) changed run the rules again.
//!
//! A paragraph's cached findings are reused when its key is unchanged. The key
//! is the paragraph's text plus everything outside it that can change what the
//! rules say about it:
//! - which corpus person each of its name mentions resolves to (resolution
//!   prefers the person named most recently, so earlier paragraphs matter);
//! - the set of people the whole draft names (`Draft::mentions`), for a
//!   paragraph with a lone name part that resolves to nobody: `name-spelling`
//!   accepts a misspelt surname when the full name appears elsewhere. Other
//!   paragraphs do not read it, so a name typed or fixed elsewhere (which
//!   changes the set) does not re-check them;
//! - the people named in the sentence before the paragraph (a dated sentence
//!   that names nobody is matched to events with them);
//! - the draft's date (front matter or dateline; it anchors relative dates)
//!   and front-matter title.
//!
//! The knowledge base and configuration are not in the key: a checker is tied
//! to one engine and starts afresh when given another. Ignore comments and the
//! allow list are applied to the whole draft after the cache, since ignore
//! comments sit outside paragraphs. Text between paragraphs (headings are
//! paragraphs too; this is markup and blank space) is re-checked every time.
//! A rule that reads other draft-wide context must add it to [`context_key`].

use crate::checks::{Draft, DraftData};
use crate::corpus::Document;
use crate::engine::{Engine, Scope};
use crate::finding::Finding;
use crate::text::Span;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

#[derive(Default)]
pub struct IncrementalChecker {
    engine: Option<Arc<Engine>>,
    /// Paragraph key → findings with spans relative to the paragraph start.
    cache: HashMap<u64, Vec<Finding>>,
    /// Names, dates and roles of the paragraphs of the last version checked.
    extracts: crate::extract::reuse::ParagraphExtracts,
    /// Sentence keys of those paragraphs; they depend on the engine's people,
    /// so they are dropped with the findings when the engine changes.
    keys: crate::extract::reuse::ParagraphKeys,
}

impl IncrementalChecker {
    /// Go on with `engine`, which must hold the same knowledge base as the
    /// current one (the cache it was written to, mapped): the paragraphs'
    /// findings are kept, and the previous engine is no longer held.
    pub fn adopt(&mut self, engine: &Arc<Engine>) {
        if self.engine.is_some() {
            self.engine = Some(engine.clone());
        }
    }
}

#[derive(Debug, Default)]
pub struct Checked {
    pub findings: Vec<Finding>,
    /// How many paragraphs ran the rules (the rest came from the cache).
    pub rechecked: usize,
    /// Rules that panicked, already skipped.
    pub failures: Vec<String>,
    /// The analysis of the draft, for requests about this version (hover).
    pub draft: Option<Arc<DraftData>>,
}

impl IncrementalChecker {
    pub fn check(&mut self, engine: &Arc<Engine>, doc: &Document) -> Checked {
        if !self.engine.as_ref().is_some_and(|e| Arc::ptr_eq(e, engine)) {
            self.engine = Some(engine.clone());
            self.cache.clear();
            self.keys = Default::default();
        }
        let draft = Draft::analyze_extracted(engine.kb(), doc, self.extracts.extract(doc), Some(&mut self.keys));
        debug_assert!(draft
            .names
            .windows(2)
            .all(|w| w[0].sentence <= w[1].sentence && w[0].span.start < w[1].span.start));
        debug_assert!(draft.quotes.windows(2).all(|w| w[0].span.start <= w[1].span.start));
        let context = context_key(&draft);
        let keys: Vec<u64> = (0..doc.paragraphs.len()).map(|p| paragraph_key(&draft, p, &context)).collect();
        let mut findings = Vec::new();
        let mut scope: Vec<Span> = gaps(doc);
        let mut missed = Vec::new();
        for (p, key) in keys.iter().enumerate() {
            let start = doc.paragraphs[p].span.start;
            match self.cache.get(key) {
                Some(cached) => findings.extend(cached.iter().map(|f| shifted(f, start as isize))),
                None => {
                    scope.push(doc.paragraphs[p].span);
                    missed.push(p);
                }
            }
        }
        scope.retain(|s| !s.is_empty());
        scope.sort_unstable();
        debug_assert!(scope.windows(2).all(|w| w[0].end <= w[1].start), "paragraphs and gaps overlap");
        let run = engine.run_rules(&draft, Scope::Spans(&scope));
        let mut fresh: HashMap<u64, Vec<Finding>> = missed.iter().map(|&p| (keys[p], Vec::new())).collect();
        for f in &run.findings {
            if let Some(&p) = missed.iter().find(|&&p| doc.paragraphs[p].span.contains(f.span.start)) {
                let start = doc.paragraphs[p].span.start;
                fresh.entry(keys[p]).or_default().push(shifted(f, -(start as isize)));
            }
        }
        findings.extend(run.findings);
        // Keep only what the current text uses, so the cache stays the draft's size.
        let mut kept: HashMap<u64, Vec<Finding>> = HashMap::with_capacity(keys.len());
        for key in &keys {
            if let Some(v) = self.cache.remove(key).or_else(|| fresh.remove(key)) {
                kept.insert(*key, v);
            }
        }
        self.cache = kept;
        let findings = engine.finish(&draft, findings);
        Checked { findings, rechecked: missed.len(), failures: run.failures, draft: Some(draft.data().clone()) }
    }
}

/// Draft-wide context, hashed: what every paragraph reads, and the set of
/// people the draft names, which only some paragraphs read.
struct DraftContext {
    every: u64,
    people: u64,
    /// Which sentences have a date.
    dated: Vec<bool>,
}

fn context_key(draft: &Draft<'_>) -> DraftContext {
    let mut people: Vec<usize> = draft.people.iter().flatten().copied().collect();
    people.sort_unstable();
    people.dedup();
    let mut h = DefaultHasher::new();
    people.hash(&mut h);
    let people = h.finish();
    let mut h = DefaultHasher::new();
    draft.reference.hash(&mut h);
    draft.doc.meta.title.hash(&mut h);
    let mut dated = vec![false; draft.doc.sentences.len()];
    for d in &draft.dates {
        dated[d.sentence] = true;
    }
    DraftContext { every: h.finish(), people, dated }
}

fn paragraph_key(draft: &Draft<'_>, p: usize, context: &DraftContext) -> u64 {
    let span = draft.doc.paragraphs[p].span;
    let mut h = DefaultHasher::new();
    context.every.hash(&mut h);
    span.slice(&draft.doc.text).hash(&mut h);
    // Names and quotations are in text order: the paragraph's are one run of each.
    let names = in_order(&draft.names, |m| m.span.start, span.start, span.end);
    for person in &draft.people[names.clone()] {
        person.hash(&mut h);
    }
    // `Draft::mentions` is asked only about a lone name part that resolves to nobody.
    if names.clone().any(|i| draft.people[i].is_none() && draft.names[i].parts.len() == 1) {
        context.people.hash(&mut h);
    }
    // A dated sentence that names nobody borrows the people of the sentence
    // before it (`kb::events::group_keys`), which may end the previous paragraph.
    let first = draft.doc.paragraphs[p].sentences.start;
    if let Some(previous) = first.checked_sub(1).filter(|_| context.dated.get(first) == Some(&true)) {
        1u8.hash(&mut h);
        for person in &draft.people[in_order(&draft.names, |m| m.sentence, previous, previous + 1)] {
            person.hash(&mut h);
        }
    }
    // A quotation's speaker can be named in an earlier paragraph ("he said",
    // a quote that continues the previous speaker).
    for q in &draft.quotes[in_order(&draft.quotes, |q| q.span.start, span.start, span.end)] {
        match &q.speaker {
            Some(s) => (s.person, draft.names[s.mention].text(&draft.doc.text)).hash(&mut h),
            None => 0u8.hash(&mut h),
        }
    }
    h.finish()
}

/// The indices of the items whose `key` is in `from..to`, for items sorted by `key`.
fn in_order<T>(items: &[T], key: impl Fn(&T) -> usize, from: usize, to: usize) -> std::ops::Range<usize> {
    let start = items.partition_point(|x| key(x) < from);
    start..start + items[start..].partition_point(|x| key(x) < to)
}

/// The text between paragraphs, including before the first and after the last.
fn gaps(doc: &Document) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for p in &doc.paragraphs {
        if p.span.start > at {
            out.push(Span::new(at, p.span.start));
        }
        at = p.span.end;
    }
    if doc.text.len() > at {
        out.push(Span::new(at, doc.text.len()));
    }
    out
}

fn shifted(f: &Finding, by: isize) -> Finding {
    let move_span = |s: Span| Span::new((s.start as isize + by) as usize, (s.end as isize + by) as usize);
    let mut f = f.clone();
    f.span = move_span(f.span);
    for fix in &mut f.fixes {
        fix.span = move_span(fix.span);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::corpus::Format;
    use crate::kb::Kb;

    fn engine() -> Arc<Engine> {
        let docs = vec![
            Document::parse(
                "a.md",
                "Fire Chief Dana Okafor said the blaze was out. Okafor thanked crews.",
                Format::Markdown,
            ),
            Document::parse("b.md", "Deputy Chief Tomas Reyes led the night shift. Reyes spoke.", Format::Markdown),
        ];
        Arc::new(Engine::new(Arc::new(Kb::build(docs)), Config::default()))
    }

    fn draft(text: &str) -> Document {
        Document::parse("draft.md", text, Format::Markdown)
    }

    #[test]
    fn only_changed_paragraphs_are_rechecked_and_results_match_a_full_check() {
        let engine = engine();
        let mut checker = IncrementalChecker::default();
        let v1 = "Chief Dana Okafro arrived.\n\nThe crews rested.\n\nTomas Reyez left.\n";
        let first = checker.check(&engine, &draft(v1));
        assert_eq!(first.rechecked, 3);
        assert_eq!(first.findings, engine.check(&draft(v1)));
        assert_eq!(first.findings.len(), 2);
        // Editing the middle paragraph shifts the third: it is reused, moved.
        let v2 = "Chief Dana Okafro arrived.\n\nThe tired crews rested at last.\n\nTomas Reyez left.\n";
        let second = checker.check(&engine, &draft(v2));
        assert_eq!(second.rechecked, 1);
        assert_eq!(second.findings, engine.check(&draft(v2)));
    }

    #[test]
    fn draft_level_context_invalidates_other_paragraphs() {
        let engine = engine();
        let mut checker = IncrementalChecker::default();
        // A lone misspelt surname is flagged only when the draft names the person.
        let v1 = "Later Okafro left.\n\nNobody else came.\n";
        assert!(checker.check(&engine, &draft(v1)).findings.is_empty());
        let v2 = "Later Okafro left.\n\nDana Okafor came.\n";
        let second = checker.check(&engine, &draft(v2));
        assert_eq!(second.rechecked, 2);
        assert_eq!(second.findings, engine.check(&draft(v2)));
        assert_eq!(second.findings.len(), 1);
    }

    #[test]
    fn naming_another_person_leaves_paragraphs_with_resolved_names_alone() {
        let engine = engine();
        let mut checker = IncrementalChecker::default();
        let rest = "\n\nDana Okafor spoke.\n\nLater Reyez left.\n";
        assert_eq!(checker.check(&engine, &draft(&format!("Nobody came.{rest}"))).rechecked, 3);
        // Naming Reyes changes the draft's set of people: the paragraph whose
        // lone surname may now be a misspelling of his runs again, Okafor's does not.
        let v2 = format!("Tomas Reyes came.{rest}");
        let second = checker.check(&engine, &draft(&v2));
        assert_eq!(second.rechecked, 2);
        assert_eq!(second.findings, engine.check(&draft(&v2)));
        assert_eq!(second.findings.len(), 1);
    }

    #[test]
    fn an_adopted_engine_over_the_same_facts_keeps_the_checked_paragraphs() {
        let first = engine();
        let same = Arc::new(Engine::new(first.kb().clone(), Config::default()));
        let mut checker = IncrementalChecker::default();
        let text = "Chief Dana Okafro arrived.\n\nThe crews rested.\n";
        let before = checker.check(&first, &draft(text));
        checker.adopt(&same);
        let after = checker.check(&same, &draft(text));
        assert_eq!((after.rechecked, after.findings), (0, before.findings));
        // Without adopting, another engine starts afresh.
        assert_eq!(checker.check(&first, &draft(text)).rechecked, 2);
    }

    #[test]
    fn ignore_comments_outside_paragraphs_apply_to_cached_findings() {
        let engine = engine();
        let mut checker = IncrementalChecker::default();
        assert_eq!(checker.check(&engine, &draft("Dana Okafro spoke.\n")).findings.len(), 1);
        let ignored = checker.check(&engine, &draft("<!-- copydesk-disable-next-line -->\nDana Okafro spoke.\n"));
        assert_eq!(ignored.rechecked, 0);
        assert!(ignored.findings.is_empty());
    }

    #[test]
    fn a_dated_sentence_reads_the_people_of_the_paragraph_before() {
        let source = "Fire Chief Dana Okafor opened the new harbor station on March 4, 2024.";
        let kb = Kb::build(vec![Document::parse("a.md", source, Format::Markdown)]);
        let engine = Arc::new(Engine::new(Arc::new(kb), Config::default()));
        let mut checker = IncrementalChecker::default();
        // Okafor is named in both versions, so the draft's set of people is the same.
        let dated = "It opened on March 9, 2024.\n\nDana Okafor left.\n";
        let v1 = format!("The harbor station is new.\n\n{dated}");
        let v2 = format!("Dana Okafor opened the harbor station.\n\n{dated}");
        for text in [v1, v2] {
            let doc = draft(&text);
            assert_eq!(checker.check(&engine, &doc).findings, engine.check(&doc), "{text}");
        }
        let flagged = engine.check(&draft(&format!("Dana Okafor opened the harbor station.\n\n{dated}")));
        assert_eq!(flagged.iter().map(|f| f.rule).collect::<Vec<_>>(), [crate::Rule::DateMismatch]);
    }
}

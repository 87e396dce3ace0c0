//! Name, date and role extraction reused paragraph by paragraph while a
//! draft is edited: a paragraph whose tokens and text are unchanged (wherever it now
//! sits) gives the same mentions, moved. The document-level steps (names
//! strengthened by later surnames, date groups numbered) run on the whole
//! draft every time, so the result equals [`extract_names`], [`extract_dates`]
//! and [`extract_roles`].
//!
//! [`extract_names`]: super::extract_names
//! [`extract_dates`]: super::dates::extract_dates

use super::dates::{number_groups, sentence_dates, DateMention};
use super::people::{finish_names, sentence_names};
use super::titles::{extract_roles, RoleFact};
use super::NameMention;
use crate::corpus::Document;
use crate::kb::people::PersonId;
use crate::kb::signature::{document_keys, sentences_keys, Key};
use crate::text::{Span, TokenKind};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What the analysis of a draft starts from: its name mentions, dates, and
/// the titles and roles attached to the names.
#[derive(Debug, Default)]
pub struct Extracts {
    pub names: Vec<NameMention>,
    pub dates: Vec<DateMention>,
    pub roles: Vec<RoleFact>,
}

/// Mentions of one paragraph, with byte offsets from the paragraph's start,
/// sentence indices from its first sentence and mention indices from its
/// first name.
#[derive(Debug)]
struct Extracted {
    names: Vec<NameMention>,
    dates: Vec<(DateMention, bool)>,
    roles: Vec<RoleFact>,
}

#[derive(Debug, Default)]
pub struct ParagraphExtracts {
    cache: Entries<Extracted>,
}

impl ParagraphExtracts {
    /// What `extract_names`, `extract_dates` and `extract_roles` give for
    /// `doc`, re-extracting only paragraphs not seen in the previous call.
    pub fn extract(&mut self, doc: &Document) -> Extracts {
        if !sentences_in_paragraphs(doc) {
            self.cache.clear();
            let names = super::extract_names(doc);
            let roles = super::titles::extract_roles(doc, &names);
            return Extracts { roles, names, dates: super::dates::extract_dates(doc) };
        }
        let dateline = crate::corpus::dateline::dateline(doc);
        let mut kept = FxHashMap::default();
        let mut out = Extracts::default();
        let mut joined = Vec::new();
        for p in &doc.paragraphs {
            let (base, first) = (p.span.start as isize, p.sentences.start as isize);
            let local_dateline = dateline.filter(|d| d.overlaps(p.span));
            let key = paragraph_key(doc, p, local_dateline);
            let text = p.span.slice(&doc.text);
            let found = match reuse(&mut self.cache, &kept, key, text) {
                Some(found) => found,
                None => {
                    let names: Vec<NameMention> =
                        p.sentences.clone().flat_map(|s| sentence_names(doc, s, local_dateline)).collect();
                    // Roles read only their sentence's tokens and mentions (not
                    // the cues the whole draft strengthens), so the paragraph's own names suffice.
                    let roles = extract_roles(doc, &names);
                    Arc::new(Extracted {
                        names: names.into_iter().map(|m| moved_name(m, -base, -first)).collect(),
                        dates: p
                            .sentences
                            .clone()
                            .flat_map(|s| sentence_dates(doc, s))
                            .map(|(m, j)| (moved_date(m, -base, -first), j))
                            .collect(),
                        roles: roles.into_iter().map(|r| moved_role(r, -base, 0)).collect(),
                    })
                }
            };
            let mentions = out.names.len() as isize;
            out.roles.extend(found.roles.iter().map(|r| moved_role(r.clone(), base, mentions)));
            out.names.extend(found.names.iter().map(|m| moved_name(m.clone(), base, first)));
            for (m, j) in &found.dates {
                out.dates.push(moved_date(m.clone(), base, first));
                joined.push(*j);
            }
            kept.insert(key, (text.into(), found));
        }
        // Keep only what the current text uses, so the cache stays the draft's size.
        self.cache = kept;
        finish_names(&mut out.names);
        number_groups(&mut out.dates, &joined);
        out
    }
}

/// Sentence keys reused paragraph by paragraph: a paragraph's keys depend
/// on its tokens and text, its names and the people they resolve to.
#[derive(Debug, Default)]
pub struct ParagraphKeys {
    cache: Entries<Vec<Vec<Key>>>,
}

impl ParagraphKeys {
    /// What `document_keys(doc, names, people)` gives, computing only the
    /// paragraphs whose inputs changed since the previous call.
    pub fn document_keys(
        &mut self,
        doc: &Document,
        names: &[NameMention],
        people: &[Option<PersonId>],
    ) -> Vec<Vec<Key>> {
        let sorted = names.windows(2).all(|w| w[0].sentence <= w[1].sentence);
        if !sorted || !sentences_in_paragraphs(doc) {
            self.cache.clear();
            return document_keys(doc, names, people);
        }
        let mut kept = FxHashMap::default();
        let mut out = Vec::with_capacity(doc.sentences.len());
        for p in &doc.paragraphs {
            let Some(first) = doc.sentences.get(p.sentences.start).map(|s| s.tokens.start) else { continue };
            let local = names.partition_point(|n| n.sentence < p.sentences.start)
                ..names.partition_point(|n| n.sentence < p.sentences.end);
            let mut h = FxHasher::default();
            paragraph_key(doc, p, None).hash(&mut h);
            for (n, person) in names[local.clone()].iter().zip(&people[local.clone()]) {
                (n.span.start - p.span.start, n.span.end - p.span.start, n.sentence - p.sentences.start).hash(&mut h);
                person.hash(&mut h);
            }
            let key = h.finish();
            let text = p.span.slice(&doc.text);
            let found = match reuse(&mut self.cache, &kept, key, text) {
                Some(found) => found,
                None => {
                    let keys = sentences_keys(doc, p.sentences.clone(), names, people);
                    Arc::new(keys.into_iter().map(|s| moved_keys(s, -(first as isize))).collect())
                }
            };
            out.extend(found.iter().map(|s| moved_keys(s.clone(), first as isize)));
            kept.insert(key, (text.into(), found));
        }
        self.cache = kept;
        out
    }
}

fn moved_keys(mut keys: Vec<Key>, tokens: isize) -> Vec<Key> {
    for k in &mut keys {
        k.token = (k.token as isize + tokens) as usize;
    }
    keys
}

/// Cached values by paragraph key, each with its paragraph's text: the key
/// is a fast (Fx) hash, so a hit must also have the same text; a collision
/// between different paragraphs then cannot reuse the wrong mentions.
type Entries<T> = FxHashMap<u64, (Box<str>, Arc<T>)>;

/// The value cached for this paragraph in the last version (taken out of
/// `cache`) or earlier in this one (`kept`, for repeated paragraphs).
fn reuse<T>(cache: &mut Entries<T>, kept: &Entries<T>, key: u64, text: &str) -> Option<Arc<T>> {
    let same = |e: &(Box<str>, Arc<T>)| *e.0 == *text;
    cache.remove(&key).filter(same).or_else(|| kept.get(&key).filter(|e| same(e)).cloned()).map(|(_, v)| v)
}

/// Paragraphs hold every sentence, in order, so extracting paragraph by
/// paragraph visits the sentences as the whole-document extraction does.
fn sentences_in_paragraphs(doc: &Document) -> bool {
    let mut next = 0;
    for p in &doc.paragraphs {
        let tokens = doc.sentences.get(p.sentences.clone()).into_iter().flatten().map(|s| s.tokens.clone());
        let inside = |t: usize| p.span.start <= doc.tokens[t].span.start && doc.tokens[t].span.end <= p.span.end;
        if p.sentences.start != next || !tokens.flatten().all(inside) {
            return false;
        }
        next = p.sentences.end;
    }
    next == doc.sentences.len()
}

/// Everything the per-sentence extraction reads, relative to the paragraph:
/// its text, its sentences' tokens, and the dateline where it overlaps.
fn paragraph_key(doc: &Document, p: &crate::corpus::document::Paragraph, dateline: Option<Span>) -> u64 {
    let base = p.span.start;
    let mut h = FxHasher::default();
    p.span.slice(&doc.text).hash(&mut h);
    dateline.map(|d| (d.start.wrapping_sub(base), d.end.wrapping_sub(base))).hash(&mut h);
    for s in &doc.sentences[p.sentences.clone()] {
        s.tokens.len().hash(&mut h);
        for t in &doc.tokens[s.tokens.clone()] {
            (t.span.start - base, t.span.end - base, t.space_before).hash(&mut h);
            match t.kind {
                TokenKind::Word => 0u32.hash(&mut h),
                TokenKind::Number => 1u32.hash(&mut h),
                TokenKind::Punct(c) => (2 + c as u32).hash(&mut h),
            }
        }
    }
    h.finish()
}

fn moved(s: Span, by: isize) -> Span {
    Span::new((s.start as isize + by) as usize, (s.end as isize + by) as usize)
}

fn moved_name(mut m: NameMention, bytes: isize, sentences: isize) -> NameMention {
    m.span = moved(m.span, bytes);
    for part in &mut m.parts {
        part.span = moved(part.span, bytes);
    }
    m.title = m.title.map(|t| moved(t, bytes));
    m.sentence = (m.sentence as isize + sentences) as usize;
    m
}

fn moved_role(mut r: RoleFact, bytes: isize, mentions: isize) -> RoleFact {
    r.span = moved(r.span, bytes);
    for t in &mut r.titles {
        t.span = moved(t.span, bytes);
        if let Some((_, s)) = &mut t.service {
            *s = moved(*s, bytes);
        }
    }
    if let Some(org) = &mut r.org {
        org.span = moved(org.span, bytes);
    }
    if let Some((_, s)) = &mut r.country {
        *s = moved(*s, bytes);
    }
    r.mention = (r.mention as isize + mentions) as usize;
    r.principal = r.principal.map(|p| (p as isize + mentions) as usize);
    r
}

fn moved_date(mut m: DateMention, bytes: isize, sentences: isize) -> DateMention {
    m.span = moved(m.span, bytes);
    if let Some(f) = &mut m.year {
        f.span = moved(f.span, bytes);
    }
    if let Some(f) = &mut m.month {
        f.span = moved(f.span, bytes);
    }
    if let Some(f) = &mut m.day {
        f.span = moved(f.span, bytes);
    }
    if let Some(f) = &mut m.weekday {
        f.span = moved(f.span, bytes);
    }
    m.sentence = (m.sentence as isize + sentences) as usize;
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    fn check(extracts: &mut ParagraphExtracts, keys: &mut ParagraphKeys, text: &str, shift: usize) {
        let doc = Document::parse("d.md", text, Format::Markdown);
        let x = extracts.extract(&doc);
        // Some names resolved, to people that change between versions.
        let people: Vec<Option<PersonId>> =
            (0..x.names.len()).map(|i| (i % 3 != 0).then_some((i + shift) % 2)).collect();
        assert_eq!(keys.document_keys(&doc, &x.names, &people), document_keys(&doc, &x.names, &people), "{text}");
        let names = super::super::extract_names(&doc);
        assert_eq!(x.roles, super::super::titles::extract_roles(&doc, &names), "{text}");
        assert_eq!(x.names, names, "{text}");
        assert_eq!(x.dates, super::super::dates::extract_dates(&doc), "{text}");
    }

    #[test]
    fn a_key_that_collides_with_another_paragraph_is_not_reused() {
        let mut cache: Entries<u8> = FxHashMap::default();
        cache.insert(7, ("Ann Ode spoke.".into(), Arc::new(1)));
        assert_eq!(reuse(&mut cache, &FxHashMap::default(), 7, "Ann Odo spoke."), None);
        cache.insert(7, ("Ann Ode spoke.".into(), Arc::new(1)));
        assert_eq!(reuse(&mut cache, &FxHashMap::default(), 7, "Ann Ode spoke.").as_deref(), Some(&1));
    }

    #[test]
    fn reused_paragraphs_give_what_a_full_extraction_gives() {
        let (mut x, mut keys) = (ParagraphExtracts::default(), ParagraphKeys::default());
        let a = "RIVERTON — Mayor Lena Brandt spoke on Tuesday and Wednesday, March 5, 2024.";
        let b = "Chief Dana Okafor met Ann Ode on May 2. Ode said it went well.";
        let c = "Sentenced Ann Ode to a fine last year. Ode, the Navy's deputy chief of staff, said so.";
        for (k, text) in [
            format!("{a}\n\n{b}\n\n{c}\n"),
            format!("{b}\n\n{a}\n\n{c}\n"),
            format!("Intro.\n\n{a}\n\n{c}\n\n{b}\n"),
            format!("{c}\n\n{b}\n"),
            format!("# Title\n\n{b} More on June 3.\n\n{c}\n\n{a}\n"),
            format!("General Brown's spokesman Dorsey met Lt. Gen. Ann Ode.\n\n{c}\n\n{a}\n"),
        ]
        .iter()
        .enumerate()
        {
            check(&mut x, &mut keys, text, k / 3);
        }
    }
}

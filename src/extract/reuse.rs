//! Name and date extraction reused paragraph by paragraph while a draft is
//! edited: a paragraph whose tokens and text are unchanged (wherever it now
//! sits) gives the same mentions, moved. The document-level steps (names
//! strengthened by later surnames, date groups numbered) run on the whole
//! draft every time, so the result equals [`extract_names`] and [`extract_dates`].
//!
//! [`extract_names`]: super::extract_names
//! [`extract_dates`]: super::dates::extract_dates

use super::dates::{number_groups, sentence_dates, DateMention};
use super::people::{finish_names, sentence_names};
use super::NameMention;
use crate::corpus::Document;
use crate::text::{Span, TokenKind};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Mentions of one paragraph, with byte offsets from the paragraph's start
/// and sentence indices from its first sentence.
#[derive(Debug)]
struct Extracted {
    names: Vec<NameMention>,
    dates: Vec<(DateMention, bool)>,
}

#[derive(Debug, Default)]
pub struct ParagraphExtracts {
    cache: FxHashMap<u64, Arc<Extracted>>,
}

impl ParagraphExtracts {
    /// `(extract_names(doc), extract_dates(doc))`, re-extracting only
    /// paragraphs not seen in the previous call.
    pub fn names_and_dates(&mut self, doc: &Document) -> (Vec<NameMention>, Vec<DateMention>) {
        if !sentences_in_paragraphs(doc) {
            self.cache.clear();
            return (super::extract_names(doc), super::dates::extract_dates(doc));
        }
        let dateline = crate::corpus::dateline::dateline(doc);
        let mut kept = FxHashMap::default();
        let (mut names, mut dates, mut joined) = (Vec::new(), Vec::new(), Vec::new());
        for p in &doc.paragraphs {
            let (base, first) = (p.span.start, p.sentences.start);
            let local_dateline = dateline.filter(|d| d.overlaps(p.span));
            let key = paragraph_key(doc, p, local_dateline);
            let found = match self.cache.get(&key).or_else(|| kept.get(&key)) {
                Some(found) => Arc::clone(found),
                None => Arc::new(Extracted {
                    names: p
                        .sentences
                        .clone()
                        .flat_map(|s| sentence_names(doc, s, local_dateline))
                        .map(|m| moved_name(m, -(base as isize), -(first as isize)))
                        .collect(),
                    dates: p
                        .sentences
                        .clone()
                        .flat_map(|s| sentence_dates(doc, s))
                        .map(|(m, j)| (moved_date(m, -(base as isize), -(first as isize)), j))
                        .collect(),
                }),
            };
            names.extend(found.names.iter().map(|m| moved_name(m.clone(), base as isize, first as isize)));
            for (m, j) in &found.dates {
                dates.push(moved_date(m.clone(), base as isize, first as isize));
                joined.push(*j);
            }
            kept.insert(key, found);
        }
        // Keep only what the current text uses, so the cache stays the draft's size.
        self.cache = kept;
        finish_names(&mut names);
        number_groups(&mut dates, &joined);
        (names, dates)
    }
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

    fn check(extracts: &mut ParagraphExtracts, text: &str) {
        let doc = Document::parse("d.md", text, Format::Markdown);
        let (names, dates) = extracts.names_and_dates(&doc);
        assert_eq!(names, super::super::extract_names(&doc), "{text}");
        assert_eq!(dates, super::super::dates::extract_dates(&doc), "{text}");
    }

    #[test]
    fn reused_paragraphs_give_what_a_full_extraction_gives() {
        let mut x = ParagraphExtracts::default();
        let a = "RIVERTON — Mayor Lena Brandt spoke on Tuesday and Wednesday, March 5, 2024.";
        let b = "Chief Dana Okafor met Ann Ode on May 2. Ode said it went well.";
        let c = "Sentenced Ann Ode to a fine last year.";
        for text in [
            format!("{a}\n\n{b}\n\n{c}\n"),
            format!("{b}\n\n{a}\n\n{c}\n"),
            format!("Intro.\n\n{a}\n\n{c}\n\n{b}\n"),
            format!("{c}\n\n{b}\n"),
            format!("# Title\n\n{b} More on June 3.\n\n{c}\n\n{a}\n"),
        ] {
            check(&mut x, &text);
        }
    }
}

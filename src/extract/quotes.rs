//! Quotation marks: which stretches of a document are quoted words.
//!
//! Marks are read as opening or closing from the character ("“" opens, "”"
//! closes) or, for straight marks, from the spacing around them. Scraped text
//! loses marks, so pairing is forgiving: a closing mark with no opening one
//! quotes back to the start of its paragraph (or of its sentence, when the
//! paragraph already had quotes); an opening mark never closed quotes to the
//! end of its paragraph, where a multi-paragraph quote would reopen. Single
//! marks pair only in headlines, where they replace double ones.

use crate::corpus::Document;
use crate::text::TokenKind;
use std::ops::Range;

/// One quoted stretch, as token indices into the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotedSpan {
    /// The quoted tokens, without the marks.
    pub content: Range<usize>,
    pub open: Option<usize>,
    pub close: Option<usize>,
    pub paragraph: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
}

/// Every quoted stretch in the document, in text order.
pub fn quoted_spans(doc: &Document) -> Vec<QuotedSpan> {
    let mut out = Vec::new();
    for (p, para) in doc.paragraphs.iter().enumerate() {
        if para.sentences.is_empty() {
            continue;
        }
        let first = doc.sentences[para.sentences.start].tokens.start;
        let last = doc.sentences[para.sentences.end - 1].tokens.end;
        let singles = p == 0 || is_headline_paragraph(doc, first..last);
        pair_marks(doc, first..last, p, singles, &mut out);
    }
    out
}

/// A heading-like paragraph: the document's first, or one without closing punctuation.
fn is_headline_paragraph(doc: &Document, tokens: Range<usize>) -> bool {
    let Some(last) = doc.tokens[tokens].iter().rev().find(|t| !matches!(t.kind, TokenKind::Punct('"' | '\''))) else {
        return false;
    };
    !matches!(last.kind, TokenKind::Punct('.' | '!' | '?' | ':' | ','))
}

fn pair_marks(doc: &Document, range: Range<usize>, paragraph: usize, singles: bool, out: &mut Vec<QuotedSpan>) {
    let toks = &doc.tokens;
    let mut open: Option<usize> = None;
    // Where an unbalanced closing mark may quote back to.
    let mut floor = range.start;
    let mut seen_mark = false;
    let push = |content: Range<usize>, open: Option<usize>, close: Option<usize>, out: &mut Vec<QuotedSpan>| {
        if toks[content.clone()].iter().any(|t| !matches!(t.kind, TokenKind::Punct(_))) {
            out.push(QuotedSpan { content, open, close, paragraph });
        }
    };
    for i in range.clone() {
        let Some(mark) = mark_at(doc, i, range.clone(), singles, open.is_some()) else { continue };
        match (mark, open) {
            (Mark::Open, Some(o)) => {
                push(o + 1..i, Some(o), None, out);
                open = Some(i);
            }
            (Mark::Open, None) => open = Some(i),
            (Mark::Close, Some(o)) => {
                push(o + 1..i, Some(o), Some(i), out);
                open = None;
                floor = i + 1;
            }
            (Mark::Close, None) => {
                let start = if seen_mark { sentence_start(doc, i).max(floor) } else { range.start };
                push(start..i, None, Some(i), out);
                floor = i + 1;
            }
        }
        seen_mark = true;
    }
    if let Some(o) = open {
        push(o + 1..range.end, Some(o), None, out);
    }
}

fn sentence_start(doc: &Document, token: usize) -> usize {
    doc.sentence_at(doc.tokens[token].span.start).map_or(token, |s| doc.sentences[s].tokens.start)
}

/// Is token `i` a quotation mark, and which way does it face?
fn mark_at(doc: &Document, i: usize, range: Range<usize>, singles: bool, is_open: bool) -> Option<Mark> {
    let t = &doc.tokens[i];
    let raw = t.span.slice(&doc.text).chars().next()?;
    let double = t.is_punct('"');
    let single = singles && t.is_punct('\'');
    if !double && !single {
        return None;
    }
    match raw {
        '\u{201C}' | '\u{201E}' | '\u{2018}' | '\u{201A}' | '\u{00AB}' => return Some(Mark::Open),
        '\u{201D}' | '\u{00BB}' => return Some(Mark::Close),
        _ => {}
    }
    let attached_before = i > range.start && !t.space_before;
    let attached_after = doc.tokens.get(i + 1).is_some_and(|n| i + 1 < range.end && !n.space_before);
    let mark = match (attached_before, attached_after) {
        (true, false) => Mark::Close,
        (false, true) => Mark::Open,
        _ if is_open => Mark::Close,
        _ => Mark::Open,
    };
    // A lone single mark closing nothing is an apostrophe ("the generals' talks").
    if single && mark == Mark::Close && !is_open {
        return None;
    }
    Some(mark)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    fn quotes(text: &str) -> Vec<String> {
        let doc = Document::parse("t.txt", text, Format::Plain);
        quoted_spans(&doc)
            .into_iter()
            .map(|q| {
                let t = &doc.tokens[q.content];
                doc.text[t[0].span.start..t[t.len() - 1].span.end].to_string()
            })
            .collect()
    }

    #[test]
    fn curly_and_straight_pairs() {
        let text = "Intro line.\n\nThe chief said “we are ready” and \"we will stay\" tonight.";
        assert_eq!(quotes(text), ["we are ready", "we will stay"]);
    }

    #[test]
    fn closing_mark_without_opening_quotes_back_to_paragraph_start() {
        let text = "Intro line.\n\nThe pool opens at noon. Bring towels,\u{201D} the manager said.";
        assert_eq!(quotes(text), ["The pool opens at noon. Bring towels,"]);
    }

    #[test]
    fn after_a_closed_quote_an_orphan_closing_mark_quotes_back_to_its_sentence() {
        let text =
            "Intro line.\n\n\u{201C}We won,\u{201D} the coach said, beaming. The whole team played well.\u{201D}";
        assert_eq!(quotes(text), ["We won,", "The whole team played well."]);
    }

    #[test]
    fn unclosed_quote_runs_to_the_paragraph_end() {
        let text = "Intro line.\n\nShe said: \u{201C}The bridge is safe. Traffic resumes Monday.\n\nNext paragraph.";
        assert_eq!(quotes(text), ["The bridge is safe. Traffic resumes Monday."]);
    }

    #[test]
    fn single_marks_pair_only_in_headlines() {
        let text = "Mayor calls budget \u{2018}a disgrace\u{2019}\n\nThe generals' talks went on. It was \u{2018}fine\u{2019} here.";
        assert_eq!(quotes(text), ["a disgrace"]);
    }
}

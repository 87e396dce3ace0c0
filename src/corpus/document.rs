//! A parsed text: prose mask, tokens, paragraphs and sentences, all as byte
//! spans into the original text. Drafts and corpus files share this type.

use super::front_matter::{front_matter, Metadata};
use super::markdown::markdown_prose;
use super::sentences::{span_of, split_sentences};
use crate::text::{tokenize, LineIndex, Span, Token};
use std::ops::Range;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Plain,
}

impl Format {
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd") => Format::Markdown,
            _ => Format::Plain,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
    pub paragraph: usize,
}

#[derive(Clone, Debug)]
pub struct Paragraph {
    pub span: Span,
    pub sentences: Range<usize>,
}

#[derive(Clone, Debug)]
pub struct Document {
    /// The path as the user gave it (or the URI path for editor buffers).
    pub path: String,
    pub text: String,
    pub format: Format,
    pub meta: Metadata,
    pub lines: LineIndex,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub paragraphs: Vec<Paragraph>,
}

impl Document {
    pub fn parse(path: impl Into<String>, text: impl Into<String>, format: Format) -> Document {
        let path = path.into();
        let text = text.into();
        let lines = LineIndex::new(&text);
        let (meta, skip) = match format {
            Format::Markdown => front_matter(&text),
            Format::Plain => (Metadata::default(), Span::default()),
        };
        // In Markdown, tokens come from the masked copy (same length, markup
        // blanked), so code, HTML and URLs never reach a check.
        let (prose, blocks) = match format {
            Format::Markdown => {
                let p = markdown_prose(&text, skip);
                (Some(p.masked), p.blocks)
            }
            Format::Plain => (None, plain_blocks(&text)),
        };
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let mut paragraphs = Vec::new();
        for block in blocks {
            let block_tokens = tokenize(prose.as_deref().unwrap_or(&text), block);
            if block_tokens.is_empty() {
                continue;
            }
            let base = tokens.len();
            let first_sentence = sentences.len();
            for r in split_sentences(&text, &block_tokens) {
                let span = span_of(&block_tokens, r.clone());
                sentences.push(Sentence { span, tokens: base + r.start..base + r.end, paragraph: paragraphs.len() });
            }
            let span = span_of(&block_tokens, 0..block_tokens.len());
            tokens.extend(block_tokens);
            paragraphs.push(Paragraph { span, sentences: first_sentence..sentences.len() });
        }
        Document { path, text, format, meta, lines, tokens, sentences, paragraphs }
    }

    pub fn from_path_and_text(path: &Path, text: String) -> Document {
        Document::parse(path.display().to_string(), text, Format::from_path(path))
    }

    pub fn sentence_tokens(&self, s: usize) -> &[Token] {
        &self.tokens[self.sentences[s].tokens.clone()]
    }

    /// Index of the sentence containing a byte offset.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        span_at(&self.sentences, |s| s.span, offset)
    }

    /// Zero-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        self.lines.line_of(offset)
    }

    /// A one-line excerpt around a span: its sentence, whitespace collapsed.
    pub fn excerpt(&self, span: Span) -> String {
        let s = self.sentence_at(span.start).map(|i| self.sentences[i].span).unwrap_or(span);
        collapse_whitespace(s.slice(&self.text))
    }
}

/// The index of the item whose span holds `offset`, in items sorted by span.
pub fn span_at<T>(items: &[T], span: impl Fn(&T) -> Span, offset: usize) -> Option<usize> {
    let i = items.partition_point(|s| span(s).end <= offset);
    (i < items.len() && span(&items[i]).start <= offset).then_some(i)
}

pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text: paragraphs are separated by blank lines.
fn plain_blocks(text: &str) -> Vec<Span> {
    let mut blocks = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(s) = start.take() {
                blocks.push(Span::new(s, end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            start.get_or_insert(offset + lead);
            end = offset + line.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        blocks.push(Span::new(s, end));
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paragraphs_and_sentences() {
        let d = Document::parse("a.txt", "First one. Second one.\n\n  Third.\n", Format::Plain);
        assert_eq!(d.paragraphs.len(), 2);
        let s: Vec<&str> = d.sentences.iter().map(|s| s.span.slice(&d.text)).collect();
        assert_eq!(s, ["First one.", "Second one.", "Third."]);
        assert_eq!(d.sentences[2].paragraph, 1);
    }

    #[test]
    fn markdown_tokens_skip_markup() {
        let d = Document::parse("a.md", "Ask **Dr. Ode** at [the site](http://a.example).\n", Format::Markdown);
        let words: Vec<&str> = d.tokens.iter().map(|t| t.text(&d.text)).collect();
        assert_eq!(words, ["Ask", "Dr", ".", "Ode", "at", "the", "site", "."]);
    }

    #[test]
    fn front_matter_is_metadata_not_prose() {
        let d = Document::parse("a.md", "---\ntitle: Talks\ndate: 2024-01-10\n---\nBody text.\n", Format::Markdown);
        assert_eq!(d.meta.date.as_deref(), Some("2024-01-10"));
        assert_eq!(d.meta.title.as_deref(), Some("Talks"));
        assert_eq!(d.sentences.len(), 1);
    }

    #[test]
    fn sentence_at_finds_the_containing_sentence() {
        let d = Document::parse("a.txt", "One two. Three four.", Format::Plain);
        assert_eq!(d.sentence_at(10), Some(1));
        assert_eq!(d.sentence_at(2), Some(0));
    }
}

//! Markdown to prose: which bytes of a Markdown file are prose to be checked.
//!
//! The result is a copy of the text of the same length in which every byte that
//! is not prose (code, HTML, link URLs, markup characters, front matter) is an
//! ASCII space, with newlines kept. Offsets into the copy are offsets into the
//! original, so nothing downstream needs a position map.

use crate::text::Span;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub struct Prose {
    pub masked: String,
    /// Byte spans of leaf blocks (paragraphs, headings, list items, table cells).
    pub blocks: Vec<Span>,
}

pub fn markdown_prose(text: &str, skip: Span) -> Prose {
    let mut keep = vec![false; text.len()];
    let mut blocks: Vec<Span> = Vec::new();
    let mut current: Option<Span> = None;
    let mut in_code_block = 0usize;
    let mut in_metadata = false;
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block += 1,
            Event::End(TagEnd::CodeBlock) => in_code_block = in_code_block.saturating_sub(1),
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Start(
                Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::BlockQuote(_) | Tag::List(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::List(_),
            ) => {
                if let Some(b) = current.take() {
                    blocks.push(b);
                }
            }
            Event::Text(_) if in_code_block == 0 && !in_metadata => {
                let span = Span::new(range.start, range.end);
                if span.overlaps(skip) {
                    continue;
                }
                keep[range.clone()].iter_mut().for_each(|k| *k = true);
                current = Some(current.map_or(span, |c| c.cover(span)));
            }
            Event::SoftBreak | Event::HardBreak => {}
            _ => {}
        }
    }
    if let Some(b) = current.take() {
        blocks.push(b);
    }
    let masked = mask(text, &keep);
    Prose { masked, blocks }
}

/// Replace every byte not marked `keep` with a space (newlines survive), at
/// character granularity so the result stays valid UTF-8.
fn mask(text: &str, keep: &[bool]) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if keep[i] || c == '\n' || c == '\r' {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(md: &str) -> Prose {
        markdown_prose(md, Span::default())
    }

    #[test]
    fn keeps_length_and_drops_code_html_and_urls() {
        let md = "# Title\n\nSee [the memo](http://x.example/a) and `code`.\n\n```\nfn main() {}\n```\n\n<!-- note -->\nEnd.\n";
        let p = prose(md);
        assert_eq!(p.masked.len(), md.len());
        assert!(p.masked.contains("Title"));
        assert!(p.masked.contains("the memo"));
        assert!(!p.masked.contains("http"));
        assert!(!p.masked.contains("code"));
        assert!(!p.masked.contains("fn main"));
        assert!(!p.masked.contains("note"));
        assert!(p.masked.contains("End."));
    }

    #[test]
    fn blocks_are_headings_and_paragraphs() {
        let md = "# Head\nBody one\nstill one.\n\n- item a\n- item b\n";
        let p = prose(md);
        let texts: Vec<&str> = p.blocks.iter().map(|b| b.slice(md)).collect();
        assert_eq!(texts, ["Head", "Body one\nstill one.", "item a", "item b"]);
    }

    #[test]
    fn multibyte_markup_is_masked_per_character() {
        let md = "A *naïve* “quote”.";
        let p = prose(md);
        assert_eq!(p.masked.len(), md.len());
        assert!(p.masked.contains("naïve"));
    }
}

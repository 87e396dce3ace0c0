//! News datelines: "HARLOW FALLS —", "RIVERTON, Ore., March 3, 2024 -". The
//! place in capitals is not a person, and a date in a dateline is when the
//! story was filed, not when anything in it happened.

use super::Document;
use crate::text::{Span, Token, TokenKind};

/// How many opening paragraphs may hold the dateline (after headline and byline).
pub const PARAGRAPHS_SEARCHED: usize = 4;

/// The span of the document's dateline, dash included, if it has one.
pub fn dateline(doc: &Document) -> Option<Span> {
    doc.paragraphs.iter().take(PARAGRAPHS_SEARCHED).find_map(|p| {
        let first = doc.sentences.get(p.sentences.start)?;
        dateline_in(&doc.text, &doc.tokens[first.tokens.clone()])
    })
}

fn is_all_caps_word(src: &str, t: &Token) -> bool {
    let w = t.text(src);
    t.kind == TokenKind::Word && w.chars().count() >= 2 && w.chars().all(|c| !c.is_lowercase())
}

/// A run of all-capital words, then anything short (state, date) up to a dash.
fn dateline_in(src: &str, toks: &[Token]) -> Option<Span> {
    let caps = toks.iter().take_while(|t| is_all_caps_word(src, t)).count();
    // One capitalised word could be an acronym starting a sentence ("NASA said");
    // it needs the comma or dash that a dateline has right after it.
    if caps == 0 {
        return None;
    }
    // The place may be followed by ", State," and ", Month Day, Year" within a few tokens.
    const MAX_TAIL: usize = 10;
    let tail = &toks[caps..toks.len().min(caps + MAX_TAIL)];
    if !(tail.first()?.is_punct(',') || tail.first()?.is_punct('-')) {
        return None;
    }
    let dash = tail.iter().position(|t| t.is_punct('-') && t.space_before)?;
    // Everything between the place and the dash must be short: commas, periods,
    // capitalised or numeric words; no lower-case prose.
    let prose = tail[..dash]
        .iter()
        .any(|t| t.kind == TokenKind::Word && t.text(src).chars().next().is_some_and(char::is_lowercase));
    if prose {
        return None;
    }
    let end = tail[dash].span.end;
    Some(Span::new(toks[0].span.start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    fn line(text: &str) -> Option<String> {
        let doc = Document::parse("t.txt", text, Format::Plain);
        dateline(&doc).map(|s| s.slice(&doc.text).to_string())
    }

    #[test]
    fn place_alone_or_with_state_and_date() {
        assert_eq!(line("RIVERTON — The dam held.").as_deref(), Some("RIVERTON —"));
        assert_eq!(
            line("Dam holds\n\nRIVERTON, Ore., March 3, 2024 - The dam held.").as_deref(),
            Some("RIVERTON, Ore., March 3, 2024 -")
        );
        assert_eq!(line("NEW PORT LAKE – The dam held.").as_deref(), Some("NEW PORT LAKE –"));
    }

    #[test]
    fn acronyms_and_prose_are_not_datelines() {
        assert_eq!(line("NASA said the launch - if it happens - would be late."), None);
        assert_eq!(line("The dam held — barely."), None);
        assert_eq!(line("FEMA, the agency, said - later - no."), None);
    }
}

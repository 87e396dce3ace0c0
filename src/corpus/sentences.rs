//! Sentence splitting over tokens. A period ends a sentence unless it follows
//! an abbreviation ("Lt.", "Jan.", "Dr.") or a single-letter initial ("Q.",
//! "U.S."); the next token must look like a sentence start.

use crate::lexicon::abbreviations::is_abbreviation;
use crate::text::{Span, Token, TokenKind};

/// Split the tokens of one paragraph into sentences, returned as index ranges.
pub fn split_sentences(src: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let is_end = match t.kind {
            TokenKind::Punct('!') | TokenKind::Punct('?') => true,
            TokenKind::Punct('.') => !follows_abbreviation(src, tokens, i),
            _ => false,
        };
        if is_end {
            // Closing quotes and brackets belong to the sentence they close.
            let mut j = i + 1;
            while j < tokens.len()
                && matches!(tokens[j].kind, TokenKind::Punct('"' | '\'' | ')' | ']'))
                && !tokens[j].space_before
            {
                j += 1;
            }
            if j >= tokens.len() || starts_sentence(src, &tokens[j]) && tokens[j].space_before {
                out.push(start..j);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

fn follows_abbreviation(src: &str, tokens: &[Token], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| tokens[p]) else { return false };
    if prev.kind != TokenKind::Word || tokens[i].space_before {
        return false;
    }
    let word = prev.text(src);
    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    single_letter || is_abbreviation(word)
}

fn starts_sentence(src: &str, t: &Token) -> bool {
    match t.kind {
        TokenKind::Word => t.text(src).chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()),
        TokenKind::Number => true,
        TokenKind::Punct(c) => matches!(c, '"' | '\'' | '(' | '[' | '-' | '*'),
    }
}

/// The byte span covered by a token range.
pub fn span_of(tokens: &[Token], range: std::ops::Range<usize>) -> Span {
    if range.is_empty() {
        return Span::default();
    }
    Span::new(tokens[range.start].span.start, tokens[range.end - 1].span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn sentences(s: &str) -> Vec<&str> {
        let toks = tokenize(s, Span::new(0, s.len()));
        split_sentences(s, &toks).into_iter().map(|r| span_of(&toks, r).slice(s)).collect()
    }

    #[test]
    fn survives_ranks_dates_initials_and_country_abbreviations() {
        let s = "Lt. Col. Ann Ode met Dr. Ruiz on Jan. 9 in the U.S. capital. Charles Q. Brown spoke. Then it rained!";
        assert_eq!(
            sentences(s),
            [
                "Lt. Col. Ann Ode met Dr. Ruiz on Jan. 9 in the U.S. capital.",
                "Charles Q. Brown spoke.",
                "Then it rained!"
            ]
        );
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        let s = "He said “we agree.” She did not.";
        assert_eq!(sentences(s), ["He said “we agree.”", "She did not."]);
    }

    #[test]
    fn lowercase_continuation_is_not_a_break() {
        let s = "It cost 3.5 million, i.e. a lot. Next.";
        assert_eq!(sentences(s), ["It cost 3.5 million, i.e. a lot.", "Next."]);
    }
}

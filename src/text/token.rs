//! A small word tokenizer that keeps byte spans into the original text.
//!
//! Words keep internal apostrophes and hyphens ("O'Brien", "Brandt-Okafor",
//! "People's"); numbers keep internal separators and ordinal suffixes
//! ("11,000", "3.5", "17th"); every other visible character is one punctuation
//! token, normalised (curly quotes become straight ones).

use super::normalize::normalize_char;
use super::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    /// One punctuation character, typographically normalised.
    Punct(char),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Whitespace (or the start of the tokenized range) precedes this token.
    pub space_before: bool,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        self.span.slice(src)
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct(c)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

fn joins_word(c: char) -> bool {
    matches!(normalize_char(c), '\'') || matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Tokenize `src[range]`. Spans are absolute offsets into `src`.
pub fn tokenize(src: &str, range: Span) -> Vec<Token> {
    let text = &src[range.start..range.end];
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut chars = text.char_indices().peekable();
    let mut space_before = true;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() || normalize_char(c) == ' ' {
            space_before = true;
            continue;
        }
        let start = range.start + i;
        let mut end = start + c.len_utf8();
        let kind = if is_word_char(c) {
            let numeric = c.is_ascii_digit();
            while let Some(&(j, d)) = chars.peek() {
                if is_word_char(d) {
                    chars.next();
                    end = range.start + j + d.len_utf8();
                    continue;
                }
                // A separator stays inside the token only when a word character follows it.
                let after = text[j + d.len_utf8()..].chars().next();
                let keeps = match after {
                    Some(a) if is_word_char(a) => {
                        if numeric {
                            matches!(d, ',' | '.') && a.is_ascii_digit()
                        } else {
                            joins_word(d)
                        }
                    }
                    _ => false,
                };
                if !keeps {
                    break;
                }
                chars.next();
                end = range.start + j + d.len_utf8();
            }
            if numeric {
                TokenKind::Number
            } else {
                TokenKind::Word
            }
        } else {
            TokenKind::Punct(normalize_char(c))
        };
        tokens.push(Token { span: Span::new(start, end), kind, space_before });
        space_before = false;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s, Span::new(0, s.len())).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn keeps_internal_apostrophes_and_hyphens() {
        assert_eq!(words("O’Brien's Brandt-Okafor then-House"), ["O’Brien's", "Brandt-Okafor", "then-House"]);
    }

    #[test]
    fn numbers_keep_separators_and_ordinals() {
        assert_eq!(words("11,000 and 3.5, the 17th."), ["11,000", "and", "3.5", ",", "the", "17th", "."]);
    }

    #[test]
    fn punctuation_is_normalised_but_span_is_original() {
        let s = "“Hi”";
        let toks = tokenize(s, Span::new(0, s.len()));
        assert_eq!(toks[0].kind, TokenKind::Punct('"'));
        assert_eq!(toks[0].span, Span::new(0, 3));
        assert_eq!(toks[1].text(s), "Hi");
    }

    #[test]
    fn trailing_apostrophe_is_punctuation() {
        assert_eq!(words("the generals' talks"), ["the", "generals", "'", "talks"]);
    }

    #[test]
    fn diacritics_and_combining_marks_stay_in_words() {
        assert_eq!(words("Zoë Nguyễn e\u{301}cole"), ["Zoë", "Nguyễn", "e\u{301}cole"]);
    }

    #[test]
    fn offsets_are_absolute() {
        let s = "ab cd";
        let toks = tokenize(s, Span::new(3, 5));
        assert_eq!(toks[0].span, Span::new(3, 5));
    }
}

//! Name completion for editors: corpus people whose name starts with what is
//! being typed, or any person right after a title word ("Chief ", "Mayor "),
//! most relevant first and never the whole knowledge base.

use crate::kb::people::Person;
use crate::kb::Kb;
use crate::lexicon::titles::is_title_word;
use crate::text::fold;

/// At most this many names are offered; the client asks again as the prefix grows.
pub const MAX_ITEMS: usize = 20;

#[derive(Debug, PartialEq, Eq)]
pub struct NameCompletion {
    pub name: String,
    /// The title the sources give the person most often, as written.
    pub title: Option<String>,
    pub source_count: usize,
    /// The name part the prefix matched (for the client's filtering).
    pub matched: String,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Completions {
    pub items: Vec<NameCompletion>,
    /// Byte length of the typed prefix the completion replaces.
    pub prefix_len: usize,
    /// More people matched than were offered.
    pub truncated: bool,
}

/// Names to offer for the text before the cursor, or `None` when the cursor
/// is not after a capital letter or a title word.
pub fn complete_name(kb: &Kb, before: &str) -> Option<Completions> {
    let prefix = before.rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-').next().unwrap_or("");
    let rest = &before[..before.len() - prefix.len()];
    let previous = rest.split_whitespace().next_back().unwrap_or("").trim_end_matches(',');
    // The title word must end right before the prefix ("Chief Da", "Chief "), not earlier.
    let title = (rest.ends_with(char::is_whitespace) && is_title_word(previous)).then(|| fold(previous));
    let capital = prefix.chars().next().is_some_and(char::is_uppercase);
    if !(capital || (prefix.is_empty() && title.is_some())) {
        return None;
    }
    let folded = fold(prefix);
    let mut ranked: Vec<(Rank, &Person, String)> = kb
        .people
        .list
        .iter()
        .filter_map(|p| {
            let matched = if folded.is_empty() {
                p.name.clone()
            } else {
                let i = p.folded_parts().iter().position(|part| part.starts_with(&folded))?;
                p.parts.get(i).cloned().unwrap_or_else(|| p.name.clone())
            };
            let first_part = folded.is_empty() || p.folded_parts().first().is_some_and(|f| f.starts_with(&folded));
            let titled = title.as_ref().is_some_and(|t| has_title_word(kb, p, t));
            let rank = Rank { titled, first_part, sources: p.source_count(), mentions: p.mentions.len() };
            Some((rank, p, matched))
        })
        .collect();
    let truncated = ranked.len() > MAX_ITEMS;
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
    let items = ranked
        .into_iter()
        .take(MAX_ITEMS)
        .map(|(rank, p, matched)| NameCompletion {
            name: p.name.clone(),
            title: usual_title(kb, p),
            source_count: rank.sources,
            matched,
        })
        .collect();
    Some(Completions { items, prefix_len: prefix.len(), truncated })
}

/// Relevance, compared field by field: a person the typed title belongs to,
/// a prefix of the first name (so the whole name reads on), how many sources
/// name them, how often.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    titled: bool,
    first_part: bool,
    sources: usize,
    mentions: usize,
}

fn titles<'k>(kb: &'k Kb, p: &'k Person) -> impl Iterator<Item = &'k str> + 'k {
    p.mentions.iter().filter_map(move |m| {
        let title = kb.mention_spans(m)?.title?;
        Some(title.slice(&kb.source(m.source).doc.text))
    })
}

fn has_title_word(kb: &Kb, p: &Person, folded_word: &str) -> bool {
    titles(kb, p).any(|t| t.split_whitespace().any(|w| fold(w.trim_end_matches(',')) == folded_word))
}

/// The title the sources give the person most often; on a tie, the most specific (longest).
fn usual_title(kb: &Kb, p: &Person) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in titles(kb, p).map(crate::corpus::document::collapse_whitespace) {
        match counts.iter_mut().find(|(x, _)| *x == t) {
            Some((_, n)) => *n += 1,
            None => counts.push((t, 1)),
        }
    }
    counts.into_iter().max_by_key(|(t, n)| (*n, t.len())).map(|(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format};

    fn kb() -> Kb {
        let docs = vec![
            Document::parse(
                "a.md",
                "Fire Chief Dana Okafor said the blaze was out. Mayor Lena Brandt thanked Okafor.",
                Format::Markdown,
            ),
            Document::parse("b.md", "Chief Okafor met Deputy Chief Tomas Reyes. Dana Okafor left.", Format::Markdown),
            Document::parse("c.md", "Councillor Dario Olsen voted no. Olsen spoke for an hour.", Format::Markdown),
        ];
        Kb::build(docs)
    }

    fn names(c: &Completions) -> Vec<&str> {
        c.items.iter().map(|i| i.name.as_str()).collect()
    }

    #[test]
    fn a_capital_prefix_offers_matching_names_most_cited_first() {
        let kb = kb();
        let c = complete_name(&kb, "We spoke to O").unwrap();
        assert_eq!(names(&c), ["Dana Okafor", "Dario Olsen"]);
        assert_eq!(c.prefix_len, 1);
        assert_eq!(c.items[0].matched, "Okafor");
        assert_eq!(c.items[0].title.as_deref(), Some("Fire Chief"));
        assert_eq!(c.items[0].source_count, 2);
        let c = complete_name(&kb, "We spoke to Ol").unwrap();
        assert_eq!(names(&c), ["Dario Olsen"]);
        // A first-name prefix ranks before a surname prefix.
        let c = complete_name(&kb, "and D").unwrap();
        assert_eq!(names(&c), ["Dana Okafor", "Dario Olsen"]);
        assert!(complete_name(&kb, "and Zz").unwrap().items.is_empty());
    }

    #[test]
    fn a_title_word_offers_the_people_with_that_title_first() {
        let kb = kb();
        let c = complete_name(&kb, "It was Chief ").unwrap();
        assert_eq!(c.prefix_len, 0);
        let n = names(&c);
        assert_eq!(&n[..2], ["Dana Okafor", "Tomas Reyes"], "{n:?}");
        assert!(n.contains(&"Lena Brandt"), "{n:?}");
        let c = complete_name(&kb, "It was Mayor ").unwrap();
        assert_eq!(names(&c)[0], "Lena Brandt");
    }

    #[test]
    fn lower_case_words_and_earlier_titles_offer_nothing() {
        let kb = kb();
        assert!(complete_name(&kb, "the fire was o").is_none());
        assert!(complete_name(&kb, "the fire ").is_none());
        assert!(complete_name(&kb, "").is_none());
    }

    #[test]
    fn a_large_corpus_is_cut_to_the_most_relevant() {
        const SURNAMES: &[&str] = &[
            "Abbott", "Brooks", "Carver", "Dalton", "Ellis", "Fowler", "Garner", "Hollis", "Irving", "Jarvis",
            "Keller", "Lowell", "Mercer", "Norris", "Oakley", "Porter", "Quimby", "Ramsey", "Sutton", "Tanner",
            "Upton", "Vance", "Walsh", "Yates", "Zeller",
        ];
        assert!(SURNAMES.len() > MAX_ITEMS);
        let text: String = SURNAMES.iter().map(|s| format!("Officer Quentin {s} arrived.\n\n")).collect();
        let kb = Kb::build(vec![Document::parse("many.md", text, Format::Markdown)]);
        let c = complete_name(&kb, "Q").unwrap();
        assert_eq!(c.items.len(), MAX_ITEMS);
        assert!(c.truncated);
    }
}

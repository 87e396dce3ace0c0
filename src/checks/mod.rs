//! The rules. Each rule is one file with its unit tests; [`RULES`] is the one
//! list that the engine, the configuration and the documentation read.

pub mod date_mismatch;
pub mod event_match;
pub mod misattribution;
pub mod misquote;
pub mod name_spelling;
pub mod number_mismatch;
pub mod overlap;
pub mod role_mismatch;
#[cfg(test)]
pub mod test_support;
pub mod title_mismatch;
pub mod weekday_mismatch;

use crate::config::Config;
use crate::corpus::Document;
use crate::extract::{NameMention, Quotation};
use crate::finding::{Finding, Rule, Severity};
use crate::kb::people::PersonId;
use crate::kb::Kb;
use crate::text::Span;

/// What the engine learned about the draft before any rule runs; shared by
/// all rules. The analysis itself ([`DraftData`], reached through `Deref`)
/// is shared, so the language server keeps it with a document version and
/// answers hovers without analysing the draft again.
pub struct Draft<'a> {
    pub doc: &'a Document,
    data: std::sync::Arc<DraftData>,
}

/// The analysis of one version of a draft against one knowledge base.
pub struct DraftData {
    pub names: Vec<NameMention>,
    /// The person each of `names` refers to, when known.
    pub people: Vec<Option<PersonId>>,
    /// Quoted and reported speech, with speakers.
    pub quotes: Vec<Quotation>,
    /// Titles and roles attached to `names`.
    pub roles: Vec<crate::extract::titles::RoleFact>,
    /// Date expressions, shared by the date, weekday and number rules.
    pub dates: Vec<crate::extract::dates::DateMention>,
    /// When the draft was written (front matter, else its dateline): relative dates resolve against it.
    pub reference: Option<jiff::civil::Date>,
    /// Content keys of each sentence, for matching against corpus events and numbers.
    pub keys: Vec<Vec<crate::kb::signature::Key>>,
    /// Each of `dates` matched to corpus events, computed by the first rule that asks.
    pub(crate) dated: Vec<std::sync::OnceLock<event_match::DraftDate>>,
    /// Source passages close to each quoted piece (by its token range), shared
    /// by `misquote` and `misattribution`.
    quote_matches: std::sync::Mutex<QuoteMatches>,
}

type QuoteMatches = rustc_hash::FxHashMap<(usize, usize), std::sync::Arc<Vec<crate::kb::quotes::QuoteMatch>>>;

impl DraftData {
    /// `kb.quotes.matches(words)` for the quoted piece `piece` (whose folded
    /// words are `words`), looked up once per draft.
    pub fn quote_matches(
        &self,
        kb: &Kb,
        piece: std::ops::Range<usize>,
        words: &[String],
    ) -> std::sync::Arc<Vec<crate::kb::quotes::QuoteMatch>> {
        let key = (piece.start, piece.end);
        let lock = |m: &std::sync::Mutex<QuoteMatches>| m.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
        if let Some(found) = lock(&self.quote_matches) {
            return found;
        }
        let found = std::sync::Arc::new(kb.quotes.matches(words));
        self.quote_matches.lock().unwrap_or_else(|e| e.into_inner()).insert(key, found.clone());
        found
    }
}

impl std::fmt::Debug for DraftData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DraftData")
            .field("names", &self.names.len())
            .field("quotes", &self.quotes.len())
            .field("dates", &self.dates.len())
            .finish_non_exhaustive()
    }
}

impl std::ops::Deref for Draft<'_> {
    type Target = DraftData;

    fn deref(&self) -> &DraftData {
        &self.data
    }
}

impl<'a> Draft<'a> {
    pub fn analyze(kb: &Kb, doc: &'a Document) -> Draft<'a> {
        let ((names, roles), dates) = crate::pool::join(
            || {
                let names = crate::extract::extract_names(doc);
                let roles = crate::extract::titles::extract_roles(doc, &names);
                (names, roles)
            },
            || crate::extract::dates::extract_dates(doc),
        );
        Draft::analyze_extracted(kb, doc, crate::extract::reuse::Extracts { names, dates, roles }, None)
    }

    /// [`Draft::analyze`] with the names, dates and roles already extracted
    /// from `doc`, and sentence keys reused from `keys` when given (both
    /// paragraph by paragraph while it is edited).
    pub fn analyze_extracted(
        kb: &Kb,
        doc: &'a Document,
        extracts: crate::extract::reuse::Extracts,
        keys: Option<&mut crate::extract::reuse::ParagraphKeys>,
    ) -> Draft<'a> {
        let crate::extract::reuse::Extracts { names, dates, roles } = extracts;
        let people = kb.people.resolve(doc, &names, &kb.vocab);
        let (quotes, keys) = crate::pool::join(
            || crate::extract::extract_quotations(doc, &names, &people),
            || match keys {
                Some(cache) => cache.document_keys(doc, &names, &people),
                None => crate::kb::signature::document_keys(doc, &names, &people),
            },
        );
        let reference = crate::kb::events::document_date(doc, &dates);
        let dated = dates.iter().map(|_| std::sync::OnceLock::new()).collect();
        let data = DraftData {
            names,
            people,
            quotes,
            roles,
            dates,
            reference,
            keys,
            dated,
            quote_matches: Default::default(),
        };
        Draft { doc, data: std::sync::Arc::new(data) }
    }

    /// A draft whose analysis is known: `data` must come from [`Draft::data`]
    /// of this same document, analysed against the same knowledge base.
    pub fn with_data(doc: &'a Document, data: std::sync::Arc<DraftData>) -> Draft<'a> {
        Draft { doc, data }
    }

    pub fn data(&self) -> &std::sync::Arc<DraftData> {
        &self.data
    }

    /// Does the draft refer to this person anywhere? Draft-wide: the
    /// incremental checker re-checks a paragraph when the answer may change
    /// only if the paragraph has a lone name part that resolves to nobody
    /// (`incremental::paragraph_key`); another use must widen that.
    pub fn mentions(&self, person: PersonId) -> bool {
        self.people.contains(&Some(person))
    }
}

pub struct Context<'a> {
    pub kb: &'a Kb,
    pub draft: &'a Draft<'a>,
    pub config: &'a Config,
    /// The part of the draft to report on; rules may skip mentions outside it.
    pub scope: crate::engine::Scope<'a>,
}

/// A quoted piece of the draft that the quote rules check: its token indices
/// (punctuation left out), its span, and the source passages close to it.
pub(crate) struct QuotedPiece {
    pub tokens: Vec<usize>,
    /// The folded word of each of `tokens`.
    pub words: Vec<String>,
    pub span: Span,
    pub matches: std::sync::Arc<Vec<crate::kb::quotes::QuoteMatch>>,
}

impl Context<'_> {
    /// The piece of quotation (a token range) with its matches, or `None`
    /// when it is out of scope or too short to compare with the sources.
    pub(crate) fn quoted_piece(&self, piece: std::ops::Range<usize>) -> Option<QuotedPiece> {
        let doc = self.draft.doc;
        if !self.scope.touches(Span::new(doc.tokens[piece.start].span.start, doc.tokens[piece.end - 1].span.end)) {
            return None;
        }
        let (words, tokens) = crate::kb::quotes::folded_words(doc, piece.clone());
        if words.len() < crate::kb::quotes::MIN_QUOTE_WORDS {
            return None;
        }
        let span = Span::new(doc.tokens[tokens[0]].span.start, doc.tokens[tokens[tokens.len() - 1]].span.end);
        if !self.scope.contains(span) {
            return None;
        }
        let matches = self.draft.quote_matches(self.kb, piece, &words);
        Some(QuotedPiece { tokens, words, span, matches })
    }
}

pub trait Check: Send + Sync {
    fn rule(&self) -> Rule;
    /// Findings with the rule's default severity; the engine applies configuration.
    fn run(&self, cx: &Context<'_>) -> Vec<Finding>;
}

/// One rule's entry in the registry.
pub struct RuleInfo {
    pub rule: Rule,
    pub summary: &'static str,
    /// A sentence that triggers the rule and what copydesk says, for the docs.
    pub example: &'static str,
    pub default_severity: Severity,
    pub make: fn() -> Box<dyn Check>,
}

/// In the order of [`Rule::ALL`], which is the order of the docs.
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        rule: Rule::NameSpelling,
        summary: "A name that is a close misspelling of a person in the sources.",
        example: "\"Mayor Dana Okafro\" → did you mean \"Okafor\"?",
        default_severity: Severity::Warning,
        make: || Box::new(name_spelling::NameSpelling),
    },
    RuleInfo {
        rule: Rule::TitleMismatch,
        summary: "A rank or title that conflicts with every one the sources give the person.",
        example: "\"Lt. Gen. Ann Ode\" → the sources give Ann Ode the title \"Maj. Gen.\"",
        default_severity: Severity::Warning,
        make: || Box::new(title_mismatch::TitleMismatch),
    },
    RuleInfo {
        rule: Rule::RoleMismatch,
        summary: "A role, organisation or country that conflicts with what the sources say of the person.",
        example: "\"Ivo Quint, a State Department spokesman\" → the sources describe Ivo Quint as \"a spokesman for the Department of Defense\"",
        default_severity: Severity::Warning,
        make: || Box::new(role_mismatch::RoleMismatch),
    },
    RuleInfo {
        rule: Rule::DateMismatch,
        summary: "A dated event in the sources given another day, month or year.",
        example: "\"the council approved the budget on March 6\" → the sources say March 5",
        default_severity: Severity::Warning,
        make: || Box::new(date_mismatch::DateMismatch),
    },
    RuleInfo {
        rule: Rule::WeekdayMismatch,
        summary: "A weekday that contradicts the calendar or the sources for that event.",
        example: "\"Monday, January 9, 2024\" → January 9, 2024 was a Tuesday",
        default_severity: Severity::Warning,
        make: || Box::new(weekday_mismatch::WeekdayMismatch),
    },
    RuleInfo {
        rule: Rule::NumberMismatch,
        summary: "A number tied to a fact in the sources, with another value.",
        example: "\"46 firefighters fought the blaze\" → the sources say 64",
        default_severity: Severity::Warning,
        make: || Box::new(number_mismatch::NumberMismatch),
    },
    RuleInfo {
        rule: Rule::Misquote,
        summary: "Quoted words that are close to, but not, what a source quotes or reports.",
        example: "Ode said the plan would \"ease pressure\" → source has \"ease the strain\"",
        default_severity: Severity::Warning,
        make: || Box::new(misquote::Misquote),
    },
    RuleInfo {
        rule: Rule::Misattribution,
        summary: "Quoted words that the sources give to a different speaker.",
        example: "\"We will rebuild,\" Quint said → the sources give these words to Lena Brandt",
        default_severity: Severity::Warning,
        make: || Box::new(misattribution::Misattribution),
    },
];

pub fn rule_info(rule: Rule) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.rule == rule)
}

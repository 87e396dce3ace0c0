//! A finding: what a check reports about a draft. Diagnostics, hover cards,
//! code actions, CLI text/JSON and SARIF are all renderings of this one type.

use crate::text::Span;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// Every rule copydesk knows, with its stable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    NameSpelling,
    TitleMismatch,
    RoleMismatch,
    DateMismatch,
    WeekdayMismatch,
    NumberMismatch,
    Misquote,
    Misattribution,
}

impl Rule {
    pub const ALL: [Rule; 8] = [
        Rule::NameSpelling,
        Rule::TitleMismatch,
        Rule::RoleMismatch,
        Rule::DateMismatch,
        Rule::WeekdayMismatch,
        Rule::NumberMismatch,
        Rule::Misquote,
        Rule::Misattribution,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rule::NameSpelling => "name-spelling",
            Rule::TitleMismatch => "title-mismatch",
            Rule::RoleMismatch => "role-mismatch",
            Rule::DateMismatch => "date-mismatch",
            Rule::WeekdayMismatch => "weekday-mismatch",
            Rule::NumberMismatch => "number-mismatch",
            Rule::Misquote => "misquote",
            Rule::Misattribution => "misattribution",
        }
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    #[default]
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// A replacement for part of the draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

/// Sources a finding shows: enough to see that the corpus agrees, few
/// enough to read (an event or a name may be in thousands of articles).
pub const MAX_EVIDENCE: usize = 3;

/// A passage in a source that supports the finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The source in the knowledge base the finding was made with (renderers
    /// look the source up by it, not by path: an archive has 100k paths).
    #[serde(skip)]
    pub source: crate::kb::SourceId,
    /// The source file as it was named when the corpus was loaded.
    pub path: Arc<str>,
    /// Byte span in the source file.
    pub span: Span,
    /// Zero-based line of `span.start`.
    pub line: u32,
    /// The sentence around the span, whitespace collapsed.
    pub excerpt: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// Byte span in the draft.
    pub span: Span,
    pub message: String,
    /// The best fix first.
    pub fixes: Vec<Fix>,
    pub sources: Vec<SourceRef>,
}

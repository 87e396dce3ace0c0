//! The rules. Each rule is one file with its unit tests; [`RULES`] is the one
//! list that the engine, the configuration and the documentation read.

pub mod name_spelling;

use crate::config::Config;
use crate::corpus::Document;
use crate::extract::NameMention;
use crate::finding::{Finding, Rule, Severity};
use crate::kb::people::PersonId;
use crate::kb::Kb;

/// What the engine learned about the draft before any rule runs; shared by all rules.
pub struct Draft<'a> {
    pub doc: &'a Document,
    pub names: Vec<NameMention>,
    /// The person each of `names` refers to, when known.
    pub people: Vec<Option<PersonId>>,
}

impl<'a> Draft<'a> {
    pub fn analyze(kb: &Kb, doc: &'a Document) -> Draft<'a> {
        let names = crate::extract::extract_names(doc);
        let people = kb.people.resolve(doc, &names, &kb.vocab);
        Draft { doc, names, people }
    }

    /// Does the draft refer to this person anywhere?
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

pub const RULES: &[RuleInfo] = &[RuleInfo {
    rule: Rule::NameSpelling,
    summary: "A name that is a close misspelling of a person in the sources.",
    example: "\"Mayor Dana Okafro\" → did you mean \"Okafor\"?",
    default_severity: Severity::Warning,
    make: || Box::new(name_spelling::NameSpelling),
}];

pub fn rule_info(rule: Rule) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.rule == rule)
}

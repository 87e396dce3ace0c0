//! Fixture helpers for rule tests: a small corpus of one's own, a draft, one rule's findings.

use crate::config::Config;
use crate::corpus::{Document, Format};
use crate::finding::{Finding, Rule};
use crate::kb::Kb;
use crate::Engine;
use std::sync::Arc;

/// Check `draft` against `corpus` with `config`; the flagged text and finding of one rule.
pub fn check_rule_with(corpus: &[&str], draft: &str, rule: Rule, config: Config) -> Vec<(String, Finding)> {
    let docs =
        corpus.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.txt"), *t, Format::Plain)).collect();
    let engine = Engine::new(Arc::new(Kb::build(docs)), config);
    let doc = Document::parse("draft.md", draft, Format::Markdown);
    engine
        .check(&doc)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.span.slice(&doc.text).to_string(), f))
        .collect()
}

pub fn check_rule(corpus: &[&str], draft: &str, rule: Rule) -> Vec<(String, Finding)> {
    check_rule_with(corpus, draft, rule, Config::default())
}

/// One rule's findings, through the whole engine.
pub fn run_rule(rule: Rule, corpus: &[&str], draft: &str) -> Vec<Finding> {
    check_rule(corpus, draft, rule).into_iter().map(|(_, f)| f).collect()
}

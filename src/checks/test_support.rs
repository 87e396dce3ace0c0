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

/// One rule's findings for `draft` against a corpus where Mayor Lena Brandt says
/// "We will rebuild every pier" in twelve sources and Harbor Master Ivo Quint
/// says it in one: enough copies to crowd Quint's passage out of the lookup's
/// best candidates.
pub fn run_rule_on_crowded_quotes(rule: Rule, draft: &str) -> Vec<Finding> {
    let mut corpus: Vec<String> = (0..12)
        .map(|i| {
            format!("Mayor Lena Brandt spoke on day {i}. \u{201C}We will rebuild every pier,\u{201D} Brandt said.")
        })
        .collect();
    corpus.push("Harbor Master Ivo Quint spoke. \u{201C}We will rebuild every pier,\u{201D} Quint said.".into());
    let corpus: Vec<&str> = corpus.iter().map(String::as_str).collect();
    run_rule(rule, &corpus, draft)
}

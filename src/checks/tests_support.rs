//! Test helper: run one rule on a draft against a small corpus of sentences.

use crate::config::Config;
use crate::corpus::{Document, Format};
use crate::finding::{Finding, Rule};
use crate::kb::Kb;

pub fn run_rule(rule: Rule, corpus: &[&str], draft: &str) -> Vec<Finding> {
    let docs =
        corpus.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.txt"), *t, Format::Plain)).collect();
    let kb = Kb::build(docs);
    let doc = Document::parse("draft.md", draft, Format::Markdown);
    let draft = super::Draft::analyze(&kb, &doc);
    let config = Config::default();
    let cx = super::Context { kb: &kb, draft: &draft, config: &config };
    let info = super::rule_info(rule).expect("registered rule");
    (info.make)().run(&cx)
}

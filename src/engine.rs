//! The engine: a knowledge base, a configuration and the registered rules.
//! Checking a draft runs every enabled rule, applies severities, the allow
//! list and ignore comments, and returns findings sorted by position.

use crate::checks::{Check, Context, Draft, RULES};
use crate::config::Config;
use crate::corpus::Document;
use crate::finding::Finding;
use crate::kb::Kb;
use crate::suppress::Suppressions;
use crate::text::Span;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

pub struct Engine {
    kb: Arc<Kb>,
    config: Config,
    checks: Vec<Box<dyn Check>>,
}

impl Engine {
    pub fn new(kb: Arc<Kb>, config: Config) -> Engine {
        let checks = RULES.iter().map(|r| (r.make)()).collect();
        Engine { kb, config, checks: crate::fault::inject(checks) }
    }

    /// An engine with these checks instead of the registered rules (tests).
    pub fn with_checks(kb: Arc<Kb>, config: Config, checks: Vec<Box<dyn Check>>) -> Engine {
        Engine { kb, config, checks }
    }

    pub fn kb(&self) -> &Arc<Kb> {
        &self.kb
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn check(&self, doc: &Document) -> Vec<Finding> {
        let draft = Draft::analyze(&self.kb, doc);
        self.check_draft(&draft)
    }

    /// The findings and, separately, the rules that failed (not logged), for a
    /// caller that must not pass silently when a rule could not run.
    pub fn check_reporting_failures(&self, doc: &Document) -> RuleRun {
        let draft = Draft::analyze(&self.kb, doc);
        let run = self.run_rules(&draft, Scope::All);
        RuleRun { findings: self.finish(&draft, run.findings), failures: run.failures }
    }

    /// Run the rules on an analysed draft. A rule that panics is logged and
    /// skipped for this draft; the others still run.
    pub fn check_draft(&self, draft: &Draft<'_>) -> Vec<Finding> {
        let run = self.run_rules(draft, Scope::All);
        for failure in &run.failures {
            log::error(failure);
        }
        self.finish(draft, run.findings)
    }

    /// The rules' findings within `scope`, with configured severities, before
    /// the allow list and ignore comments. Split from [`finish`](Self::finish)
    /// so the language server can cache per paragraph and still apply ignore
    /// comments (which sit outside paragraphs) to the whole draft.
    pub fn run_rules(&self, draft: &Draft<'_>, scope: Scope<'_>) -> RuleRun {
        let cx = Context { kb: &self.kb, draft, config: &self.config, scope };
        // The rules are independent of each other: side by side.
        let runs = crate::pool::map(&self.checks, |check| {
            let rule = check.rule();
            let default = crate::checks::rule_info(rule).map(|i| i.default_severity).unwrap_or_default();
            let severity = self.config.severity(rule, default)?;
            Some(catch_unwind(AssertUnwindSafe(|| check.run(&cx))).map(|found| (found, severity)).map_err(|panic| {
                let what = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("unknown panic");
                format!("rule {rule} failed on {} and was skipped: {what}", draft.doc.path)
            }))
        });
        let mut run = RuleRun::default();
        for result in runs.into_iter().flatten() {
            match result {
                Ok((found, severity)) => {
                    run.findings.extend(found.into_iter().filter(|f| scope.contains(f.span)).map(|mut f| {
                        f.severity = severity;
                        f
                    }))
                }
                Err(failure) => run.failures.push(failure),
            }
        }
        run
    }

    /// Drop allowed and ignored findings, sort by position, remove duplicates.
    pub fn finish(&self, draft: &Draft<'_>, findings: Vec<Finding>) -> Vec<Finding> {
        let suppressions = Suppressions::parse(&draft.doc.text, &draft.doc.lines);
        let mut out: Vec<Finding> = findings
            .into_iter()
            .filter(|f| {
                !self.config.is_allowed(f.span.slice(&draft.doc.text))
                    && !suppressions.is_suppressed(f, &draft.doc.lines)
            })
            .collect();
        out.sort_by(|a, b| a.span.cmp(&b.span).then(a.rule.cmp(&b.rule)));
        out.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
        drop_findings_inside_misquotes(&mut out);
        out
    }
}

/// A misquote's fix restores the source's words, which also mends any wrong
/// name, date or number inside the quotation: one error, one diagnostic.
fn drop_findings_inside_misquotes(findings: &mut Vec<Finding>) {
    let quotes: Vec<crate::text::Span> =
        findings.iter().filter(|f| f.rule == crate::finding::Rule::Misquote).map(|f| f.span).collect();
    findings.retain(|f| {
        f.rule == crate::finding::Rule::Misquote
            || !quotes.iter().any(|q| q.start <= f.span.start && f.span.end <= q.end)
    });
}

/// What [`Engine::run_rules`] produced: findings, and rules that panicked.
#[derive(Debug, Default)]
pub struct RuleRun {
    pub findings: Vec<Finding>,
    pub failures: Vec<String>,
}

/// The part of a draft a run reports on. Rules may skip work outside it; the
/// engine drops findings that start outside it either way.
#[derive(Clone, Copy, Debug, Default)]
pub enum Scope<'s> {
    #[default]
    All,
    /// Byte spans of the draft, e.g. the paragraphs that changed: sorted,
    /// not empty, not overlapping (so lookups are binary searches).
    Spans(&'s [Span]),
}

impl Scope<'_> {
    /// Is a finding at `span` reported? (It starts in one of the spans.)
    pub fn contains(&self, span: Span) -> bool {
        match self {
            Scope::All => true,
            Scope::Spans(spans) => {
                // The last span starting at or before the finding is the only one that can hold it.
                let k = spans.partition_point(|s| s.start <= span.start);
                k > 0 && (spans[k - 1].contains(span.start) || spans[k - 1].start == span.start)
            }
        }
    }

    /// Could a finding that starts anywhere in `span` (at its start when it
    /// is empty) be reported? For rules that skip whole sentences, quotes or dates.
    pub fn touches(&self, span: Span) -> bool {
        match self {
            Scope::All => true,
            Scope::Spans(spans) => {
                let end = span.end.max(span.start + 1);
                let k = spans.partition_point(|s| s.end <= span.start);
                k < spans.len() && spans[k].start < end
            }
        }
    }
}

/// Logging goes to stderr: stdout belongs to the CLI's report or the LSP protocol.
pub mod log {
    pub fn error(msg: &str) {
        eprintln!("copydesk: error: {msg}");
    }

    pub fn warn(msg: &str) {
        eprintln!("copydesk: {msg}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    #[test]
    fn scope_lookups_agree_with_scanning_the_spans() {
        let spans = [Span::new(0, 4), Span::new(4, 9), Span::new(12, 13), Span::new(20, 30)];
        let scope = Scope::Spans(&spans);
        for start in 0..35 {
            for end in start..36 {
                let f = Span::new(start, end);
                let contains = spans.iter().any(|s| s.contains(f.start) || s.start == f.start);
                assert_eq!(scope.contains(f), contains, "{f:?}");
                // Some finding starting in `f` would be in scope, exactly when `touches`.
                let any = (start..end.max(start + 1)).any(|x| spans.iter().any(|s| s.contains(x) || s.start == x));
                assert_eq!(scope.touches(f), any, "{f:?}");
            }
        }
    }
    use crate::fault::{PanickingCheck, INJECTED_PANIC};
    use crate::finding::Rule;

    #[test]
    fn a_panicking_rule_is_reported_by_name_and_the_others_still_run() {
        let corpus = vec![Document::parse("s.txt", "Mayor Orla Quennell opened the bridge.", Format::Plain)];
        let mut checks: Vec<Box<dyn Check>> = vec![Box::new(PanickingCheck(Rule::DateMismatch))];
        checks.extend(RULES.iter().filter(|r| r.rule != Rule::DateMismatch).map(|r| (r.make)()));
        let engine = Engine::with_checks(Arc::new(Kb::build(corpus)), Config::default(), checks);
        let draft = Document::parse("draft.md", "Mayor Orla Quenell opened the bridge.", Format::Markdown);
        let run = engine.check_reporting_failures(&draft);
        assert_eq!(run.failures, [format!("rule date-mismatch failed on draft.md and was skipped: {INJECTED_PANIC}")]);
        let flagged: Vec<(Rule, &str)> = run.findings.iter().map(|f| (f.rule, f.span.slice(&draft.text))).collect();
        assert_eq!(flagged, [(Rule::NameSpelling, "Quenell")]);
    }
}

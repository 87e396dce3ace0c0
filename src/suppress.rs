//! Ignore comments in drafts:
//! `<!-- copydesk-disable-next-line [rule ...] -->`,
//! `<!-- copydesk-disable [rule ...] -->` … `<!-- copydesk-enable -->`.
//! Without rule codes they silence every rule.

use crate::finding::{Finding, Rule};
use crate::text::LineIndex;
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Default)]
pub struct Suppressions {
    /// (line, rules; empty = all)
    next_lines: Vec<(u32, Vec<Rule>)>,
    /// (start byte, end byte, rules; empty = all)
    regions: Vec<(usize, usize, Vec<Rule>)>,
}

fn directive() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"<!--\s*copydesk-(disable-next-line|disable|enable)((?:\s+[a-z-]+)*)\s*-->").unwrap())
}

fn rules_of(list: &str) -> Vec<Rule> {
    list.split_whitespace().filter_map(Rule::from_code).collect()
}

impl Suppressions {
    pub fn parse(text: &str, lines: &LineIndex) -> Suppressions {
        let mut s = Suppressions::default();
        let mut open: Option<(usize, Vec<Rule>)> = None;
        for c in directive().captures_iter(text) {
            let whole = c.get(0).unwrap();
            let rules = rules_of(c.get(2).map_or("", |m| m.as_str()));
            match &c[1] {
                "disable-next-line" => s.next_lines.push((lines.line_of(whole.end()) + 1, rules)),
                "disable" => {
                    if open.is_none() {
                        open = Some((whole.end(), rules));
                    }
                }
                _ => {
                    if let Some((start, rules)) = open.take() {
                        s.regions.push((start, whole.start(), rules));
                    }
                }
            }
        }
        if let Some((start, rules)) = open {
            s.regions.push((start, text.len(), rules));
        }
        s
    }

    pub fn is_suppressed(&self, f: &Finding, lines: &LineIndex) -> bool {
        let applies = |rules: &Vec<Rule>| rules.is_empty() || rules.contains(&f.rule);
        let line = lines.line_of(f.span.start);
        self.next_lines.iter().any(|(l, r)| *l == line && applies(r))
            || self.regions.iter().any(|(a, b, r)| *a <= f.span.start && f.span.start < *b && applies(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::text::Span;

    fn finding(at: usize, rule: Rule) -> Finding {
        Finding {
            rule,
            severity: Severity::Warning,
            span: Span::new(at, at + 1),
            message: String::new(),
            fixes: vec![],
            sources: vec![],
        }
    }

    #[test]
    fn next_line_and_regions() {
        let t = "a\n<!-- copydesk-disable-next-line -->\nb\nc\n<!-- copydesk-disable misquote -->\nd\n<!-- copydesk-enable -->\ne\n";
        let idx = LineIndex::new(t);
        let s = Suppressions::parse(t, &idx);
        // Each probe is a whole line, so "b" is not found inside "disable".
        let at = |line: &str| t.find(&format!("\n{line}\n")).unwrap() + 1;
        assert!(s.is_suppressed(&finding(at("b"), Rule::NameSpelling), &idx));
        assert!(!s.is_suppressed(&finding(at("c"), Rule::NameSpelling), &idx));
        assert!(s.is_suppressed(&finding(at("d"), Rule::Misquote), &idx));
        assert!(!s.is_suppressed(&finding(at("d"), Rule::NameSpelling), &idx));
        assert!(!s.is_suppressed(&finding(at("e"), Rule::Misquote), &idx));
    }
}

//! `path:line:col: warning[rule]: message (N sources, e.g. file:line)`, one
//! finding a line with 1-based positions, then the first source's excerpt.

use super::{range, FileReport};
use crate::text::PositionEncoding;
use std::fmt::Write;

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

pub fn render(files: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    let mut total = 0;
    for f in files {
        for finding in f.findings {
            total += 1;
            let (start, _) = range(f.doc, finding.span, PositionEncoding::Utf32);
            let mut sources: Vec<&str> = finding.sources.iter().map(|s| s.path.as_ref()).collect();
            sources.dedup();
            let evidence = match finding.sources.first() {
                Some(s) => {
                    let n = sources.len();
                    let plural = if n == 1 { "source" } else { "sources" };
                    format!(" ({n} {plural}, e.g. {}:{})", file_name(&s.path), s.line + 1)
                }
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}]: {}{}",
                f.doc.path,
                start.line + 1,
                start.col + 1,
                finding.severity.as_str(),
                finding.rule,
                finding.message,
                evidence
            );
            if let Some(s) = finding.sources.first() {
                let _ = writeln!(out, "    {}:{}: {}", s.path, s.line + 1, s.excerpt);
            }
        }
    }
    let files_with = files.iter().filter(|f| !f.findings.is_empty()).count();
    if total == 0 {
        let _ = writeln!(out, "no findings in {} file{}", files.len(), if files.len() == 1 { "" } else { "s" });
    } else {
        let _ = writeln!(
            out,
            "{total} finding{} in {files_with} file{}",
            if total == 1 { "" } else { "s" },
            if files_with == 1 { "" } else { "s" }
        );
    }
    out
}

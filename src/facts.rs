//! The fact sheet: what the knowledge base holds, with sources, for people
//! (`copydesk facts`) and for editors ("Show fact sheet").

use crate::kb::people::Person;
use crate::kb::quotes::{quote_conflicts, quotes_by_speaker, QuoteFact};
use crate::kb::Kb;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Serialize)]
pub struct PersonFacts {
    pub name: String,
    pub aliases: Vec<String>,
    /// Title or role as written → the sources that give it ("path:line", 1-based).
    pub titles: BTreeMap<String, Vec<String>>,
    /// Rank, office, organisation and country as understood → "path:line \"phrase\"".
    pub roles: BTreeMap<String, Vec<String>>,
    pub mentions: usize,
    pub sources: Vec<String>,
    /// Spellings in the sources treated as typos: "Brnadt → Brandt (path:line)".
    pub misspellings: Vec<String>,
}

#[derive(Serialize)]
pub struct Facts {
    pub sources: usize,
    pub people: Vec<PersonFacts>,
    /// Quoted and reported statements by speaker.
    pub quotes: Vec<(String, Vec<QuoteFact>)>,
    /// Statements that two sources word differently.
    pub quote_conflicts: Vec<(QuoteFact, QuoteFact)>,
    pub events: Vec<crate::kb::event_facts::EventFacts>,
}

fn loc(kb: &Kb, source: u32, offset: usize) -> String {
    let s = kb.source(source);
    format!("{}:{}", s.path, s.doc.line_of(offset) + 1)
}

fn person_facts(kb: &Kb, p: &Person) -> PersonFacts {
    let mut titles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut sources: Vec<String> = Vec::new();
    for m in &p.mentions {
        let s = kb.source(m.source);
        let nm = &s.names[m.mention];
        let at = loc(kb, m.source, nm.span.start);
        if let Some(t) = nm.title {
            let list = titles.entry(crate::corpus::document::collapse_whitespace(t.slice(&s.doc.text))).or_default();
            if !list.contains(&at) {
                list.push(at.clone());
            }
        }
        if !sources.contains(&at) {
            sources.push(at);
        }
    }
    let misspellings = p
        .misspellings
        .iter()
        .map(|x| {
            let span = kb.source(x.source).names[x.mention].span;
            format!("{} → {} ({})", x.written, x.correct, loc(kb, x.source, span.start))
        })
        .collect();
    let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in kb.roles.of(p.id) {
        let s = kb.source(r.source);
        let at = format!(
            "{} \"{}\"",
            loc(kb, r.source, r.fact.span.start),
            crate::corpus::document::collapse_whitespace(r.fact.span.slice(&s.doc.text))
        );
        let list = roles.entry(crate::kb::roles::describe(kb, r)).or_default();
        if !list.contains(&at) {
            list.push(at);
        }
    }
    PersonFacts {
        name: p.name.clone(),
        aliases: p.aliases.clone(),
        titles,
        roles,
        mentions: p.mentions.len(),
        sources,
        misspellings,
    }
}

pub fn facts(kb: &Kb) -> Facts {
    let mut people: Vec<PersonFacts> = kb.people.list.iter().map(|p| person_facts(kb, p)).collect();
    people.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(&b.name)));
    Facts {
        sources: kb.sources.len(),
        people,
        quotes: quotes_by_speaker(kb),
        quote_conflicts: quote_conflicts(kb),
        events: crate::kb::event_facts::all_event_facts(kb),
    }
}

/// The fact sheet as Markdown, for people and for the editor's read-only view.
pub fn facts_markdown(kb: &Kb) -> String {
    let f = facts(kb);
    let mut out = String::new();
    let _ = writeln!(out, "# Fact sheet\n\n{} sources, {} people.\n\n## People\n", f.sources, f.people.len());
    for p in &f.people {
        let _ = writeln!(out, "### {}\n", p.name);
        if !p.aliases.is_empty() {
            let _ = writeln!(out, "- also: {}", p.aliases.join(", "));
        }
        for (title, at) in &p.titles {
            let _ = writeln!(out, "- title: {title} ({})", at.join(", "));
        }
        for (role, at) in &p.roles {
            let _ = writeln!(out, "- role: {role} ({})", at.join("; "));
        }
        let _ = writeln!(out, "- {} mentions: {}", p.mentions, p.sources.join(", "));
        for m in &p.misspellings {
            let _ = writeln!(out, "- misspelt in a source: {m}");
        }
        out.push('\n');
    }
    quotes_markdown(&f, &mut out);
    let _ = writeln!(out, "## Events\n");
    for e in &f.events {
        let when = [e.dates.join(" and "), e.weekdays.join(" and ")].into_iter().filter(|s| !s.is_empty());
        let _ = writeln!(out, "### {}\n", when.collect::<Vec<_>>().join(", "));
        if !e.participants.is_empty() {
            let _ = writeln!(out, "- who: {}", e.participants.join(", "));
        }
        let _ = writeln!(out, "- about: {}", e.about.join(", "));
        for s in &e.sources {
            let _ = writeln!(out, "- source: {s}");
        }
        out.push('\n');
    }
    out
}

fn quotes_markdown(f: &Facts, out: &mut String) {
    let line = |q: &QuoteFact| {
        let text = if q.quoted { format!("\u{201C}{}\u{201D}", q.text) } else { format!("(reported) {}", q.text) };
        format!("{text} ({})", q.at)
    };
    let _ = writeln!(out, "## Quotes\n");
    for (speaker, quotes) in &f.quotes {
        let _ = writeln!(out, "### {speaker}\n");
        for q in quotes {
            let _ = writeln!(out, "- {}", line(q));
        }
        out.push('\n');
    }
    if !f.quote_conflicts.is_empty() {
        let _ = writeln!(out, "## Sources that word a statement differently\n");
        for (a, b) in &f.quote_conflicts {
            let who = a.speaker.as_deref().or(b.speaker.as_deref()).unwrap_or("unknown speaker");
            let _ = writeln!(out, "- {who}:\n  - {}\n  - {}", line(a), line(b));
        }
        out.push('\n');
    }
}

//! The editor's per-paragraph cache must never change what copydesk says:
//! after every random edit of a draft with names, dates, numbers and quotes,
//! the incremental findings equal a full `Engine::check`.

use copydesk::config::Config;
use copydesk::corpus::{Document, Format};
use copydesk::incremental::IncrementalChecker;
use copydesk::kb::Kb;
use copydesk::Engine;
use std::sync::Arc;

/// A fictional bridge story in two sources.
const SOURCES: &[&str] = &[
    "---\ntitle: Bridge reopens\ndate: 2024-05-14\n---\n\
     Transport Minister Carla Mendes reopened the Ostend bridge on Monday, May 13, 2024.\n\
     Mendes said 120 workers had repaired the deck in six weeks.\n\n\
     \u{201C}The bridge is safer than it has ever been,\u{201D} Mendes said.\n\n\
     Engineer Paulo Ferreira led the inspection team. Ferreira said the cables were replaced in March.\n",
    "Mayor Ines Duarte welcomed the reopening on Monday. Duarte said the city would add 14 new bus routes by September.\n\n\
     \u{201C}Traffic will fall by a third within a year,\u{201D} Duarte said.\n\n\
     Carla Mendes, the transport minister, said the repairs cost 48 million euros.\n",
    "Police Capt. Ana Sousa closed the road. Rui Costa, a spokesman for the Department of State, agreed.\n",
];

/// Draft paragraphs, right and wrong, including ones whose findings depend on
/// other paragraphs (pronoun speakers, lone surnames, relative dates).
const POOL: &[&str] = &[
    "Transport Minister Carla Mendes reopened the Ostend bridge on Monday, May 13, 2024.",
    "Transport Minister Carla Mendez reopened the Ostend bridge on Tuesday, May 14, 2024.",
    "Mendes said 210 workers had repaired the deck in six weeks.",
    "\u{201C}The bridge is safer than it has ever been,\u{201D} she said.",
    "\u{201C}The bridge is safer than it ever was,\u{201D} Duarte said.",
    "\u{201C}Traffic will fall by a half within a year,\u{201D} the mayor said.",
    "\u{201C}Traffic will fall by a third within a year,\u{201D} Mendes said.",
    "Mayor Ines Duarte welcomed the reopening yesterday.",
    "Duarte said the city would add 41 new bus routes by September.",
    "Engineer Paulo Fereira led the inspection team.",
    "Ferreira said the cables were replaced in April.",
    "Paulo Ferreira spoke last week.",
    "# The bridge",
    "Mendez left early.",
    "Minister Carla Mendes said the repairs cost 84 million euros.",
    "He added: \u{201C}The bridge is safer than it has ever been.\u{201D}",
    "The Ostend bridge reopened on Tuesday, May 14, 2024.",
    "The repairs cost 84 million euros, and 120 workers repaired the deck.",
    "Police Lt. Ana Sousa closed the road.",
    "Rui Costa, a Pentagon spokesman, agreed.",
    "Army Capt. Ana Sousa stayed behind.",
];

const FRONT_MATTER: &[&str] = &["", "---\ndate: 2024-05-14\n---\n", "---\ntitle: Update\ndate: 2024-06-20\n---\n"];

/// xorshift64*: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

struct Draft {
    front: usize,
    paragraphs: Vec<String>,
}

impl Draft {
    fn text(&self) -> String {
        format!("{}{}\n", FRONT_MATTER[self.front], self.paragraphs.join("\n\n"))
    }

    /// One random edit, as a writer makes them: whole paragraphs added,
    /// replaced, removed, moved or joined, single characters typed or deleted
    /// (a typed line break may split a paragraph), the front matter changed.
    fn edit(&mut self, rng: &mut Rng) {
        let n = self.paragraphs.len();
        let pick = |rng: &mut Rng| POOL[rng.below(POOL.len())].to_string();
        match rng.below(8) {
            0 => {
                let p = pick(rng);
                self.paragraphs.insert(rng.below(n + 1), p);
            }
            1 if n > 0 => self.paragraphs[rng.below(n)] = pick(rng),
            2 if n > 1 => {
                self.paragraphs.remove(rng.below(n));
            }
            3 if n > 1 => {
                let from = rng.below(n);
                let p = self.paragraphs.remove(from);
                self.paragraphs.insert(rng.below(n), p);
            }
            4 if n > 1 => {
                let i = rng.below(n - 1);
                let next = self.paragraphs.remove(i + 1);
                self.paragraphs[i] = format!("{} {next}", self.paragraphs[i]);
            }
            5 => self.front = rng.below(FRONT_MATTER.len()),
            6 if n > 0 => {
                let p = &mut self.paragraphs[rng.below(n)];
                let at = char_boundary(p, rng.below(p.len() + 1));
                let typed = ["e", "s", "X", " ", ",", "\n", "\n\n", "\u{201D}"][rng.below(8)];
                p.insert_str(at, typed);
            }
            _ if n > 0 => {
                let p = &mut self.paragraphs[rng.below(n)];
                if !p.is_empty() {
                    let at = char_boundary(p, rng.below(p.len()));
                    p.remove(at);
                }
            }
            _ => self.paragraphs.push(pick(rng)),
        }
    }
}

fn char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn incremental_findings_equal_a_full_check_after_random_edits() {
    let docs = SOURCES.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.md"), *t, Format::Markdown));
    let engine = Arc::new(Engine::new(Arc::new(Kb::build(docs.collect())), Config::default()));
    let (mut steps, mut with_findings, mut rechecked, mut paragraphs) = (0, 0, 0, 0);
    let mut rules_seen = std::collections::BTreeSet::new();
    for seed in [1u64, 7, 42, 1234, 98765, 31337, 2024, 5] {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut draft = Draft { front: 1, paragraphs: POOL[..6].iter().map(|s| s.to_string()).collect() };
        let mut checker = IncrementalChecker::default();
        for step in 0..120 {
            draft.edit(&mut rng);
            let text = draft.text();
            let doc = Document::parse("draft.md", text.as_str(), Format::Markdown);
            let incremental = checker.check(&engine, &doc);
            let full = engine.check(&doc);
            assert_eq!(incremental.findings, full, "seed {seed}, step {step}, draft:\n{text}");
            steps += 1;
            with_findings += usize::from(!full.is_empty());
            rules_seen.extend(full.iter().map(|f| f.rule.code()));
            rechecked += incremental.rechecked;
            paragraphs += doc.paragraphs.len();
        }
    }
    // The comparison means something only if there was something to find and the cache was used.
    assert!(with_findings * 2 > steps, "{with_findings} of {steps} drafts had findings");
    assert!(rechecked * 4 < paragraphs * 3, "{rechecked} of {paragraphs} paragraphs re-checked");
    // Rules that skip mentions outside the edited paragraphs must have had findings to lose.
    for rule in ["name-spelling", "title-mismatch", "role-mismatch", "number-mismatch", "misattribution"] {
        assert!(rules_seen.contains(rule), "no {rule} finding in any step: {rules_seen:?}");
    }
}

/// Without front matter the dateline dates the story, and relative dates in
/// other paragraphs resolve against it: editing only the dateline must
/// re-check them.
#[test]
fn editing_the_dateline_date_rechecks_relative_dates_elsewhere() {
    let docs = SOURCES.iter().enumerate().map(|(i, t)| Document::parse(format!("s{i}.md"), *t, Format::Markdown));
    let engine = Arc::new(Engine::new(Arc::new(Kb::build(docs.collect())), Config::default()));
    let draft = |day: u8| {
        format!(
            "OSTEND, May {day}, 2024 \u{2014} The bridge is open again.\n\n\
             Transport Minister Carla Mendes reopened the Ostend bridge yesterday.\n"
        )
    };
    let mut checker = IncrementalChecker::default();
    let mut seen = Vec::new();
    for day in [14, 20, 14] {
        let doc = Document::parse("draft.md", draft(day), Format::Markdown);
        let incremental = checker.check(&engine, &doc).findings;
        let full = engine.check(&doc);
        assert_eq!(incremental, full, "dateline May {day}");
        seen.push(full.iter().filter(|f| f.rule.code() == "date-mismatch").count());
    }
    // "Yesterday" is May 13 (the sources' Monday) from May 14, May 19 from May 20.
    assert_eq!(seen, [0, 1, 0], "date-mismatch findings per dateline");
}

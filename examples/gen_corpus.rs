//! A deterministic news-like corpus for benchmarks and scale tests.
//!
//! cargo run --release --example gen_corpus -- --articles N --seed S --out DIR [--drafts K]
//!
//! Writes DIR/corpus/NNN/article-NNNNNN.md (~600 words each, with front
//! matter): many distinct people (names from varied syllables, diacritics,
//! family-name-first names) with ranks and roles in organisations, dated
//! events reported by several articles, quotations repeated with attribution,
//! numbers. DIR/drafts/draft-NNN.md are drafts about the same events with
//! planted errors of every rule family, listed in DIR/drafts/planted.json.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// SplitMix64: small, fast, and the same sequence on every platform and version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const ONSETS: &[&str] = &[
    "b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kh", "l", "m", "n", "p", "r", "s", "sh", "st",
    "t", "th", "v", "w", "y", "z", "zh", "ł", "ř", "š",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ei", "ia", "ou", "é", "á", "ö", "ü", "ø", "å", "ã", "ī"];
const CODAS: &[&str] = &["", "", "", "n", "r", "l", "s", "k", "m", "ng", "nd", "rt", "ck", "z", "ñ", "ç"];

fn syllable(rng: &mut Rng) -> String {
    format!("{}{}{}", rng.pick(ONSETS), rng.pick(VOWELS), rng.pick(CODAS))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn word(rng: &mut Rng, syllables: usize) -> String {
    capitalize(&(0..syllables).map(|_| syllable(rng)).collect::<String>())
}

struct Org {
    name: String,
    kind: usize,
}

/// (title before the name, role noun for appositives, organisation kind)
const ROLES: &[(&str, &str, usize)] = &[
    ("Chief", "chief of the", 0),
    ("Battalion Chief", "battalion chief at the", 0),
    ("Capt.", "captain in the", 1),
    ("Lt.", "lieutenant in the", 1),
    ("Sgt.", "sergeant in the", 1),
    ("Mayor", "mayor of", 2),
    ("Councilwoman", "member of the", 3),
    ("Councilman", "member of the", 3),
    ("Gen.", "commander of the", 4),
    ("Maj. Gen.", "deputy commander of the", 4),
    ("Col.", "spokesman for the", 4),
    ("Minister", "head of the", 5),
    ("Director", "director of the", 6),
];
const ORG_KINDS: &[&str] =
    &["Fire Department", "Police Department", "", "City Council", "Army Command", "Ministry", "Agency"];

struct Person {
    name: String,
    surname: String,
    role: usize,
    org: usize,
}

const EVENT_KINDS: &[(&str, &str, &str)] = &[
    ("a warehouse fire", "firefighters", "contained the blaze"),
    ("a council vote on the harbour budget", "members", "approved the plan"),
    ("a winter storm", "households", "lost power"),
    ("border talks", "delegates", "agreed to meet again"),
    ("a port strike", "workers", "walked out"),
    ("flood repairs", "crews", "rebuilt the levee"),
];
const VERBS: &[&str] = &["said", "told reporters", "said in a statement", "added"];
const FILLER: &[&str] = &[
    "Officials said the work would continue through the coming weeks.",
    "Residents gathered outside the building as the news spread.",
    "The decision followed months of debate and several public hearings.",
    "Local businesses said they were watching the situation closely.",
    "A full report is expected to be published later this year.",
    "Critics said the response had been too slow, a charge officials rejected.",
    "The department has faced budget cuts in each of the last three years.",
    "Several witnesses described the scene in interviews with reporters.",
];
const QUOTE_OPENERS: &[&str] = &[
    "We will keep working",
    "Our crews did everything they could",
    "Nobody in this city will be left behind",
    "The people of this town deserve answers",
    "This is a difficult day",
    "We are not going to stop",
    "Every family here matters to us",
    "The work is far from finished",
    "We have learned hard lessons",
    "Safety comes first for all of us",
];
const QUOTE_MIDDLES: &[&str] = &[
    "with every neighbour",
    "until the job is done",
    "through the winter",
    "in every district",
    "for as long as it takes",
    "with the help of volunteers",
    "despite the budget cuts",
    "with our partners",
    "before the next season",
    "on every street",
];
const QUOTE_ENDS: &[&str] = &[
    "and we will say so plainly",
    "and that is a promise",
    "and we owe them the truth",
    "and we will be judged on it",
    "and nobody should doubt that",
    "because the public expects it",
    "and the numbers will show it",
    "whatever the critics say",
    "and I am proud of them",
    "and we start today",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

struct Event {
    kind: usize,
    year: i32,
    month: usize,
    day: u32,
    weekday: usize,
    people: Vec<usize>,
    count: u32,
    ordinal: u32,
    quote: String,
    speaker: usize,
}

fn days_in_month(year: i32, month: usize) -> u32 {
    match month {
        1 => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
        3 | 5 | 8 | 10 => 30,
        _ => 31,
    }
}

/// Weekday (0 = Monday) by Sakamoto's method; month is 0-based.
fn weekday(year: i32, month: usize, day: u32) -> usize {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 2 { year - 1 } else { year };
    let sunday_based = (y + y / 4 - y / 100 + y / 400 + T[month] + day as i32) % 7;
    ((sunday_based + 6) % 7) as usize
}

fn date_text(rng: &mut Rng, e: &Event, with_weekday: bool) -> String {
    let date = match rng.below(3) {
        0 => format!("{} {}, {}", MONTHS[e.month], e.day, e.year),
        1 => format!("{} {} {}", e.day, MONTHS[e.month], e.year),
        _ => format!("{}. {}, {}", &MONTHS[e.month][..3], e.day, e.year),
    };
    if with_weekday {
        format!("{}, {date}", WEEKDAYS[e.weekday])
    } else {
        date
    }
}

struct World {
    orgs: Vec<Org>,
    people: Vec<Person>,
    events: Vec<Event>,
}

fn make_world(rng: &mut Rng, articles: usize) -> World {
    let towns: Vec<String> = (0..(articles / 50).clamp(20, 2000)).map(|_| word(rng, 2)).collect();
    let orgs: Vec<Org> = (0..(articles / 20).clamp(30, 5000))
        .map(|i| {
            let kind = i % ORG_KINDS.len();
            let town = rng.pick(&towns).clone();
            let name = match kind {
                2 => town,
                5 => format!("Ministry of {}", rng.pick(&["Transport", "Energy", "Defence", "Health", "Trade"])),
                _ => format!("{town} {}", ORG_KINDS[kind]),
            };
            Org { name, kind }
        })
        .collect();
    let people: Vec<Person> = (0..(articles / 4).clamp(100, 40_000))
        .map(|_| {
            let role = rng.below(ROLES.len());
            let org = loop {
                let o = rng.below(orgs.len());
                if orgs[o].kind == ROLES[role].2 {
                    break o;
                }
            };
            // One name in five is written family name first.
            let (name, surname) = if rng.chance(20) {
                let family = word(rng, 1);
                (format!("{family} {}", word(rng, 2)), family)
            } else {
                let syllables = 2 + rng.below(2);
                let surname = word(rng, syllables);
                (format!("{} {surname}", word(rng, 2)), surname)
            };
            Person { name, surname, role, org }
        })
        .collect();
    let events = (0..(articles / 3).max(10))
        .map(|_| {
            let year = 2015 + rng.below(11) as i32;
            let month = rng.below(12);
            let day = 1 + rng.below(days_in_month(year, month) as usize) as u32;
            let n = 2 + rng.below(2);
            let people: Vec<usize> = (0..n).map(|_| rng.below(people.len())).collect();
            let quote = format!("{} {}, {}", rng.pick(QUOTE_OPENERS), rng.pick(QUOTE_MIDDLES), rng.pick(QUOTE_ENDS));
            Event {
                kind: rng.below(EVENT_KINDS.len()),
                year,
                month,
                day,
                weekday: weekday(year, month, day),
                speaker: people[0],
                people,
                count: 10 + rng.below(990) as u32,
                ordinal: 2 + rng.below(30) as u32,
                quote,
            }
        })
        .collect();
    World { orgs, people, events }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn titled(w: &World, p: usize) -> String {
    format!("{} {}", ROLES[w.people[p].role].0, w.people[p].name)
}

fn event_paragraphs(rng: &mut Rng, w: &World, e: &Event, out: &mut String) {
    let (what, counted, outcome) = EVENT_KINDS[e.kind];
    let lead = &w.people[e.people[0]];
    let with_weekday = rng.chance(50);
    let date = date_text(rng, e, with_weekday);
    let _ = writeln!(
        out,
        "{} said {} {} {} on {}, in what officials called the {} such meeting of the year.\n",
        titled(w, e.people[0]),
        e.count,
        counted,
        outcome,
        date,
        ordinal(e.ordinal)
    );
    let _ = writeln!(out, "The response to {what} was coordinated by the {}.\n", w.orgs[lead.org].name);
    for &p in &e.people[1..] {
        let person = &w.people[p];
        let _ = writeln!(
            out,
            "{}, {} {}, {} the situation was under control. {} {} officials would review it.\n",
            person.name,
            ROLES[person.role].1,
            w.orgs[person.org].name,
            rng.pick(VERBS),
            person.surname,
            rng.pick(&["said", "added that"])
        );
    }
    let speaker = &w.people[e.speaker];
    let _ = writeln!(out, "\"{},\" {} {}.\n", e.quote, speaker.surname, rng.pick(&["said", "told reporters"]));
}

/// An article about one or two events; marks in `reported` the events it reports.
fn article(rng: &mut Rng, w: &World, index: usize, reported: &mut [bool]) -> String {
    let first = rng.below(w.events.len());
    reported[first] = true;
    let e = &w.events[first];
    let mut out = String::new();
    let (what, _, _) = EVENT_KINDS[e.kind];
    let _ = writeln!(
        out,
        "---\ntitle: Officials respond to {what}\ndate: {}-{:02}-{:02}\n---\n\n# Officials respond to {what} (report {index})\n",
        e.year,
        e.month + 1,
        e.day.min(28)
    );
    event_paragraphs(rng, w, e, &mut out);
    if rng.chance(50) {
        let second = rng.below(w.events.len());
        reported[second] = true;
        event_paragraphs(rng, w, &w.events[second], &mut out);
    }
    while out.split_whitespace().count() < 600 {
        let para: Vec<&str> = (0..3).map(|_| *rng.pick(FILLER)).collect();
        let _ = writeln!(out, "{}\n", para.join(" "));
    }
    out
}

/// A draft about a few events, each with one planted error; returns the text
/// and (rule, wrong text, right text) for each planted error. Only events some
/// article reports are drafted: an error about an event the corpus never
/// mentions cannot be verified, so no finding would be the right answer.
fn draft(rng: &mut Rng, w: &World, reported: &[usize], events: usize) -> (String, Vec<(String, String, String)>) {
    let mut out = String::from("# Draft\n\n");
    let mut planted = Vec::new();
    for _ in 0..events {
        let e = &w.events[*rng.pick(reported)];
        let mut para = String::new();
        event_paragraphs(rng, w, e, &mut para);
        let speaker = &w.people[e.speaker];
        let (rule, wrong, right) = match rng.below(6) {
            0 => {
                let s = &speaker.surname;
                let chars: Vec<char> = s.chars().collect();
                let mut typo = chars.clone();
                let i = 1 + rng.below(chars.len().saturating_sub(2).max(1));
                typo.swap(i, (i + 1).min(chars.len() - 1));
                ("name-spelling", typo.into_iter().collect::<String>(), s.clone())
            }
            1 => {
                let right = ROLES[speaker.role].0.to_string();
                let other = ROLES.iter().map(|r| r.0).find(|r| *r != right && rng.chance(30)).unwrap_or("Director");
                ("title-mismatch", other.to_string(), right)
            }
            2 => ("number-mismatch", (e.count + 1 + rng.below(9) as u32).to_string(), e.count.to_string()),
            3 => {
                let wrong_day = if e.day > 1 { e.day - 1 } else { e.day + 1 };
                (
                    "date-mismatch",
                    format!("{} {wrong_day},", MONTHS[e.month]),
                    format!("{} {},", MONTHS[e.month], e.day),
                )
            }
            4 => {
                let words: Vec<&str> = e.quote.split(' ').filter(|w| w.len() > 3 && !w.ends_with(',')).collect();
                let right = rng.pick(&words).to_string();
                let swapped = if right == "always" { "never" } else { "always" };
                ("misquote", swapped.to_string(), right)
            }
            _ => {
                let other = &w.people[e.people[e.people.len() - 1]];
                ("misattribution", other.surname.clone(), speaker.surname.clone())
            }
        };
        let replaced = if rule == "misattribution" {
            para.replacen(&format!("\" {}", right), &format!("\" {}", wrong), 1)
        } else if rule == "misquote" {
            // Inside the quotation only: "added that officials" is no quote.
            let quoted = e.quote.replacen(&format!(" {right} "), &format!(" {wrong} "), 1);
            para.replacen(&format!("\"{},\"", e.quote), &format!("\"{quoted},\""), 1)
        } else {
            para.replacen(&right, &wrong, 1)
        };
        if replaced != para {
            planted.push((rule.to_string(), wrong, right));
        }
        out.push_str(&replaced);
    }
    (out, planted)
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let articles: usize = arg(&args, "--articles").and_then(|v| v.parse().ok()).unwrap_or(1000);
    let seed: u64 = arg(&args, "--seed").and_then(|v| v.parse().ok()).unwrap_or(1);
    let drafts: usize = arg(&args, "--drafts").and_then(|v| v.parse().ok()).unwrap_or(10);
    let out = PathBuf::from(arg(&args, "--out").unwrap_or_else(|| "target/gen-corpus".into()));
    let mut rng = Rng(seed);
    let world = make_world(&mut rng, articles);
    let corpus = out.join("corpus");
    let mut reported = vec![false; world.events.len()];
    for i in 0..articles {
        let dir = corpus.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            fs::create_dir_all(&dir)?;
        }
        fs::write(dir.join(format!("article-{i:06}.md")), article(&mut rng, &world, i, &mut reported))?;
    }
    let mut reported: Vec<usize> = (0..world.events.len()).filter(|&e| reported[e]).collect();
    if reported.is_empty() {
        // No articles: draft about any event rather than none.
        reported = (0..world.events.len()).collect();
    }
    let drafts_dir = out.join("drafts");
    fs::create_dir_all(&drafts_dir)?;
    let mut manifest = String::from("[\n");
    for d in 0..drafts {
        let (text, planted) = draft(&mut rng, &world, &reported, 6);
        let name = format!("draft-{d:03}.md");
        fs::write(drafts_dir.join(&name), text)?;
        for (rule, wrong, right) in planted {
            let _ = writeln!(
                manifest,
                "  {{\"draft\": \"{name}\", \"rule\": \"{rule}\", \"wrong\": \"{wrong}\", \"right\": \"{right}\"}},"
            );
        }
    }
    if manifest.ends_with(",\n") {
        manifest.truncate(manifest.len() - 2);
        manifest.push('\n');
    }
    manifest.push_str("]\n");
    fs::write(drafts_dir.join("planted.json"), manifest)?;
    write_summary(&out, articles, &world)
}

fn write_summary(out: &Path, articles: usize, w: &World) -> std::io::Result<()> {
    let summary = format!(
        "{{\"articles\": {articles}, \"people\": {}, \"organisations\": {}, \"events\": {}}}\n",
        w.people.len(),
        w.orgs.len(),
        w.events.len()
    );
    eprintln!("gen_corpus: {}", summary.trim());
    fs::write(out.join("summary.json"), summary)
}

//! The `copydesk` binary end to end: exit codes, the JSON contract, SARIF,
//! text output, configuration discovery and corpus problems.

mod common;

use common::copydesk;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The fixture workspace in the source tree: read from, never run in.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/names")
}

/// A copy of the fixture workspace (`.copydesk.toml`, corpus, drafts) in a
/// temporary folder, to run `copydesk` in: it writes its workspace cache
/// beside `.copydesk.toml`, and tests must leave the source tree as it was.
fn workspace() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_name() == ".copydesk" {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&fixtures(), dir.path());
    dir
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// (code, line, character, end character, flagged text, first fix) for each diagnostic.
fn summary(v: &Value) -> Vec<(String, u64, u64, u64, String, String)> {
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
                d["range"]["end"]["character"].as_u64().unwrap(),
                d["text"].as_str().unwrap().to_string(),
                d["fixes"][0].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn finds_misspelt_names_and_nothing_else() {
    let out = copydesk(&["check", "--format", "json", "draft.md"], workspace().path());
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&out);
    let s = |c: &str, l, a, b, t: &str, f: &str| (c.to_string(), l, a, b, t.to_string(), f.to_string());
    assert_eq!(
        summary(&v),
        [
            // "🎉 Zoë " is 7 UTF-16 units (the emoji takes two), 6 characters, 10 bytes.
            s("name-spelling", 2, 7, 16, "Kowalczik", "Kowalczyk"),
            // The corpus itself misspells "Brandt" once; that does not make "Brant" a person.
            s("name-spelling", 4, 28, 33, "Brant", "Brandt"),
            s("name-spelling", 6, 14, 18, "Wenn", "Wen"),
            // Line 12 repeats the first typo under an ignore comment: not reported.
        ]
    );
}

#[test]
fn json_contract_has_every_field() {
    let out = copydesk(&["check", "--format", "json", "draft.md"], workspace().path());
    let v = json(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"][0]["path"], "draft.md");
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["message"], "\"Kowalczik\" — did you mean \"Kowalczyk\" (Zoë Kowalczyk)?");
    assert_eq!(d["range"]["end"]["line"], 2);
    let sources = d["sources"].as_array().unwrap();
    assert!(!sources.is_empty() && sources.len() <= 3);
    for src in sources {
        let path = src["path"].as_str().unwrap();
        let line = src["line"].as_u64().unwrap() as usize;
        let text = std::fs::read_to_string(fixtures().join(path)).unwrap();
        // Lines are 0-based, and the excerpt is taken from that line onwards.
        let first_words: String = src["text"].as_str().unwrap().chars().take(12).collect();
        assert!(text.lines().nth(line).unwrap().contains(&first_words), "{path}:{line}");
        assert!(src["text"].as_str().unwrap().contains("Kowalczyk"));
    }
}

#[test]
fn clean_draft_exits_zero_with_no_findings() {
    let out = copydesk(&["check", "--format", "json", "clean.md"], workspace().path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(summary(&json(&out)), []);
}

#[test]
fn text_output_for_people() {
    let out = copydesk(&["check", "draft.md"], workspace().path());
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(
            "draft.md:3:7: warning[name-spelling]: \"Kowalczik\" — did you mean \"Kowalczyk\" (Zoë Kowalczyk)? ("
        ),
        "{first}"
    );
    assert!(text.ends_with("3 findings in 1 file\n"), "{text}");
}

#[test]
fn sarif_is_2_1_0_with_results_rules_and_fixes() {
    let out = copydesk(&["check", "--format", "sarif", "draft.md"], workspace().path());
    let v = json(&out);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "copydesk");
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["ruleId"], "name-spelling");
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"], 8);
    assert_eq!(results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"], "Kowalczyk");
    assert!(!results[0]["relatedLocations"].as_array().unwrap().is_empty());
}

#[test]
fn explicit_corpus_overrides_discovery() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.md"), "Councilman Lu Wenn spoke.\n").unwrap();
    let corpus = fixtures().join("corpus");
    let out = copydesk(&["check", "--format", "json", "--corpus", corpus.to_str().unwrap(), "d.md"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(summary(&json(&out))[0].4, "Wenn");
}

#[test]
fn rules_can_be_turned_off_in_config() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = fixtures().join("corpus");
    std::fs::write(
        dir.path().join(".copydesk.toml"),
        format!("corpus = ['{}']\n[rules]\nname-spelling = 'off'\n", corpus.display()),
    )
    .unwrap();
    std::fs::write(dir.path().join("d.md"), "Councilman Lu Wenn spoke.\n").unwrap();
    let out = copydesk(&["check", "d.md"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn errors_exit_two_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.md"), "Text.\n").unwrap();
    let no_corpus = copydesk(&["check", "d.md"], dir.path());
    assert_eq!(no_corpus.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_corpus.stderr).contains("no corpus"));

    let missing = copydesk(&["check", "--corpus", "nowhere", "d.md"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("corpus path does not exist: nowhere"));

    let no_draft = copydesk(&["check", "--corpus", fixtures().join("corpus").to_str().unwrap(), "gone.md"], dir.path());
    assert_eq!(no_draft.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_draft.stderr).contains("cannot read draft gone.md"));

    std::fs::write(dir.path().join(".copydesk.toml"), "[rules]\nspelling = 'off'\n").unwrap();
    let bad_config = copydesk(&["check", "d.md"], dir.path());
    assert_eq!(bad_config.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_config.stderr).contains("unknown rule \"spelling\""));
}

#[test]
fn unusable_corpus_files_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(fixtures().join("corpus/council.md"), corpus.join("council.md")).unwrap();
    std::fs::write(corpus.join("image.md"), b"\x89PNG\0\0binary").unwrap();
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("d.md"), "Councilman Lu Wenn spoke.\n").unwrap();
    let out = copydesk(&["check", "--corpus", "corpus", "d.md"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("skipped: corpus/image.md: binary file (contains NUL bytes)"), "{stderr}");
    assert!(stderr.contains("skipped: corpus/empty.txt: empty file"), "{stderr}");
    assert!(stderr.contains("corpus: 1 files used, 2 skipped"), "{stderr}");
}

#[test]
fn facts_list_people_with_aliases_and_sources() {
    let out = copydesk(&["facts", "--format", "json"], workspace().path());
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let people = v["people"].as_array().unwrap();
    let names: Vec<&str> = people.iter().map(|p| p["name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, ["Grace Holloway", "José Núñez", "Lena Brandt", "Lu Wen", "Zoë Kowalczyk"]);
    let brandt = people.iter().find(|p| p["name"] == "Lena Brandt").unwrap();
    assert!(brandt["aliases"].as_array().unwrap().iter().any(|a| a == "Mayor Brandt"));
    assert_eq!(brandt["misspellings"][0], "Brant → Brandt (corpus/festival.txt:7)");
}

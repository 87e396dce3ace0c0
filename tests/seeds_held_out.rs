//! Each seed article checked against the other four. Reads
//! `../shared/corpus/seeds` relative to the crate root and skips, saying so,
//! when it is not there.

use copydesk::config::Config;
use copydesk::corpus::Document;
use copydesk::kb::Kb;
use copydesk::{Engine, Finding, Rule};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn seeds() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    Some(files)
}

fn read(path: &Path) -> Document {
    Document::from_path_and_text(path, std::fs::read_to_string(path).expect("seed is readable"))
}

/// Findings on the seed whose file name starts with `prefix`, against the others.
fn held_out(files: &[PathBuf], prefix: &str) -> (Document, Vec<Finding>) {
    let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().to_string();
    let draft = files.iter().find(|p| name(p).starts_with(prefix)).expect("seed present");
    let corpus = files.iter().filter(|p| *p != draft).map(|p| read(p)).collect();
    let engine = Engine::new(Arc::new(Kb::build(corpus)), Config::default());
    let doc = read(draft);
    let findings = engine.check(&doc);
    (doc, findings)
}

#[test]
fn each_seed_against_the_other_four() {
    let Some(files) = seeds() else {
        eprintln!("skipped: ../shared/corpus/seeds not found");
        return;
    };

    let (doc, f) = held_out(&files, "003_");
    let flagged: Vec<(Rule, &str)> = f.iter().map(|f| (f.rule, f.span.slice(&doc.text))).collect();
    assert_eq!(flagged, [(Rule::NameSpelling, "Baiden")]);

    for quiet in ["002_", "004_"] {
        let (_, f) = held_out(&files, quiet);
        assert!(f.is_empty(), "{quiet}: {f:#?}");
    }

    // 000_ rewords 001_'s quotes of Wu Qian and Martin Meiners.
    let (doc, f) = held_out(&files, "000_");
    assert!(f.iter().all(|f| f.rule == Rule::Misquote), "{f:#?}");
    assert!(f.iter().all(|f| f.sources.iter().all(|s| s.path.contains("001_"))), "{f:#?}");
    let flagged: Vec<&str> = f.iter().map(|f| f.span.slice(&doc.text)).collect();
    for reworded in [
        "constant provocation and containment",
        "exchanged in-depth perspectives",
        "frank, in-depth, and open discussion on a number of issues",
        "an important component of the Biden-Harris administration",
        "Both parties reinforced agreed to keep communication channels open",
        "The US side also reaffirmed our commitment",
        "we value communication, cooperation",
    ] {
        assert!(flagged.iter().any(|q| q.contains(reworded)), "{reworded:?} not flagged in {flagged:#?}");
    }
    let rivalry = f.iter().find(|f| f.span.slice(&doc.text).contains("appropriately manage rivalry")).unwrap();
    assert!(rivalry.message.contains("'appropriately' → source has 'responsibly'"), "{}", rivalry.message);
    assert!(rivalry.fixes[0].replacement.contains("responsibly manage the competition between the US and the PRC"));
}

//! Inputs the fuzz targets (`fuzz/`) found or that guard their edges, replayed
//! on every `cargo test`. Add a crash input as a file under
//! `tests/fuzz_regressions/<target>/`.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions").join(target);
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.into_iter().map(|p| (p.display().to_string(), std::fs::read(&p).unwrap())).collect()
}

#[test]
fn check_text_regressions() {
    let cases = inputs("check");
    assert!(!cases.is_empty());
    for (name, data) in cases {
        eprintln!("{name}");
        copydesk::harness::check_arbitrary_text(&data);
    }
}

#[test]
fn framing_regressions() {
    let cases = inputs("framing");
    assert!(!cases.is_empty());
    for (name, data) in cases {
        eprintln!("{name}");
        copydesk::harness::deframe_arbitrary(&data);
    }
}

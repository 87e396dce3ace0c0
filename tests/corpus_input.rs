//! Bad corpus files through `copydesk check`: each is named with its reason on
//! stderr, one line sums up what was skipped and why, and the usable files
//! still give their findings.

mod common;

use common::copydesk;
use std::path::Path;

/// Make `path` unreadable. Root reads through `chmod 000`; then, on Linux, a
/// link to `/proc/self/mem`, whose first page no process can read, stands in.
fn make_unreadable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, "Mayor Lena Brandt spoke.\n").unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(path).is_err() {
        return true;
    }
    std::fs::remove_file(path).unwrap();
    if cfg!(target_os = "linux") {
        std::os::unix::fs::symlink("/proc/self/mem", path).unwrap();
        if std::fs::read(path).is_err() {
            return true;
        }
        std::fs::remove_file(path).unwrap();
    }
    eprintln!("note: cannot make a file unreadable here (running as root without /proc); unreadable case not checked");
    false
}

#[test]
fn skipped_files_are_named_with_reasons_and_summed_up_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let sources = root.join("sources");
    std::fs::create_dir(&sources).unwrap();
    std::fs::write(root.join(".copydesk.toml"), "corpus = [\"sources\"]\nmax_file_bytes = 200\n").unwrap();
    std::fs::write(root.join("draft.md"), "Chief Dana Okafro praised the crews.\n").unwrap();
    std::fs::write(
        sources.join("good.md"),
        "Fire Chief Dana Okafor said the blaze was out. Okafor thanked the crews.\n",
    )
    .unwrap();
    let latin1 = b"Mayor Lena Brandt visited the caf\xe9 on Main Street.\n";
    let bad_at = latin1.iter().position(|&b| b == 0xe9).unwrap();
    std::fs::write(sources.join("latin1.md"), latin1).unwrap();
    std::fs::write(sources.join("scan.md"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(sources.join("blank.md"), "\n  \n").unwrap();
    std::fs::write(sources.join("huge.md"), "The crews worked on. ".repeat(15)).unwrap();
    std::os::unix::fs::symlink(".", sources.join("loop")).unwrap();
    let unreadable = make_unreadable(&sources.join("locked.md"));

    let out = copydesk(&["check", "--format", "json", "draft.md"], root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][0]["diagnostics"][0]["text"], "Okafro", "the usable source still counts");

    let lines: Vec<&str> = stderr.lines().collect();
    let has = |line: &str| assert!(lines.contains(&line), "missing {line:?} in:\n{stderr}");
    has(&format!(
        "copydesk: warning: sources/latin1.md: invalid UTF-8 at byte {bad_at}; decoded with replacement characters"
    ));
    has("copydesk: skipped: sources/scan.md: binary file (contains NUL bytes)");
    has("copydesk: skipped: sources/blank.md: empty file");
    has("copydesk: skipped: sources/huge.md: 315 bytes is over the 200 byte limit");
    let looped = lines.iter().find(|l| l.contains("symbolic link loop")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(looped.starts_with("copydesk: skipped: sources/loop"), "{looped}");
    let summary: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with("copydesk: corpus:")).collect();
    if unreadable {
        assert!(lines.iter().any(|l| l.starts_with("copydesk: skipped: sources/locked.md: ")), "{stderr}");
        assert_eq!(
            summary,
            ["copydesk: corpus: 2 files used, 5 skipped (1 unreadable, 1 symbolic link loop, 1 binary, 1 empty, 1 over the size limit), 1 with warnings (1 invalid UTF-8) (each is listed above)"]
        );
    } else {
        assert_eq!(
            summary,
            ["copydesk: corpus: 2 files used, 4 skipped (1 symbolic link loop, 1 binary, 1 empty, 1 over the size limit), 1 with warnings (1 invalid UTF-8) (each is listed above)"]
        );
    }
}

#[test]
fn a_corpus_of_no_usable_files_is_a_clear_error_naming_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("sources")).unwrap();
    std::fs::write(root.join("sources/blank.md"), "").unwrap();
    std::fs::write(root.join("sources/scan.txt"), b"\0\0").unwrap();
    std::fs::write(root.join("sources/notes.rs"), "fn main() {}").unwrap();
    std::fs::write(root.join("draft.md"), "Chief Dana Okafro praised the crews.\n").unwrap();
    let out = copydesk(&["check", "--corpus", "sources", "draft.md"], root);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "copydesk: skipped: sources/blank.md: empty file\n\
         copydesk: skipped: sources/scan.txt: binary file (contains NUL bytes)\n\
         copydesk: error: no usable corpus files (.txt, .md, .markdown) under sources; 2 skipped (1 binary, 1 empty)\n"
    );
}

//! Reading and writing cache files. Writes go to a temporary file in the same
//! folder, renamed over the old file, so a concurrent reader sees the old file
//! or the new one, never half of one.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The file's bytes, `None` when there is no such file.
pub fn read(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Replace `path` with `bytes` atomically, creating its folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.{}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        super::manifest::nanos(std::time::SystemTime::now())
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.flush()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `<dir>/.gitignore` containing `*`, so the folder is never committed.
pub fn ignore_folder(dir: &Path) -> std::io::Result<()> {
    let file = dir.join(".gitignore");
    if file.is_file() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    write_atomic(&file, b"# Created by copydesk: its cache, never committed.\n*\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_leave_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("deep/er/index.bin");
        assert_eq!(read(&p).unwrap(), None);
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(read(&p).unwrap().as_deref(), Some(&b"two"[..]));
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["index.bin"]);
        ignore_folder(dir.path()).unwrap();
        assert!(std::fs::read_to_string(dir.path().join(".gitignore")).unwrap().ends_with("*\n"));
    }

    #[test]
    fn a_folder_that_cannot_be_created_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("file"), "x").unwrap();
        assert!(write_atomic(&dir.path().join("file/index.bin"), b"x").is_err());
    }
}

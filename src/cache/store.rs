//! Reading and writing cache files. Writes go to a temporary file in the same
//! folder, renamed over the old file, so a concurrent reader sees the old file
//! or the new one, never half of one (so a mapped file is never changed
//! under its reader either: a new index is a new file).

use memmap2::Mmap;
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

/// The file mapped read-only, `None` when there is no such file.
pub fn map(path: &Path) -> std::io::Result<Option<Mmap>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    // SAFETY: copydesk never writes an index in place (see `write_atomic`),
    // so the mapped bytes do not change while they are mapped; bytes that are
    // damaged on disk are caught by the checksums, not trusted.
    unsafe { Mmap::map(&file) }.map(Some)
}

/// Replace `path` with `bytes` atomically, creating its folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Replace `path` with what `write` writes, atomically, creating its folder.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
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
        let mut f = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        write(&mut f)?;
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
        assert!(map(&p).unwrap().is_none());
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(read(&p).unwrap().as_deref(), Some(&b"two"[..]));
        assert_eq!(map(&p).unwrap().as_deref(), Some(&b"two"[..]));
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

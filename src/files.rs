//! Reading the user's files, the same way for kits, plans, answer files and templates.
//!
//! Every file thinkkit reads goes through [`read_text`], so that every reader has the same
//! limits and the same tolerance: only regular files (a pipe or a device would block or never
//! end), at most [`MAX_FILE_BYTES`] (the same limit a plan save is held to, so that whatever
//! thinkkit writes it can read back), UTF-8, and a byte-order mark at the start is dropped (some
//! Windows editors write one). CRLF line endings need nothing here: the YAML parser and tera take
//! them as line breaks, so lines and columns stay right.
//!
//! [`resolve`] and [`same_file`] say where a path really leads, for writes that must go through
//! symbolic links and must never land on one of the command's own inputs.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use crate::limits::MAX_FILE_BYTES;

/// Why a file could not be read, in words for the user (without the file's name, which the
/// caller shows in its own way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// What went wrong: short, lowercase.
    pub message: String,
    /// What to do, when it is obvious.
    pub help: Option<String>,
}

impl ReadError {
    fn new(message: impl Into<String>, help: Option<&str>) -> Self {
        ReadError {
            message: message.into(),
            help: help.map(str::to_owned),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReadError {}

/// `8 MiB`, `10.3 MiB`, `512 bytes`.
pub fn size_text(bytes: usize) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    #[allow(clippy::cast_precision_loss)]
    let mib = bytes as f64 / MIB;
    if bytes < 1024 * 1024 {
        format!("{bytes} bytes")
    } else if mib.fract() == 0.0 {
        format!("{mib:.0} MiB")
    } else {
        format!("{mib:.1} MiB")
    }
}

/// The message for a file over the limit.
pub fn too_large(bytes: usize) -> String {
    format!(
        "the file is {}, more than the {} thinkkit reads",
        size_text(bytes),
        size_text(MAX_FILE_BYTES)
    )
}

/// Read a text file: a regular file of at most [`MAX_FILE_BYTES`], in UTF-8, without its
/// byte-order mark.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let meta = fs::metadata(path).map_err(|e| io_error(&e))?;
    if meta.is_dir() {
        return Err(ReadError::new("this is a folder, not a file", None));
    }
    if !meta.is_file() {
        return Err(ReadError::new(
            "this is not a regular file (a pipe, a device or a socket)",
            Some("give the path of a file saved on disk"),
        ));
    }
    let len = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    if len > MAX_FILE_BYTES {
        return Err(ReadError::new(too_large(len), None));
    }
    let file = File::open(path).map_err(|e| io_error(&e))?;
    let mut bytes = Vec::with_capacity(len);
    // The file may grow between the check and the read: never read more than the limit.
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(&e))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError::new(too_large(bytes.len()), None));
    }
    decode(bytes)
}

/// Bytes as text: UTF-8, with a leading byte-order mark dropped.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::new(
            "the file is UTF-16 text; thinkkit reads UTF-8",
            Some("save it as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")"),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(strip_bom(text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            Err(ReadError::new(
                format!("the file is not UTF-8 text (line {line} has a byte that is not)"),
                Some("save it as UTF-8"),
            ))
        }
    }
}

/// `text` without a leading byte-order mark (U+FEFF).
pub fn strip_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

fn io_error(e: &io::Error) -> ReadError {
    match e.kind() {
        io::ErrorKind::NotFound => ReadError::new("no such file", None),
        io::ErrorKind::PermissionDenied => ReadError::new(
            "permission denied",
            Some("check the file's permissions (`ls -l`)"),
        ),
        _ => ReadError::new(e.to_string(), None),
    }
}

/// Where `path` really leads: symbolic links followed, one after another, to the file they
/// name, which need not exist yet (a link to a plan not yet written leads to where it will be).
/// A path that is not a link is returned as it is.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // As the kernel does: a chain of more than 40 links is a loop.
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p)?;
                p = if target.is_absolute() {
                    target
                } else {
                    p.parent().unwrap_or(Path::new("")).join(target)
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "`{}` is a loop of symbolic links",
        path.display()
    )))
}

/// A file's identity: device and inode where the platform has them, else its canonical path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(Identity);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

impl FileId {
    /// The identity of the file at `path` (links followed), if it exists.
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = fs::metadata(path).ok()?;
        Self::from_metadata(path, &meta)
    }

    /// The identity of an open file.
    pub fn of_open(file: &File, path: &Path) -> Option<FileId> {
        let meta = file.metadata().ok()?;
        Self::from_metadata(path, &meta)
    }

    #[allow(clippy::unnecessary_wraps)]
    fn from_metadata(path: &Path, meta: &fs::Metadata) -> Option<FileId> {
        #[cfg(unix)]
        {
            let _ = path;
            use std::os::unix::fs::MetadataExt;
            Some(FileId(Identity::Inode(meta.dev(), meta.ino())))
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            Some(FileId(Identity::Path(fs::canonicalize(path).ok()?)))
        }
    }
}

/// Whether `a` and `b` are the same file (through any link, hard or symbolic). Files that do
/// not exist are not the same as anything.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (FileId::of(a), FileId::of(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// How many names (hard links) the file at `path` has; 1 where the platform cannot tell.
pub fn link_count(meta: &fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_dropped_and_utf16_is_named() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFkit: x\r\n".to_vec()).unwrap(),
            "kit: x\r\n"
        );
        assert_eq!(decode(b"a\xEF\xBB\xBF".to_vec()).unwrap(), "a\u{feff}");
        let err = decode(b"\xFF\xFEk\0".to_vec()).unwrap_err();
        assert!(err.message.contains("UTF-16"), "{err}");
        let err = decode(b"a: 1\nb: \xC3(\n".to_vec()).unwrap_err();
        assert!(err.message.contains("line 2"), "{err}");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(MAX_FILE_BYTES), "8 MiB");
        assert_eq!(size_text(10 * 1024 * 1024 + 300 * 1024), "10.3 MiB");
        assert_eq!(size_text(512), "512 bytes");
    }

    #[test]
    fn folders_and_missing_files_are_refused_in_words() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            read_text(dir.path())
                .unwrap_err()
                .message
                .contains("folder")
        );
        let missing = read_text(&dir.path().join("nope")).unwrap_err();
        assert_eq!(missing.message, "no such file");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading_them() {
        let err = read_text(Path::new("/dev/zero")).unwrap_err();
        assert!(err.message.contains("not a regular file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_their_end_even_when_it_does_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("real")).unwrap();
        std::os::unix::fs::symlink("real/p.yaml", d.join("a")).unwrap();
        std::os::unix::fs::symlink("a", d.join("b")).unwrap();
        assert_eq!(resolve(&d.join("b")).unwrap(), d.join("real/p.yaml"));
        std::os::unix::fs::symlink("loop", d.join("loop")).unwrap();
        assert!(resolve(&d.join("loop")).is_err());
        fs::write(d.join("real/p.yaml"), "x").unwrap();
        fs::hard_link(d.join("real/p.yaml"), d.join("h")).unwrap();
        assert!(same_file(&d.join("b"), &d.join("h")));
        assert!(!same_file(&d.join("b"), &d.join("nope")));
    }
}

//! Saving plans safely: one writer at a time, and never a half-written file.
//!
//! A save writes a temporary file in the plan's folder, flushes it to disk, renames it over the
//! plan (atomic on the same file system) and flushes the folder, so a crash or SIGKILL leaves
//! either the old plan or the new one. A lock file beside the plan (`.NAME.lock`) is held with
//! an OS file lock for as long as a [`PlanLock`] lives; a second process gets an error that says
//! who holds it. The lock file is left in place: deleting it could let two processes lock two
//! different files.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::Plan;
use crate::yaml;

/// Exclusive right to write one plan, released when dropped.
#[derive(Debug)]
pub struct PlanLock {
    path: PathBuf,
    _file: File,
}

impl PlanLock {
    /// Take the lock for the plan at `plan_path`, or fail saying who holds it.
    pub fn acquire(plan_path: &Path, command: &str) -> anyhow::Result<PlanLock> {
        let lock_path = lock_path(plan_path);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .with_context(|| format!("cannot create lock file `{}`", lock_path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                bail!(
                    "plan `{}` is open in another thinkkit ({}); finish or quit that one first",
                    plan_path.display(),
                    if holder.is_empty() {
                        "holder unknown"
                    } else {
                        holder
                    }
                );
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock `{}`", lock_path.display()));
            }
        }
        let who = format!(
            "`thinkkit {command}`, process {}, since {}",
            std::process::id(),
            jiff::Zoned::now().strftime("%Y-%m-%d %H:%M")
        );
        file.set_len(0)?;
        file.rewind()?;
        file.write_all(who.as_bytes())?;
        file.flush()?;
        Ok(PlanLock {
            path: plan_path.to_path_buf(),
            _file: file,
        })
    }

    /// The plan this lock guards.
    pub fn plan_path(&self) -> &Path {
        &self.path
    }

    /// Save `plan` atomically.
    pub fn save(&self, plan: &Plan) -> anyhow::Result<()> {
        let text = yaml::to_string(plan)?;
        write_atomic(&self.path, text.as_bytes())
            .with_context(|| format!("cannot save plan `{}`", self.path.display()))
    }
}

/// `.NAME.lock` beside the plan.
pub fn lock_path(plan_path: &Path) -> PathBuf {
    let name = plan_path
        .file_name()
        .map_or_else(|| "plan".into(), |n| n.to_string_lossy().into_owned());
    plan_path.with_file_name(format!(".{name}.lock"))
}

/// Write `contents` to `path` so that a reader sees either the old file or the new one, never a
/// mix: temporary file in the same folder, fsync, rename, fsync the folder.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".thinkkit-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    // Keep the file's permissions when replacing it. A new file gets the usual `rw-r--r--`
    // rather than the temporary file's owner-only mode: plans and documents are for sharing.
    match fs::metadata(path) {
        Ok(meta) => {
            let _ = fs::set_permissions(tmp.path(), meta.permissions());
        }
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644));
            }
        }
    }
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = File::open(dir) {
        // Directory fsync makes the rename durable; not every platform allows it.
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_with_the_holder_named() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.plan.yaml");
        let first = PlanLock::acquire(&plan, "workshop").unwrap();
        let err = PlanLock::acquire(&plan, "answer").unwrap_err().to_string();
        assert!(err.contains("open in another thinkkit"), "{err}");
        assert!(err.contains("`thinkkit workshop`, process"), "{err}");
        drop(first);
        PlanLock::acquire(&plan, "answer").unwrap();
    }

    #[test]
    fn atomic_write_replaces_whole_file_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        write_atomic(&path, b"old contents that are longer").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_readable_by_others_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("strategy.html");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        write_atomic(&path, b"first").unwrap();
        assert_eq!(mode(&path), 0o644);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(mode(&path), 0o600);
    }
}

//! Saving plans safely: one writer at a time, never a half-written file, never the wrong file.
//!
//! A save writes a temporary file (`.thinkkit-*.tmp`) in the plan's folder, flushes it to disk,
//! renames it over the plan (atomic on the same file system) and flushes the folder, so a crash
//! or SIGKILL leaves either the old plan or the new one.
//!
//! Writes go where the path really leads: a plan reached through a symbolic link (common in
//! shared and synced folders) is saved over the file the link names, and the link stays a link.
//!
//! One writer at a time, whatever name it uses. A [`PlanLock`] holds two operating-system locks
//! for as long as it lives: one on `.NAME.lock` beside the real file (links followed, so every
//! symbolic link to a plan shares it, and a plan not written yet has one too), and one on the
//! plan file itself (so a second name for the same file, a hard link, meets it as well). Each save
//! takes the lock on the new file before it replaces the old one, so the plan is never unlocked
//! while a writer holds it.
//!
//! Locks are files, so after each one is taken the path is checked to still name the file that
//! was locked (another process may have removed it in between); that check is what makes it
//! safe for a writer to delete its lock file when it is done, and so a lock file left by a killed
//! process is removed by the next writer. A temporary file is locked from the moment it is
//! created until it is renamed, so one left by a killed save is told apart from one being written
//! and is cleaned up at the next open.
//!
//! What is saved must be readable again: a save of more than [`MAX_FILE_BYTES`] is refused
//! before anything is written. A plan marked read-only is refused when it is opened for writing.
//!
//! The locks keep out other thinkkit processes, not a text editor or a sync client. So each save
//! first checks that the plan on disk is still the one thinkkit last read or wrote (its length
//! and a hash of its bytes). When something else has changed it, the save does not replace it:
//! what thinkkit was about to write goes to a new file beside it
//! (`NAME.unsaved-YYYY-MM-DD-HHMM.plan.yaml`) and the command stops, saying where both are, so
//! neither side's work is lost.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};

use super::Plan;
use crate::files::{self, FileId, MAX_FILE_BYTES, size_text};
use crate::yaml;

/// How old an unlocked temporary file must be before it counts as left over. Writers lock their
/// temporary file at once, so this only has to cover the instant between creating and locking.
const STALE_AFTER: Duration = Duration::from_secs(2);

/// Exclusive right to write one plan, released when dropped.
#[derive(Debug)]
pub struct PlanLock {
    /// The path as the user gave it (for messages).
    path: PathBuf,
    /// Where it really leads: the file saves replace.
    target: PathBuf,
    lock_path: PathBuf,
    lock_file: File,
    /// The plan file itself, locked, while there is one.
    plan_file: Option<File>,
    /// How many names the plan had when it was opened.
    links: u64,
    /// The plan file as thinkkit last read or wrote it; `None` when there was no file.
    seen: Option<Fingerprint>,
}

/// Enough of a file's content to tell whether something else has changed it since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: u64,
    hash: u64,
}

impl Fingerprint {
    fn of_bytes(bytes: &[u8]) -> Fingerprint {
        use std::hash::{DefaultHasher, Hasher};
        let mut h = DefaultHasher::new();
        h.write(bytes);
        Fingerprint {
            len: bytes.len() as u64,
            hash: h.finish(),
        }
    }
}

impl PlanLock {
    /// Take the lock for the plan at `plan_path`, or fail saying who holds it. A plan that is
    /// read-only is refused. Temporary files a killed save left beside it are removed.
    pub fn acquire(plan_path: &Path, command: &str) -> anyhow::Result<PlanLock> {
        let target = files::resolve(plan_path)
            .with_context(|| format!("cannot open plan `{}`", plan_path.display()))?;
        if let Ok(meta) = fs::metadata(&target) {
            if !meta.is_file() {
                bail!(
                    "`{}` is not a plan file (it is a folder or a special file); give the path of a `.plan.yaml` file",
                    plan_path.display()
                );
            }
            if meta.permissions().readonly() {
                bail!(
                    "plan `{}` is read-only, so thinkkit will not change it; nothing was written\n  help: make it writable (`chmod u+w {}`) or copy it to a new name and work on the copy",
                    plan_path.display(),
                    target.display()
                );
            }
        }
        let lock_path = lock_path(&target);
        let lock_file = lock_and_check(&lock_path, || {
            let mut holder = String::new();
            if let Ok(f) = File::open(&lock_path) {
                let _ = f.take(512).read_to_string(&mut holder);
            }
            let holder = holder.trim();
            anyhow::anyhow!(
                "plan `{}` is open in another thinkkit ({}); finish or quit that one first",
                plan_path.display(),
                if holder.is_empty() {
                    "holder unknown"
                } else {
                    holder
                }
            )
        })?;
        let mut lock = PlanLock {
            path: plan_path.to_path_buf(),
            target,
            lock_path,
            lock_file,
            plan_file: None,
            links: 1,
            seen: None,
        };
        lock.lock_plan_file()?;
        lock.seen = lock.on_disk()?.as_deref().map(Fingerprint::of_bytes);
        let who = format!(
            "`thinkkit {command}`, process {}, since {}",
            std::process::id(),
            crate::clock::now().strftime("%Y-%m-%d %H:%M")
        );
        lock.lock_file.set_len(0)?;
        lock.lock_file.rewind()?;
        lock.lock_file.write_all(who.as_bytes())?;
        lock.lock_file.flush()?;
        remove_stale_temporaries(folder_of(&lock.target));
        Ok(lock)
    }

    /// Lock the plan file itself, so that another name for it (a hard link, in a folder with
    /// its own `.NAME.lock`) is refused too.
    fn lock_plan_file(&mut self) -> anyhow::Result<()> {
        for _ in 0..10 {
            let file = match File::open(&self.target) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("cannot open plan `{}`", self.path.display()));
                }
            };
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => bail!(
                    "plan `{}` is open in another thinkkit under another name (a hard link to the same file); finish or quit that one first",
                    self.path.display()
                ),
                Err(fs::TryLockError::Error(e)) => {
                    return Err(e)
                        .with_context(|| format!("cannot lock plan `{}`", self.path.display()));
                }
            }
            // A save by another name may have replaced the file between opening and locking.
            if FileId::of_open(&file, &self.target) == FileId::of(&self.target) {
                self.links = file.metadata().map_or(1, |m| files::link_count(&m));
                self.plan_file = Some(file);
                return Ok(());
            }
        }
        bail!(
            "plan `{}` keeps changing while thinkkit opens it; try again",
            self.path.display()
        )
    }

    /// The plan this lock guards, as the user named it.
    pub fn plan_path(&self) -> &Path {
        &self.path
    }

    /// Where the plan really is (symbolic links followed).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// How many names (hard links) the plan file had when it was opened. A save replaces the
    /// file, so the other names keep the plan as it was.
    pub fn hard_links(&self) -> u64 {
        self.links
    }

    /// Save `plan` atomically.
    pub fn save(&mut self, plan: &Plan) -> anyhow::Result<()> {
        let mut text = to_text(plan)?;
        let on_disk = self.on_disk()?;
        // An editor's schema line (`# yaml-language-server: $schema=…`) at the top of the plan
        // is the one comment thinkkit keeps: without it the editor would lose the schema.
        if let Some(line) = on_disk.as_deref().and_then(schema_line) {
            text.insert_str(0, &line);
        }
        self.write_checked(&text, on_disk.as_deref())
    }

    /// Save `text` as the plan, atomically. Text longer than thinkkit reads is refused before
    /// anything is written.
    pub fn save_text(&mut self, text: &str) -> anyhow::Result<()> {
        let on_disk = self.on_disk()?;
        self.write_checked(text, on_disk.as_deref())
    }

    /// The plan file as it is now, or `None` when there is none.
    fn on_disk(&self) -> anyhow::Result<Option<Vec<u8>>> {
        match fs::read(&self.target) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot read plan `{}`", self.path.display())),
        }
    }

    /// Write `text` over the plan, given the plan file as it is now (`on_disk`), unless
    /// something other than this thinkkit has changed that file since it was last read or written.
    fn write_checked(&mut self, text: &str, on_disk: Option<&[u8]>) -> anyhow::Result<()> {
        if text.len() > MAX_FILE_BYTES {
            bail!(
                "the plan would be {}, more than the {} thinkkit can read back, so it was not saved; `{}` is unchanged\n  help: shorten the longest answers or notes (or keep long documents elsewhere and give their name)",
                size_text(text.len()),
                size_text(MAX_FILE_BYTES),
                self.path.display()
            );
        }
        if let Some(bytes) = on_disk
            && Some(Fingerprint::of_bytes(bytes)) != self.seen
        {
            return Err(self.changed_elsewhere(text));
        }
        let file = write_atomic_to(&self.target, text.as_bytes())
            .with_context(|| format!("cannot save plan `{}`", self.path.display()))?;
        // The new file was locked before it replaced the old one; the old one's lock can go.
        self.plan_file = Some(file);
        self.links = 1;
        self.seen = Some(Fingerprint::of_bytes(text.as_bytes()));
        Ok(())
    }

    /// The plan on disk was changed by something other than this thinkkit (an editor, a sync
    /// client): keep it as it is, write `text` beside it, and say where both are.
    fn changed_elsewhere(&self, text: &str) -> anyhow::Error {
        let aside = match unsaved_name(&self.target) {
            Some(p) => p,
            None => {
                return anyhow::anyhow!(
                    "plan `{}` was changed by another program while thinkkit had it open, and thinkkit could not find a free name beside it for its own version; `{}` is as the other program left it and the latest change made here was not saved",
                    self.path.display(),
                    self.path.display()
                );
            }
        };
        match write_new(&aside, text.as_bytes()) {
            Ok(()) => anyhow::anyhow!(
                "plan `{}` was changed by another program (a text editor or a file sync?) while thinkkit had it open, so thinkkit did not write over it; what thinkkit was about to save, with the latest change made here, is in `{}`\n  help: compare the two files, keep the one you want (or copy answers from one to the other), then run thinkkit again",
                self.path.display(),
                aside.display()
            ),
            Err(e) => anyhow::anyhow!(
                "plan `{}` was changed by another program while thinkkit had it open, so thinkkit did not write over it, and could not write its own version to `{}` ({e}); the latest change made here was not saved",
                self.path.display(),
                aside.display()
            ),
        }
    }
}

impl Drop for PlanLock {
    fn drop(&mut self) {
        // Remove the lock file while it is still locked, and only if it is still ours: a
        // process waiting on this file finds, once it gets the lock, that the path no longer
        // names it, and starts again (see `lock_and_check`).
        if FileId::of(&self.lock_path) == FileId::of_open(&self.lock_file, &self.lock_path) {
            let _ = fs::remove_file(&self.lock_path);
        }
    }
}

/// The first line of a plan file's `bytes`, when it is a `yaml-language-server` modeline.
fn schema_line(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let first = head.trim_start_matches('\u{feff}').lines().next()?;
    first
        .trim_start()
        .starts_with("# yaml-language-server:")
        .then(|| format!("{}\n", first.trim_end()))
}

/// A plan as the text saved: YAML that every reader reads the same (see
/// [`yaml::to_string_for_any_reader`]; the plan's dates are the only values meant as dates).
pub fn to_text(plan: &Plan) -> anyhow::Result<String> {
    use yaml::Step::{Index, Key};
    let is_date = |path: &[yaml::Step]| {
        let key = |s: &yaml::Step, name: &str| matches!(s, Key(k) if k == name);
        match path {
            [top] => key(top, "created") || key(top, "updated"),
            [m, Index(_), part, field] if key(m, "measures") => {
                key(part, "baseline") && key(field, "date")
                    || key(part, "target") && key(field, "by")
            }
            [m, Index(_), values, Index(_), field] if key(m, "measures") => {
                key(values, "values") && key(field, "date")
            }
            _ => false,
        }
    };
    yaml::to_string_for_any_reader(plan, &is_date)
}

/// Open (creating) and lock `path`, making sure afterwards that the path still names the file
/// locked. `busy` makes the error for a lock someone else holds.
fn lock_and_check(path: &Path, busy: impl Fn() -> anyhow::Error) -> anyhow::Result<File> {
    for _ in 0..10 {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .with_context(|| format!("cannot create lock file `{}`", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(busy()),
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock `{}`", path.display()));
            }
        }
        if FileId::of_open(&file, path) == FileId::of(path) {
            return Ok(file);
        }
        // The holder removed it as it finished: try again with the file now there.
    }
    bail!(
        "cannot take the lock `{}`: it keeps being replaced; try again",
        path.display()
    )
}

/// `.NAME.lock` beside the plan.
pub fn lock_path(plan_path: &Path) -> PathBuf {
    let name = plan_path
        .file_name()
        .map_or_else(|| "plan".into(), |n| n.to_string_lossy().into_owned());
    plan_path.with_file_name(format!(".{name}.lock"))
}

/// A name beside `target` for a version of the plan that could not be saved over it:
/// `riverside.plan.yaml` gives `riverside.unsaved-2026-12-01-1312.plan.yaml` (then `-2`, `-3`…).
fn unsaved_name(target: &Path) -> Option<PathBuf> {
    let name = target.file_name()?.to_string_lossy();
    let stem = [".plan.yaml", ".plan.yml", ".yaml", ".yml"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(&name);
    let when = crate::clock::now().strftime("%Y-%m-%d-%H%M");
    (1..1000)
        .map(|n| {
            let tail = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            target.with_file_name(format!("{stem}.unsaved-{when}{tail}.plan.yaml"))
        })
        .find(|p| fs::symlink_metadata(p).is_err())
}

/// Write `contents` to a new file at `path` (never over an existing one), flushed to disk.
fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(contents)?;
    f.sync_all()
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Remove temporary files that a killed save left in `dir`: `.thinkkit-*.tmp` files that no
/// process holds locked and that are not brand new. Anything unexpected is left alone.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".thinkkit-") && name.ends_with(".tmp")) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !meta.is_file() || !old {
            continue;
        }
        let Ok(file) = File::open(&path) else {
            continue;
        };
        // Held by a save in progress: not ours to touch.
        if file.try_lock().is_err() {
            continue;
        }
        if FileId::of_open(&file, &path) == FileId::of(&path) {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Write `contents` to `path` so that a reader sees either the old file or the new one, never a
/// mix: temporary file in the same folder, fsync, rename, fsync the folder. A symbolic link is
/// followed: the file it names is replaced and the link stays. A read-only file is refused.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let target = files::resolve(path)?;
    if let Ok(meta) = fs::metadata(&target)
        && meta.permissions().readonly()
    {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only; nothing was written (make it writable, or write to another name)",
        ));
    }
    write_atomic_to(&target, contents).map(drop)
}

/// [`write_atomic`] to a path already resolved; returns the new file, still locked.
fn write_atomic_to(target: &Path, contents: &[u8]) -> io::Result<File> {
    let dir = folder_of(target);
    let mut tmp = tempfile::Builder::new()
        .prefix(".thinkkit-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    // Locked at once, so that a cleanup by another thinkkit knows it is being written.
    let _ = tmp.as_file().try_lock();
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    // Keep the file's permissions when replacing it. A new file gets the usual `rw-r--r--`
    // rather than the temporary file's owner-only mode: plans and documents are for sharing.
    match fs::metadata(target) {
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
    let file = tmp.persist(target).map_err(|e| e.error)?;
    if let Ok(d) = File::open(dir) {
        // Directory fsync makes the rename durable; not every platform allows it.
        let _ = d.sync_all();
    }
    Ok(file)
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
    fn a_plan_changed_by_another_program_is_kept_and_the_save_goes_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.plan.yaml");
        fs::write(&plan, "kit: one\n").unwrap();
        let mut lock = PlanLock::acquire(&plan, "workshop").unwrap();
        lock.save_text("kit: two\n").unwrap();
        assert_eq!(fs::read_to_string(&plan).unwrap(), "kit: two\n");
        // An editor saves over the plan while the workshop holds it.
        fs::write(&plan, "kit: from the editor\n").unwrap();
        let err = format!("{:#}", lock.save_text("kit: three\n").unwrap_err());
        assert!(err.contains("changed by another program"), "{err}");
        assert_eq!(fs::read_to_string(&plan).unwrap(), "kit: from the editor\n");
        let aside: Vec<PathBuf> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains(".unsaved-"))
            .collect();
        assert_eq!(aside.len(), 1, "{aside:?}");
        assert!(err.contains(&aside[0].display().to_string()), "{err}");
        assert!(aside[0].to_string_lossy().ends_with(".plan.yaml"));
        assert_eq!(fs::read_to_string(&aside[0]).unwrap(), "kit: three\n");
        // A second refused save never writes over the first version set aside.
        lock.save_text("kit: four\n").unwrap_err();
        let count = fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains(".unsaved-")
            })
            .count();
        assert_eq!(count, 2);
        assert_eq!(fs::read_to_string(&aside[0]).unwrap(), "kit: three\n");
    }

    #[test]
    fn a_plan_removed_or_created_by_another_program_is_handled() {
        let dir = tempfile::tempdir().unwrap();
        // Removed while open: the save writes it again, nothing is lost.
        let plan = dir.path().join("gone.plan.yaml");
        fs::write(&plan, "kit: one\n").unwrap();
        let mut lock = PlanLock::acquire(&plan, "answer").unwrap();
        fs::remove_file(&plan).unwrap();
        lock.save_text("kit: two\n").unwrap();
        assert_eq!(fs::read_to_string(&plan).unwrap(), "kit: two\n");
        drop(lock);
        // Not there when opened, written by something else before the first save: kept.
        let plan = dir.path().join("new.plan.yaml");
        let mut lock = PlanLock::acquire(&plan, "answer").unwrap();
        fs::write(&plan, "kit: other\n").unwrap();
        lock.save_text("kit: mine\n").unwrap_err();
        assert_eq!(fs::read_to_string(&plan).unwrap(), "kit: other\n");
    }

    #[test]
    fn a_released_lock_leaves_no_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.plan.yaml");
        let lock = PlanLock::acquire(&plan, "answer").unwrap();
        assert!(lock_path(&plan).exists());
        drop(lock);
        assert!(!lock_path(&plan).exists());
    }

    #[test]
    fn a_lock_file_left_by_a_killed_process_is_taken_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.plan.yaml");
        fs::write(
            lock_path(&plan),
            "`thinkkit workshop`, process 1, since 2020-01-01",
        )
        .unwrap();
        let lock = PlanLock::acquire(&plan, "answer").unwrap();
        drop(lock);
        assert!(!lock_path(&plan).exists());
    }

    #[test]
    fn a_waiting_process_does_not_lock_a_removed_lock_file() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.plan.yaml");
        let first = PlanLock::acquire(&plan, "workshop").unwrap();
        // Someone opened the lock file while it was held...
        let stale = File::open(lock_path(&plan)).unwrap();
        drop(first);
        // ...and locks it after the holder removed it: the path no longer names it.
        stale.try_lock().unwrap();
        assert_ne!(
            FileId::of_open(&stale, &lock_path(&plan)),
            FileId::of(&lock_path(&plan))
        );
        // A new writer gets a lock of its own, and a second one is still refused.
        let second = PlanLock::acquire(&plan, "answer").unwrap();
        assert!(PlanLock::acquire(&plan, "answer").is_err());
        drop(second);
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

    #[test]
    fn a_save_too_large_to_read_back_is_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.plan.yaml");
        fs::write(&plan, "thinkkit-plan: 1\n").unwrap();
        let mut lock = PlanLock::acquire(&plan, "answer").unwrap();
        let err = lock
            .save_text(&"x".repeat(MAX_FILE_BYTES + 1))
            .unwrap_err()
            .to_string();
        assert!(err.contains("more than the 8 MiB"), "{err}");
        assert_eq!(fs::read_to_string(&plan).unwrap(), "thinkkit-plan: 1\n");
        lock.save_text(&"x".repeat(MAX_FILE_BYTES)).unwrap();
    }

    #[test]
    fn temporaries_left_by_a_killed_save_are_removed_but_not_those_being_written() {
        let dir = tempfile::tempdir().unwrap();
        let old = SystemTime::now() - Duration::from_secs(60);
        let left = dir.path().join(".thinkkit-left.tmp");
        let writing = dir.path().join(".thinkkit-writing.tmp");
        let fresh = dir.path().join(".thinkkit-fresh.tmp");
        let other = dir.path().join(".other.tmp");
        for p in [&left, &writing, &other] {
            File::create(p).unwrap().set_modified(old).unwrap();
        }
        File::create(&fresh).unwrap();
        let held = File::open(&writing).unwrap();
        held.try_lock().unwrap();
        remove_stale_temporaries(dir.path());
        assert!(!left.exists());
        assert!(writing.exists() && fresh.exists() && other.exists());
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

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symbolic_link_replace_the_file_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_link_to_a_locked_plan_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("a")).unwrap();
        fs::create_dir(dir.path().join("b")).unwrap();
        let plan = dir.path().join("a/p.plan.yaml");
        let other = dir.path().join("b/q.plan.yaml");
        fs::write(&plan, "thinkkit-plan: 1\n").unwrap();
        fs::hard_link(&plan, &other).unwrap();
        let mut lock = PlanLock::acquire(&plan, "workshop").unwrap();
        assert_eq!(lock.hard_links(), 2);
        let err = PlanLock::acquire(&other, "answer").unwrap_err().to_string();
        assert!(err.contains("hard link"), "{err}");
        // After a save the plan is a new file, locked before it replaced the old one.
        lock.save_text("thinkkit-plan: 1\n# saved\n").unwrap();
        let again = dir.path().join("b/r.plan.yaml");
        fs::hard_link(&plan, &again).unwrap();
        assert!(PlanLock::acquire(&again, "answer").is_err());
        drop(lock);
        PlanLock::acquire(&again, "answer").unwrap();
    }
}

//! The live draft (`thinkkit workshop PLAN --preview draft.html`): the strategy document as an
//! HTML page, written again after every save, for a browser beside the terminal.
//!
//! Rendering takes milliseconds the next prompt should not wait for, so it happens on a thread
//! of its own. The workshop hands it a copy of the plan after each save ([`Preview::update`],
//! a clone and a channel send); the thread renders only the newest plan it has been sent
//! (saves that arrive while it renders are coalesced) and writes the page atomically, so the
//! browser never loads half a page. The page carries a refresh tag that only the preview adds,
//! so it reloads itself every few seconds; `thinkkit render` writes the same document without
//! it. The menu's "render the draft now" waits for a render ([`Preview::render_now`]).
//!
//! The thread only waits on its channel or renders; it never reads the terminal, so the
//! signals the workshop handles (Ctrl-C, SIGTERM, resizes) are delivered to the thread that
//! does, as Linux delivers a process's signals to its main thread first.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::Context as _;

use crate::kit::Kit;
use crate::plan::{Plan, store::write_atomic};
use crate::render::{self, Format, Templates};

/// How often the preview page reloads itself, in seconds.
pub const REFRESH_SECONDS: u32 = 3;

enum Job {
    /// Render this plan when the thread gets to it; a newer plan replaces it.
    Plan(Box<Plan>),
    /// Render this plan and say how it went.
    Now(Box<Plan>, Sender<Result<(), String>>),
}

/// The preview thread and where it writes.
#[derive(Debug)]
pub struct Preview {
    path: PathBuf,
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    /// The last render's failure, if it failed: told once at the next prompt.
    failed: Arc<Mutex<Option<String>>>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Job::Plan(_) => "Job::Plan",
            Job::Now(..) => "Job::Now",
        })
    }
}

impl Preview {
    /// Start the thread that writes `path` with `kit`'s strategy document.
    pub fn start(kit: &Kit, path: &Path) -> anyhow::Result<Preview> {
        let templates = Templates::load(None)?;
        let (tx, rx) = mpsc::channel();
        let failed = Arc::new(Mutex::new(None));
        let kit = kit.clone();
        let out = path.to_path_buf();
        let report = Arc::clone(&failed);
        let thread = std::thread::Builder::new()
            .name("preview".to_owned())
            .spawn(move || run(&kit, &templates, &out, &rx, &report))
            .context("cannot start the preview")?;
        Ok(Preview {
            path: path.to_path_buf(),
            jobs: Some(tx),
            thread: Some(thread),
            failed,
        })
    }

    /// Where the draft is written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Render `plan` in the background: returns at once.
    pub fn update(&self, plan: &Plan) {
        if let Some(tx) = &self.jobs {
            let _ = tx.send(Job::Plan(Box::new(plan.clone())));
        }
    }

    /// Render `plan` and wait until the page is written.
    pub fn render_now(&self, plan: &Plan) -> anyhow::Result<()> {
        let (tx, rx) = mpsc::channel();
        self.jobs
            .as_ref()
            .context("the preview has stopped")?
            .send(Job::Now(Box::new(plan.clone()), tx))
            .ok()
            .context("the preview has stopped")?;
        match rx.recv() {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(anyhow::anyhow!(e)),
            Err(_) => Err(anyhow::anyhow!(
                "the preview stopped before it wrote the draft"
            )),
        }
    }

    /// Why the last background render failed, once.
    pub fn take_failure(&self) -> Option<String> {
        self.failed.lock().ok()?.take()
    }
}

impl Drop for Preview {
    /// Let the thread finish the render it has (so the draft matches the plan as saved).
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(
    kit: &Kit,
    templates: &Templates,
    out: &Path,
    rx: &Receiver<Job>,
    failed: &Mutex<Option<String>>,
) {
    while let Ok(mut job) = rx.recv() {
        // Coalesce: only the newest plan is worth rendering; a waiting "now" is answered by it.
        let mut waiting: Vec<Sender<Result<(), String>>> = Vec::new();
        while let Ok(newer) = rx.try_recv() {
            if let Job::Now(_, tx) = job {
                waiting.push(tx);
            }
            job = newer;
        }
        let plan = match job {
            Job::Plan(p) => p,
            Job::Now(p, tx) => {
                waiting.push(tx);
                p
            }
        };
        let result = write(kit, &plan, templates, out).map_err(|e| format!("{e:#}"));
        if let (Err(e), true) = (&result, waiting.is_empty())
            && let Ok(mut f) = failed.lock()
        {
            *f = Some(e.clone());
        }
        for tx in waiting {
            let _ = tx.send(result.clone());
        }
    }
}

/// Render `plan` as the preview page and write it atomically to `out`.
pub fn write(kit: &Kit, plan: &Plan, templates: &Templates, out: &Path) -> anyhow::Result<()> {
    let today = crate::clock::today();
    let context = render::strategy_context(kit, plan, today);
    let page = render::document(&context, Format::Html, templates, today)?;
    let page = with_refresh(&page);
    write_atomic(out, &page).with_context(|| format!("cannot write the draft `{}`", out.display()))
}

/// The page with a refresh tag at the start of its head, so a browser reloads it.
pub fn with_refresh(page: &[u8]) -> Vec<u8> {
    let tag = format!("\n<meta http-equiv=\"refresh\" content=\"{REFRESH_SECONDS}\">");
    let text = String::from_utf8_lossy(page);
    match text.find("<head>") {
        Some(at) => {
            let end = at + "<head>".len();
            let mut out = String::with_capacity(text.len() + tag.len());
            out.push_str(&text[..end]);
            out.push_str(&tag);
            out.push_str(&text[end..]);
            out.into_bytes()
        }
        None => page.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refresh_goes_into_the_head() {
        let page = with_refresh(b"<!doctype html>\n<html><head><title>t</title></head></html>");
        let page = String::from_utf8(page).unwrap();
        assert!(
            page.contains("<head>\n<meta http-equiv=\"refresh\" content=\"3\"><title>"),
            "{page}"
        );
    }
}

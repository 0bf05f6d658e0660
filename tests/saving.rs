//! Every write keeps the user's files: no output over an input or another plan, writes through
//! symbolic links, one writer per file whatever its name, saves no larger than can be read
//! back, read-only plans refused, and nothing left behind by a killed or failed command.

use std::fs;
use std::path::Path;

use crate::common::{fixture, root, thinkkit};

fn example(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    fs::copy(root().join("examples/riverside-homes.plan.yaml"), &path).unwrap();
    path
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `render plan.yaml --format md -o plan.yaml` used to exit 0 and leave Markdown where the plan
/// was (issue 12).
#[test]
fn render_refuses_to_write_over_its_own_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path(), "plan.yaml");
    let before = fs::read(&plan).unwrap();
    let out = thinkkit(dir.path())
        .args(["render", "plan.yaml", "--format", "md", "-o", "plan.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`plan.yaml` is the plan this command reads"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("nothing was written"));
    assert_eq!(fs::read(&plan).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn render_refuses_a_link_to_its_plan_another_plan_a_kit_file_and_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = example(d, "plan.yaml");
    let other = example(d, "other.yaml");
    std::os::unix::fs::symlink("plan.yaml", d.join("link.md")).unwrap();
    fs::hard_link(&plan, d.join("hard.md")).unwrap();
    let kit = d.join("kit");
    fs::create_dir(&kit).unwrap();
    fs::copy(fixture("kits/workshop/kit.yaml"), kit.join("kit.yaml")).unwrap();
    fs::write(
        d.join("w.plan.yaml"),
        "thinkkit-plan: 1\nkit: {id: workshop-test, version: 1.0.0, path: kit}\n",
    )
    .unwrap();
    let templates = d.join("tpl");
    fs::create_dir(&templates).unwrap();
    fs::write(templates.join("strategy.md.tera"), "# {{ title | md }}\n").unwrap();
    let all = |d: &Path| {
        [
            "plan.yaml",
            "other.yaml",
            "kit/kit.yaml",
            "tpl/strategy.md.tera",
        ]
        .map(|n| fs::read(d.join(n)).unwrap())
    };
    let before = all(d);
    for (plan, output, says) in [
        ("plan.yaml", "link.md", "is the plan this command reads"),
        ("plan.yaml", "hard.md", "is the plan this command reads"),
        ("plan.yaml", "other.yaml", "is a thinkkit plan"),
        ("w.plan.yaml", "kit/kit.yaml", "is a file of the kit"),
        ("plan.yaml", "tpl/strategy.md.tera", "is a template"),
    ] {
        let out = thinkkit(d)
            .args(["render", plan, "--templates", "tpl", "--format", "md"])
            .args(["-o", output])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{output}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{output}: {}", stderr(&out));
    }
    assert_eq!(all(d), before);
    let _ = other;
    // `print` has the same guard for its inputs.
    let out = thinkkit(d)
        .args([
            "print",
            "cards",
            "--kit",
            "kit",
            "--format",
            "md",
            "-o",
            "kit/kit.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(all(d), before);
}

/// `answer other/link.plan.yaml` used to replace the link with a new file and leave the real
/// plan untouched (issue 12).
#[cfg(unix)]
#[test]
fn answers_through_a_symbolic_link_change_the_plan_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("shared")).unwrap();
    fs::create_dir(d.join("other")).unwrap();
    let real = example(&d.join("shared"), "real.plan.yaml");
    std::os::unix::fs::symlink("../shared/real.plan.yaml", d.join("other/link.plan.yaml")).unwrap();
    let out = thinkkit(d)
        .args([
            "answer",
            "other/link.plan.yaml",
            "--set",
            "homes-count=5000",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let link = d.join("other/link.plan.yaml");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&real)
            .unwrap()
            .contains("homes-count: 5000")
    );
    // Nothing is left beside either name.
    assert_eq!(names(&d.join("other")), ["link.plan.yaml"]);
    assert_eq!(names(&d.join("shared")), ["real.plan.yaml"]);
}

/// The lock used to be keyed on the path, so a second writer through a link or a hard link was
/// let in while a workshop held the real plan (issue 12).
#[cfg(unix)]
#[test]
fn a_plan_held_by_a_workshop_is_refused_under_every_other_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("a")).unwrap();
    fs::create_dir(d.join("b")).unwrap();
    let real = example(&d.join("a"), "real.plan.yaml");
    std::os::unix::fs::symlink("../a/real.plan.yaml", d.join("b/link.plan.yaml")).unwrap();
    fs::hard_link(&real, d.join("b/hard.plan.yaml")).unwrap();
    let before = fs::read(&real).unwrap();
    // This test process holds the plan, as a running workshop would.
    let lock = thinkkit::plan::store::PlanLock::acquire(&real, "workshop").unwrap();
    for name in ["b/link.plan.yaml", "b/hard.plan.yaml", "a/real.plan.yaml"] {
        let out = thinkkit(d)
            .args(["answer", name, "--set", "homes-count=5000"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is open in another thinkkit"),
            "{name}: {}",
            stderr(&out)
        );
    }
    assert_eq!(fs::read(&real).unwrap(), before);
    drop(lock);
    thinkkit(d)
        .args(["answer", "b/link.plan.yaml", "--set", "homes-count=5000"])
        .assert()
        .success();
}

/// Two `answer --from` runs of 5 MiB each used to save a 10 MiB plan that every command then
/// refused to read (issue 12).
#[test]
fn a_save_larger_than_can_be_read_back_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = example(d, "plan.yaml");
    let big = |key: &str| {
        let mut text = format!("answers:\n  {key}: |-\n");
        for _ in 0..50_000 {
            text.push_str("    ");
            text.push_str(&"x".repeat(100));
            text.push('\n');
        }
        text
    };
    fs::write(d.join("one.yaml"), big("inclusion-in-what")).unwrap();
    fs::write(d.join("two.yaml"), big("pulls-and-pushes")).unwrap();
    thinkkit(d)
        .args(["answer", "plan.yaml", "--from", "one.yaml"])
        .assert()
        .success();
    let before = fs::read(&plan).unwrap();
    let out = thinkkit(d)
        .args(["answer", "plan.yaml", "--from", "two.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("more than the 8 MiB thinkkit can read back, so it was not saved"),
        "{err}"
    );
    assert!(err.contains("help: shorten the longest answers"), "{err}");
    assert_eq!(fs::read(&plan).unwrap(), before);
    thinkkit(d).args(["status", "plan.yaml"]).assert().success();
}

/// `answer` used to replace a plan marked read-only (issue 12).
#[cfg(unix)]
#[test]
fn a_read_only_plan_is_refused_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let plan = example(dir.path(), "plan.yaml");
    fs::set_permissions(&plan, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&plan).unwrap();
    let ino = |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).unwrap());
    let was = ino(&plan);
    let out = thinkkit(dir.path())
        .args(["answer", "plan.yaml", "--set", "homes-count=5000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("is read-only"), "{}", stderr(&out));
    assert_eq!(fs::read(&plan).unwrap(), before);
    assert_eq!(ino(&plan), was, "the file was not replaced");
    assert_eq!(names(dir.path()), ["plan.yaml"]);
}

/// A kill in mid-save used to leave a `.thinkkit-*.tmp` that was never cleaned, and failed
/// commands left lock files (issue 12).
#[test]
fn leftovers_of_a_killed_save_are_cleaned_at_the_next_open_and_failures_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    example(d, "plan.yaml");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
    let tmp = d.join(".thinkkit-AbC123.tmp");
    fs::write(&tmp, "half a plan").unwrap();
    fs::File::options()
        .write(true)
        .open(&tmp)
        .unwrap()
        .set_modified(old)
        .unwrap();
    fs::write(
        d.join(".plan.yaml.lock"),
        "`thinkkit workshop`, process 99999, since 2026-01-01 10:00",
    )
    .unwrap();
    // A command that fails leaves nothing behind either.
    thinkkit(d)
        .args(["answer", "plan.yaml", "--set", "homes-count=lots"])
        .assert()
        .code(1);
    assert_eq!(names(d), ["plan.yaml"]);
    fs::write(d.join(".plan.yaml.lock"), "").unwrap();
    thinkkit(d)
        .args(["answer", "plan.yaml", "--set", "homes-count=5000"])
        .assert()
        .success();
    assert_eq!(names(d), ["plan.yaml"]);
}

#[test]
fn a_device_or_a_folder_given_as_a_plan_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    for (plan, says) in [(".", "folder"), ("/dev/zero", "not a regular file")] {
        if !Path::new(plan).exists() {
            continue;
        }
        let out = thinkkit(dir.path())
            .args(["status", plan])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{plan}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{plan}: {}", stderr(&out));
    }
}

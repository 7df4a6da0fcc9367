//! Fixture sites in temporary folders, and running the binary on them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A copy of a fixture site that a test may change.
pub struct TestSite {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

impl TestSite {
    /// Copies `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("site");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            &root,
        );
        TestSite { _tmp: tmp, root }
    }

    /// Copies the fixture and gives it the repository's own `briefing` theme.
    pub fn fixture_with_briefing_theme(name: &str) -> TestSite {
        let site = TestSite::fixture(name);
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/briefing"),
            &site.root.join("themes/briefing"),
        );
        site.edit("site.yaml", |s| {
            s.replace("theme: plain", "theme: briefing")
        });
        site
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    pub fn edit(&self, rel: &str, f: impl FnOnce(&str) -> String) {
        let text = self.read(rel);
        self.write(rel, &f(&text));
    }

    /// Runs `bayan <args> --root <site>`.
    pub fn bayan(&self, args: &[&str]) -> Run {
        self.bayan_with(args, &[("NO_COLOR", Some("1"))])
    }

    /// Runs `bayan <args> --root <site>` with environment variables set (`Some`) or removed.
    pub fn bayan_with(&self, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_bayan"));
        command.args(args).arg("--root").arg(&self.root);
        for (name, value) in env {
            match value {
                Some(v) => command.env(name, v),
                None => command.env_remove(name),
            };
        }
        Run::from(command.output().expect("run bayan"))
    }

    /// `bayan build`, asserting success.
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let run = self.bayan(&args);
        assert!(run.ok, "build failed:\n{}", run.stderr);
        run
    }

    /// Every file under the output folder, by relative path.
    pub fn output_tree(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        tree(&self.path("output"))
    }

    /// The files of the built site: the output without bayan's mark, which lists the files
    /// with their times of modification.
    pub fn site_tree(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = self.output_tree();
        files.remove(Path::new(".bayan-output"));
        files
    }
}

/// What a run printed and how it ended.
pub struct Run {
    pub ok: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            ok: o.status.success(),
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Asserts that `haystack` contains each needle, printing it all if not.
#[macro_export]
macro_rules! assert_contains {
    ($haystack:expr, $($needle:expr),+ $(,)?) => {{
        let h: &str = &$haystack;
        $(
            let n: &str = &$needle;
            assert!(h.contains(n), "expected to find:\n  {n}\nin:\n{h}");
        )+
    }};
}

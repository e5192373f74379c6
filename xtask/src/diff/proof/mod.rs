//! The Rust lens's verdict proven by compiling: the client crate generated
//! from each spec ([`scratch`]), cargo-semver-checks run on the two
//! ([`semver_checks`]), the services that depend on it checked against the
//! new one ([`mod@dependents`]), each finding traced to the diff row that
//! caused it (`blame.rs`).

mod blame;
mod command;
pub mod dependents;
pub mod diagnostics;
pub mod render;
pub mod scratch;
pub mod semver_checks;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diff::{Change, Level};
use crate::error::SpecError;
pub use dependents::Checked;
pub use diagnostics::CompileError;
pub use scratch::{ClientCrate, Package};

/// Where the review builds: its generated clients, its copies of the
/// dependents, and the one target folder they all share, so that the
/// dependencies build once and later reviews reuse them.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The scratch folder.
    pub dir: PathBuf,
}

impl Workspace {
    /// The scratch folder at `dir`, from where the command runs when
    /// relative (the builds run elsewhere).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        let dir = match std::env::current_dir() {
            Ok(here) if dir.is_relative() => here.join(dir),
            _ => dir,
        };
        Workspace { dir }
    }

    /// The target folder every build here shares: `XONE_REVIEW_TARGET`
    /// where set (so that reviews in different scratch folders, such as
    /// the tests', build the dependencies once), else `target/` in the
    /// scratch folder.
    pub fn target(&self) -> PathBuf {
        std::env::var_os("XONE_REVIEW_TARGET")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.dir.join("target"))
    }

    /// Generates the client crate of `repo` from `spec`, as `side`
    /// (`old`, `new`).
    pub fn client(
        &self,
        package: &Package,
        side: &str,
        spec: &Value,
    ) -> Result<ClientCrate, SpecError> {
        package.unpack(&self.dir.join("clients").join(side), spec)
    }
}

/// One dependent's outcome against the new client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependentReport {
    /// The dependent as the command named it (`../shop`), or
    /// `xone itself (src/, examples/)` for the client's own code.
    pub name: String,
    /// What changed for it.
    pub outcome: Outcome,
    /// Errors it has against the old client already: not the spec
    /// change's, so not counted.
    pub already: usize,
}

/// What the new client does to one dependent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It builds against the new client as it did against the old.
    Builds,
    /// Errors it did not have against the old client, each with the rows
    /// that explain it.
    Breaks(Vec<Blamed>),
    /// It could not be checked: it does not build against the `old`
    /// client either, or cargo stopped before compiling it (cargo's words).
    Unchecked {
        /// Why.
        reason: String,
    },
}

/// A compile error and the diff rows that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blamed {
    /// The error, its file as the dependent's folder names it
    /// (`../shop/src/lib.rs`).
    pub error: CompileError,
    /// Indexes of the rows that explain it; empty when none does (the
    /// diff missed a cause: a finding of its own).
    pub rows: Vec<usize>,
}

/// What the dependents found, for the comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependentsReport {
    /// One per dependent, in the order given, the client's examples last.
    pub dependents: Vec<DependentReport>,
    /// Rows breaking for Rust code that no error was traced to: breaking,
    /// but none of the dependents checked uses what they change.
    pub unused_breaking: Vec<usize>,
}

/// The client crates generated from `old` and `new`, in `work`.
pub fn clients(
    repo: &Path,
    work: &Workspace,
    (old, new): (&Value, &Value),
) -> Result<(ClientCrate, ClientCrate), SpecError> {
    let package = Package::pack(repo, &work.dir)?;
    Ok((
        work.client(&package, "old", old)?,
        work.client(&package, "new", new)?,
    ))
}

/// cargo-semver-checks on the two clients, its findings mapped to `changes`.
pub fn semver(
    (old, new): (&ClientCrate, &ClientCrate),
    work: &Workspace,
    changes: &[Change],
) -> Result<semver_checks::SemverReport, SpecError> {
    semver_checks::check(&semver_checks::tool(), old, new, &work.target(), changes)
}

/// Checks every dependent at `paths` (named as given) and the client's
/// own code and examples against the new client, keeping only the errors
/// they do not have against the old one, each traced to the rows of
/// `changes` that explain it.
pub fn dependents(
    (old_client, new_client): (&ClientCrate, &ClientCrate),
    work: &Workspace,
    changes: &[Change],
    paths: &[String],
) -> Result<DependentsReport, SpecError> {
    let target = work.target();
    let mut reports = Vec::new();
    for (index, path) in paths.iter().enumerate() {
        let source = Path::new(path);
        let copy = work.dir.join("dependents").join(index.to_string());
        let before = dependents::check(source, old_client, &copy, &target)?;
        let after = dependents::check(source, new_client, &copy, &target)?;
        reports.push(compare(path, before, after, changes, |file| {
            shown_file(path, file)
        }));
    }
    let before = dependents::check_own_targets(old_client, &target)?;
    let after = dependents::check_own_targets(new_client, &target)?;
    let own = format!("{} itself (src/, examples/)", new_client.name);
    // rustc names the files from the workspace's root, above the crate.
    let side = format!(
        "{}/",
        new_client
            .dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
    );
    let in_repo = |file: &str| file.strip_prefix(&side).unwrap_or(file).to_string();
    reports.push(compare(&own, before, after, changes, in_repo));
    let blamed: Vec<usize> = reports
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Breaks(errors) => Some(errors),
            _ => None,
        })
        .flatten()
        .flat_map(|b| b.rows.iter().copied())
        .collect();
    let unused_breaking = (0..changes.len())
        .filter(|&i| {
            changes[i].rust == Level::Breaking
                && changes[i].rust_item.is_some()
                && !blamed.contains(&i)
        })
        .collect();
    Ok(DependentsReport {
        dependents: reports,
        unused_breaking,
    })
}

/// The errors `after` has that `before` did not, traced to rows.
fn compare(
    name: &str,
    before: Checked,
    after: Checked,
    changes: &[Change],
    shown: impl Fn(&str) -> String,
) -> DependentReport {
    let report = |outcome, already| DependentReport {
        name: name.to_string(),
        outcome,
        already,
    };
    let (before, after) = match (before, after) {
        (Checked::Failed(reason), _) => {
            let reason = format!("against the old client: {reason}");
            return report(Outcome::Unchecked { reason }, 0);
        }
        (_, Checked::Failed(reason)) => return report(Outcome::Unchecked { reason }, 0),
        (Checked::Errors(before), Checked::Errors(after)) => (before, after),
    };
    let new: Vec<Blamed> = after
        .into_iter()
        .filter(|e| !before.contains(e))
        .map(|mut error| {
            let rows = blame::rows_for(&error, changes);
            error.file = shown(&error.file);
            Blamed { error, rows }
        })
        .collect();
    let outcome = if new.is_empty() {
        Outcome::Builds
    } else {
        Outcome::Breaks(new)
    };
    report(outcome, before.len())
}

/// A file a dependent's build names, as the reader knows it: under the
/// dependent's path as given, or as it is when absolute (a dependency's).
fn shown_file(dependent: &str, file: &str) -> String {
    if Path::new(file).is_absolute() {
        file.to_string()
    } else {
        format!("{}/{file}", dependent.trim_end_matches('/'))
    }
}

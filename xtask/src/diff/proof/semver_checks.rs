//! cargo-semver-checks beside the Rust lens: the Rust ecosystem's own
//! judge of a release, run on the client crates generated from the old and
//! the new spec (`check-release --baseline-root`), its lints mapped to the
//! diff's rows by the items they name, and every disagreement listed with
//! its reason.
//!
//! It is run as a patch release, so that every lint that would ask for a
//! minor or a major one reports; each lint's level is read from the tool's
//! own `--list`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::blame::rows_naming;
use super::command::{checked, output, shown, tail};
use super::diagnostics::words;
use super::scratch::ClientCrate;
use crate::diff::{Change, Level, Semver};
use crate::error::SpecError;

/// The tool, as `.ci/run` installs it: `XONE_CARGO_SEMVER_CHECKS` names its
/// binary, else `cargo-semver-checks` on the PATH.
pub fn tool() -> PathBuf {
    std::env::var_os("XONE_CARGO_SEMVER_CHECKS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo-semver-checks"))
}

/// Whether `tool` runs, and its version line (`cargo-semver-checks 0.51.0`).
pub fn version(tool: &Path) -> Option<String> {
    let out = Command::new(tool)
        .args(["semver-checks", "--version"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// One item a lint failed on, and the diff rows that name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The lint's id (`struct_pub_field_missing`).
    pub lint: String,
    /// The bump it asks for.
    pub level: Semver,
    /// The item as the tool names it (`field status of struct Booking`).
    pub item: String,
    /// Indexes of the rows whose Rust item it names; empty when none does.
    pub rows: Vec<usize>,
    /// Whether one of those rows is at the level the lint asks for
    /// (breaking for a major lint, at least a warning for a minor one).
    pub agrees: bool,
}

/// What cargo-semver-checks says, and where the Rust lens disagrees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemverReport {
    /// The tool's version line.
    pub tool: String,
    /// The bump it asks for.
    pub verdict: Semver,
    /// The bump the Rust lens asks for (its Rust levels only).
    pub lens: Semver,
    /// Every item a lint failed on.
    pub findings: Vec<Finding>,
    /// Rows the Rust lens calls breaking that no lint names, each with
    /// why the tool cannot see it.
    pub unseen: Vec<(usize, &'static str)>,
}

impl SemverReport {
    /// Whether the two verdicts and every finding agree.
    pub fn agrees(&self) -> bool {
        self.verdict == self.lens
            && self.unseen.is_empty()
            && self.findings.iter().all(|f| f.agrees)
    }
}

/// Runs cargo-semver-checks (`tool`) on `old` against `new`, both built in
/// `target`, and maps its findings to `changes`.
pub fn check(
    tool: &Path,
    old: &ClientCrate,
    new: &ClientCrate,
    target: &Path,
    changes: &[Change],
) -> Result<SemverReport, SpecError> {
    let version = version(tool).ok_or_else(|| SpecError::Tool {
        command: format!("{} semver-checks --version", tool.display()),
        message: "cargo-semver-checks is not installed (`cargo install --locked cargo-semver-checks`, or name it in XONE_CARGO_SEMVER_CHECKS)".into(),
    })?;
    let levels = String::from_utf8_lossy(
        &checked(Command::new(tool).args(["semver-checks", "--list"]))?.stdout,
    )
    .into_owned();
    let manifest = new.dir.join("Cargo.toml");
    let mut command = Command::new(tool);
    command
        .args([
            "semver-checks",
            "check-release",
            "--color",
            "never",
            "--release-type",
            "patch",
        ])
        .arg("--manifest-path")
        .arg(&manifest)
        .arg("--baseline-root")
        .arg(&old.dir)
        .arg("--default-features");
    for feature in documented_features(&manifest)? {
        command.args(["--features", &feature]);
    }
    // Its rustdoc builds go to the review's shared target folder, not
    // into the generated crate's own folder, which the next review empties.
    command.env("CARGO_TARGET_DIR", target);
    let out = output(&mut command)?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let failures = failures(&stdout);
    if !out.status.success() && failures.is_empty() {
        return Err(SpecError::Tool {
            command: shown(&command),
            message: format!("{}: {}", out.status, tail(&out.stderr)),
        });
    }
    let mut failures = failures;
    failures.dedup();
    let findings: Vec<Finding> = failures
        .into_iter()
        .map(|(lint, item)| {
            let named: Vec<String> = words(without_file(&item)).collect();
            let level = level_of(&levels, &lint);
            let rows = rows_naming(&named, &[], changes);
            let wanted = match level {
                Semver::Major => Level::Breaking,
                _ => Level::Warning,
            };
            Finding {
                agrees: rows.iter().any(|&i| changes[i].rust >= wanted),
                level,
                rows,
                lint,
                item,
            }
        })
        .collect();
    let verdict = findings
        .iter()
        .map(|f| f.level)
        .max()
        .unwrap_or(Semver::Patch);
    let named: Vec<usize> = findings
        .iter()
        .flat_map(|f| f.rows.iter().copied())
        .collect();
    let unseen = (0..changes.len())
        .filter(|&i| changes[i].rust == Level::Breaking && !named.contains(&i))
        .map(|i| (i, unseen_because(&changes[i])))
        .collect();
    Ok(SemverReport {
        tool: version,
        verdict,
        lens: lens_verdict(changes),
        findings,
        unseen,
    })
}

/// An item as the tool names it, without the file it names it in
/// (`, previously in file /...` for what went, ` in file /...` for what
/// came): a machine's path, and no part of the item.
pub fn without_file(item: &str) -> &str {
    let end = [", previously in file ", " in file "]
        .iter()
        .filter_map(|marker| item.find(marker))
        .min()
        .unwrap_or(item.len());
    &item[..end]
}

/// The Rust lens's bump from its Rust levels alone: what cargo-semver-checks
/// judges too (the wire is not its business).
pub fn lens_verdict(changes: &[Change]) -> Semver {
    if changes.iter().any(|c| c.rust == Level::Breaking) {
        Semver::Major
    } else if changes.iter().any(|c| c.rust > Level::Info) {
        Semver::Minor
    } else {
        Semver::Patch
    }
}

/// Why a lint and the lens part, where that is known: the disagreements
/// the measurement in docs/diff-accuracy.md found and kept.
pub fn known_reason(lint: &str) -> Option<&'static str> {
    match lint {
        "constructible_struct_adds_field" => Some(
            "the lens rates a new field a warning: a struct built with `..Default::default()`, \
             its builder or field assignment still compiles; only a literal naming every field \
             breaks, which the Cargo book counts as major",
        ),
        "enum_no_repr_variant_discriminant_changed" => Some(
            "the fake's `Operation` enum numbers its variants in the spec's order, so a removed \
             operation shifts the later ones (seen only by an `as` cast); the removal's own row \
             is the cause",
        ),
        _ => None,
    }
}

/// Why cargo-semver-checks cannot see a Rust break the lens reports.
fn unseen_because(change: &Change) -> &'static str {
    let id = change.id;
    if change.rust_item.is_none() {
        "it changes no item the tool compares (a scope, a server, a status)"
    } else if id.contains("type")
        || id.contains("format")
        || id.contains("nullable")
        || id.contains("became-optional")
        || id.contains("required")
    {
        "a type changed in place: cargo-semver-checks lints items that go or appear, not a field's or an argument's type"
    } else if id.contains("enum") || id.contains("value") {
        "a value's set changed: the tool sees an enum's variants, not a string's allowed values"
    } else {
        "no cargo-semver-checks lint covers it"
    }
}

/// (lint, item) for every item under a `--- failure LINT: ... ---`
/// header's `Failed in:` list.
fn failures(stdout: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut lint: Option<String> = None;
    let mut listing = false;
    for line in stdout.lines() {
        if let Some(header) = line.strip_prefix("--- failure ") {
            lint = header.split(':').next().map(str::to_string);
            listing = false;
        } else if line.trim() == "Failed in:" {
            listing = true;
        } else if listing && line.starts_with("  ") && !line.trim().is_empty() {
            if let Some(lint) = &lint {
                found.push((lint.clone(), line.trim().to_string()));
            }
        } else if line.trim().is_empty() {
            listing = false;
        }
    }
    found
}

/// The bump `lint` asks for, from the tool's `--list` table (`id  major
/// description`); major when the table lacks it.
fn level_of(list: &str, lint: &str) -> Semver {
    let level = list.lines().find_map(|line| {
        let mut columns = line.split_whitespace();
        (columns.next() == Some(lint))
            .then(|| columns.next())
            .flatten()
    });
    match level {
        Some("minor") => Semver::Minor,
        _ => Semver::Major,
    }
}

/// The features the crate documents (`[package.metadata.docs.rs]`): its
/// public API as docs.rs shows it, which is what a release is judged on.
fn documented_features(manifest: &Path) -> Result<Vec<String>, SpecError> {
    let text = crate::files::read(manifest)?;
    let doc: toml::Table = toml::from_str(&text).map_err(|e| SpecError::BadInput {
        input: manifest.display().to_string(),
        message: format!("not TOML: {e}"),
    })?;
    let features = doc
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("docs"))
        .and_then(|d| d.get("rs"))
        .and_then(|r| r.get("features"))
        .and_then(toml::Value::as_array);
    Ok(features
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
        .map(String::from)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What cargo-semver-checks 0.51 prints for a removed field (its
    /// stdout, paths shortened).
    const REMOVED_FIELD: &str = "
--- failure inherent_method_missing: pub method removed or renamed ---

Description:
A publicly-visible method or associated fn is no longer available under its prior name.
        ref: https://doc.rust-lang.org/cargo/reference/semver.html#item-remove

Failed in:
  Booking::sign_up_url, previously in file /t/out/client.rs:1201

--- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---

Description:
A publicly-visible struct has at least one public field that is no longer available under its prior name.

Failed in:
  field sign_up_url of struct Booking, previously in file /t/out/client.rs:110
  field status of struct Booking, previously in file /t/out/client.rs:111
";

    #[test]
    fn every_failed_item_is_read_with_its_lint() {
        assert_eq!(
            failures(REMOVED_FIELD),
            [
                (
                    "inherent_method_missing".to_string(),
                    "Booking::sign_up_url, previously in file /t/out/client.rs:1201".to_string()
                ),
                (
                    "struct_pub_field_missing".to_string(),
                    "field sign_up_url of struct Booking, previously in file /t/out/client.rs:110"
                        .to_string()
                ),
                (
                    "struct_pub_field_missing".to_string(),
                    "field status of struct Booking, previously in file /t/out/client.rs:111"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_lints_level_is_the_tools_own() {
        let list = "id  type  description\n==  ====  ===\nauto_trait_impl_added   minor A public type has gained...\nstruct_missing   major A struct was removed\n";
        assert_eq!(level_of(list, "auto_trait_impl_added"), Semver::Minor);
        assert_eq!(level_of(list, "struct_missing"), Semver::Major);
    }

    #[test]
    fn a_missing_tool_is_named_with_how_to_install_it() {
        assert_eq!(version(Path::new("/no/such/cargo-semver-checks")), None);
    }
}

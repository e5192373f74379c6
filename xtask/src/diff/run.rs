//! `cargo xtask diff`: two specs, from files or `REV:PATH`, compared and
//! printed; whether a change reaches the level that fails the run.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::diff::{Level, Output, diff, fails, proof, render, rules};
use crate::error::SpecError;
use crate::files::{ensure_fresh, git_toplevel, load_spec, relative, shown_name};
use crate::validate;

/// Compare two specs: what breaks the wire contract and what breaks Rust callers.
///
/// Each side is a file or `REV:PATH` (read with `git show`). Exit 1 when
/// a change reaches --fail-on, 2 on bad input.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old spec.
    #[arg(required_unless_present = "base")]
    old: Option<String>,
    /// The new spec.
    #[arg(required_unless_present = "base")]
    new: Option<String>,
    /// Shorthand for `REV:spec/openapi.yaml` against the working tree's spec/openapi.yaml.
    #[arg(long, value_name = "REV", conflicts_with_all = ["old", "new"])]
    base: Option<String>,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
    /// Exit 1 when a change is at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Never)]
    fail_on: FailOn,
    /// The client crate's current version, to name the next one (default
    /// with --base: the version in the repository's Cargo.toml).
    #[arg(long, value_name = "VERSION")]
    crate_version: Option<String>,
    /// Check these dependent crates (folders; with no folder, those listed
    /// in spec/dependents.toml) and the client's own examples against the
    /// client generated from the new spec, each new compile error traced
    /// to the change that caused it.
    #[arg(long, value_name = "PATH", num_args = 0..)]
    dependents: Option<Vec<String>>,
    /// Run cargo-semver-checks on the clients generated from the two specs
    /// and print its verdict beside the Rust lens's, with every
    /// disagreement.
    #[arg(long)]
    semver_checks: bool,
    /// Where the review generates clients and builds (default:
    /// target/review in the repository); kept between runs, so that the
    /// dependencies build once.
    #[arg(long, value_name = "DIR")]
    scratch: Option<std::path::PathBuf>,
}

/// `--fail-on`: a level, or never.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Breaking,
    Warning,
    Info,
    Never,
}

impl Args {
    /// Runs `cargo xtask diff` with these flags.
    pub fn run(self, out: &mut dyn Write) -> Result<ExitCode, SpecError> {
        let mut version = self.crate_version;
        let proof = if self.dependents.is_some() || self.semver_checks {
            let top = git_toplevel()?;
            let dependents = match self.dependents {
                Some(paths) if paths.is_empty() => Some(listed_dependents(&top)?),
                other => other,
            };
            let scratch = self.scratch.unwrap_or_else(|| top.join("target/review"));
            Some(Proof {
                repo: top,
                work: proof::Workspace::at(scratch),
                dependents,
                semver_checks: self.semver_checks,
            })
        } else {
            None
        };
        let (old, new) = match self.base {
            // The repository the command runs in, not the one this binary
            // was built in: a built xtask may be run anywhere.
            Some(rev) => {
                let top = git_toplevel()?;
                if version.is_none() {
                    // A repository with no readable manifest has no
                    // version to name: the headline then gives none.
                    version = super::proof::scratch::name_and_version(&top.join("Cargo.toml"))
                        .ok()
                        .map(|(_, version)| version);
                }
                (
                    format!("{rev}:spec/openapi.yaml"),
                    top.join("spec/openapi.yaml").display().to_string(),
                )
            }
            None => (self.old.unwrap_or_default(), self.new.unwrap_or_default()),
        };
        let fail_on = match self.fail_on {
            FailOn::Breaking => Some(Level::Breaking),
            FailOn::Warning => Some(Level::Warning),
            FailOn::Info => Some(Level::Info),
            FailOn::Never => None,
        };
        let options = Options {
            output: self.format,
            fail_on,
            version: version.as_deref(),
            proof: proof.as_ref(),
        };
        Ok(if run(&old, &new, &options, out)? {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        })
    }
}

/// What the review compiles beside the diff.
#[derive(Debug)]
pub struct Proof {
    /// The repository whose client crate is generated from each spec.
    pub repo: std::path::PathBuf,
    /// Where it builds.
    pub work: proof::Workspace,
    /// The dependents' folders, as named, when they are to be checked.
    pub dependents: Option<Vec<String>>,
    /// Whether to run cargo-semver-checks.
    pub semver_checks: bool,
}

/// How a diff is run and printed.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// How to print it.
    pub output: Output,
    /// The level that fails the run, if any.
    pub fail_on: Option<Level>,
    /// The client crate's current version, to name the next one.
    pub version: Option<&'a str>,
    /// What to compile beside the diff, if anything.
    pub proof: Option<&'a Proof>,
}

/// The dependents a repository lists in spec/dependents.toml (`paths = ["../shop"]`,
/// relative to the repository's root), as paths from where the command
/// runs.
fn listed_dependents(top: &Path) -> Result<Vec<String>, SpecError> {
    let file = top.join("spec/dependents.toml");
    let bad = |message: String| SpecError::BadInput {
        input: relative(&file.display().to_string()),
        message,
    };
    if !file.is_file() {
        return Err(bad(
            "no such file: name the dependents after --dependents, or list them here as `paths = [...]`".into(),
        ));
    }
    let table: toml::Table =
        toml::from_str(&crate::files::read(&file)?).map_err(|e| bad(format!("not TOML: {e}")))?;
    let paths = table
        .get("paths")
        .and_then(toml::Value::as_array)
        .ok_or_else(|| bad("no `paths = [...]` list".into()))?;
    paths
        .iter()
        .map(|p| {
            p.as_str()
                .map(|p| relative(&top.join(p).display().to_string()))
                .ok_or_else(|| bad(format!("`paths` holds `{p:?}`, not a path")))
        })
        .collect()
}

/// Write docs/diff-rules.md, the table of the diff's rules, from the
/// rules themselves; with --check, fail with a diff if it is stale.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Write nothing; fail with a diff if docs/diff-rules.md is stale.
    #[arg(long)]
    check: bool,
}

impl RulesArgs {
    /// Runs `cargo xtask rules` in the repository at `root`.
    pub fn run(self, root: &Path, out: &mut dyn Write) -> Result<ExitCode, SpecError> {
        let path = root.join("docs/diff-rules.md");
        let shown = relative(&path.display().to_string());
        let freshness = ensure_fresh(&path, &rules::markdown(), "cargo xtask rules", self.check)?;
        let done = if self.check {
            format!("{shown} is up to date")
        } else {
            format!("wrote {shown}")
        };
        Ok(freshness.report(Some(&done), out))
    }
}

/// Diffs `old` against `new` (each a file or `REV:PATH`), writes the
/// changes to `out` as `output` asks, and says whether any reaches
/// `fail_on`.
pub fn run(
    old: &str,
    new: &str,
    options: &Options<'_>,
    out: &mut dyn Write,
) -> Result<bool, SpecError> {
    let Options {
        output,
        fail_on,
        version,
        proof,
    } = *options;
    let (old_doc, new_doc) = (load_spec(old)?, load_spec(new)?);
    let changes = diff(&old_doc, &new_doc);
    // A document the merge would not write (a parameter twice, a dangling
    // `$ref`) is flagged first, whatever else changed: "no API change"
    // must not be the last word on it.
    let before = validate::problems(&old_doc);
    let invalid: Vec<_> = validate::problems(&new_doc)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    let new_name = shown_name(new);
    // A reader that stops early (`| head`) is no reason to fail.
    let _ = write!(out, "{}", flagged(&invalid, output, &new_name));
    // A `$ref` to nothing that the flag above did not name (the old
    // document's, or one both have) is a warning, not a refusal: the rest
    // of the diff stands, but what is behind that `$ref` was read as any
    // schema, so its changes are not seen. (oasdiff's loader refuses such
    // a file outright; a reviewer would lose every other verdict.)
    let old_name = shown_name(old);
    let unresolved: Vec<(&str, validate::Problem)> = validate::dangling(&old_doc)
        .into_iter()
        .map(|p| (old_name.as_str(), p))
        .chain(
            validate::dangling(&new_doc)
                .into_iter()
                .filter(|p| !invalid.contains(p))
                .map(|p| (new_name.as_str(), p)),
        )
        .collect();
    let _ = write!(out, "{}", unresolved_refs(&unresolved, output));
    let (mut semver, mut dependents) = (None, None);
    if let Some(p) = proof {
        let clients = proof::clients(&p.repo, &p.work, (&old_doc, &new_doc))?;
        let clients = (&clients.0, &clients.1);
        if p.semver_checks {
            semver = Some(proof::semver(clients, &p.work, &changes)?);
        }
        if let Some(paths) = &p.dependents {
            dependents = Some(proof::dependents(clients, &p.work, &changes, paths)?);
        }
    }
    let printed = if output == Output::Json {
        let mut doc = render::json(&changes, version);
        if let Some(report) = &semver {
            doc["semver_checks"] = proof::render::semver_json(report, &changes);
        }
        if let Some(report) = &dependents {
            doc["dependents"] = proof::render::json(report, &changes);
        }
        let mut text = serde_json::to_string_pretty(&doc).expect("serializes");
        text.push('\n');
        text
    } else {
        let mut text = render(&changes, output, &shown_name(old), &new_name, version);
        if let Some(report) = &semver {
            text.push_str(&proof::render::semver(report, &changes, output));
        }
        if let Some(report) = &dependents {
            text.push_str(&proof::render::render(report, &changes, output));
        }
        text
    };
    let _ = write!(out, "{printed}");
    // An invalid document is at least as bad as a breaking change.
    Ok(fails(&changes, fail_on) || (fail_on.is_some() && !invalid.is_empty()))
}

/// The warnings for `$ref`s that point at nothing, one a line with its
/// file and pointer.
fn unresolved_refs(found: &[(&str, validate::Problem)], output: Output) -> String {
    if found.is_empty() {
        return String::new();
    }
    let lines: Vec<String> = found
        .iter()
        .map(|(file, problem)| format!("{file}: {problem}"))
        .collect();
    let what = match found.len() {
        1 => "a `$ref` that points at nothing".to_string(),
        n => format!("{n} `$ref`s that point at nothing"),
    };
    let headline = format!("{what} (read as any schema: changes behind it are not seen)");
    warning(output, &headline, &headline, &lines)
}

/// The lines that flag `new` as invalid, before the changes.
fn flagged(problems: &[validate::Problem], output: Output, new: &str) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let what = format!(
        "is not a valid OpenAPI document ({} the old one did not have)",
        crate::naming::plural(problems.len(), "problem")
    );
    warning(
        output,
        &format!("{new} {what}"),
        &format!("`{new}` {what}"),
        &lines,
    )
}

/// A warning before the changes: its headline (as text, as Markdown) and
/// one line an item; nothing for JSON, whose document must stay one value
/// (`--fail-on` fails it where it must).
fn warning(output: Output, text: &str, markdown: &str, lines: &[String]) -> String {
    let listed = |prefix: &str| {
        lines
            .iter()
            .map(|l| format!("{prefix}- {l}\n"))
            .collect::<String>()
            .trim_end()
            .to_string()
    };
    match output {
        Output::Json => String::new(),
        Output::Text => format!("warning: {text}:\n{}\n\n", listed("  ")),
        Output::Markdown => format!("> [!WARNING]\n> {markdown}:\n{}\n\n", listed("> ")),
    }
}

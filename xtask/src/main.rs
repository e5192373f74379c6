//! `cargo xtask`: the maintainers' commands for the xone crate. This file
//! only parses flags, calls each command's `run` in the library beside it,
//! and turns the outcome into an exit code.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use xtask::error::SpecError;
use xtask::files::{Freshness, ensure_fresh, git_toplevel, relative, repo_root};
use xtask::merge::{self, Inputs};
use xtask::{diff, drift, pull};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer tasks for the xone crate")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Merge the vendor's docs pages into one OpenAPI document.
    ///
    /// With no flags: spec/pages/ (with spec/types.yaml and spec/overlay.yaml
    /// if present) into spec/openapi.yaml.
    Merge {
        /// Folder of pages (.md) and fragments (.json, .yaml, .yml).
        #[arg(long, value_name = "DIR")]
        input: Option<PathBuf>,
        /// Where to write; the extension (.yaml, .yml, .json) picks the format.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// An OpenAPI Overlay 1.0 document to apply after the merge.
        #[arg(long, value_name = "FILE")]
        overlay: Option<PathBuf>,
        /// The named-types file (see spec/types.yaml).
        #[arg(long, value_name = "FILE")]
        types: Option<PathBuf>,
        /// The pages' schemas were inferred from sample responses: note each
        /// field whose type rests on one sample, in its description and in
        /// the report. On for spec/pages/ (the vendor's are).
        #[arg(long)]
        samples: bool,
        /// Write nothing; fail with a diff if the output is not up to date.
        #[arg(long)]
        check: bool,
        /// Generate the client from the result as build.rs would, and write
        /// nothing if that fails. On whenever the output is the
        /// repository's spec/openapi.yaml.
        #[arg(long)]
        generate: bool,
    },
    /// Compare two specs: what breaks the wire contract and what breaks Rust callers.
    ///
    /// Each side is a file or `REV:PATH` (read with `git show`). Exit 1 when
    /// a change reaches --fail-on, 2 on bad input.
    Diff {
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
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit 1 when a change is at or above this level.
        #[arg(long, value_enum, default_value_t = FailOn::Never)]
        fail_on: FailOn,
    },
    /// Download the vendor's pages listed in spec/sources.toml into spec/pages/.
    ///
    /// All or nothing: every page is downloaded and checked (it must hold an
    /// OpenAPI block, and be Markdown, not HTML) before any file is written.
    /// Unchanged pages are not touched; pages no longer listed are deleted.
    /// Redirects are followed only within a URL's origin.
    Pull {
        /// The list of pages and watched sections; pages are written to
        /// `pages/` beside it.
        #[arg(long, value_name = "FILE")]
        sources: Option<PathBuf>,
        /// Seconds one download may take.
        #[arg(long, value_name = "SECONDS", default_value_t = 30)]
        timeout: u64,
        /// Read each [[section]]'s indexes (sitemap.xml, llms.txt) and report
        /// the pages under its prefix that are not listed yet, with their
        /// endpoints, and listed pages no index lists any more. Writes
        /// nothing without --add.
        #[arg(long)]
        discover: bool,
        /// With --discover: list the new pages that hold endpoints in the
        /// sources file and pull them with the others.
        #[arg(long, requires = "discover")]
        add: bool,
    },
    /// Write docs/diff-rules.md, the table of the diff's rules, from the
    /// rules themselves; with --check, fail with a diff if it is stale.
    Rules {
        /// Write nothing; fail with a diff if docs/diff-rules.md is stale.
        #[arg(long)]
        check: bool,
    },
    /// Report what services' drift records (JSON Lines from xone::DriftLog)
    /// say about the spec, and propose overlay actions for review.
    Drift {
        /// Record files, from any number of services.
        #[arg(required = true, value_name = "RECORDS.jsonl")]
        records: Vec<PathBuf>,
        /// The spec the records are checked against (default spec/openapi.yaml).
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// Write the proposed Overlay 1.0 actions here, ready to review and
        /// append to spec/overlay.yaml.
        #[arg(long, value_name = "FILE")]
        overlay: Option<PathBuf>,
        /// `text` for a terminal, `markdown` for a pull request.
        #[arg(long, value_enum, default_value_t = DriftFormat::Text)]
        format: DriftFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DriftFormat {
    Text,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Breaking,
    Warning,
    Info,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    match cli.command {
        Command::Merge {
            input,
            output,
            overlay,
            types,
            samples,
            check,
            generate,
        } => {
            let flags = merge::inputs::Flags {
                input,
                output,
                types,
                overlay,
                samples,
            };
            let inputs = Inputs::from_flags(&repo_root(), flags);
            let done = format!("{} is up to date", inputs.output.display());
            report_failure(
                merge::run(&inputs, check, generate, &mut stdout)
                    .map(|freshness| report_freshness(freshness, check.then_some(&done))),
            )
        }
        Command::Diff {
            old,
            new,
            base,
            format,
            fail_on,
        } => {
            let sides = match base {
                // The repository the command runs in, not the one this
                // binary was built in: a built xtask may be run anywhere.
                Some(rev) => git_toplevel().map(|root| {
                    (
                        format!("{rev}:spec/openapi.yaml"),
                        root.join("spec/openapi.yaml").display().to_string(),
                    )
                }),
                None => Ok((old.unwrap_or_default(), new.unwrap_or_default())),
            };
            let output = match format {
                DiffFormat::Text => diff::Output::Text,
                DiffFormat::Markdown => diff::Output::Markdown,
                DiffFormat::Json => diff::Output::Json,
            };
            let fail_on = match fail_on {
                FailOn::Breaking => Some(diff::Level::Breaking),
                FailOn::Warning => Some(diff::Level::Warning),
                FailOn::Info => Some(diff::Level::Info),
                FailOn::Never => None,
            };
            report_failure(sides.and_then(|(old, new)| {
                diff::run(&old, &new, output, fail_on, &mut stdout).map(|fails| {
                    if fails {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                })
            }))
        }
        Command::Drift {
            records,
            spec,
            overlay,
            format,
        } => {
            let spec = spec.unwrap_or_else(|| repo_root().join("spec/openapi.yaml"));
            let format = match format {
                DriftFormat::Text => drift::Format::Text,
                DriftFormat::Markdown => drift::Format::Markdown,
            };
            report_failure(
                drift::run(&records, &spec, overlay.as_deref(), format, &mut stdout)
                    .map(|()| ExitCode::SUCCESS),
            )
        }
        Command::Rules { check } => {
            let path = repo_root().join("docs/diff-rules.md");
            let done = format!("{} is up to date", relative(&path.display().to_string()));
            report_failure(
                ensure_fresh(&path, &diff::rules::markdown(), "cargo xtask rules", check).map(
                    |freshness| {
                        let wrote = format!("wrote {}", relative(&path.display().to_string()));
                        report_freshness(freshness, Some(if check { &done } else { &wrote }))
                    },
                ),
            )
        }
        Command::Pull {
            sources,
            timeout,
            discover,
            add,
        } => {
            let options = pull::Options {
                sources: sources.unwrap_or_else(|| repo_root().join("spec/sources.toml")),
                timeout: std::time::Duration::from_secs(timeout),
                discover,
                add,
            };
            report_failure(pull::run(&options, &mut stdout).map(|()| ExitCode::SUCCESS))
        }
    }
}

fn report_failure(result: Result<ExitCode, SpecError>) -> ExitCode {
    result.unwrap_or_else(|err| {
        eprintln!("error: {err}");
        ExitCode::from(2)
    })
}

/// What a freshness check says: `done`, if any, when fresh; else the diff
/// on stdout, the message naming the command on stderr, and exit 1.
fn report_freshness(freshness: Freshness, done: Option<&String>) -> ExitCode {
    match freshness {
        Freshness::Fresh => {
            if let Some(done) = done {
                println!("{done}");
            }
            ExitCode::SUCCESS
        }
        Freshness::Stale { diff, message } => {
            let _ = write!(std::io::stdout().lock(), "{diff}");
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

//! `cargo xtask`: the maintainers' commands for the xone crate. This file only
//! parses flags and does I/O; the logic lives in the library beside it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use xtask::drift;
use xtask::emit::{self, Format};
use xtask::error::SpecError;
use xtask::files::{
    Freshness, ensure_fresh, merge_pages, read, repo_root, write_atomically, write_atomically_with,
};
use xtask::merge::{Config, Report};
use xtask::normalize::Fix;
use xtask::overlay::Overlay;
use xtask::types::Types;
use xtask::{diff, pull};

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
            let command = merge_command(
                &[
                    ("--input", input.as_deref()),
                    ("--output", output.as_deref()),
                    ("--types", types.as_deref()),
                    ("--overlay", overlay.as_deref()),
                ],
                samples,
            );
            let root = repo_root();
            // `--input` means "any folder": only the files named are used.
            // Without it, the repository's own spec/ layout applies.
            let defaults = input.is_none();
            let options = MergeOptions {
                input: input.unwrap_or_else(|| root.join("spec/pages")),
                output: output.unwrap_or_else(|| root.join("spec/openapi.yaml")),
                overlay: overlay.or_else(|| existing(defaults, root.join("spec/overlay.yaml"))),
                types: types.or_else(|| existing(defaults, root.join("spec/types.yaml"))),
                samples: samples || defaults,
                check,
                generate,
                command,
            };
            report_failure(run_merge(&options))
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
            report_failure(sides.and_then(|(old, new)| run_diff(&old, &new, format, fail_on)))
        }
        Command::Drift {
            records,
            spec,
            overlay,
            format,
        } => {
            let spec = spec.unwrap_or_else(|| repo_root().join("spec/openapi.yaml"));
            report_failure(run_drift(&records, &spec, overlay.as_deref(), format))
        }
        Command::Rules { check } => {
            let path = repo_root().join("docs/diff-rules.md");
            let shown = relative(&path.display().to_string());
            let done = if check {
                format!("{shown} is up to date")
            } else {
                format!("wrote {shown}")
            };
            report_failure(
                ensure_fresh(&path, &diff::rules::markdown(), "cargo xtask rules", check)
                    .map(|freshness| report_freshness(freshness, &done)),
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
            report_failure(
                pull::run(&options, &mut std::io::stdout().lock()).map(|()| ExitCode::SUCCESS),
            )
        }
    }
}

fn report_failure(result: Result<ExitCode, SpecError>) -> ExitCode {
    result.unwrap_or_else(|err| {
        eprintln!("error: {err}");
        ExitCode::from(2)
    })
}

/// What a freshness check says: `done` when fresh; else the diff on
/// stdout, the message naming the command on stderr, and exit 1.
fn report_freshness(freshness: Freshness, done: &str) -> ExitCode {
    match freshness {
        Freshness::Fresh => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Freshness::Stale { diff, message } => {
            let _ = write!(std::io::stdout().lock(), "{diff}");
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn existing(use_default: bool, path: PathBuf) -> Option<PathBuf> {
    (use_default && path.exists()).then_some(path)
}

struct MergeOptions {
    input: PathBuf,
    output: PathBuf,
    overlay: Option<PathBuf>,
    types: Option<PathBuf>,
    /// The repository's own pages: schemas inferred from samples.
    samples: bool,
    check: bool,
    /// Generate the client from the result before writing it.
    generate: bool,
    /// The command as typed, for the output's header.
    command: String,
}

/// `cargo xtask merge` with the flags given, as a maintainer would type it
/// again: what a generated file's header tells its reader to run.
fn merge_command(paths: &[(&str, Option<&Path>)], samples: bool) -> String {
    let mut command = String::from("cargo xtask merge");
    for (flag, path) in paths {
        if let Some(path) = path {
            command.push_str(&format!(" {flag} {}", path.display()));
        }
    }
    if samples {
        command.push_str(" --samples");
    }
    command
}

/// What a merge reads, for its output's header: "DIR/, TYPES and OVERLAY".
fn merge_sources(options: &MergeOptions) -> String {
    let mut sources = vec![format!(
        "{}/",
        relative(&options.input.display().to_string()).trim_end_matches('/')
    )];
    for file in [&options.types, &options.overlay].into_iter().flatten() {
        sources.push(relative(&file.display().to_string()));
    }
    match sources.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => sources.join(""),
    }
}

fn run_merge(options: &MergeOptions) -> Result<ExitCode, SpecError> {
    let output_name = options.output.display().to_string();
    let format = Format::for_path(&output_name).ok_or_else(|| SpecError::BadInput {
        input: output_name.clone(),
        message: "the output must end in .yaml, .yml or .json".into(),
    })?;
    let types = options
        .types
        .as_ref()
        .map(|p| Types::parse(&p.display().to_string(), &read(p)?))
        .transpose()?;
    let overlay = options
        .overlay
        .as_ref()
        .map(|p| Overlay::parse(&p.display().to_string(), &read(p)?))
        .transpose()?;
    let config = Config {
        types: types.as_ref(),
        overlay: overlay.as_ref(),
        samples: options.samples,
    };
    let (doc, report) = merge_pages(&options.input, &config)?;
    // The repository's own inputs, named by flags (as the docs watch does)
    // or not, are `cargo xtask merge`: the same spec, byte for byte.
    let sources = merge_sources(options);
    let repository = sources == emit::REPOSITORY_SOURCES
        && relative(&output_name) == "spec/openapi.yaml"
        && options.samples;
    // The client's own spec: what build.rs generates from.
    let client_spec = options.command == "cargo xtask merge" || repository;
    let header = if client_spec {
        emit::repository_header()
    } else {
        emit::header(&sources, &options.command)
    };

    if options.check {
        let rendered = emit::render(doc, format, &header);
        let freshness = ensure_fresh(&options.output, &rendered, "cargo xtask merge", true)?;
        return Ok(report_freshness(
            freshness,
            &format!("{output_name} is up to date"),
        ));
    }

    // The client's spec must build the client: a page progenitor cannot
    // generate stops here, not in every user's `cargo build`.
    if options.generate || client_spec {
        xtask::generation::check(&doc, &report.operations_at)?;
    }
    let doc = emit::canonical(doc);
    write_atomically_with(&options.output, |file| {
        emit::write_canonical(&doc, format, &header, file)
    })?;
    // The process ends soon: freeing the document's many small allocations
    // one by one would cost a twentieth of a large merge, for nothing.
    std::mem::forget(doc);
    print_report(&report, &output_name);
    Ok(ExitCode::SUCCESS)
}

fn run_drift(
    files: &[PathBuf],
    spec: &Path,
    overlay: Option<&Path>,
    format: DriftFormat,
) -> Result<ExitCode, SpecError> {
    let mut records = Vec::new();
    for file in files {
        records.extend(drift::parse_records(
            &file.display().to_string(),
            &read(file)?,
        )?);
    }
    let doc = load_spec(&spec.display().to_string())?;
    let findings = drift::findings(&doc, &drift::merge_records(records));
    let report = match format {
        DriftFormat::Text => drift::text(&findings, files.len()),
        DriftFormat::Markdown => drift::markdown(&findings, files.len()),
    };
    if let Some(path) = overlay {
        let sources: Vec<String> = files
            .iter()
            .map(|f| relative(&f.display().to_string()))
            .collect();
        write_atomically(path, &drift::overlay(&findings, &sources))?;
    }
    let _ = write!(std::io::stdout().lock(), "{report}");
    Ok(ExitCode::SUCCESS)
}

fn run_diff(
    old: &str,
    new: &str,
    format: DiffFormat,
    fail_on: FailOn,
) -> Result<ExitCode, SpecError> {
    let (old_doc, new_doc) = (load_spec(old)?, load_spec(new)?);
    let changes = diff::diff(&old_doc, &new_doc);
    let output = match format {
        DiffFormat::Text => diff::Output::Text,
        DiffFormat::Markdown => diff::Output::Markdown,
        DiffFormat::Json => diff::Output::Json,
    };
    let _ = write!(
        std::io::stdout().lock(),
        "{}",
        diff::render(&changes, output, &shown_name(old), &shown_name(new))
    );
    let threshold = match fail_on {
        FailOn::Breaking => Some(diff::Level::Breaking),
        FailOn::Warning => Some(diff::Level::Warning),
        FailOn::Info => Some(diff::Level::Info),
        FailOn::Never => None,
    };
    Ok(if diff::fails(&changes, threshold) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The top folder of the git repository the current directory is in.
fn git_toplevel() -> Result<PathBuf, SpecError> {
    let bad = |message: String| SpecError::BadInput {
        input: "--base".into(),
        message,
    };
    let output = std::process::Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .map_err(|e| bad(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        return Err(bad(format!(
            "the current directory is not in a git repository: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let root =
        String::from_utf8(output.stdout).map_err(|_| bad("git answered non-UTF-8".into()))?;
    Ok(PathBuf::from(root.trim_end()))
}

/// A spec from a file, or from git as `REV:PATH`.
fn load_spec(input: &str) -> Result<serde_json::Value, SpecError> {
    let bad = |message: String| SpecError::BadInput {
        input: input.to_string(),
        message,
    };
    let text = if Path::new(input).exists() {
        read(Path::new(input))?
    } else if let Some((rev, path)) = input.split_once(':') {
        // In the current directory's repository, as `git show` would be.
        let output = std::process::Command::new("git")
            .args(["show", &format!("{rev}:{path}")])
            .output()
            .map_err(|e| bad(format!("cannot run git: {e}")))?;
        if !output.status.success() {
            return Err(bad(format!(
                "git show failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        String::from_utf8(output.stdout).map_err(|_| bad("not UTF-8".into()))?
    } else {
        return Err(bad("no such file (nor a REV:PATH)".into()));
    };
    // JSON is read as JSON: YAML parsers refuse some valid JSON, such as a
    // surrogate pair escaped as `"\ud83d\udd11"`.
    let doc: serde_json::Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?
    } else {
        serde_norway::from_str(&text).map_err(|e| bad(format!("not YAML: {e}")))?
    };
    if !doc.get("paths").is_some_and(serde_json::Value::is_object) {
        return Err(bad("not an OpenAPI document (no `paths` object)".into()));
    }
    Ok(doc)
}

/// `text` with the current directory's path taken off its front.
fn relative(text: &str) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|dir| {
            text.strip_prefix(&format!("{}/", dir.display()))
                .map(str::to_string)
        })
        .unwrap_or_else(|| text.to_string())
}

/// A spec's name as a pull request may show it: relative to where the diff
/// runs, or its file name; never an absolute path of the machine.
fn shown_name(text: &str) -> String {
    let name = relative(text);
    if Path::new(&name).is_absolute() {
        Path::new(&name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(name)
    } else {
        name
    }
}

fn print_report(report: &Report, output: &str) {
    // Written with `writeln!` rather than `println!`: a reader that stops
    // early (`| head`) closes the pipe, which is no reason to panic.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "merged {} pages ({} documents) into {}: {} operations, {} named schemas",
        report.pages,
        report.fragments,
        relative(output),
        report.operations,
        report.schemas
    );
    for fix in Fix::ALL {
        let count = report.fixes.get(&fix).copied().unwrap_or(0);
        let _ = writeln!(out, "  {count:>4}  {}", fix.label());
    }
    let _ = writeln!(
        out,
        "  {:>4}  overlay actions applied",
        report.overlay_actions
    );
    if !report.inferred.is_empty() {
        let _ = writeln!(
            out,
            "types inferred from one sample ({}; each field's docs say so too):",
            report.inferred.len()
        );
        for guess in &report.inferred {
            // Pages as the maintainer names them, not this machine's paths.
            let origin = guess
                .origin
                .as_deref()
                .map(|o| format!(" ({})", relative(o)))
                .unwrap_or_default();
            let _ = writeln!(out, "  {}: {}{origin}", guess.place, guess.what);
        }
    }
    if let Some(at) = &report.token_endpoint {
        let _ = writeln!(
            out,
            "token endpoint documented at {}: agrees with the auth layer (src/auth.rs); not a client operation",
            relative(&at.to_string())
        );
    }
    for warning in &report.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
}

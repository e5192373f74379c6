//! `cargo xtask drift`: services' record files read and merged, checked
//! against the spec, reported, and the proposed overlay actions written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::drift::{findings, markdown, merge_records, overlay, parse_records, text};
use crate::error::SpecError;
use crate::files::{load_spec, read, relative, write_atomically};

/// Report what services' drift records (JSON Lines from xone::DriftLog)
/// say about the spec, and propose overlay actions for review.
#[derive(Debug, clap::Args)]
pub struct Args {
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
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

impl Args {
    /// Runs `cargo xtask drift` with these flags in the repository at `root`.
    pub fn run(self, root: &Path, out: &mut dyn Write) -> Result<ExitCode, SpecError> {
        let spec = self.spec.unwrap_or_else(|| root.join("spec/openapi.yaml"));
        run(
            &self.records,
            &spec,
            self.overlay.as_deref(),
            self.format,
            out,
        )?;
        Ok(ExitCode::SUCCESS)
    }
}

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a terminal.
    Text,
    /// For a pull request.
    Markdown,
}

/// Reports what the records in `files` say about `spec` to `out`, and
/// writes the proposed overlay actions to `overlay_to` if given.
pub fn run(
    files: &[PathBuf],
    spec: &Path,
    overlay_to: Option<&Path>,
    format: Format,
    out: &mut dyn Write,
) -> Result<(), SpecError> {
    let mut records = Vec::new();
    for file in files {
        records.extend(parse_records(&file.display().to_string(), &read(file)?)?);
    }
    let doc = load_spec(&spec.display().to_string())?;
    let findings = findings(&doc, &merge_records(records));
    let report = match format {
        Format::Text => text(&findings, files.len()),
        Format::Markdown => markdown(&findings, files.len()),
    };
    if let Some(path) = overlay_to {
        let sources: Vec<String> = files
            .iter()
            .map(|f| relative(&f.display().to_string()))
            .collect();
        write_atomically(path, &overlay(&findings, &sources))?;
    }
    let _ = write!(out, "{report}");
    Ok(())
}

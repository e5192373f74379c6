//! Running one merge: read the inputs, merge, and either check the output
//! is fresh or generate the client from it and write it atomically, then
//! report what the merge did.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::error::SpecError;
use crate::files::{Freshness, ensure_fresh, read, relative, write_atomically_with};
use crate::merge::emit::{self, Format};
use crate::merge::folder::merge_pages;
use crate::merge::inputs::{Flags, Inputs};
use crate::merge::merger::{Config, Report};
use crate::merge::normalize::Fix;
use crate::merge::overlay::Overlay;
use crate::merge::types::Types;

/// Merge the vendor's docs pages into one OpenAPI document.
///
/// With no flags: spec/pages/ (with spec/types.yaml and spec/overlay.yaml
/// if present) into spec/openapi.yaml.
#[derive(Debug, clap::Args)]
pub struct Args {
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
}

impl Args {
    /// Runs `cargo xtask merge` with these flags in the repository at `root`.
    pub fn run(self, root: &Path, out: &mut dyn Write) -> Result<ExitCode, SpecError> {
        let flags = Flags {
            input: self.input,
            output: self.output,
            types: self.types,
            overlay: self.overlay,
            samples: self.samples,
        };
        let inputs = Inputs::from_flags(root, flags);
        let done = format!("{} is up to date", inputs.output.display());
        let freshness = run(&inputs, self.check, self.generate, out)?;
        Ok(freshness.report(self.check.then_some(&done), out))
    }
}

/// Merges `inputs`. With `check`, writes nothing and says whether the
/// output is up to date. Otherwise the client is generated from the result
/// first when it is the client's spec or `generate` asks, and a document
/// that fails to generate is not written; the report goes to `out`.
pub fn run(
    inputs: &Inputs,
    check: bool,
    generate: bool,
    out: &mut dyn Write,
) -> Result<Freshness, SpecError> {
    let output_name = inputs.output.display().to_string();
    let format = Format::for_path(&output_name).ok_or_else(|| SpecError::BadInput {
        input: output_name.clone(),
        message: "the output must end in .yaml, .yml or .json".into(),
    })?;
    let types = inputs
        .types
        .as_ref()
        .map(|p| Types::parse(&p.display().to_string(), &read(p)?))
        .transpose()?;
    let overlay = inputs
        .overlay
        .as_ref()
        .map(|p| Overlay::parse(&p.display().to_string(), &read(p)?))
        .transpose()?;
    let config = Config {
        types: types.as_ref(),
        overlay: overlay.as_ref(),
        samples: inputs.samples,
    };
    let (doc, report) = merge_pages(&inputs.pages, &config)?;
    let header = inputs.header();

    if check {
        let rendered = emit::render(doc, format, &header);
        return ensure_fresh(&inputs.output, &rendered, "cargo xtask merge", true);
    }

    // The client's spec must build the client: a page progenitor cannot
    // generate stops here, not in every user's `cargo build`.
    if generate || inputs.is_client_spec() {
        crate::merge::generation::check(&doc, &report.operations_at)?;
    }
    let doc = emit::canonical(doc);
    write_atomically_with(&inputs.output, |file| {
        emit::write_canonical(&doc, format, &header, file)
    })?;
    // The process ends soon: freeing the document's many small allocations
    // one by one would cost a twentieth of a large merge, for nothing.
    std::mem::forget(doc);
    print_report(&report, &output_name, out);
    Ok(Freshness::Fresh)
}

/// What a merge did, as `cargo xtask merge` prints it.
pub fn print_report(report: &Report, output: &str, out: &mut dyn Write) {
    // Written with `writeln!` rather than `println!`: a reader that stops
    // early (`| head`) closes the pipe, which is no reason to panic.
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

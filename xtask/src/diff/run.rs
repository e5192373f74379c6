//! `cargo xtask diff`: two specs, from files or `REV:PATH`, compared and
//! printed; whether a change reaches the level that fails the run.

use std::io::Write;

use crate::diff::{Level, Output, diff, fails, render};
use crate::error::SpecError;
use crate::files::{load_spec, shown_name};

/// Diffs `old` against `new` (each a file or `REV:PATH`), writes the
/// changes to `out` as `output` asks, and says whether any reaches
/// `fail_on`.
pub fn run(
    old: &str,
    new: &str,
    output: Output,
    fail_on: Option<Level>,
    out: &mut dyn Write,
) -> Result<bool, SpecError> {
    let (old_doc, new_doc) = (load_spec(old)?, load_spec(new)?);
    let changes = diff(&old_doc, &new_doc);
    // A reader that stops early (`| head`) is no reason to fail.
    let _ = write!(
        out,
        "{}",
        render(&changes, output, &shown_name(old), &shown_name(new))
    );
    Ok(fails(&changes, fail_on))
}

//! Reading a folder of pages into the merge: every fragment of every page,
//! files in name order, each folded in as it is read.

use std::path::Path;

use serde_json::Value;

use crate::error::SpecError;
use crate::files::{files_in, read};
use crate::merge::merger::{Config, Merger, Report};
use crate::merge::pages;

/// Every OpenAPI fragment in a folder's pages, files in name order.
pub fn read_pages(dir: &Path) -> Result<Vec<pages::Fragment>, SpecError> {
    let mut fragments = Vec::new();
    for_each_fragment(dir, &mut |fragment| {
        fragments.push(fragment);
        Ok(())
    })?;
    Ok(fragments)
}

/// Merges a folder's pages as `cargo xtask merge` does: one page read and
/// one fragment parsed at a time, each folded into the document at once, so
/// that the pages' many copies of the components they share are never all
/// held (on GitHub's API split into pages, a third of the peak memory).
pub fn merge_pages(dir: &Path, config: &Config<'_>) -> Result<(Value, Report), SpecError> {
    let mut merger = Merger::default();
    for_each_fragment(dir, &mut |fragment| merger.add(fragment))?;
    merger.finish(config)
}

/// Hands every OpenAPI fragment in a folder's pages to `each`, files in name
/// order and fragments in page order (the order [`Merger`] needs).
fn for_each_fragment(
    dir: &Path,
    each: &mut dyn FnMut(pages::Fragment) -> Result<(), SpecError>,
) -> Result<(), SpecError> {
    let mut files = files_in(dir)?;
    files.retain(|p| pages::is_input_file(&p.display().to_string()));
    if files.is_empty() {
        return Err(SpecError::NoPages {
            dir: dir.display().to_string(),
        });
    }
    for file in files {
        pages::extract_each(&file.display().to_string(), &read(&file)?, each)?;
    }
    Ok(())
}

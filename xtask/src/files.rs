//! The file system side of the xtask: reading a folder of pages, reading a
//! file with its name in the error, and writing without ever leaving a
//! half-written file.

use std::path::{Path, PathBuf};

use crate::error::SpecError;
use crate::pages;

/// The repository root: the xtask crate's parent folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ sits inside the repository")
        .to_path_buf()
}

/// Reads a file; the error names it.
pub fn read(path: &Path) -> Result<String, SpecError> {
    std::fs::read_to_string(path).map_err(|source| SpecError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Every OpenAPI fragment in a folder's pages, files in name order.
pub fn read_pages(dir: &Path) -> Result<Vec<pages::Fragment>, SpecError> {
    let io = |source| SpecError::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    files.retain(|p| p.is_file() && pages::is_input_file(&p.display().to_string()));
    files.sort();
    if files.is_empty() {
        return Err(SpecError::NoPages {
            dir: dir.display().to_string(),
        });
    }
    let mut fragments = Vec::new();
    for file in files {
        fragments.extend(pages::extract(&file.display().to_string(), &read(&file)?)?);
    }
    Ok(fragments)
}

/// Writes to a temporary file beside the target, then renames it over the
/// target, so that a failure never leaves a half-written spec behind.
pub fn write_atomically(path: &Path, contents: &str) -> Result<(), SpecError> {
    let io = |source| SpecError::Io {
        path: path.display().to_string(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temp, contents).map_err(io)?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io(e)
    })
}

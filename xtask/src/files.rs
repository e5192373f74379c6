//! The file system side of the xtask: reading a file or a folder with its
//! name in the error, writing without ever leaving a half-written file,
//! checking that a generated file is fresh, and naming paths as a
//! maintainer reads them.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::SpecError;

/// The repository root: the xtask crate's parent folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ sits inside the repository")
        .to_path_buf()
}

/// Maps an I/O error on `path` into one that names it.
pub(crate) fn io_error(path: &Path) -> impl Fn(std::io::Error) -> SpecError + '_ {
    move |source| SpecError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Reads a file; the error names it.
pub fn read(path: &Path) -> Result<String, SpecError> {
    std::fs::read_to_string(path).map_err(io_error(path))
}

/// The files in a folder, in name order.
pub(crate) fn files_in(dir: &Path) -> Result<Vec<PathBuf>, SpecError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io_error(dir))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io_error(dir))?;
    files.retain(|p| p.is_file());
    files.sort();
    Ok(files)
}

/// The Markdown pages of a folder by name (without `.md`), as `pull`
/// manages them; none if the folder does not exist yet.
pub fn read_markdown_pages(dir: &Path) -> Result<BTreeMap<String, String>, SpecError> {
    let mut pages = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(pages);
    }
    for path in files_in(dir)? {
        if let (Some(name), Some("md")) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) {
            pages.insert(name.to_string(), read(&path)?);
        }
    }
    Ok(pages)
}

/// Creates a folder and its parents; the error names it.
pub fn create_dir(dir: &Path) -> Result<(), SpecError> {
    std::fs::create_dir_all(dir).map_err(io_error(dir))
}

/// Deletes a file; the error names it.
pub fn remove(path: &Path) -> Result<(), SpecError> {
    std::fs::remove_file(path).map_err(io_error(path))
}

/// Writes to a temporary file beside the target, then renames it over the
/// target, so that a failure never leaves a half-written spec behind.
pub fn write_atomically(path: &Path, contents: &str) -> Result<(), SpecError> {
    write_atomically_with(path, |file| file.write_all(contents.as_bytes()))
}

/// As [`write_atomically`], the contents written by `write` as they are made
/// (buffered), so that they need not be held whole first.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), SpecError> {
    let io = io_error(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temp).and_then(|file| {
        let mut file = BufWriter::new(file);
        write(&mut file)?;
        file.flush()?;
        std::fs::rename(&temp, path)
    });
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io(e)
    })
}

/// Whether a generated file matched what it is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// It did (or, not checking, it was written).
    Fresh,
    /// It did not: the unified diff from the committed file to the
    /// generated text, and the message naming the command that remakes it.
    Stale {
        /// `--- PATH (committed)` / `+++ PATH (generated now)`.
        diff: String,
        /// "error: PATH is stale: run `COMMAND` and commit the result".
        message: String,
    },
}

impl Freshness {
    /// What a command says of it: `done`, if any, when fresh; else the
    /// diff on `out`, the message naming the command on stderr, and exit 1.
    pub fn report(self, done: Option<&str>, out: &mut dyn Write) -> std::process::ExitCode {
        match self {
            Freshness::Fresh => {
                if let Some(done) = done {
                    let _ = writeln!(out, "{done}");
                }
                std::process::ExitCode::SUCCESS
            }
            Freshness::Stale { diff, message } => {
                let _ = write!(out, "{diff}");
                eprintln!("{message}");
                std::process::ExitCode::FAILURE
            }
        }
    }
}

/// The one freshness check of the repository's generated files
/// (`spec/openapi.yaml`, `docs/diff-rules.md`, the corpus merges): with
/// `check`, compares `path` with `contents` and says how they differ and
/// what to run (`command`); without, writes `contents` there atomically.
pub fn ensure_fresh(
    path: &Path,
    contents: &str,
    command: &str,
    check: bool,
) -> Result<Freshness, SpecError> {
    if !check {
        write_atomically(path, contents)?;
        return Ok(Freshness::Fresh);
    }
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if current == contents {
        return Ok(Freshness::Fresh);
    }
    let name = path.display().to_string();
    let made = if command.starts_with("cargo xtask merge") {
        "merged now"
    } else {
        "generated now"
    };
    let diff = similar::TextDiff::from_lines(&current, contents)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (committed)"), &format!("{name} ({made})"))
        .to_string();
    Ok(Freshness::Stale {
        diff,
        message: format!("error: {name} is stale: run `{command}` and commit the result"),
    })
}

/// The top folder of the git repository the current directory is in.
pub fn git_toplevel() -> Result<PathBuf, SpecError> {
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
pub fn load_spec(input: &str) -> Result<serde_json::Value, SpecError> {
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
    openapi_document(doc).map_err(bad)
}

/// `doc` if it is an OpenAPI document, with an empty `paths` where it has
/// none: OpenAPI 3.1 asks for any of `paths`, `webhooks` and `components`
/// (a webhooks-only API is one), and a 3.0 document whose operations moved
/// to `webhooks` is read the same way.
fn openapi_document(mut doc: serde_json::Value) -> Result<serde_json::Value, String> {
    let Some(object) = doc.as_object_mut() else {
        return Err("not an OpenAPI document (not an object)".into());
    };
    if !object
        .get("openapi")
        .is_some_and(serde_json::Value::is_string)
    {
        return Err("not an OpenAPI document (no `openapi` version)".into());
    }
    for member in ["paths", "webhooks", "components"] {
        if object.get(member).is_some_and(|v| !v.is_object()) {
            return Err(format!(
                "not an OpenAPI document (`{member}` is not an object)"
            ));
        }
    }
    if !["paths", "webhooks", "components"]
        .iter()
        .any(|m| object.contains_key(*m))
    {
        return Err(
            "not an OpenAPI document (none of `paths`, `webhooks` and `components`)".into(),
        );
    }
    object
        .entry("paths")
        .or_insert_with(|| serde_json::Value::Object(Default::default()));
    Ok(doc)
}

/// `text` with the current directory's path taken off its front.
pub fn relative(text: &str) -> String {
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
pub fn shown_name(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_fails_midway_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("openapi.yaml");
        std::fs::write(&target, "old\n").unwrap();
        let err = write_atomically_with(&target, |file| {
            file.write_all(b"half of the new ")?;
            Err(std::io::Error::other("the writer gave up"))
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("openapi.yaml") && err.contains("the writer gave up"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn a_streamed_write_replaces_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("openapi.yaml");
        std::fs::write(&target, "old\n").unwrap();
        write_atomically_with(&target, |file| file.write_all(b"new\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
    }
}

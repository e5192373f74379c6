//! The shared folder beside the repository (`../shared`): other projects'
//! files (progenitor's sample specs, oasdiff's checker pairs and rule
//! table, real spec histories) that the tests read but the repository must
//! not carry. Every developer machine and CI have it; a bare clone may
//! not, and then the tests that need it say so in one line and skip.
//!
//! `XONE_SHARED` names another place. Once it is set, the folder is
//! required: CI sets it, so a missing folder fails CI instead of skipping
//! half the suite.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The variable that names the shared folder when it is not `../shared`.
pub const VARIABLE: &str = "XONE_SHARED";

/// The repository root (this crate sits in `dev-support/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("dev-support sits in the repository's root")
        .to_path_buf()
}

/// The shared folder: the one `XONE_SHARED` names, or `../shared` beside
/// the repository root. `Ok(None)` when it is absent and nothing asks for
/// it; an error when the variable names a folder that is not there.
pub fn folder() -> Result<Option<PathBuf>, String> {
    locate(std::env::var_os(VARIABLE), &repo_root())
}

/// [`folder`] with its inputs given: the variable's value, and the root.
pub fn locate(variable: Option<OsString>, repo_root: &Path) -> Result<Option<PathBuf>, String> {
    match variable.filter(|value| !value.is_empty()) {
        Some(value) => {
            let dir = PathBuf::from(value);
            if dir.is_dir() {
                Ok(Some(dir))
            } else {
                Err(format!(
                    "{VARIABLE}={} is not a folder: it must name the shared folder \
                     (corpus/, reference/) or be unset",
                    dir.display()
                ))
            }
        }
        None => {
            let beside = repo_root
                .parent()
                .map(|parent| parent.join("shared"))
                .filter(|dir| dir.is_dir());
            Ok(beside)
        }
    }
}

/// `part` (such as `corpus/keeper.json`) in the shared folder, for a test
/// that needs it. Without the folder it prints the one line that says what
/// is skipped and why, and gives `None`; a folder that is there but lacks
/// `part` is an error, not a skip.
pub fn path_or_skip(part: &str) -> Option<PathBuf> {
    match folder() {
        Ok(Some(dir)) => {
            let path = dir.join(part);
            assert!(
                path.exists(),
                "{} is missing from the shared folder {}",
                part,
                dir.display()
            );
            Some(path)
        }
        Ok(None) => {
            // Straight to stderr, not `eprintln!`: the test harness captures
            // the macros' output of a passing test, and a skip must show.
            let _ = writeln!(
                std::io::stderr(),
                "skipped: needs {part} in the shared folder beside the repository \
                 (../shared, or set {VARIABLE})"
            );
            None
        }
        Err(message) => panic!("{message}"),
    }
}

/// Splits the whole spec `spec` (`.json`, or `.json.gz`) into docs pages
/// in the vendor's format, in `out`, with the repository's
/// `xtask/tools/split-into-pages.py`; `quirks` strips operationIds and
/// path parameters as the vendor's export does.
pub fn split_into_pages(spec: &Path, out: &Path, quirks: bool) -> Result<(), String> {
    let tool = repo_root().join("xtask/tools/split-into-pages.py");
    let mut command = std::process::Command::new("python3");
    command.arg(&tool).arg(spec).arg(out);
    if quirks {
        command.arg("--quirks");
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run python3 {}: {e}", tool.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{} {} failed: {}",
            tool.display(),
            spec.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_beside_the_root_is_found_and_its_absence_is_no_error() {
        let outer = std::env::temp_dir().join(format!("dev-support-{}", std::process::id()));
        let root = outer.join("repo");
        std::fs::create_dir_all(&root).unwrap();
        assert_eq!(locate(None, &root), Ok(None));
        std::fs::create_dir_all(outer.join("shared")).unwrap();
        assert_eq!(locate(None, &root), Ok(Some(outer.join("shared"))));
        // An empty variable is no variable.
        assert_eq!(
            locate(Some(OsString::new()), &root),
            Ok(Some(outer.join("shared")))
        );
        std::fs::remove_dir_all(&outer).unwrap();
    }

    #[test]
    fn a_variable_that_names_no_folder_is_an_error_that_names_it() {
        let root = Path::new("/nonexistent/repo");
        let error = locate(Some("/nonexistent/shared".into()), root).unwrap_err();
        assert!(
            error.starts_with("XONE_SHARED=/nonexistent/shared is not a folder"),
            "{error}"
        );
        let here = repo_root();
        assert_eq!(
            locate(Some(here.clone().into_os_string()), root),
            Ok(Some(here))
        );
    }
}

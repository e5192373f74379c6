//! What one merge reads and writes, and what its output's header says.
//!
//! The repository's own merge (`cargo xtask merge` with no flags, or the
//! same files named by flags, as the docs watch does) writes the client's
//! spec: its header is always the same, so the spec is byte for byte the
//! same however it was made, and it must generate the client. Any other
//! merge's header names what it read and the command that remakes it.

use std::path::{Path, PathBuf};

use crate::files::relative;
use crate::merge::emit;

/// The files a merge reads and the one it writes.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The folder of pages (.md) and fragments (.json, .yaml, .yml).
    pub pages: PathBuf,
    /// Where the merged document goes; its extension picks the format.
    pub output: PathBuf,
    /// The named-types file, if any.
    pub types: Option<PathBuf>,
    /// The overlay applied after the merge, if any.
    pub overlay: Option<PathBuf>,
    /// The pages' schemas were inferred from sample responses.
    pub samples: bool,
    /// Whether any file was named by a flag (else the repository's own).
    named_by_flags: bool,
    /// The command as a maintainer would type it again.
    command: String,
}

/// The flags of `cargo xtask merge`, as given.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--input DIR`.
    pub input: Option<PathBuf>,
    /// `--output FILE`.
    pub output: Option<PathBuf>,
    /// `--types FILE`.
    pub types: Option<PathBuf>,
    /// `--overlay FILE`.
    pub overlay: Option<PathBuf>,
    /// `--samples`.
    pub samples: bool,
}

impl Inputs {
    /// The repository's own merge: `spec/pages/`, with `spec/types.yaml`
    /// and `spec/overlay.yaml` where they exist, into `spec/openapi.yaml`.
    pub fn repository(root: &Path) -> Self {
        Self::from_flags(root, Flags::default())
    }

    /// The merge the flags ask for. `--input` means any folder: only the
    /// files named are used. Without it the repository's layout applies.
    pub fn from_flags(root: &Path, flags: Flags) -> Self {
        let command = command(&flags);
        let named_by_flags = flags.input.is_some()
            || flags.output.is_some()
            || flags.types.is_some()
            || flags.overlay.is_some();
        let defaults = flags.input.is_none();
        let existing = |path: PathBuf| (defaults && path.exists()).then_some(path);
        Self {
            pages: flags.input.unwrap_or_else(|| root.join("spec/pages")),
            output: flags
                .output
                .unwrap_or_else(|| root.join("spec/openapi.yaml")),
            types: flags
                .types
                .or_else(|| existing(root.join("spec/types.yaml"))),
            overlay: flags
                .overlay
                .or_else(|| existing(root.join("spec/overlay.yaml"))),
            samples: flags.samples || defaults,
            named_by_flags,
            command,
        }
    }

    /// Whether this merge writes the client's spec: the repository's own
    /// files, by default or named by flags (`spec/pages/`,
    /// `spec/types.yaml` and `spec/overlay.yaml` into `spec/openapi.yaml`,
    /// with `--samples`, all in one folder). Its output must generate the
    /// client.
    pub fn is_client_spec(&self) -> bool {
        if !self.named_by_flags {
            return true;
        }
        let output = absolute(&self.output);
        let Some(spec) = output
            .parent()
            .filter(|_| output.ends_with("spec/openapi.yaml"))
        else {
            return false;
        };
        let is = |path: &Option<PathBuf>, name: &str| {
            path.as_deref()
                .is_some_and(|p| absolute(p) == spec.join(name))
        };
        absolute(&self.pages) == spec.join("pages")
            && is(&self.types, "types.yaml")
            && is(&self.overlay, "overlay.yaml")
            && self.samples
    }

    /// The first lines of the output: the repository's fixed header for the
    /// client's spec, else what was read and the command to run again.
    pub fn header(&self) -> String {
        if self.is_client_spec() {
            emit::repository_header()
        } else {
            emit::header(&self.sources(), &self.command)
        }
    }

    /// What the merge reads, for the header: "DIR/, TYPES and OVERLAY".
    fn sources(&self) -> String {
        let mut sources = vec![format!(
            "{}/",
            relative(&self.pages.display().to_string()).trim_end_matches('/')
        )];
        for file in [&self.types, &self.overlay].into_iter().flatten() {
            sources.push(relative(&file.display().to_string()));
        }
        match sources.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => sources.join(""),
        }
    }
}

/// `cargo xtask merge` with the flags given, as a maintainer would type it
/// again: what a generated file's header tells its reader to run.
fn command(flags: &Flags) -> String {
    let mut command = String::from("cargo xtask merge");
    for (flag, path) in [
        ("--input", &flags.input),
        ("--output", &flags.output),
        ("--types", &flags.types),
        ("--overlay", &flags.overlay),
    ] {
        if let Some(path) = path {
            command.push_str(&format!(" {flag} {}", path.display()));
        }
    }
    if flags.samples {
        command.push_str(" --samples");
    }
    command
}

/// `path` from the current directory, without touching the file system
/// (an output need not exist yet).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository with the spec/ layout, types and overlay included.
    fn repository() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("spec/pages")).unwrap();
        for file in ["spec/types.yaml", "spec/overlay.yaml"] {
            std::fs::write(root.path().join(file), "").unwrap();
        }
        root
    }

    #[test]
    fn the_repositorys_merge_writes_the_client_spec_with_the_fixed_header() {
        let root = repository();
        let inputs = Inputs::repository(root.path());
        assert!(inputs.is_client_spec());
        assert_eq!(inputs.header(), emit::repository_header());
        assert_eq!(inputs.types, Some(root.path().join("spec/types.yaml")));
        assert!(inputs.samples);
    }

    #[test]
    fn the_same_files_named_by_flags_are_the_client_spec_too() {
        let root = repository();
        let at = |p: &str| Some(root.path().join(p));
        let named = Inputs::from_flags(
            root.path(),
            Flags {
                input: at("spec/pages"),
                output: at("spec/openapi.yaml"),
                types: at("spec/types.yaml"),
                overlay: at("spec/overlay.yaml"),
                samples: true,
            },
        );
        assert!(named.is_client_spec());
        assert_eq!(named.header(), emit::repository_header());
        // Without --samples, or without the overlay, it is another merge.
        for flags in [
            Flags {
                input: at("spec/pages"),
                output: at("spec/openapi.yaml"),
                types: at("spec/types.yaml"),
                overlay: at("spec/overlay.yaml"),
                samples: false,
            },
            Flags {
                input: at("spec/pages"),
                output: at("spec/openapi.yaml"),
                types: at("spec/types.yaml"),
                overlay: None,
                samples: true,
            },
        ] {
            let other = Inputs::from_flags(root.path(), flags);
            assert!(!other.is_client_spec());
            assert!(other.header().contains("run `cargo xtask merge --input "));
        }
    }

    #[test]
    fn a_checkouts_own_files_named_relative_to_it_are_its_client_spec() {
        // As the docs watch names them, from the checkout's top folder.
        let checkout = repository();
        let here = std::env::current_dir().unwrap();
        let from_here = |p: &str| {
            Some(
                checkout
                    .path()
                    .join(p)
                    .strip_prefix(&here)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| checkout.path().join(p)),
            )
        };
        let inputs = Inputs::from_flags(
            Path::new("/elsewhere"),
            Flags {
                input: from_here("spec/pages/"),
                output: from_here("spec/openapi.yaml"),
                types: from_here("spec/types.yaml"),
                overlay: from_here("spec/overlay.yaml"),
                samples: true,
            },
        );
        assert!(inputs.is_client_spec());
    }

    #[test]
    fn another_folder_gets_a_header_naming_it_and_the_command() {
        let root = repository();
        let inputs = Inputs::from_flags(
            root.path(),
            Flags {
                input: Some("corpus/keeper".into()),
                output: Some("corpus/keeper.merged.yaml".into()),
                ..Flags::default()
            },
        );
        // `--input` means only the files named: the repository's types and
        // overlay are not read, and the pages are not samples.
        assert_eq!((inputs.types.as_ref(), inputs.samples), (None, false));
        assert!(!inputs.is_client_spec());
        assert_eq!(
            inputs.header(),
            "# Generated by `cargo xtask merge` from corpus/keeper/.\n\
             # Do not edit: change those and run `cargo xtask merge --input corpus/keeper --output corpus/keeper.merged.yaml`.\n"
        );
    }

    #[test]
    fn another_output_is_not_the_client_spec() {
        let root = repository();
        let inputs = Inputs::from_flags(
            root.path(),
            Flags {
                output: Some(root.path().join("elsewhere.yaml")),
                ..Flags::default()
            },
        );
        assert!(!inputs.is_client_spec());
        assert_eq!(
            inputs.sources(),
            format!(
                "{}/, {} and {}",
                root.path().join("spec/pages").display(),
                root.path().join("spec/types.yaml").display(),
                root.path().join("spec/overlay.yaml").display()
            )
        );
    }
}

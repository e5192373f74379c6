//! A dependent crate (a service, or the client's own examples) checked
//! against a generated client: a copy of it, in the review's scratch
//! folder, whose manifests name the generated crate where they named xone,
//! checked with `cargo check --workspace --all-targets`. The dependent's
//! own folder is only read: its Cargo.lock and target/ stay as they are.

use std::path::{Path, PathBuf};
use std::process::Command;

use toml_edit::{DocumentMut, Item, Table, Value};

use super::command::{output, shown, tail};
use super::diagnostics::{CompileError, errors};
use super::scratch::{ClientCrate, cargo};
use crate::error::SpecError;
use crate::files::{create_dir, io_error};

/// What checking a dependent found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// The compile errors (none when it builds).
    Errors(Vec<CompileError>),
    /// Cargo stopped before compiling anything of it (a dependency it
    /// could not resolve): cargo's own words.
    Failed(String),
}

/// Checks the dependent crate or workspace at `source` against `client`:
/// copied to `copy` (emptied first), built in `target`. Features as the
/// dependent's own manifest turns them on.
pub fn check(
    source: &Path,
    client: &ClientCrate,
    copy: &Path,
    target: &Path,
) -> Result<Checked, SpecError> {
    copy_tree(source, copy)?;
    for manifest in manifests(copy)? {
        rewrite(&manifest, source, copy, client)?;
    }
    // The dependent's own lock, where it has one, keeps its versions;
    // without one, the client's keeps the shared dependencies the same
    // as the client's build, so that they are built once.
    if !copy.join("Cargo.lock").exists() {
        copy_file(&client.lock(), &copy.join("Cargo.lock"))?;
    }
    run_check(
        Command::new(cargo())
            .args([
                "check",
                "--workspace",
                "--all-targets",
                "--keep-going",
                "--message-format=json",
            ])
            .arg("--manifest-path")
            .arg(copy.join("Cargo.toml")),
        target,
    )
}

/// Checks the client crate itself: its library and its examples, with
/// the features those examples require. (Not its unit tests: the package
/// leaves out the dev-dependencies they need.)
pub fn check_own_targets(client: &ClientCrate, target: &Path) -> Result<Checked, SpecError> {
    let manifest = client.dir.join("Cargo.toml");
    let features = required_features(&manifest)?;
    let mut command = Command::new(cargo());
    command
        .args([
            "check",
            "--lib",
            "--examples",
            "--keep-going",
            "--message-format=json",
        ])
        .arg("--manifest-path")
        .arg(&manifest);
    if !features.is_empty() {
        command.arg("--features").arg(features.join(","));
    }
    run_check(&mut command, target)
}

fn run_check(command: &mut Command, target: &Path) -> Result<Checked, SpecError> {
    command.env("CARGO_TARGET_DIR", target);
    let out = output(command)?;
    let found = errors(&String::from_utf8_lossy(&out.stdout));
    if out.status.success() || !found.is_empty() {
        return Ok(Checked::Errors(found));
    }
    Ok(Checked::Failed(format!(
        "`{}`: {}",
        shown(command),
        tail(&out.stderr)
    )))
}

/// Every feature an `[[example]]`, `[[test]]` or `[[bench]]` of the
/// manifest at `path` requires, once each.
fn required_features(path: &Path) -> Result<Vec<String>, SpecError> {
    let doc = parse(path)?;
    let mut features: Vec<String> = Vec::new();
    for kind in ["example", "test", "bench"] {
        let Some(targets) = doc.get(kind).and_then(Item::as_array_of_tables) else {
            continue;
        };
        for target in targets {
            let required = target.get("required-features").and_then(Item::as_array);
            for feature in required.into_iter().flatten().filter_map(Value::as_str) {
                if !features.iter().any(|f| f == feature) {
                    features.push(feature.to_string());
                }
            }
        }
    }
    Ok(features)
}

/// Copies the folder `from` to `to` (emptied first), leaving out what is
/// built or kept by git (`target/`, `.git/`).
fn copy_tree(from: &Path, to: &Path) -> Result<(), SpecError> {
    if !from.join("Cargo.toml").is_file() {
        return Err(SpecError::BadInput {
            input: from.display().to_string(),
            message: "not a crate or workspace (no Cargo.toml)".into(),
        });
    }
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(io_error(to))?;
    }
    copy_dir(from, to)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), SpecError> {
    create_dir(to)?;
    for entry in std::fs::read_dir(from).map_err(io_error(from))? {
        let entry = entry.map_err(io_error(from))?;
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(io_error(&path))?;
        if kind.is_dir() {
            copy_dir(&path, &to.join(&name))?;
        } else if kind.is_file() {
            copy_file(&path, &to.join(&name))?;
        }
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Result<(), SpecError> {
    std::fs::copy(from, to).map(drop).map_err(io_error(from))
}

/// Every Cargo.toml under `dir`, the root's first.
fn manifests(dir: &Path) -> Result<Vec<PathBuf>, SpecError> {
    let mut found = vec![dir.join("Cargo.toml")];
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(io_error(&folder))? {
            let path = entry.map_err(io_error(&folder))?.path();
            if path.is_dir() {
                let manifest = path.join("Cargo.toml");
                if manifest.is_file() {
                    found.push(manifest);
                }
                folders.push(path);
            }
        }
    }
    found[1..].sort();
    Ok(found)
}

/// Rewrites the copied manifest at `path`: every dependency on the
/// client's package names the generated crate instead (its features,
/// `default-features`, `optional` and rename kept), every `path` that
/// leaves the copy points back at the original, and the root is a
/// workspace of its own.
fn rewrite(path: &Path, source: &Path, copy: &Path, client: &ClientCrate) -> Result<(), SpecError> {
    let mut doc = parse(path)?;
    let folder = path.parent().expect("a manifest is in a folder");
    let original = source.join(folder.strip_prefix(copy).expect("under the copy"));
    let root = folder == copy;
    if root && doc.get("workspace").is_none() {
        if let Some(key) = inherited(&doc) {
            return Err(SpecError::BadInput {
                input: source.display().to_string(),
                message: format!(
                    "it inherits `{key}` from a workspace above it: name that workspace's folder instead"
                ),
            });
        }
        doc.insert("workspace", Item::Table(Table::new()));
    }
    for table in dependency_tables(&mut doc) {
        for (name, dependency) in table.iter_mut() {
            if let Some(dependency) = dependency.as_table_like_mut() {
                let package = dependency.get("package").and_then(Item::as_str);
                if package.unwrap_or(name.get()) == client.name {
                    dependency.remove("version");
                    dependency.remove("git");
                    dependency.remove("branch");
                    dependency.remove("tag");
                    dependency.remove("rev");
                    dependency.remove("registry");
                    dependency.remove("workspace");
                    dependency.insert("path", toml_edit::value(client.dir.display().to_string()));
                } else {
                    outside_paths(dependency, &original, folder, copy);
                }
            } else if name.get() == client.name {
                let mut inline = toml_edit::InlineTable::new();
                inline.insert("path", client.dir.display().to_string().into());
                *dependency = Item::Value(Value::InlineTable(inline));
            }
        }
    }
    std::fs::write(path, doc.to_string()).map_err(io_error(path))
}

/// A `path` that leaves the copied tree points at the original's
/// neighbour it named; one inside the copy stays as it is.
fn outside_paths(
    dependency: &mut dyn toml_edit::TableLike,
    original: &Path,
    folder: &Path,
    copy: &Path,
) {
    let Some(relative) = dependency.get("path").and_then(Item::as_str) else {
        return;
    };
    let inside = lexical(&folder.join(relative));
    if inside.starts_with(copy) {
        return;
    }
    let absolute = lexical(&original.join(relative));
    dependency.insert("path", toml_edit::value(absolute.display().to_string()));
}

/// `path` with `.` and `..` resolved by its text.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The first `key.workspace = true` in the package's own tables, if any.
fn inherited(doc: &DocumentMut) -> Option<String> {
    let package = doc.get("package")?.as_table_like()?;
    package.iter().find_map(|(key, value)| {
        let inherits = value
            .as_table_like()
            .and_then(|t| t.get("workspace"))
            .and_then(Item::as_bool)
            == Some(true);
        inherits.then(|| format!("package.{key}"))
    })
}

/// The dependency tables of a manifest: `[dependencies]` and its dev- and
/// build- kin, per target too, and the workspace's.
fn dependency_tables(doc: &mut DocumentMut) -> Vec<&mut dyn toml_edit::TableLike> {
    const KINDS: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];
    let mut tables: Vec<&mut dyn toml_edit::TableLike> = Vec::new();
    for (key, item) in doc.iter_mut() {
        match key.get() {
            "target" => {
                let Some(targets) = item.as_table_like_mut() else {
                    continue;
                };
                for (_, platform) in targets.iter_mut() {
                    let Some(platform) = platform.as_table_like_mut() else {
                        continue;
                    };
                    for (kind, table) in platform.iter_mut() {
                        if KINDS.contains(&kind.get())
                            && let Some(table) = table.as_table_like_mut()
                        {
                            tables.push(table);
                        }
                    }
                }
            }
            "workspace" => {
                if let Some(table) = item
                    .as_table_like_mut()
                    .and_then(|w| w.get_mut("dependencies"))
                    .and_then(Item::as_table_like_mut)
                {
                    tables.push(table);
                }
            }
            kind if KINDS.contains(&kind) => {
                if let Some(table) = item.as_table_like_mut() {
                    tables.push(table);
                }
            }
            _ => {}
        }
    }
    tables
}

fn parse(path: &Path) -> Result<DocumentMut, SpecError> {
    let text = crate::files::read(path)?;
    text.parse::<DocumentMut>()
        .map_err(|e| SpecError::BadInput {
            input: path.display().to_string(),
            message: format!("not TOML: {e}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> ClientCrate {
        ClientCrate {
            dir: PathBuf::from("/scratch/clients/new"),
            name: "xone".into(),
            version: "0.1.0".into(),
        }
    }

    /// The manifest `text` rewritten as if it were the root of a copy of
    /// `/src/service` at `/work/copy`.
    fn rewritten(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Cargo.toml");
        std::fs::write(&path, text).unwrap();
        rewrite(&path, Path::new("/src/service"), dir.path(), &client()).unwrap();
        std::fs::read_to_string(&path).unwrap()
    }

    #[test]
    fn every_kind_of_xone_dependency_names_the_generated_crate_and_keeps_its_features() {
        let out = rewritten(
            r#"[package]
name = "service"
version = "0.1.0"

[dependencies]
xone = { version = "0.1", features = ["fake"], default-features = false }

[dev-dependencies]
client = { package = "xone", git = "https://example.invalid/xone", features = ["mock"] }

[target.'cfg(unix)'.build-dependencies]
xone = "0.1"
"#,
        );
        let doc: toml::Table = toml::from_str(&out).unwrap();
        let new = "/scratch/clients/new";
        let normal = &doc["dependencies"]["xone"];
        assert_eq!(normal["path"].as_str(), Some(new));
        assert_eq!(
            normal["features"].as_array().unwrap()[0].as_str(),
            Some("fake")
        );
        assert_eq!(normal["default-features"].as_bool(), Some(false));
        assert!(normal.get("version").is_none(), "{out}");
        let renamed = &doc["dev-dependencies"]["client"];
        assert_eq!(renamed["path"].as_str(), Some(new));
        assert_eq!(renamed["package"].as_str(), Some("xone"));
        assert!(renamed.get("git").is_none(), "{out}");
        let build = &doc["target"]["cfg(unix)"]["build-dependencies"]["xone"];
        assert_eq!(build["path"].as_str(), Some(new));
        assert!(doc.contains_key("workspace"), "{out}");
    }

    #[test]
    fn a_path_that_leaves_the_copy_points_at_the_original() {
        let out = rewritten(
            "[package]\nname = \"service\"\nversion = \"0.1.0\"\n\n[dependencies]\ncommon = { path = \"../common\" }\ninner = { path = \"inner\" }\n",
        );
        let doc: toml::Table = toml::from_str(&out).unwrap();
        assert_eq!(
            doc["dependencies"]["common"]["path"].as_str(),
            Some("/src/common")
        );
        assert_eq!(doc["dependencies"]["inner"]["path"].as_str(), Some("inner"));
    }

    #[test]
    fn a_member_of_a_workspace_above_it_is_refused_naming_what_it_inherits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Cargo.toml");
        std::fs::write(&path, "[package]\nname = \"m\"\nversion.workspace = true\n").unwrap();
        let err = rewrite(&path, Path::new("/src/m"), dir.path(), &client()).unwrap_err();
        assert!(
            err.to_string().contains("inherits `package.version`"),
            "{err}"
        );
    }

    #[test]
    fn a_folder_without_a_manifest_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = copy_tree(dir.path(), &dir.path().join("copy")).unwrap_err();
        assert!(err.to_string().contains("no Cargo.toml"), "{err}");
    }
}

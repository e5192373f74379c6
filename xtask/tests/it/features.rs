//! The workspace's commands build the dependencies once: every package a
//! maintainer's commands share is resolved with the same features, so
//! `cargo build -p xone -p xtask`, `cargo xtask ...`, `cargo test -p xtask`
//! and `cargo test --workspace` reuse each other's builds (the
//! `workspace-hack` crate, managed by `cargo hakari`, holds the union). The
//! one exception is deliberate: `cargo build -p xone` alone is what a
//! service that depends on xone builds, with xone's own features only.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Each package (`name vX.Y.Z`) with the feature sets its instances get
/// (a build dependency is an instance of its own) for `cargo tree ARGS`.
fn features(args: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--locked", "--offline", "--prefix", "none"])
        .args(["--format", "{p}|{f}"])
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo tree {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Some((package, features)) = line.split_once('|') else {
            continue;
        };
        // The workspace's own crates get the features each command asks
        // of them; only the dependencies are shared.
        if package.contains(" (/") {
            continue;
        }
        // `name vX.Y.Z` and `name vX.Y.Z (*)` are the same package.
        let package: Vec<&str> = package.split_whitespace().take(2).collect();
        let features = features.trim_end_matches(" (*)").to_string();
        found.entry(package.join(" ")).or_default().insert(features);
    }
    found
}

/// The packages both selections build whose features differ.
fn differences(
    a: &BTreeMap<String, BTreeSet<String>>,
    b: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    a.iter()
        .filter_map(|(package, fa)| {
            let fb = b.get(package)?;
            (fa != fb).then(|| format!("{package}: {fa:?} against {fb:?}"))
        })
        .collect()
}

#[test]
fn the_maintainers_commands_share_one_feature_set() {
    let normal = ["-e", "normal,build"];
    let with_dev = ["-e", "normal,build,dev"];
    let workspace = features(&[&["--workspace"][..], &with_dev].concat());
    let commands = [
        (
            "cargo build -p xone -p xtask",
            features(&[&["-p", "xone", "-p", "xtask"][..], &normal].concat()),
        ),
        (
            "cargo xtask",
            features(&[&["-p", "xtask"][..], &normal].concat()),
        ),
        (
            "cargo test -p xtask",
            features(&[&["-p", "xtask"][..], &with_dev].concat()),
        ),
        (
            "cargo test -p xone",
            features(&[&["-p", "xone"][..], &with_dev].concat()),
        ),
    ];
    for (command, found) in &commands {
        let differ = differences(found, &workspace);
        assert!(
            differ.is_empty(),
            "{command} builds {} packages with other features than `cargo test --workspace`: \
             run `cargo hakari generate` (see MAINTAINING.md)\n{}",
            differ.len(),
            differ.join("\n")
        );
    }
}

#[test]
fn a_service_builds_xone_with_its_own_features_only() {
    // What `cargo build -p xone` resolves, and what a dependent resolves:
    // no feature that only the workspace's tools ask for.
    let alone = features(&["-p", "xone", "-e", "normal,build"]);
    let json = alone
        .iter()
        .find(|(package, _)| package.starts_with("serde_json "))
        .map(|(_, f)| f.clone())
        .unwrap();
    assert!(
        json.iter().all(|f| !f.contains("preserve_order")),
        "serde_json's preserve_order (the xtask's) reaches xone's users: {json:?}"
    );
}

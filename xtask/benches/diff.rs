//! Diff speed: `xtask::diff::diff` on every case of oasdiff's checker suite
//! (`xtask::diff::oasdiff_suite`, its fixtures with their edits) and on the
//! 37 real version pairs of `../shared/corpus/spec-history`, parsed once,
//! each timed over rounds interleaved across pairs (the VM's speed swings).
//! It prints the median and the slowest pair's median, per set, and the
//! slowest pairs by name; the goal is every pair under 50 ms.
//!
//! Both sets are other projects' files, read from the shared folder; the
//! bench says so and stops without it.
//!
//! `cargo bench -p xtask --bench diff`; BENCHMARKS.md records a run.

use std::path::Path;
use std::time::{Duration, Instant};

use dev_support::interleave::{interleave, show};
use serde_json::Value;
use xtask::diff::{diff, oasdiff_suite};

const ROUNDS: usize = 15;

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).unwrap()
    } else {
        serde_norway::from_str(&text).unwrap()
    }
}

/// Times each pair over `ROUNDS` interleaved rounds and prints the set's
/// median pair, its slowest pair, and the three slowest by name.
fn report(set: &str, pairs: &[(String, Value, Value)]) {
    let samples = interleave(pairs.len(), ROUNDS, |i| {
        let (_, old, new) = &pairs[i];
        let start = Instant::now();
        std::hint::black_box(diff(old, new));
        start.elapsed()
    });
    let mut medians: Vec<(Duration, &str)> = pairs
        .iter()
        .enumerate()
        .map(|(i, (name, _, _))| (samples.median(i), name.as_str()))
        .collect();
    medians.sort();
    let middle = medians[medians.len() / 2].0;
    let slowest = medians.last().unwrap().0;
    println!(
        "{set}: {} pairs, median pair {}, slowest pair {} (each the median of {ROUNDS} rounds)",
        pairs.len(),
        show(middle),
        show(slowest)
    );
    for (d, name) in medians.iter().rev().take(3) {
        println!("  {}: {name}", show(*d));
    }
    if slowest > Duration::from_millis(50) {
        println!("  over the goal of 50 ms");
    }
}

fn main() {
    let (Some(fixtures), Some(history)) = (
        dev_support::shared::path_or_skip("corpus/oasdiff/data"),
        dev_support::shared::path_or_skip("corpus/spec-history"),
    ) else {
        return;
    };
    let suite: Vec<(String, Value, Value)> = oasdiff_suite::cases()
        .map(|case| {
            let (old, new) = case.documents(&fixtures);
            (case.test.to_string(), old, new)
        })
        .collect();
    report("oasdiff checker suite", &suite);

    let mut pairs = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&history)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let side = |stem: &str| {
            ["yaml", "json"]
                .iter()
                .map(|ext| dir.join(format!("{stem}.{ext}")))
                .find(|p| p.exists())
                .unwrap_or_else(|| panic!("{}: no {stem}.yaml or {stem}.json", dir.display()))
        };
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        pairs.push((name, load(&side("old")), load(&side("new"))));
    }
    report("spec-history pairs", &pairs);
}

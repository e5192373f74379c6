//! Merge scale: what `cargo xtask merge` does (read the pages, merge them
//! with spec/types.yaml's named types and spec/overlay.yaml's actions, note
//! the one-sample fields, render, write atomically) on page sets of 10, 100,
//! 800 and 1,000 endpoints, synthesized from the vendor's own blocks in
//! spec/pages: the first six are the vendor's endpoints as they are, each
//! further one a copy on a path of its own, named into the same types by a
//! types file that lists its places too (as a large vendor API would). Time
//! is interleaved across sizes; peak memory is the growth of the peak
//! resident set (Linux's VmHWM) in a fresh process per size, since the
//! allocator keeps what an earlier, larger merge freed.
//!
//! `cargo bench -p xtask --bench merge`; BENCHMARKS.md records a run.

use std::time::Instant;

use std::path::{Path, PathBuf};

use dev_support::interleave::{interleave, show};
use xtask::files::write_atomically_with;
use xtask::merge::Config;
use xtask::merge::emit::{Format, repository_header, write};
use xtask::merge::merge_pages;
use xtask::merge::overlay::Overlay;
use xtask::merge::pages::extract;
use xtask::merge::types::Types;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// The vendor's endpoint blocks, as (method, path, JSON) triples.
fn vendor_blocks() -> Vec<(String, String, serde_json::Value)> {
    let mut blocks = Vec::new();
    for page in ["manage-booking.md", "opt-out-offer.md"] {
        let text = std::fs::read_to_string(repo().join("spec/pages").join(page)).unwrap();
        for fragment in extract(page, &text).unwrap() {
            let (path, method, _) = xtask::openapi::operations(fragment.doc()).remove(0);
            blocks.push((method, path, fragment.into_document().unwrap()));
        }
    }
    blocks
}

/// The path of endpoint `n`: the vendor's own for the first copy of each
/// block, a path of its own for every further one.
fn path_of(n: usize, path: &str, blocks: usize) -> String {
    if n < blocks {
        path.to_string()
    } else {
        path.replacen("/api/", &format!("/api/v{n}/"), 1)
    }
}

/// A page set of `endpoints` endpoints in pages of at most `per_page`,
/// written to a fresh folder, with a types file naming every copy's places.
struct PageSet {
    label: String,
    dir: tempfile::TempDir,
    types: Types,
}

fn page_set(endpoints: usize, per_page: usize) -> PageSet {
    let blocks = vendor_blocks();
    let dir = tempfile::tempdir().unwrap();
    for (p, chunk) in (0..endpoints)
        .collect::<Vec<_>>()
        .chunks(per_page)
        .enumerate()
    {
        let mut text = format!("# Page {p}\n\n");
        for &n in chunk {
            let (method, path, doc) = &blocks[n % blocks.len()];
            let new_path = path_of(n, path, blocks.len());
            let mut doc = doc.clone();
            let item = doc["paths"].as_object_mut().unwrap().remove(path).unwrap();
            doc["paths"] = serde_json::json!({ new_path.clone(): item });
            if n >= blocks.len() {
                let summary = doc["paths"][&new_path][method]["summary"]
                    .as_str()
                    .unwrap()
                    .to_string();
                doc["paths"][&new_path][method]["summary"] = format!("{summary} {n}").into();
            }
            text.push_str(&format!(
                "## {} {}\n\n```json\n{doc}\n```\n\n",
                method.to_ascii_uppercase(),
                new_path.replace('_', "\\_")
            ));
        }
        std::fs::write(dir.path().join(format!("page-{p:03}.md")), text).unwrap();
    }
    // spec/types.yaml with each place under the vendor's paths repeated for
    // every copy of that endpoint.
    let mut types = String::new();
    for line in std::fs::read_to_string(repo().join("spec/types.yaml"))
        .unwrap()
        .lines()
    {
        types.push_str(line);
        types.push('\n');
        let Some((indent, place)) = line.split_once("- $.paths['") else {
            continue;
        };
        let (path, rest) = place.split_once("']").unwrap();
        let method = rest.trim_start_matches('.').split('.').next().unwrap();
        for n in (blocks.len()..endpoints).filter(|n| {
            let (m, p, _) = &blocks[n % blocks.len()];
            p == path && m == method
        }) {
            types.push_str(&format!(
                "{indent}- $.paths['{}']{rest}\n",
                path_of(n, path, blocks.len())
            ));
        }
    }
    PageSet {
        label: format!("{endpoints} endpoints"),
        dir,
        types: Types::parse("types.yaml", &types).unwrap(),
    }
}

/// What `cargo xtask merge` does, from reading the pages to writing the
/// spec; returns the spec's size.
fn run(set: &PageSet, overlay: &Overlay, output: &Path) -> usize {
    let config = Config {
        types: Some(&set.types),
        overlay: Some(overlay),
        // As for spec/pages/; NO_SAMPLES=1 leaves the notes out.
        samples: std::env::var("NO_SAMPLES").is_err(),
    };
    let (doc, _) = merge_pages(set.dir.path(), &config).unwrap();
    write_atomically_with(output, |file| {
        write(doc, Format::Yaml, &repository_header(), file)
    })
    .unwrap();
    std::fs::metadata(output).unwrap().len() as usize
}

/// A field of /proc/self/status, in KiB.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let overlay_text = std::fs::read_to_string(repo().join("spec/overlay.yaml")).unwrap();
    let overlay = Overlay::parse("spec/overlay.yaml", &overlay_text).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let output: PathBuf = out_dir.path().join("openapi.yaml");
    let sets: Vec<PageSet> = [(10, 10), (100, 27), (1000, 27), (800, 27)]
        .into_iter()
        .map(|(n, per)| page_set(n, per))
        .collect();
    if std::env::var("MERGE_BENCH_MEMORY_OF").is_err() {
        for set in &sets {
            let pages: Vec<_> = std::fs::read_dir(set.dir.path()).unwrap().collect();
            let bytes: u64 = pages
                .iter()
                .map(|p| p.as_ref().unwrap().metadata().unwrap().len())
                .sum();
            println!(
                "{}: {} pages, {:.2} MB of pages",
                set.label,
                pages.len(),
                bytes as f64 / 1e6
            );
        }
    }

    // Peak memory: each size in a fresh process (this bench, re-run).
    if let Ok(index) = std::env::var("MERGE_BENCH_MEMORY_OF") {
        let set = &sets[index.parse::<usize>().unwrap()];
        let before = status_kib("VmRSS:");
        std::hint::black_box(run(set, &overlay, &output));
        println!("{}", status_kib("VmHWM:").saturating_sub(before));
        return;
    }
    let peaks: Vec<u64> = (0..sets.len())
        .map(|i| {
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .env("MERGE_BENCH_MEMORY_OF", i.to_string())
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            text.lines()
                .last()
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or(0)
        })
        .collect();

    // Warm up, then interleave the sizes.
    for set in &sets {
        run(set, &overlay, &output);
    }
    let samples = interleave(sets.len(), 9, |i| {
        let start = Instant::now();
        std::hint::black_box(run(&sets[i], &overlay, &output));
        start.elapsed()
    });
    println!("\n| page set | median | p10 | p90 | per endpoint | peak memory growth |");
    println!("|---|---|---|---|---|---|");
    for (i, set) in sets.iter().enumerate() {
        let endpoints: u32 = set.label.split(' ').next().unwrap().parse().unwrap();
        println!(
            "| {} | {} | {} | {} | {} | {:.1} MB |",
            set.label,
            show(samples.median(i)),
            show(samples.percentile(i, 10)),
            show(samples.percentile(i, 90)),
            show(samples.median(i) / endpoints),
            peaks[i] as f64 / 1024.0
        );
    }
}

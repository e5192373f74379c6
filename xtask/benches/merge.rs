//! Merge scale: extracting, merging and rendering page sets of 10, 100 and
//! 1,000 endpoints, and 800 endpoints in 30 pages (about 6 MB, the size of a
//! large vendor API), all synthesized from the vendor's own blocks in
//! spec/pages (each endpoint gets its own path). Time is interleaved across
//! sizes; peak memory is the growth of the peak resident set (Linux's VmHWM)
//! in a fresh process per size, since the allocator keeps what an earlier,
//! larger merge freed.
//!
//! `cargo bench -p xtask --bench merge`; BENCHMARKS.md records a run.

#[path = "../../benches/support/interleave.rs"]
#[allow(dead_code)]
mod interleave;

use std::time::Instant;

use interleave::{interleave, show};
use xtask::emit::{Format, render};
use xtask::merge::{Config, merge};
use xtask::pages::extract;
use xtask::types::Types;

/// The vendor's endpoint blocks, as (method, path, JSON) triples.
fn vendor_blocks() -> Vec<(String, String, serde_json::Value)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    let mut blocks = Vec::new();
    for page in ["manage-booking.md", "opt-out-offer.md"] {
        let text = std::fs::read_to_string(root.join("spec/pages").join(page)).unwrap();
        for fragment in extract(page, &text).unwrap() {
            let (path, method, _) = xtask::openapi::operations(&fragment.doc).remove(0);
            blocks.push((method, path, fragment.doc));
        }
    }
    blocks
}

/// `endpoints` endpoints in pages of at most `per_page`, as Markdown texts.
fn pages_with(endpoints: usize, per_page: usize) -> Vec<(String, String)> {
    let blocks = vendor_blocks();
    let mut pages = Vec::new();
    for (p, chunk) in (0..endpoints)
        .collect::<Vec<_>>()
        .chunks(per_page)
        .enumerate()
    {
        let mut text = format!("# Page {p}\n\n");
        for &n in chunk {
            let (method, path, doc) = &blocks[n % blocks.len()];
            let new_path = path.replacen("/api/", &format!("/api/v{n}/"), 1);
            let mut doc = doc.clone();
            let item = doc["paths"].as_object_mut().unwrap().remove(path).unwrap();
            doc["paths"] = serde_json::json!({ new_path.clone(): item });
            let summary = doc["paths"][&new_path][method]["summary"]
                .as_str()
                .unwrap()
                .to_string();
            doc["paths"][&new_path][method]["summary"] = format!("{summary} {n}").into();
            text.push_str(&format!(
                "## {} {}\n\n```json\n{doc}\n```\n\n",
                method.to_ascii_uppercase(),
                new_path.replace('_', "\\_")
            ));
        }
        pages.push((format!("page-{p:03}.md"), text));
    }
    pages
}

/// What `cargo xtask merge` does between reading and writing files.
fn run(pages: &[(String, String)], types: &Types) -> usize {
    let mut fragments = Vec::new();
    for (name, text) in pages {
        fragments.extend(extract(name, text).unwrap());
    }
    let config = Config {
        types: Some(types),
        overlay: None,
        // As `cargo xtask merge` does for spec/pages/; NO_SAMPLES=1 leaves the notes out.
        samples: std::env::var("NO_SAMPLES").is_err(),
    };
    let (doc, _) = merge(fragments, &config).unwrap();
    render(doc, Format::Yaml).len()
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
    let types = Types::parse("types.yaml", "errors: ApiError\n").unwrap();
    let sets: Vec<(String, Vec<(String, String)>)> = [(10, 10), (100, 27), (1000, 27), (800, 27)]
        .into_iter()
        .map(|(n, per)| (format!("{n} endpoints"), pages_with(n, per)))
        .collect();
    if std::env::var("MERGE_BENCH_MEMORY_OF").is_err() {
        for (label, pages) in &sets {
            let bytes: usize = pages.iter().map(|(_, t)| t.len()).sum();
            println!(
                "{label}: {} pages, {:.2} MB of pages",
                pages.len(),
                bytes as f64 / 1e6
            );
        }
    }

    // Peak memory: each size in a fresh process (this bench, re-run).
    if let Ok(index) = std::env::var("MERGE_BENCH_MEMORY_OF") {
        let (_, pages) = &sets[index.parse::<usize>().unwrap()];
        let before = status_kib("VmRSS:");
        std::hint::black_box(run(pages, &types));
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
    for (_, pages) in &sets {
        run(pages, &types);
    }
    let samples = interleave(sets.len(), 9, |i| {
        let start = Instant::now();
        std::hint::black_box(run(&sets[i].1, &types));
        start.elapsed()
    });
    println!("\n| page set | median | p10 | p90 | per endpoint | peak memory growth |");
    println!("|---|---|---|---|---|---|");
    for (i, (label, _)) in sets.iter().enumerate() {
        let endpoints: u32 = label.split(' ').next().unwrap().parse().unwrap();
        println!(
            "| {label} | {} | {} | {} | {} | {:.1} MB |",
            show(samples.median(i)),
            show(samples.percentile(i, 10)),
            show(samples.percentile(i, 90)),
            show(samples.median(i) / endpoints),
            peaks[i] as f64 / 1024.0
        );
    }
}

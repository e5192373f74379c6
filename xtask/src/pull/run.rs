//! `cargo xtask pull [--discover [--add]]`: downloads every listed page (and,
//! with `--discover`, reads the watched sections' indexes and downloads the
//! pages they list that `sources.toml` does not), checks all of it, and only
//! then writes: the pages into `pages/` beside the sources file and, with
//! `--add`, the new pages into the sources file. Any failure writes nothing.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use super::discover::{self, Discovered, MAX_SITEMAPS};
use super::fetch::{FetchError, Fetcher};
use super::{Action, Page, Section, add_pages, parse_sources, plan};
use crate::error::SpecError;
use crate::files::{create_dir, read, read_markdown_pages, remove, write_atomically};

/// Download the vendor's pages listed in spec/sources.toml into spec/pages/.
///
/// All or nothing: every page is downloaded and checked (it must hold an
/// OpenAPI block, and be Markdown, not HTML) before any file is written.
/// Unchanged pages are not touched; pages no longer listed are deleted.
/// Redirects are followed only within a URL's origin.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The list of pages and watched sections; pages are written to
    /// `pages/` beside it.
    #[arg(long, value_name = "FILE")]
    sources: Option<PathBuf>,
    /// Seconds one download may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// Read each [[section]]'s indexes (sitemap.xml, llms.txt) and report
    /// the pages under its prefix that are not listed yet, with their
    /// endpoints, and listed pages no index lists any more. Writes
    /// nothing without --add.
    #[arg(long)]
    discover: bool,
    /// With --discover: list the new pages that hold endpoints in the
    /// sources file and pull them with the others.
    #[arg(long, requires = "discover")]
    add: bool,
}

impl Args {
    /// Runs `cargo xtask pull` with these flags in the repository at `root`.
    pub fn run(
        self,
        root: &std::path::Path,
        out: &mut dyn Write,
    ) -> Result<std::process::ExitCode, SpecError> {
        let options = Options {
            sources: self
                .sources
                .unwrap_or_else(|| root.join("spec/sources.toml")),
            timeout: Duration::from_secs(self.timeout),
            discover: self.discover,
            add: self.add,
        };
        run(&options, out)?;
        Ok(std::process::ExitCode::SUCCESS)
    }
}

/// What one pull does.
#[derive(Debug, Clone)]
pub struct Options {
    /// The sources file; pages go to `pages/` beside it.
    pub sources: PathBuf,
    /// The most one download may take.
    pub timeout: Duration,
    /// Read the sections' indexes and report the pages not listed yet.
    pub discover: bool,
    /// With `discover`: list the new pages that hold fragments in the
    /// sources file, and pull them with the others.
    pub add: bool,
}

/// Runs the pull; what it found and did goes to `out`.
pub fn run(options: &Options, out: &mut dyn Write) -> Result<(), SpecError> {
    let file = options.sources.display().to_string();
    let text = read(&options.sources)?;
    let sources = parse_sources(&file, &text)?;
    let fetcher = Fetcher::new(options.timeout);

    let mut listed = sources.pages.clone();
    let mut downloaded = BTreeMap::new();
    let mut new_pages = Vec::new();
    let mut vanished = Vec::new();
    if options.discover {
        let discovery = discover_pages(&fetcher, &file, &sources.pages, &sources.sections, out)?;
        vanished = discovery.vanished;
        for (page, text) in discovery.new {
            new_pages.push(page.clone());
            downloaded.insert(page.name.clone(), text);
        }
        if !options.add {
            return Ok(());
        }
        listed.extend(new_pages.iter().cloned());
    }

    let pages_dir = options
        .sources
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join("pages");
    let current = read_markdown_pages(&pages_dir)?;
    let mut failures = Vec::new();
    let mut retired = Vec::new();
    for page in &sources.pages {
        match download_page(&fetcher, page) {
            Ok(text) => {
                downloaded.insert(page.name.clone(), text);
            }
            // A page no index lists any more that answers 404 or 410 was
            // retired: kept as it is (the README's promise), reported, and
            // no reason to fail the watch every week.
            Err(FetchError::Status {
                status: 404 | 410, ..
            }) if vanished.iter().any(|v: &Page| v.name == page.name)
                && current.contains_key(&page.name) =>
            {
                downloaded.insert(page.name.clone(), current[&page.name].clone());
                retired.push(page);
            }
            Err(e) => failures.push(format!("  {}: {e}", page.name)),
        }
    }
    for page in &retired {
        let _ = writeln!(
            out,
            "retired page {} {} (in no index, and it answered 404 or 410; kept spec/pages/{}.md: remove it from {file} if the vendor retired it)",
            page.name, page.url, page.name
        );
    }
    if !failures.is_empty() {
        return Err(SpecError::Download {
            failed: failures.len(),
            total: listed.len(),
            details: failures.join("\n"),
        });
    }

    let plan = plan(&downloaded, &current)?;
    // Everything is checked; only now is anything written.
    let new_sources = (!new_pages.is_empty())
        .then(|| add_pages(&file, &text, &new_pages))
        .transpose()?;
    create_dir(&pages_dir)?;
    for (name, (action, content)) in &plan.pages {
        let path = pages_dir.join(format!("{name}.md"));
        match (action, content) {
            (_, Some(content)) => write_atomically(&path, content)?,
            (Action::Removed, None) => remove(&path)?,
            _ => {}
        }
    }
    if let Some(new_sources) = new_sources {
        write_atomically(&options.sources, &new_sources)?;
    }
    report_pull(out, &plan, listed.len(), &pages_dir, &new_pages, &file);
    Ok(())
}

/// A listed page's Markdown, refused when the site answers HTML instead.
fn download_page(fetcher: &Fetcher, page: &Page) -> Result<String, FetchError> {
    let fetched = fetcher.get(&page.url)?;
    if fetched.is_html() {
        return Err(FetchError::Transport {
            url: page.url.clone(),
            message:
                "answered HTML, not the page's Markdown export (is the URL the page's with `.md`?)"
                    .into(),
        });
    }
    Ok(fetched.text)
}

/// Reads the indexes, downloads the new pages, prints the discovery report
/// (before any error, so that a failed download loses none of it), and
/// returns the new pages that hold fragments, with their text, and the
/// listed pages no index lists any more.
fn discover_pages(
    fetcher: &Fetcher,
    file: &str,
    listed: &[Page],
    sections: &[Section],
    out: &mut dyn Write,
) -> Result<Discovery, SpecError> {
    if sections.is_empty() {
        return Err(SpecError::BadInput {
            input: file.to_string(),
            message: "no [[section]] to discover pages in (see the README, \"When the vendor adds a page\")".into(),
        });
    }
    let indexes = read_indexes(fetcher, sections)?;
    let found = discover::compare(listed, sections, &indexes.links).map_err(|message| {
        SpecError::BadInput {
            input: indexes.read.join(", "),
            message,
        }
    })?;
    let mut discovered = Vec::new();
    let mut texts = Vec::new();
    let mut failures = Vec::new();
    for page in &found.new {
        match download_page(fetcher, page) {
            Ok(text) => {
                let endpoints = discover::endpoints(&page.name, &text)?;
                if endpoints.is_some() {
                    texts.push((page.clone(), text));
                }
                discovered.push(Discovered {
                    page: page.clone(),
                    endpoints,
                });
            }
            Err(e) => failures.push(format!("  {}: {e}", page.name)),
        }
    }
    let report = discover::report(
        &discovered,
        &found.vanished,
        &indexes.down,
        indexes.read.len(),
    );
    let _ = write!(out, "{report}");
    if !failures.is_empty() {
        return Err(SpecError::Download {
            failed: failures.len(),
            total: found.new.len(),
            details: failures.join("\n"),
        });
    }
    Ok(Discovery {
        new: texts,
        vanished: found.vanished,
    })
}

/// What a discovery found: the new pages that hold fragments, with their
/// text, and the listed pages no index lists any more.
struct Discovery {
    new: Vec<(Page, String)>,
    vanished: Vec<Page>,
}

/// The links of every index that answered, and those that did not.
struct Indexes {
    links: Vec<String>,
    read: Vec<String>,
    down: Vec<String>,
}

/// Reads each section's indexes, following nested sitemaps. One index down
/// is reported; a section with none readable is an error naming them all.
fn read_indexes(fetcher: &Fetcher, sections: &[Section]) -> Result<Indexes, SpecError> {
    let mut indexes = Indexes {
        links: Vec::new(),
        read: Vec::new(),
        down: Vec::new(),
    };
    let mut nested = 0;
    for section in sections {
        let mut readable = 0;
        let mut queue: Vec<String> = section.index.clone();
        queue.reverse();
        while let Some(url) = queue.pop() {
            let read = fetcher.get(&url).map_err(|e| e.to_string()).and_then(|f| {
                discover::read_index(&url, &f.text).map_err(|message| format!("{url}: {message}"))
            });
            match read {
                Ok(links) => {
                    readable += 1;
                    indexes.read.push(url);
                    indexes.links.extend(links.pages);
                    for sitemap in links.sitemaps {
                        nested += 1;
                        if nested > MAX_SITEMAPS {
                            return Err(SpecError::BadInput {
                                input: sitemap,
                                message: format!(
                                    "more than {MAX_SITEMAPS} nested sitemaps: a discovery reads no more"
                                ),
                            });
                        }
                        queue.push(sitemap);
                    }
                }
                Err(reason) => indexes.down.push(reason),
            }
        }
        if readable == 0 {
            return Err(SpecError::BadInput {
                input: section.prefix.clone(),
                message: format!(
                    "no index of the section could be read:\n  {}",
                    indexes.down.join("\n  ")
                ),
            });
        }
    }
    Ok(indexes)
}

fn report_pull(
    out: &mut dyn Write,
    plan: &super::Plan,
    listed: usize,
    pages_dir: &std::path::Path,
    new_pages: &[Page],
    file: &str,
) {
    let _ = writeln!(out, "pulled {listed} pages into {}", pages_dir.display());
    for (label, action) in [
        ("added", Action::Added),
        ("changed", Action::Changed),
        ("unchanged", Action::Unchanged),
        ("removed", Action::Removed),
    ] {
        let names = plan.names(&action);
        let _ = writeln!(
            out,
            "  {label:>9}: {}",
            if names.is_empty() {
                "-".into()
            } else {
                names.join(", ")
            }
        );
    }
    if !new_pages.is_empty() {
        let names: Vec<&str> = new_pages.iter().map(|p| p.name.as_str()).collect();
        let _ = writeln!(out, "listed in {file}: {}", names.join(", "));
    }
    let changed = [Action::Added, Action::Changed, Action::Removed]
        .iter()
        .any(|a| !plan.names(a).is_empty());
    if changed {
        let _ = writeln!(
            out,
            "next: `cargo xtask merge`, then `cargo xtask diff --base HEAD` to review"
        );
    }
}

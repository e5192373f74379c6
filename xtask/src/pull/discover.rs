//! Finding the vendor's new pages: the watched sections of the docs site
//! (`[[section]]` in `spec/sources.toml`), what their indexes list
//! (`sitemap.xml`, nested sitemap indexes included, and `llms.txt`), which
//! of those pages are not listed yet, which listed pages no index lists any
//! more, and the endpoints a new page documents. Downloading is `main.rs`'s;
//! nothing here does I/O.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use quick_xml::events::Event;
use serde_json::Value;

use super::{Page, Section};
use crate::error::SpecError;
use crate::merge::pages;

/// The most nested sitemaps one discovery reads, all sections together.
pub const MAX_SITEMAPS: usize = 20;

/// The most new pages one discovery downloads; an index listing more under
/// a prefix is refused rather than crawled (a misconfigured prefix, or a
/// hostile index).
pub const MAX_NEW_PAGES: usize = 50;

/// The most links one index may hold; a larger one is refused unread.
pub const MAX_INDEX_LINKS: usize = 100_000;

/// What one index lists.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct IndexLinks {
    /// Page URLs.
    pub pages: Vec<String>,
    /// Further sitemaps to read (a sitemap index).
    pub sitemaps: Vec<String>,
}

/// Reads an index: a sitemap (XML, `<urlset>` or `<sitemapindex>`) or an
/// `llms.txt` (Markdown whose links are the pages). `url` resolves
/// relative links and names the index in errors.
pub fn read_index(url: &str, text: &str) -> Result<IndexLinks, String> {
    let links = if text.trim_start().starts_with('<') {
        read_sitemap(text)?
    } else {
        IndexLinks {
            pages: markdown_links(url, text),
            sitemaps: Vec::new(),
        }
    };
    let count = links.pages.len() + links.sitemaps.len();
    if count > MAX_INDEX_LINKS {
        return Err(format!(
            "lists {count} links, more than the {MAX_INDEX_LINKS} a discovery reads"
        ));
    }
    Ok(links)
}

fn read_sitemap(text: &str) -> Result<IndexLinks, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut links = IndexLinks::default();
    // The element `<loc>` is in: `url` or `sitemap`.
    let mut parent: Option<&'static str> = None;
    let mut in_loc = false;
    let mut loc = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "url" => parent = Some("url"),
                "sitemap" => parent = Some("sitemap"),
                "loc" => {
                    in_loc = true;
                    loc.clear();
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_loc => loc.push_str(&t.into_inner()),
            Ok(Event::GeneralRef(r)) if in_loc => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    loc.push(c);
                    continue;
                }
                // The five XML entities; sitemaps escape `&` in URLs.
                let name = r.into_inner();
                loc.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => return Err(format!("not a sitemap: unknown entity &{other};")),
                });
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "loc" => {
                    in_loc = false;
                    let url = loc.trim().to_string();
                    match parent {
                        Some("sitemap") => links.sitemaps.push(url),
                        Some("url") => links.pages.push(url),
                        _ => {}
                    }
                }
                "url" | "sitemap" => parent = None,
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "not a sitemap: {e} at byte {}",
                    reader.error_position()
                ));
            }
        }
    }
    Ok(links)
}

/// The link targets of a Markdown text, absolute.
fn markdown_links(base: &str, text: &str) -> Vec<String> {
    use pulldown_cmark::{Event as Md, Parser, Tag};
    Parser::new(text)
        .filter_map(|event| match event {
            Md::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .filter(|dest| !dest.starts_with('#') && !dest.starts_with("mailto:"))
        .map(|dest| super::fetch::resolve(base, &dest))
        .collect()
}

/// A page's own URL, whatever form a link gives it: without fragment or
/// query, trailing slash or `.md` (the Markdown export's suffix).
pub fn page_url(link: &str) -> String {
    let link = link.split(['#', '?']).next().unwrap_or_default();
    let link = link.trim_end_matches('/');
    link.strip_suffix(".md").unwrap_or(link).to_string()
}

/// The Markdown export of a page: its URL with `.md` appended.
pub fn markdown_export(page: &str) -> String {
    format!("{}.md", page_url(page))
}

/// The name a page under `prefix` gets in `spec/pages/`: the rest of its
/// path, lower case, each run of other characters one `-`.
pub fn page_name(prefix: &str, page: &str) -> Option<String> {
    let rest = page.strip_prefix(prefix.trim_end_matches('/'))?;
    let rest = rest.strip_prefix('/')?;
    let mut name = String::new();
    for c in rest.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-').to_string();
    (!name.is_empty()).then_some(name)
}

/// What the indexes say against `sources.toml`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Pages not listed yet, by name, as `sources.toml` would list them
    /// (their Markdown export's URL).
    pub new: Vec<Page>,
    /// Listed pages under a watched prefix that no index read lists.
    pub vanished: Vec<Page>,
}

/// Compares the pages the indexes list (`links`, as read) with the listed
/// ones, section by section.
pub fn compare(listed: &[Page], sections: &[Section], links: &[String]) -> Result<Found, String> {
    let listed_urls: BTreeSet<String> = listed.iter().map(|p| page_url(&p.url)).collect();
    let listed_names: BTreeMap<&str, &str> = listed
        .iter()
        .map(|p| (p.name.as_str(), p.url.as_str()))
        .collect();
    let indexed: BTreeSet<String> = links.iter().map(|l| page_url(l)).collect();
    let mut found = Found::default();
    let mut names = BTreeMap::new();
    for section in sections {
        let prefix = section.prefix.trim_end_matches('/');
        let mut new_here = Vec::new();
        for page in &indexed {
            let Some(name) = page_name(prefix, page) else {
                continue;
            };
            if listed_urls.contains(page) {
                continue;
            }
            if let Some(url) = listed_names.get(name.as_str()) {
                return Err(format!(
                    "the index lists {page}, whose name `{name}` is already the page at {url}: \
                     add it to sources.toml by hand under another name"
                ));
            }
            if let Some(other) = names.insert(name.clone(), page.clone()) {
                return Err(format!(
                    "{other} and {page} both become the page `{name}`: add them to sources.toml by hand"
                ));
            }
            new_here.push(Page {
                name,
                url: markdown_export(page),
            });
        }
        if new_here.len() > MAX_NEW_PAGES {
            return Err(format!(
                "the indexes list {} new pages under {prefix}/, more than the {MAX_NEW_PAGES} one discovery downloads: \
                 narrow the section's prefix, or list the pages in sources.toml",
                new_here.len()
            ));
        }
        found.new.extend(new_here);
        for page in listed {
            let url = page_url(&page.url);
            if page_name(prefix, &url).is_some() && !indexed.contains(&url) {
                found.vanished.push(page.clone());
            }
        }
    }
    found.new.sort_by(|a, b| a.name.cmp(&b.name));
    found.vanished.sort_by(|a, b| a.name.cmp(&b.name));
    found.vanished.dedup();
    Ok(found)
}

/// One endpoint a page documents: `METHOD`, path and summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Upper case.
    pub method: String,
    /// The path template.
    pub path: String,
    /// The summary, or empty.
    pub summary: String,
}

/// The endpoints of a downloaded page; `None` when it holds no OpenAPI
/// fragment at all (a page of prose). A malformed fragment is an error
/// naming the page and line.
pub fn endpoints(name: &str, text: &str) -> Result<Option<Vec<Endpoint>>, SpecError> {
    let fragments = match pages::extract(&format!("downloaded {name}.md"), text) {
        Ok(fragments) => fragments,
        Err(SpecError::NoDocument { .. }) => return Ok(None),
        Err(other) => return Err(other),
    };
    let mut found = Vec::new();
    for fragment in &fragments {
        let Some(paths) = fragment.doc.get("paths").and_then(Value::as_object) else {
            continue;
        };
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                if !crate::openapi::METHODS.contains(&method.as_str()) {
                    continue;
                }
                found.push(Endpoint {
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    summary: op
                        .get("summary")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                });
            }
        }
    }
    Ok(Some(found))
}

/// One discovered page, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// The page.
    pub page: Page,
    /// Its endpoints; `None` for a page without fragments (skipped).
    pub endpoints: Option<Vec<Endpoint>>,
}

/// The discovery report, in the stable format scripts read (see the
/// README, "When the vendor adds a page"): one block per new page with
/// fragments, one line per skipped or vanished page and per index that did
/// not answer, and a closing count.
pub fn report(
    discovered: &[Discovered],
    vanished: &[Page],
    indexes_down: &[String],
    indexes_read: usize,
) -> String {
    let mut out = String::new();
    let mut new = 0;
    for page in discovered {
        if let Some(endpoints) = &page.endpoints {
            new += 1;
            let _ = writeln!(out, "new page {} {}", page.page.name, page.page.url);
            for e in endpoints {
                let _ = writeln!(out, "  {} {}  {}", e.method, e.path, e.summary);
            }
        }
    }
    for page in discovered.iter().filter(|p| p.endpoints.is_none()) {
        let _ = writeln!(
            out,
            "skipped page {} {} (no OpenAPI fragments)",
            page.page.name, page.page.url
        );
    }
    for page in vanished {
        let _ = writeln!(
            out,
            "vanished page {} {} (listed, but in no index; kept)",
            page.name, page.url
        );
    }
    for index in indexes_down {
        let _ = writeln!(out, "index down {index}");
    }
    let _ = writeln!(
        out,
        "discovery: {new} new, {} skipped, {} vanished; {indexes_read} of {} indexes read",
        discovered.len() - new,
        vanished.len(),
        indexes_read + indexes_down.len()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIX: &str = "https://docs.example.com/elements/api";

    fn page(name: &str, url: &str) -> Page {
        Page {
            name: name.into(),
            url: url.into(),
        }
    }

    fn section() -> Section {
        Section {
            index: vec![],
            prefix: format!("{PREFIX}/"),
        }
    }

    #[test]
    fn sitemaps_and_sitemap_indexes_are_read() {
        let urlset = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://docs.example.com/elements/api/a?x=1&amp;y=2</loc><lastmod>2026-01-01</lastmod></url>
  <url><loc>
    https://docs.example.com/elements/api/b
  </loc></url>
</urlset>"#;
        let links = read_index("https://docs.example.com/sitemap.xml", urlset).unwrap();
        assert_eq!(
            links.pages,
            [
                "https://docs.example.com/elements/api/a?x=1&y=2",
                "https://docs.example.com/elements/api/b"
            ]
        );
        let index = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://docs.example.com/sitemap-pages.xml</loc></sitemap>
</sitemapindex>"#;
        let links = read_index("https://docs.example.com/sitemap.xml", index).unwrap();
        assert_eq!(
            links.sitemaps,
            ["https://docs.example.com/sitemap-pages.xml"]
        );
        assert!(links.pages.is_empty());
        let err = read_index("u", "<urlset><url><loc>x</url>").unwrap_err();
        assert!(err.starts_with("not a sitemap"), "{err}");
    }

    #[test]
    fn llms_txt_links_are_pages_resolved_against_the_index() {
        let text = "# Docs\n\n- [Confirm](https://docs.example.com/elements/api/confirm-offer.md): turns an offer into a booking\n- [Get](/elements/api/get-offer.md)\n- [Top](#top)\n";
        let links = read_index("https://docs.example.com/llms.txt", text).unwrap();
        assert_eq!(
            links.pages,
            [
                "https://docs.example.com/elements/api/confirm-offer.md",
                "https://docs.example.com/elements/api/get-offer.md"
            ]
        );
    }

    #[test]
    fn page_urls_and_names() {
        assert_eq!(
            page_url("https://d.example/a/b.md#x"),
            "https://d.example/a/b"
        );
        assert_eq!(page_url("https://d.example/a/b/"), "https://d.example/a/b");
        assert_eq!(
            markdown_export("https://d.example/a/b"),
            "https://d.example/a/b.md"
        );
        assert_eq!(
            page_name(PREFIX, &format!("{PREFIX}/Confirm_Offer")).as_deref(),
            Some("confirm_offer")
        );
        assert_eq!(
            page_name(PREFIX, &format!("{PREFIX}/offers/get offer")).as_deref(),
            Some("offers-get-offer")
        );
        assert_eq!(page_name(PREFIX, PREFIX), None);
        assert_eq!(page_name(PREFIX, &format!("{PREFIX}-other/x")), None);
        assert_eq!(
            page_name(PREFIX, "https://other.example/elements/api/x"),
            None
        );
    }

    #[test]
    fn new_and_vanished_pages_against_the_listed_ones() {
        let listed = [
            page("opt-out-offer", &format!("{PREFIX}/opt-out-offer.md")),
            page("gone", &format!("{PREFIX}/gone.md")),
            page("elsewhere", "https://other.example/x.md"),
        ];
        let links = [
            format!("{PREFIX}/opt-out-offer"),
            format!("{PREFIX}/confirm-offer.md"),
            format!("{PREFIX}/get-offer/"),
            "https://docs.example.com/other-section/page".to_string(),
        ];
        let found = compare(&listed, &[section()], &links).unwrap();
        let new: Vec<&str> = found.new.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(new, ["confirm-offer", "get-offer"]);
        assert_eq!(found.new[0].url, format!("{PREFIX}/confirm-offer.md"));
        assert_eq!(found.vanished, [listed[1].clone()]);
    }

    #[test]
    fn an_index_listing_too_many_new_pages_is_refused_unfetched() {
        let links: Vec<String> = (0..10_000).map(|i| format!("{PREFIX}/p{i}")).collect();
        let err = compare(&[], &[section()], &links).unwrap_err();
        assert!(err.contains("10000 new pages"), "{err}");
        let too_long = "- [x](https://x.example/a)\n".repeat(MAX_INDEX_LINKS + 1);
        let err = read_index("https://x.example/llms.txt", &too_long).unwrap_err();
        assert!(err.contains("100001 links"), "{err}");
    }

    #[test]
    fn a_new_page_named_like_a_listed_one_is_an_error() {
        let listed = [page(
            "confirm-offer",
            "https://other.example/confirm-offer.md",
        )];
        let err = compare(&listed, &[section()], &[format!("{PREFIX}/confirm-offer")]).unwrap_err();
        assert!(err.contains("already the page"), "{err}");
    }

    #[test]
    fn endpoints_of_a_page_and_a_page_without_any() {
        let text = "## GET /a\n\n```json\n{\"openapi\":\"3.0.0\",\"paths\":{\"/a\":{\"get\":{\"summary\":\"Get a\"},\"parameters\":[]}}}\n```\n";
        let found = endpoints("a", text).unwrap().unwrap();
        assert_eq!(
            found,
            [Endpoint {
                method: "GET".into(),
                path: "/a".into(),
                summary: "Get a".into()
            }]
        );
        assert_eq!(endpoints("prose", "# Just prose\n").unwrap(), None);
    }

    #[test]
    fn the_report_has_one_block_per_new_page_and_a_line_per_other_finding() {
        let discovered = [
            Discovered {
                page: Page {
                    name: "confirm-offer".into(),
                    url: "https://d/confirm-offer.md".into(),
                },
                endpoints: Some(vec![Endpoint {
                    method: "POST".into(),
                    path: "/offers/{offer_id}/confirm".into(),
                    summary: "Confirm offer".into(),
                }]),
            },
            Discovered {
                page: Page {
                    name: "overview".into(),
                    url: "https://d/overview.md".into(),
                },
                endpoints: None,
            },
        ];
        let out = report(
            &discovered,
            &[page("gone", "https://d/gone.md")],
            &["https://d/sitemap.xml: answered 503".into()],
            1,
        );
        assert_eq!(
            out,
            "new page confirm-offer https://d/confirm-offer.md\n  POST /offers/{offer_id}/confirm  Confirm offer\n\
             skipped page overview https://d/overview.md (no OpenAPI fragments)\n\
             vanished page gone https://d/gone.md (listed, but in no index; kept)\n\
             index down https://d/sitemap.xml: answered 503\n\
             discovery: 1 new, 1 skipped, 1 vanished; 1 of 2 indexes read\n"
        );
    }
}

//! `cargo xtask pull --discover [--add]` against a docs site served on
//! loopback: indexes (a sitemap index, a nested sitemap, `llms.txt`), new,
//! prose-only, listed and vanished pages, and a site that misbehaves (an
//! index down, a 404, HTML instead of Markdown, a redirect to another host,
//! a page that never finishes, an index with 10,000 links). The pages served
//! are test fixtures, not the vendor's.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use httpmock::prelude::*;

use crate::{fixtures, xtask};

const PREFIX: &str = "/docs/api";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

/// A sources file listing `listed` (names under the prefix) and watching the
/// prefix through `indexes` (paths on the site), with a comment to keep.
fn setup(server: &MockServer, listed: &[&str], indexes: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut toml = String::from("# Test sources: a comment that must survive --add.\n");
    for name in listed {
        toml.push_str(&format!(
            "\n[[page]]\nname = \"{name}\"\nurl = \"{}\"\n",
            server.url(format!("{PREFIX}/{name}.md"))
        ));
    }
    let indexes: Vec<String> = indexes
        .iter()
        .map(|i| format!("\"{}\"", server.url(*i)))
        .collect();
    toml.push_str(&format!(
        "\n# The section to watch.\n[[section]]\nindex = [{}]\nprefix = \"{}/\"\n",
        indexes.join(", "),
        server.url(PREFIX)
    ));
    std::fs::write(dir.path().join("sources.toml"), toml).unwrap();
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    dir
}

/// Every file under `dir` with its content: what "nothing changed" compares.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in walk(dir) {
        let name = entry.strip_prefix(dir).unwrap().display().to_string();
        files.insert(name, std::fs::read_to_string(&entry).unwrap());
    }
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn pull(dir: &Path, flags: &[&str]) -> std::process::Output {
    let sources = dir.join("sources.toml");
    let mut args = vec!["--sources", sources.to_str().unwrap(), "--timeout", "2"];
    args.extend_from_slice(flags);
    xtask("pull", &args)
}

fn serve(server: &MockServer, path: &str, body: String) {
    server.mock(|when, then| {
        when.method(GET).path(path.to_string());
        then.status(200)
            .header("content-type", "text/markdown; charset=utf-8")
            .body(body);
    });
}

fn sitemap(urls: &[String]) -> String {
    let urls: String = urls
        .iter()
        .map(|u| format!("  <url><loc>{u}</loc></url>\n"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>\n"
    )
}

/// A site with a listed page (`opt-out-offer`), a new page with two
/// endpoints (`offers`, in the nested sitemap), a prose page (`overview`,
/// in `llms.txt`) and a page of another section.
fn site(server: &MockServer) {
    let page = |name: &str| server.url(format!("{PREFIX}/{name}"));
    serve(
        server,
        "/sitemap.xml",
        format!(
            "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>{}</loc></sitemap></sitemapindex>",
            server.url("/sitemap-pages.xml")
        ),
    );
    serve(
        server,
        "/sitemap-pages.xml",
        sitemap(&[
            page("opt-out-offer"),
            page("offers"),
            server.url("/other-section/page"),
        ]),
    );
    serve(
        server,
        "/llms.txt",
        format!(
            "# Docs\n\n- [Opt out]({PREFIX}/opt-out-offer.md)\n- [Overview]({PREFIX}/overview.md): what XCover is\n"
        ),
    );
    serve(
        server,
        &format!("{PREFIX}/opt-out-offer.md"),
        fixture("merge/list.md"),
    );
    serve(
        server,
        &format!("{PREFIX}/offers.md"),
        fixture("discover/offers.md"),
    );
    serve(
        server,
        &format!("{PREFIX}/overview.md"),
        fixture("discover/overview.md"),
    );
}

#[test]
fn discovery_reports_new_pages_with_their_endpoints_and_writes_nothing() {
    let server = MockServer::start();
    site(&server);
    let dir = setup(&server, &["opt-out-offer"], &["/sitemap.xml", "/llms.txt"]);
    let before = snapshot(dir.path());
    let out = pull(dir.path(), &["--discover"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let offers = server.url(format!("{PREFIX}/offers.md"));
    let overview = server.url(format!("{PREFIX}/overview.md"));
    assert_eq!(
        stdout,
        format!(
            "new page offers {offers}\n\
             \x20 GET /api/partners/{{partner_id}}/offers/{{offer_id}}  Get offer\n\
             \x20 GET /api/partners/{{partner_id}}/offers  List offers\n\
             skipped page overview {overview} (no OpenAPI fragments)\n\
             discovery: 1 new, 1 skipped, 0 vanished; 3 of 3 indexes read\n"
        )
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "--discover alone writes nothing"
    );
}

#[test]
fn add_lists_the_new_page_in_sources_and_pulls_it_with_the_others() {
    let server = MockServer::start();
    site(&server);
    let dir = setup(&server, &["opt-out-offer"], &["/sitemap.xml", "/llms.txt"]);
    let out = pull(dir.path(), &["--discover", "--add"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("new page offers "), "{stdout}");
    assert!(
        stdout.contains("    added: offers, opt-out-offer"),
        "{stdout}"
    );
    assert!(stdout.contains("listed in "), "{stdout}");
    let sources = std::fs::read_to_string(dir.path().join("sources.toml")).unwrap();
    assert!(
        sources.starts_with("# Test sources: a comment that must survive --add.\n"),
        "{sources}"
    );
    let new_entry = format!(
        "[[page]]\nname = \"offers\"\nurl = \"{}\"\n",
        server.url(format!("{PREFIX}/offers.md"))
    );
    let (pages, section) = sources.split_once("# The section to watch.").unwrap();
    assert!(pages.contains(&new_entry), "{sources}");
    assert!(section.contains("[[section]]"), "{sources}");
    assert!(!sources.contains("overview"), "a prose page is not added");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pages/offers.md")).unwrap(),
        fixture("discover/offers.md")
    );
    // A second run finds nothing new.
    let again = pull(dir.path(), &["--discover", "--add"]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("discovery: 0 new, 1 skipped"), "{stdout}");
}

#[test]
fn a_listed_page_no_index_lists_is_reported_and_kept() {
    let server = MockServer::start();
    site(&server);
    serve(
        &server,
        &format!("{PREFIX}/retired.md"),
        fixture("merge/create.md"),
    );
    let dir = setup(
        &server,
        &["opt-out-offer", "retired"],
        &["/sitemap.xml", "/llms.txt"],
    );
    std::fs::write(
        dir.path().join("pages/retired.md"),
        fixture("merge/create.md"),
    )
    .unwrap();
    let out = pull(dir.path(), &["--discover", "--add"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "vanished page retired {} (listed, but in no index; kept)\n",
            server.url(format!("{PREFIX}/retired.md"))
        )),
        "{stdout}"
    );
    assert!(dir.path().join("pages/retired.md").exists());
    let sources = std::fs::read_to_string(dir.path().join("sources.toml")).unwrap();
    assert!(sources.contains("name = \"retired\""), "{sources}");
}

#[test]
fn one_index_down_is_reported_and_all_down_is_an_error_naming_them() {
    let server = MockServer::start();
    site(&server);
    let dir = setup(
        &server,
        &["opt-out-offer"],
        &["/missing-sitemap.xml", "/llms.txt"],
    );
    let out = pull(dir.path(), &["--discover"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "index down {}: answered 404\n",
            server.url("/missing-sitemap.xml")
        )),
        "{stdout}"
    );
    assert!(stdout.contains("1 of 2 indexes read"), "{stdout}");

    let dir = setup(
        &server,
        &["opt-out-offer"],
        &["/missing-sitemap.xml", "/missing-llms.txt"],
    );
    let before = snapshot(dir.path());
    let out = pull(dir.path(), &["--discover", "--add"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no index of the section could be read"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&server.url("/missing-sitemap.xml")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&server.url("/missing-llms.txt")),
        "{stderr}"
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// Runs `pull --discover --add` on a site where the new page `offers` is
/// served by `serve_offers`; asserts it fails, names the URL and what is
/// wrong, and changes nothing.
fn new_page_fails(serve_offers: impl FnOnce(&MockServer), expected: &str) {
    let server = MockServer::start();
    serve(
        &server,
        "/llms.txt",
        format!("- [Offers]({PREFIX}/offers.md)\n"),
    );
    serve(
        &server,
        &format!("{PREFIX}/opt-out-offer.md"),
        fixture("merge/list.md"),
    );
    serve_offers(&server);
    let dir = setup(&server, &["opt-out-offer"], &["/llms.txt"]);
    let before = snapshot(dir.path());
    let out = pull(dir.path(), &["--discover", "--add"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let url = server.url(format!("{PREFIX}/offers.md"));
    assert!(stderr.contains(&format!("offers: {url}")), "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
    assert_eq!(
        snapshot(dir.path()),
        before,
        "nothing in the folder changed"
    );
}

#[test]
fn a_new_page_that_answers_404_writes_nothing() {
    new_page_fails(
        |server| {
            server.mock(|when, then| {
                when.path(format!("{PREFIX}/offers.md"));
                then.status(404).body("not found");
            });
        },
        "answered 404",
    );
}

#[test]
fn a_new_page_that_answers_html_writes_nothing() {
    new_page_fails(
        |server| {
            server.mock(|when, then| {
                when.path(format!("{PREFIX}/offers.md"));
                then.status(200)
                    .header("content-type", "text/html")
                    .body("<!DOCTYPE html><html><body>Offers</body></html>");
            });
        },
        "answered HTML",
    );
}

#[test]
fn a_redirect_to_another_host_is_refused() {
    // 127.0.0.2 is loopback too, but another origin.
    new_page_fails(
        |server| {
            server.mock(|when, then| {
                when.path(format!("{PREFIX}/offers.md"));
                then.status(302)
                    .header("location", "http://127.0.0.2:9/offers.md");
            });
        },
        "redirect to http://127.0.0.2:9/offers.md refused",
    );
}

#[test]
fn a_page_that_never_finishes_is_bounded_by_the_timeout() {
    let started = Instant::now();
    new_page_fails(
        |server| {
            server.mock(|when, then| {
                when.path(format!("{PREFIX}/offers.md"));
                then.status(200)
                    .delay(Duration::from_secs(30))
                    .body("# never");
            });
        },
        "timeout",
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_same_origin_redirect_is_followed() {
    let server = MockServer::start();
    site(&server);
    server.mock(|when, then| {
        when.path("/moved-llms.txt");
        then.status(301).header("location", "/llms.txt");
    });
    let dir = setup(&server, &["opt-out-offer"], &["/moved-llms.txt"]);
    let out = pull(dir.path(), &["--discover"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("skipped page overview"), "{stdout}");
}

#[test]
fn an_index_with_10000_links_is_refused_without_fetching_them() {
    let server = MockServer::start();
    let links: Vec<String> = (0..10_000)
        .map(|i| server.url(format!("{PREFIX}/page-{i}")))
        .collect();
    serve(&server, "/sitemap.xml", sitemap(&links));
    let pages = server.mock(|when, then| {
        when.path_prefix(format!("{PREFIX}/page-"));
        then.status(200).body("# a page");
    });
    let dir = setup(&server, &[], &["/sitemap.xml"]);
    // A sources file needs one page; list one the index does not have.
    let toml = std::fs::read_to_string(dir.path().join("sources.toml")).unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        format!(
            "[[page]]\nname = \"seed\"\nurl = \"{}\"\n{toml}",
            server.url("/elsewhere/seed.md")
        ),
    )
    .unwrap();
    let before = snapshot(dir.path());
    let out = pull(dir.path(), &["--discover", "--add"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("10000 new pages"), "{stderr}");
    pages.assert_calls(0);
    assert_eq!(snapshot(dir.path()), before);
}

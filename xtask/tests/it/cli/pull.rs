//! `cargo xtask pull`: pages downloaded from a local mock docs site.

use std::path::Path;
use std::time::{Duration, SystemTime};

use httpmock::prelude::*;

use crate::{fixtures, xtask};

fn page(name: &str) -> String {
    std::fs::read_to_string(fixtures().join("merge").join(format!("{name}.md"))).unwrap()
}

/// A sources file listing `pages` (name, path on the mock site) and an
/// existing pages folder beside it.
fn setup(server: &MockServer, pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut toml = String::from("# test sources\n");
    for (name, path) in pages {
        toml.push_str(&format!(
            "\n[[page]]\nname = \"{name}\"\nurl = \"{}\"\n",
            server.url(*path)
        ));
    }
    std::fs::write(dir.path().join("sources.toml"), toml).unwrap();
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    dir
}

fn pull(dir: &Path) -> std::process::Output {
    xtask(
        "pull",
        &[
            "--sources",
            dir.join("sources.toml").to_str().unwrap(),
            "--timeout",
            "5",
        ],
    )
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn changed_pages_are_rewritten_unchanged_ones_untouched_and_unlisted_ones_removed() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/things/list.md");
        then.status(200).body(page("list"));
    });
    server.mock(|when, then| {
        when.path("/things/create.md");
        then.status(200).body(page("create"));
    });
    let dir = setup(
        &server,
        &[("list", "/things/list.md"), ("create", "/things/create.md")],
    );
    let pages = dir.path().join("pages");
    std::fs::write(pages.join("list.md"), page("list")).unwrap();
    std::fs::write(pages.join("create.md"), "an older version\n").unwrap();
    std::fs::write(pages.join("gone.md"), "a page the docs no longer have\n").unwrap();
    std::fs::write(pages.join("extra.yaml"), "a hand-made fragment stays\n").unwrap();
    let list_written = modified(&pages.join("list.md"));
    std::thread::sleep(Duration::from_millis(20));

    let result = pull(dir.path());
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(stdout.contains("  changed: create"), "{stdout}");
    assert!(stdout.contains("unchanged: list"), "{stdout}");
    assert!(stdout.contains("  removed: gone"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(pages.join("create.md")).unwrap(),
        page("create")
    );
    assert_eq!(
        modified(&pages.join("list.md")),
        list_written,
        "an unchanged page keeps its mtime"
    );
    assert!(!pages.join("gone.md").exists());
    assert!(pages.join("extra.yaml").exists());
}

#[test]
fn one_failing_url_writes_nothing() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/things/list.md");
        then.status(200).body(page("list"));
    });
    server.mock(|when, then| {
        when.path("/things/create.md");
        then.status(404).body("not found");
    });
    let dir = setup(
        &server,
        &[("list", "/things/list.md"), ("create", "/things/create.md")],
    );
    let pages = dir.path().join("pages");
    std::fs::write(pages.join("list.md"), "an older version\n").unwrap();

    let result = pull(dir.path());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("1 of 2 pages could not be downloaded, so nothing was written"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "create: {}: answered 404",
            server.url("/things/create.md")
        )),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(pages.join("list.md")).unwrap(),
        "an older version\n"
    );
    assert!(!pages.join("create.md").exists());
}

#[test]
fn a_page_that_answers_html_writes_nothing() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/things/list.md");
        then.status(200)
            .body("<html>We are down for maintenance</html>");
    });
    let dir = setup(&server, &[("list", "/things/list.md")]);
    let result = pull(dir.path());
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains(&format!(
            "list: {}: answered HTML, not the page's Markdown export",
            server.url("/things/list.md")
        )),
        "{stderr}"
    );
    assert!(!dir.path().join("pages/list.md").exists());
}

#[test]
fn a_silent_server_times_out_with_a_clear_error() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.path("/slow.md");
        then.status(200)
            .delay(Duration::from_secs(10))
            .body(page("list"));
    });
    let dir = setup(&server, &[("slow", "/slow.md")]);
    let result = xtask(
        "pull",
        &[
            "--sources",
            dir.path().join("sources.toml").to_str().unwrap(),
            "--timeout",
            "1",
        ],
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("slow: {}", server.url("/slow.md"))),
        "{stderr}"
    );
    assert!(
        stderr.to_lowercase().contains("timeout") || stderr.to_lowercase().contains("timed out"),
        "{stderr}"
    );
}

#[test]
fn bad_toml_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        "[[page]]\nname = \"a\"\nurl = \n",
    )
    .unwrap();
    let result = pull(dir.path());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr.contains("sources.toml:3: not a valid sources file"),
        "{stderr}"
    );
}

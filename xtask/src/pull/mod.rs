//! Pulling the vendor's pages: the list of pages and watched sections
//! (`spec/sources.toml`), adding discovered pages to it with its comments and
//! order kept, and the plan that compares what was downloaded with what
//! `spec/pages/` holds. Downloading and writing are `main.rs`'s; nothing here
//! does I/O.

use std::collections::BTreeMap;

use serde::Deserialize;

pub mod discover;
pub mod fetch;
mod run;

pub use run::{Args, Options, run};

use crate::error::{Source, SpecError};
use crate::merge::pages;

/// One page to pull.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The file name it gets in the pages folder, without `.md`.
    pub name: String,
    /// The URL of the page's Markdown export.
    pub url: String,
}

/// A section of the docs site to watch for new pages (`[[section]]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The site's indexes to read: `sitemap.xml` (nested sitemap indexes
    /// are followed) and `llms.txt`, whichever exist.
    pub index: Vec<String>,
    /// The URL prefix of the section's pages.
    pub prefix: String,
}

/// What `sources.toml` lists.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    /// The pages to pull.
    #[serde(default, rename = "page")]
    pub pages: Vec<Page>,
    /// The sections to watch.
    #[serde(default, rename = "section")]
    pub sections: Vec<Section>,
}

/// Parses `sources.toml`; `file` names it in errors.
pub fn parse_sources(file: &str, text: &str) -> Result<Sources, SpecError> {
    let sources: Sources = toml::from_str(text).map_err(|e| SpecError::Config {
        at: Source::new(file, line_of_offset(text, e.span().map_or(0, |s| s.start))),
        message: format!("not a valid sources file: {}", e.message()),
    })?;
    let mut seen = BTreeMap::new();
    for page in &sources.pages {
        let at = Source::new(file, line_containing(text, &page.name));
        let valid_name = !page.name.is_empty()
            && page
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid_name {
            return Err(SpecError::Config {
                at,
                message: format!(
                    "page name `{}` must be lowercase letters, digits, `-` or `_` (it becomes a file name)",
                    page.name
                ),
            });
        }
        if !is_http(&page.url) {
            return Err(SpecError::Config {
                at,
                message: format!("page `{}`: url `{}` is not http(s)", page.name, page.url),
            });
        }
        if seen.insert(page.name.clone(), ()).is_some() {
            return Err(SpecError::Config {
                at,
                message: format!("page `{}` is listed twice", page.name),
            });
        }
    }
    if sources.pages.is_empty() {
        return Err(SpecError::Config {
            at: Source::new(file, 1),
            message: "no [[page]] entries".into(),
        });
    }
    for section in &sources.sections {
        let at = Source::new(file, line_containing(text, &section.prefix));
        let urls = section.index.iter().chain([&section.prefix]);
        if let Some(bad) = urls.clone().find(|u| !is_http(u)) {
            return Err(SpecError::Config {
                at,
                message: format!("section url `{bad}` is not http(s)"),
            });
        }
        if section.index.is_empty() {
            return Err(SpecError::Config {
                at,
                message: format!("section `{}` names no index", section.prefix),
            });
        }
    }
    Ok(sources)
}

fn is_http(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// `text` (a `sources.toml`) with `pages` appended as `[[page]]` tables
/// after the listed ones, its comments, order and layout kept.
pub fn add_pages(file: &str, text: &str, pages: &[Page]) -> Result<String, SpecError> {
    let mut doc: toml_edit::DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| SpecError::Config {
                at: Source::new(file, line_of_offset(text, e.span().map_or(0, |s| s.start))),
                message: format!("not a valid sources file: {}", e.message()),
            })?;
    let last_page = doc
        .get("page")
        .and_then(toml_edit::Item::as_array_of_tables)
        .and_then(|pages| pages.iter().filter_map(toml_edit::Table::position).max())
        .unwrap_or(0);
    // Tables after the listed pages (the sections) move down to make room,
    // keeping their order; the new pages go right after the listed ones.
    let room = pages.len() as isize;
    for (key, item) in doc.as_table_mut().iter_mut() {
        if key == "page" {
            continue;
        }
        let tables: Vec<&mut toml_edit::Table> = match item {
            toml_edit::Item::Table(table) => vec![table],
            toml_edit::Item::ArrayOfTables(array) => array.iter_mut().collect(),
            _ => vec![],
        };
        for table in tables {
            if let Some(at) = table.position().filter(|at| *at > last_page) {
                table.set_position(Some(at + room));
            }
        }
    }
    let listed = doc
        .entry("page")
        .or_insert_with(|| toml_edit::ArrayOfTables::new().into())
        .as_array_of_tables_mut()
        .ok_or_else(|| SpecError::Config {
            at: Source::new(file, 1),
            message: "`page` must be an array of tables ([[page]])".into(),
        })?;
    for (offset, page) in pages.iter().enumerate() {
        let mut table = toml_edit::Table::new();
        table["name"] = toml_edit::value(page.name.as_str());
        table["url"] = toml_edit::value(page.url.as_str());
        table.set_position(Some(last_page + 1 + offset as isize));
        listed.push(table);
    }
    Ok(doc.to_string())
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn line_containing(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(&format!("\"{needle}\"")))
        .map_or(1, |i| i + 1)
}

/// What a pull does to each page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// New page: written.
    Added,
    /// Content differs: rewritten.
    Changed,
    /// Same content: not touched.
    Unchanged,
    /// In the folder but no longer listed: deleted.
    Removed,
}

/// The plan for one pull: each page name with its action and, for pages to
/// write, the new content.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// `name -> (action, content to write)`.
    pub pages: BTreeMap<String, (Action, Option<String>)>,
}

impl Plan {
    /// The pages with `action`, by name.
    pub fn names(&self, action: &Action) -> Vec<&str> {
        self.pages
            .iter()
            .filter(|(_, (a, _))| a == action)
            .map(|(n, _)| n.as_str())
            .collect()
    }
}

/// Compares downloaded pages with the folder's current `.md` pages. Every
/// download must hold at least one OpenAPI block (a docs site that answers an
/// error page with 200 must not replace a good page), or nothing is planned.
pub fn plan(
    downloaded: &BTreeMap<String, String>,
    current: &BTreeMap<String, String>,
) -> Result<Plan, SpecError> {
    let mut plan = Plan::default();
    for (name, content) in downloaded {
        // Named as downloaded, with `.md` last: the extension picks the parser.
        pages::extract(&format!("downloaded {name}.md"), content)?;
        let action = match current.get(name) {
            None => Action::Added,
            Some(old) if old == content => Action::Unchanged,
            Some(_) => Action::Changed,
        };
        let write = matches!(action, Action::Added | Action::Changed).then(|| content.clone());
        plan.pages.insert(name.clone(), (action, write));
    }
    for name in current.keys() {
        if !downloaded.contains_key(name) {
            plan.pages.insert(name.clone(), (Action::Removed, None));
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str =
        "## GET /a\n\n```json\n{\"openapi\":\"3.0.0\",\"paths\":{\"/a\":{\"get\":{}}}}\n```\n";

    #[test]
    fn sources_parse_and_bad_entries_name_their_line() {
        let ok = "[[page]]\nname = \"manage-booking\"\nurl = \"https://example.com/a.md\"\n";
        assert_eq!(
            parse_sources("s.toml", ok).unwrap().pages[0].name,
            "manage-booking"
        );

        let bad_name = "[[page]]\nname = \"Manage Booking\"\nurl = \"https://example.com/a.md\"\n";
        let err = parse_sources("s.toml", bad_name).unwrap_err().to_string();
        assert!(
            err.starts_with("s.toml:2: page name `Manage Booking`"),
            "{err}"
        );

        let twice = format!("{ok}{ok}");
        let err = parse_sources("s.toml", &twice).unwrap_err().to_string();
        assert!(err.contains("listed twice"), "{err}");

        let not_toml = "[[page]\nname = 1\n";
        let err = parse_sources("s.toml", not_toml).unwrap_err().to_string();
        assert!(
            err.starts_with("s.toml:1: not a valid sources file"),
            "{err}"
        );
    }

    #[test]
    fn sections_parse_and_pages_are_added_with_comments_and_order_kept() {
        let text = "# The vendor's pages.\n\n[[page]]\nname = \"a\" # first\nurl = \"https://d.example/s/a.md\"\n\n\
                    # Watched for new pages.\n[[section]]\nindex = [\"https://d.example/sitemap.xml\"]\nprefix = \"https://d.example/s/\"\n";
        let sources = parse_sources("s.toml", text).unwrap();
        assert_eq!(sources.sections[0].prefix, "https://d.example/s/");
        let added = add_pages(
            "s.toml",
            text,
            &[Page {
                name: "b".into(),
                url: "https://d.example/s/b.md".into(),
            }],
        )
        .unwrap();
        assert_eq!(
            added,
            "# The vendor's pages.\n\n[[page]]\nname = \"a\" # first\nurl = \"https://d.example/s/a.md\"\n\n\
             [[page]]\nname = \"b\"\nurl = \"https://d.example/s/b.md\"\n\n\
             # Watched for new pages.\n[[section]]\nindex = [\"https://d.example/sitemap.xml\"]\nprefix = \"https://d.example/s/\"\n"
        );
        assert_eq!(parse_sources("s.toml", &added).unwrap().pages.len(), 2);

        let no_index = "[[page]]\nname = \"a\"\nurl = \"https://d.example/a.md\"\n[[section]]\nindex = []\nprefix = \"https://d.example/s/\"\n";
        let err = parse_sources("s.toml", no_index).unwrap_err().to_string();
        assert!(
            err.starts_with("s.toml:6: section `https://d.example/s/` names no index"),
            "{err}"
        );
    }

    #[test]
    fn the_plan_sorts_pages_into_added_changed_unchanged_removed() {
        let downloaded: BTreeMap<String, String> = [("a", PAGE), ("b", PAGE), ("c", PAGE)]
            .into_iter()
            .map(|(n, c)| (n.to_string(), c.to_string()))
            .collect();
        let current: BTreeMap<String, String> = [("b", PAGE), ("c", "old"), ("d", PAGE)]
            .into_iter()
            .map(|(n, c)| (n.to_string(), c.to_string()))
            .collect();
        let plan = plan(&downloaded, &current).unwrap();
        assert_eq!(plan.names(&Action::Added), ["a"]);
        assert_eq!(plan.names(&Action::Unchanged), ["b"]);
        assert_eq!(plan.names(&Action::Changed), ["c"]);
        assert_eq!(plan.names(&Action::Removed), ["d"]);
        assert_eq!(
            plan.pages["b"].1, None,
            "an unchanged page is not rewritten"
        );
    }

    #[test]
    fn a_download_without_an_openapi_block_plans_nothing() {
        let downloaded: BTreeMap<String, String> = [(
            "a".to_string(),
            "<html>Service unavailable</html>".to_string(),
        )]
        .into();
        let err = plan(&downloaded, &BTreeMap::new()).unwrap_err().to_string();
        assert!(
            err.contains("downloaded a.md: no OpenAPI document found"),
            "{err}"
        );
    }
}

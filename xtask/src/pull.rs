//! Pulling the vendor's pages: the list of pages (`spec/sources.toml`), and
//! the plan that compares what was downloaded with what `spec/pages/` holds.
//! Downloading and writing are `main.rs`'s; nothing here does I/O.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{Source, SpecError};
use crate::pages;

/// One page to pull.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The file name it gets in the pages folder, without `.md`.
    pub name: String,
    /// The URL of the page's Markdown export.
    pub url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sources {
    #[serde(default)]
    page: Vec<Page>,
}

/// Parses `sources.toml`; `file` names it in errors.
pub fn parse_sources(file: &str, text: &str) -> Result<Vec<Page>, SpecError> {
    let sources: Sources = toml::from_str(text).map_err(|e| SpecError::Config {
        at: Source::new(file, line_of_offset(text, e.span().map_or(0, |s| s.start))),
        message: format!("not a valid sources file: {}", e.message()),
    })?;
    let mut seen = BTreeMap::new();
    for page in &sources.page {
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
        if !(page.url.starts_with("https://") || page.url.starts_with("http://")) {
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
    if sources.page.is_empty() {
        return Err(SpecError::Config {
            at: Source::new(file, 1),
            message: "no [[page]] entries".into(),
        });
    }
    Ok(sources.page)
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
            parse_sources("s.toml", ok).unwrap()[0].name,
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

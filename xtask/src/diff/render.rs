//! The diff for people and machines: text for a terminal, Markdown for a
//! pull-request comment (what breaks callers on the wire first, then what
//! breaks Rust code only, the rest folded), JSON. One row per cause: its
//! place, the Rust item, the operations it reaches.

use super::{Change, Level, Semver};
use crate::naming::plural;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// One block per change, for a terminal.
    Text,
    /// For a pull-request comment.
    Markdown,
    /// `{"changes": [...], "semver": "..."}`, stable for machines.
    Json,
}

/// Renders the changes from `old` to `new` (names as the reader knows
/// them: a revision, or a path relative to where the diff was run), and
/// the next version after `version` (the crate's current one) if given.
pub fn render(
    changes: &[Change],
    output: Output,
    old: &str,
    new: &str,
    version: Option<&str>,
) -> String {
    let semver = Semver::of(changes);
    let bump = Bump { semver, version };
    match output {
        Output::Json => {
            let mut out =
                serde_json::to_string_pretty(&json(changes, version)).expect("changes serialize");
            out.push('\n');
            out
        }
        Output::Text => text(changes, &bump, old, new),
        Output::Markdown => markdown(changes, &bump, old, new),
    }
}

/// The changes as the JSON document `--format json` prints:
/// `{"changes": [...], "semver": "...", "version": {"from", "to"}}`.
pub fn json(changes: &[Change], version: Option<&str>) -> serde_json::Value {
    let semver = Semver::of(changes);
    let bump = Bump { semver, version };
    let mut doc = serde_json::json!({"changes": changes, "semver": semver});
    if let Some((from, to)) = bump.numbers() {
        doc["version"] = serde_json::json!({"from": from, "to": to});
    }
    doc
}

/// The suggested bump, and the versions it goes between where known.
struct Bump<'a> {
    semver: Semver,
    version: Option<&'a str>,
}

impl Bump<'_> {
    /// (from, to), when the current version is known and one.
    fn numbers(&self) -> Option<(&str, String)> {
        let from = self.version?;
        Some((from, self.semver.next(from)?))
    }

    /// ` (0.1.0 to 0.2.0)`, or nothing.
    fn shown(&self) -> String {
        self.numbers()
            .map(|(from, to)| format!(" ({from} to {to})"))
            .unwrap_or_default()
    }
}

/// Whether `changes` reach `threshold` (for `--fail-on`).
pub fn fails(changes: &[Change], threshold: Option<Level>) -> bool {
    threshold.is_some_and(|t| changes.iter().any(|c| c.level >= t))
}

fn summary(changes: &[Change], old: &str, new: &str) -> String {
    let count = |f: &dyn Fn(&Change) -> bool| changes.iter().filter(|c| f(c)).count();
    format!(
        "{} from {old} to {new}: {} breaking for Rust callers, {} breaking on the wire",
        plural(changes.len(), "change"),
        count(&|c| c.rust == Level::Breaking),
        count(&|c| c.wire == Level::Breaking),
    )
}

/// `GET /a`, or `2 operations: GET /a, PATCH /a`.
fn reaches(operations: &[String]) -> String {
    match operations {
        [] => "the whole document".into(),
        [one] => one.clone(),
        many => format!("{}: {}", plural(many.len(), "operation"), many.join(", ")),
    }
}

fn text(changes: &[Change], bump: &Bump<'_>, old: &str, new: &str) -> String {
    let mut out = String::new();
    for c in changes {
        out.push_str(&format!(
            "{:<8} {}: {}\n         wire {}, rust {}\n         at {}{}\n         reaches {}\n",
            c.level.label().to_ascii_uppercase(),
            c.id,
            c.message,
            c.wire.label(),
            c.rust.label(),
            c.location,
            c.rust_item
                .as_deref()
                .map(|item| format!(" ({item})"))
                .unwrap_or_default(),
            reaches(&c.operations),
        ));
    }
    out.push_str(&format!(
        "{}\nsuggested version bump: {}{}\n",
        summary(changes, old, new),
        bump.semver.label(),
        bump.shown()
    ));
    out
}

/// `text` as a Markdown code span, whatever backticks it holds: fenced by
/// one backtick more than its longest run, padded where it starts or ends
/// with one (CommonMark's rule), so that a location quoting a value
/// (`` `GET /a` 200 response ``) does not end the span early.
fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// An enum value's change, from its message: (what, `gained` or `lost`,
/// the value).
fn enum_value(change: &Change) -> Option<(&str, &'static str, &str)> {
    if !change.id.contains("enum-value") {
        return None;
    }
    [("gained", " gained value "), ("lost", " lost value ")]
        .into_iter()
        .find_map(|(verb, infix)| {
            let (what, value) = change.message.split_once(infix)?;
            Some((what, verb, value))
        })
}

/// A property removed, from its rule and message: (the schema or body it
/// was removed from, as its location names it, the property).
fn property_removed(change: &Change) -> Option<(&str, &str)> {
    if !change.id.ends_with("property-removed") {
        return None;
    }
    let name = change
        .message
        .strip_prefix("property `")?
        .strip_suffix("` removed")?;
    let owner = change
        .location
        .strip_suffix(name)?
        .strip_suffix('.')
        .or_else(|| change.location.strip_suffix(name)?.strip_suffix(": "))?;
    Some((owner, name))
}

/// The changes as the rows of a review, each with its message: those with
/// the same rule, message and levels are one row, however many places and
/// operations they are at (a header the vendor dropped from every response
/// is one cause), and so are an enum's values gained (or lost) at once and
/// the properties one schema or body lost (a component switched to a
/// slimmer shape), each listed in one message; in the order their first
/// change comes.
fn one_row_per_cause<'a>(changes: &[&'a Change]) -> Vec<Row<'a>> {
    // Each row's changes, and the schema or body whose lost properties it
    // lists, where it is such a row.
    let mut rows: Vec<(Option<&str>, Vec<&Change>)> = Vec::new();
    let mut index: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    // A schema that loses several properties is one cause; one property
    // removed from several schemas (a field dropped everywhere) is one too.
    let mut losses: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    for change in changes {
        if let Some((owner, _)) = property_removed(change) {
            *losses
                .entry((change.id, owner, change.wire, change.rust))
                .or_default() += 1;
        }
    }
    for change in changes {
        let owner = property_removed(change)
            .map(|(owner, _)| owner)
            .filter(|owner| losses[&(change.id, *owner, change.wire, change.rust)] > 1);
        let cause = match (enum_value(change), owner) {
            (Some((what, verb, _)), _) => format!("{what} {verb}"),
            (None, Some(owner)) => format!("{owner} lost"),
            (None, None) => change.message.clone(),
        };
        let key = (change.id, cause, change.wire, change.rust);
        match index.get(&key) {
            Some(&row) => rows[row].1.push(*change),
            None => {
                index.insert(key, rows.len());
                rows.push((owner, vec![*change]));
            }
        }
    }
    rows.into_iter()
        .map(|(owner, group)| {
            let message = match enum_value(group[0]) {
                Some((what, verb, _)) => {
                    let values = distinct(group.iter().filter_map(|c| enum_value(c).map(|v| v.2)));
                    match values.as_slice() {
                        [one] => format!("{what} {verb} value {one}"),
                        many => format!("{what} {verb} {} values: {}", many.len(), many.join(", ")),
                    }
                }
                None => match owner {
                    Some(owner) => {
                        let names = distinct(
                            group
                                .iter()
                                .filter_map(|c| property_removed(c).map(|p| format!("`{}`", p.1))),
                        );
                        format!(
                            "`{owner}` lost {} properties: {}",
                            names.len(),
                            names.join(", ")
                        )
                    }
                    None => group[0].message.clone(),
                },
            };
            Row {
                message,
                owner,
                changes: group,
            }
        })
        .collect()
}

/// One row of a review: its message, the changes it stands for, and, for
/// the properties one schema or body lost, that owner (its Where).
struct Row<'a> {
    message: String,
    owner: Option<&'a str>,
    changes: Vec<&'a Change>,
}

/// `items` without repeats, in the order they first come.
fn distinct<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Cells' entries one a line; past ten, the rest counted.
fn listed(entries: Vec<String>) -> String {
    const SHOWN: usize = 10;
    let more = entries.len().saturating_sub(SHOWN);
    let mut shown: Vec<String> = entries.into_iter().take(SHOWN).collect();
    if more > 0 {
        shown.push(format!("and {more} more"));
    }
    shown.join("<br>")
}

fn markdown(changes: &[Change], bump: &Bump<'_>, old: &str, new: &str) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let table = |rows: &[&Change]| {
        let mut out = String::from(
            "| Change | Where | Rust item | Reaches | Wire | Rust |\n|---|---|---|---|---|---|\n",
        );
        for Row {
            message,
            owner,
            changes: group,
        } in one_row_per_cause(rows)
        {
            let first = group[0];
            let mut operations: Vec<&String> = group.iter().flat_map(|c| &c.operations).collect();
            operations.sort();
            operations.dedup();
            let operations = if operations.is_empty() {
                "—".to_string()
            } else {
                listed(operations.iter().map(|o| code(&cell(o))).collect())
            };
            let mut items: Vec<&str> = group
                .iter()
                .filter_map(|c| c.rust_item.as_deref())
                .collect();
            items.dedup();
            let items = if items.is_empty() {
                "—".to_string()
            } else {
                listed(items.into_iter().map(code).collect())
            };
            out.push_str(&format!(
                "| `{}`: {} | {} | {} | {} | {} | {} |\n",
                first.id,
                cell(&message),
                listed(distinct(
                    group
                        .iter()
                        .map(|c| code(&cell(owner.unwrap_or(&c.location))))
                )),
                items,
                operations,
                first.wire.label(),
                first.rust.label(),
            ));
        }
        out
    };
    let verdict = match bump.semver {
        Semver::Major => "⚠️ **breaking**: suggests a **major** version bump",
        Semver::Minor => "suggests a **minor** version bump",
        Semver::Patch => "✅ no API change: a **patch** release at most",
    };
    let mut out = format!(
        "### Spec diff: {verdict}{}\n\n{}\n",
        bump.shown(),
        summary(changes, old, new)
    );
    // What fails at run time for every caller first, then what stops
    // Rust code compiling only, then the rest, folded.
    let (wire, rest): (Vec<&Change>, Vec<&Change>) =
        changes.iter().partition(|c| c.wire == Level::Breaking);
    let (rust, rest): (Vec<&Change>, Vec<&Change>) =
        rest.into_iter().partition(|c| c.rust == Level::Breaking);
    if !wire.is_empty() {
        out.push_str(&format!(
            "\n#### Breaking on the wire ({})\n\nCalls that worked fail, whatever the caller's language.\n\n{}",
            wire.len(),
            table(&wire)
        ));
    }
    if !rust.is_empty() {
        out.push_str(&format!(
            "\n#### Breaking Rust code only ({})\n\nThe wire is unchanged for these; code compiled against the client must change.\n\n{}",
            rust.len(),
            table(&rust)
        ));
    }
    if !rest.is_empty() {
        out.push_str(&format!(
            "\n<details>\n<summary>Other changes ({})</summary>\n\n{}\n</details>\n",
            rest.len(),
            table(&rest)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::super::diff;
    use super::super::tests::base;
    use super::*;

    #[test]
    fn markdown_puts_wire_breaks_first_then_rust_only_breaks_and_folds_the_rest() {
        let mut new = base();
        new["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("fetch_thing");
        new["paths"]["/other"] =
            json!({"get": {"operationId": "other", "responses": {"200": {"description": "ok"}}}});
        let changes = diff(&base(), &new);
        let md = render(&changes, Output::Markdown, "old", "new", Some("0.1.0"));
        assert!(
            md.starts_with(
                "### Spec diff: ⚠️ **breaking**: suggests a **major** version bump (0.1.0 to 0.2.0)\n"
            ),
            "{md}"
        );
        assert!(
            !md.contains("#### Breaking on the wire"),
            "no wire break: {md}"
        );
        // A wire break comes before a Rust-only one.
        let mut wire = new.clone();
        wire["paths"]["/things/{thing_id}"]
            .as_object_mut()
            .unwrap()
            .remove("patch")
            .unwrap();
        let both = render(&diff(&base(), &wire), Output::Markdown, "old", "new", None);
        let on_wire = both
            .find("#### Breaking on the wire (1)")
            .expect("a wire break");
        let rust_only = both
            .find("#### Breaking Rust code only (1)")
            .expect("a Rust break");
        assert!(on_wire < rust_only, "{both}");
        assert!(
            both[on_wire..rust_only].contains("api-removed-without-deprecation"),
            "{both}"
        );
        assert!(
            md.contains(
                "2 changes from old to new: 1 breaking for Rust callers, 0 breaking on the wire"
            ),
            "{md}"
        );
        let breaking = md.find("#### Breaking Rust code only (1)").unwrap();
        let details = md
            .find("<details>\n<summary>Other changes (1)</summary>")
            .unwrap();
        assert!(breaking < details);
        assert!(
            md[breaking..details].contains(
                "| `api-operation-id-removed`: operationId `get_thing` renamed to `fetch_thing`: \
             the method `get_thing` becomes `fetch_thing`, renaming what is named after it too: `builder::GetThing` | `GET /things/{thing_id}` | \
             `Client::get_thing` | `GET /things/{thing_id}` | info | breaking |"
            ),
            "{md}"
        );
        assert!(md[details..].contains("`endpoint-added`"));
        assert!(!md.contains("~1"), "{md}");
    }

    #[test]
    fn a_shared_schema_change_is_one_row_listing_what_it_reaches() {
        let mut old = base();
        old["paths"]["/things"] = json!({"get": {"operationId": "list_things", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}}}}});
        let mut new = old.clone();
        new["components"]["schemas"]["Thing"]["properties"]["price"]["type"] = json!("string");
        let changes = diff(&old, &new);
        let text = render(&changes, Output::Text, "a", "b", None);
        assert_eq!(
            text,
            "BREAKING response-property-type-changed: `price` changed from number to string\n         \
             wire breaking, rust breaking\n         \
             at components.schemas.Thing.price (types::Thing::price)\n         \
             reaches 2 operations: GET /things, GET /things/{thing_id}\n\
             1 change from a to b: 1 breaking for Rust callers, 1 breaking on the wire\n\
             suggested version bump: major\n"
        );
    }

    #[test]
    fn the_properties_a_shared_schema_loses_are_one_row_that_lists_them() {
        let mut old = base();
        old["paths"]["/things"] = json!({"get": {"operationId": "list_things", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}}}}});
        let mut new = old.clone();
        let properties = new["components"]["schemas"]["Thing"]["properties"]
            .as_object_mut()
            .unwrap();
        properties.shift_remove("name");
        properties.shift_remove("price");
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 2, "{changes:#?}");
        let md = render(&changes, Output::Markdown, "a", "b", None);
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| `")).collect();
        assert_eq!(
            rows,
            [
                "| `response-optional-property-removed`: `components.schemas.Thing` lost 2 properties: `name`, `price` \
                 | `components.schemas.Thing` | `types::Thing::name`<br>`types::Thing::price` \
                 | `GET /things`<br>`GET /things/{thing_id}` | warning | breaking |"
            ],
            "{md}"
        );
        // One property is still its own sentence, at its own place.
        let one = diff(&old, &{
            let mut v = old.clone();
            v["components"]["schemas"]["Thing"]["properties"]
                .as_object_mut()
                .unwrap()
                .shift_remove("name");
            v
        });
        let md = render(&one, Output::Markdown, "a", "b", None);
        assert!(
            md.contains("property `name` removed | `components.schemas.Thing.name` |"),
            "{md}"
        );
    }

    #[test]
    fn a_cell_that_holds_backticks_stays_one_code_span() {
        assert_eq!(code("GET /a"), "`GET /a`");
        assert_eq!(
            code("`Authorization` header"),
            "`` `Authorization` header ``"
        );
        assert_eq!(code("a ``b`` c"), "``` a ``b`` c ```");
    }

    #[test]
    fn an_enum_gaining_values_at_once_is_one_row_that_lists_them() {
        let mut new = base();
        new["components"]["schemas"]["Thing"]["properties"]["status"]["enum"] =
            json!(["active", "cancelled", "paused", "expired", "pending"]);
        let changes = diff(&base(), &new);
        let md = render(&changes, Output::Markdown, "a", "b", None);
        let rows: Vec<&str> = md
            .lines()
            .filter(|l| l.contains("response-property-enum-value-added"))
            .collect();
        assert_eq!(rows.len(), 1, "{md}");
        assert!(rows[0].contains("gained 3 values: "), "{md}");
        for value in ["paused", "expired", "pending"] {
            assert_eq!(rows[0].matches(&format!("\"{value}\"")).count(), 1, "{md}");
        }
        assert_eq!(
            changes
                .iter()
                .filter(|c| c.id == "response-property-enum-value-added")
                .count(),
            3,
            "the JSON keeps one change a value"
        );
    }

    #[test]
    fn an_enum_change_at_a_schemas_root_names_the_schema() {
        let mut old = base();
        old["components"]["schemas"]["Status"] = json!({"type": "string", "enum": ["A", "B"]});
        old["components"]["schemas"]["Thing"]["properties"]["status"] =
            json!({"$ref": "#/components/schemas/Status"});
        let mut new = old.clone();
        new["components"]["schemas"]["Status"]["enum"] = json!(["A"]);
        let changes = diff(&old, &new);
        let messages: Vec<&str> = changes.iter().map(|c| c.message.as_str()).collect();
        assert!(
            messages.contains(&"the schema `Status` lost value \"B\""),
            "{messages:?}"
        );
    }

    #[test]
    fn json_output_is_the_stable_shape() {
        let mut new = base();
        new["paths"]["/things/{thing_id}"]["get"]["operationId"] = json!("fetch_thing");
        let out: Value =
            serde_json::from_str(&render(&diff(&base(), &new), Output::Json, "a", "b", None))
                .unwrap();
        assert_eq!(
            out,
            json!({
                "changes": [{
                    "id": "api-operation-id-removed",
                    "origin": "oasdiff",
                    "level": "breaking",
                    "wire": "info",
                    "rust": "breaking",
                    "location": "GET /things/{thing_id}",
                    "rust_item": "Client::get_thing",
                    "operations": ["GET /things/{thing_id}"],
                    "message": "operationId `get_thing` renamed to `fetch_thing`: the method `get_thing` becomes `fetch_thing`, renaming what is named after it too: `builder::GetThing`",
                    "renamed_to": "fetch_thing"
                }],
                "semver": "major"
            })
        );
    }
}

//! Semantic diff of two OpenAPI documents, through two lenses: the wire
//! contract (would a request or response valid before stop being valid?)
//! and the generated Rust client (would code compiled against the old client
//! stop compiling, or start failing?).
//!
//! The wire lens follows oasdiff's rules ([`rules`]). `$ref`s are followed,
//! so a change to a shared schema is found through every operation that
//! reaches it, and reported once: one [`Change`] per cause, naming the
//! schema's place (`components.schemas.Thing.status`), the Rust item it
//! touches (`types::Thing::status`) and the operations it reaches.

#[macro_use]
mod words;

mod checks;
mod facts;
// oasdiff's checker suite as facts: test data (5,000 generated lines) kept
// under the tests, compiled in for the rule table's "oasdiff tests" column
// and for the replay and the diff bench, which use it from here.
#[path = "../../tests/oasdiff_suite/mod.rs"]
pub mod oasdiff_suite;
mod pairing;
mod place;
pub mod proof;
pub mod render;
pub mod rules;
mod run;
mod walk;

use serde::Serialize;
use serde_json::Value;

pub use place::{Direction, Scope};
pub use render::{Output, fails, render};
pub use rules::{Family, Keyword, Level, Move, Origin, RULES, Rule, RuleId, rule};
pub use run::{Args, Options, Proof, RulesArgs, run};

use checks::document::versioning;
use walk::Differ;

/// One difference, with everything it reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The rule ([`RULES`]).
    pub id: &'static str,
    /// Whose rule it is: oasdiff's, or this project's own.
    pub origin: rules::Origin,
    /// The worse of the two lenses.
    pub level: Level,
    /// For the wire contract.
    pub wire: Level,
    /// For Rust code compiled against the generated client. Usually the
    /// rule's; finer where the generated code says so (an optional field
    /// becoming nullable stays `Option<T>`).
    pub rust: Level,
    /// Where the cause is, for a person: `components.schemas.Thing.status`,
    /// `PATCH /things/{id} request body: note`, or `servers`.
    pub location: String,
    /// The generated Rust item it touches, when there is one:
    /// `types::Thing::status`, `Client::get_thing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust_item: Option<String>,
    /// The operations it reaches (`GET /things/{id}`), sorted; empty for
    /// document-wide changes.
    pub operations: Vec<String>,
    /// What changed.
    pub message: String,
    /// The new name, where the change is a rename (an operationId, a
    /// schema, a path parameter): what the old name, and the Rust items
    /// named after it, became.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_to: Option<String>,
}

/// The version bump the changes call for, from the Rust lens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// Nothing callers can see.
    Patch,
    /// Additions, or changes that break only some uses.
    Minor,
    /// Code written against the old crate breaks.
    Major,
}

impl Semver {
    /// The bump for a set of changes, from both lenses: a change that
    /// breaks Rust code or the wire is major (code that still compiles but
    /// whose calls now fail is broken all the same); any other change
    /// minor; none patch.
    pub fn of(changes: &[Change]) -> Self {
        if changes
            .iter()
            .any(|c| c.rust == Level::Breaking || c.wire == Level::Breaking)
        {
            Semver::Major
        } else if changes.is_empty() {
            Semver::Patch
        } else {
            Semver::Minor
        }
    }

    /// The version after `current` (`0.1.0`, or `v1.2.3`) with this bump,
    /// as Cargo reads versions: below 1.0 a breaking release bumps the
    /// minor and anything else the patch (`0.1.0` to `0.2.0`, `0.1.1`);
    /// from 1.0, each bump its own part. `None` when `current` is not a
    /// version.
    pub fn next(self, current: &str) -> Option<String> {
        let (major, minor, patch) = semver(current)?;
        Some(match (self, major) {
            (Semver::Major, 0) => format!("0.{}.0", minor + 1),
            (_, 0) => format!("0.{minor}.{}", patch + 1),
            (Semver::Major, _) => format!("{}.0.0", major + 1),
            (Semver::Minor, _) => format!("{major}.{}.0", minor + 1),
            (Semver::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
        })
    }

    /// `patch`, `minor` or `major`.
    pub fn label(self) -> &'static str {
        match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// `doc` with every float that is a whole number within 64 bits written as
/// that integer, so that values compare as numbers: a tool that writes a
/// default `2` as `2.0`, or YAML's `1.0` for JSON's `1`, changed nothing.
/// Borrowed when there is none (most specs), so the diff copies nothing.
fn numbers_by_value(doc: &Value) -> std::borrow::Cow<'_, Value> {
    fn whole(n: &serde_json::Number) -> Option<serde_json::Number> {
        let f = n.as_f64().filter(|_| n.is_f64())?;
        if f.fract() != 0.0 || !(-9.2e18..1.8e19).contains(&f) {
            return None;
        }
        if f < 0.0 {
            Some((f as i64).into())
        } else {
            Some((f as u64).into())
        }
    }
    fn any(value: &Value) -> bool {
        match value {
            Value::Number(n) => whole(n).is_some(),
            Value::Array(items) => items.iter().any(any),
            Value::Object(map) => map.values().any(any),
            _ => false,
        }
    }
    fn rewrite(value: &mut Value) {
        match value {
            Value::Number(n) => {
                if let Some(integer) = whole(n) {
                    *n = integer;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(rewrite),
            Value::Object(map) => map.values_mut().for_each(rewrite),
            _ => {}
        }
    }
    if !any(doc) {
        return std::borrow::Cow::Borrowed(doc);
    }
    let mut doc = doc.clone();
    rewrite(&mut doc);
    std::borrow::Cow::Owned(doc)
}

/// All changes from `old` to `new`, one per cause, most severe first.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let (old, new) = (numbers_by_value(old), numbers_by_value(new));
    let (old, new) = (old.as_ref(), new.as_ref());
    let differ = Differ::walk(old, new);
    let moved = differ.moved;
    let mut changes: Vec<Change> = differ
        .found
        .into_iter()
        .map(|(key, operations)| {
            let rule = key.id.rule();
            // A change that reaches only moved operations breaks no call
            // on the wire: the old URL's removal, a row of its own, is the
            // break there. Code that follows the move meets it.
            let only_moved = !operations.is_empty() && operations.iter().all(|o| moved.contains(o));
            let wire = if only_moved { Level::Info } else { rule.wire };
            let mut message = key.message;
            if only_moved && rule.wire > Level::Info {
                message.push_str(
                    " (only where the path moved: the old URL's removal is the break on the wire)",
                );
            }
            Change {
                id: rule.id,
                origin: rule.origin,
                level: wire.max(key.rust),
                wire,
                rust: key.rust,
                location: key.location,
                rust_item: key.rust_item,
                operations: operations.into_iter().collect(),
                message,
                renamed_to: key.renamed_to,
            }
        })
        .collect();
    if let Some(change) = versioning(old, new, &changes) {
        changes.push(change);
    }
    changes.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then_with(|| a.location.cmp(&b.location))
            .then_with(|| a.id.cmp(b.id))
            .then_with(|| a.message.cmp(&b.message))
    });
    changes
}

/// `major.minor.patch` of a semantic version (`v` prefix, pre-release and
/// build allowed), or `None`.
fn semver(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.strip_prefix('v').unwrap_or(version);
    let core = core.split('+').next()?;
    let core = core.split('-').next()?;
    let parts: Vec<&str> = core.split('.').collect();
    let number = |p: &str| {
        let plain = !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p == "0" || !p.starts_with('0'));
        plain.then(|| p.parse::<u64>().ok()).flatten()
    };
    match parts.as_slice() {
        [major, minor, patch] => Some((number(major)?, number(minor)?, number(patch)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

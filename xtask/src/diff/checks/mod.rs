//! The checks, one file per rule family: each adds to [`super::Differ`]
//! the methods the walk calls where that family's rules apply, and opens
//! with the ids of the rules it emits (the `Family` column of
//! `docs/diff-rules.md`).

pub(super) mod applicators;
pub(super) mod bodies;
pub(super) mod bounds;
pub(super) mod composition;
pub(super) mod document;
mod endpoints;
pub(super) mod lifecycle;
pub(super) mod parameters;
pub(super) mod properties;
pub(super) mod responses;
pub(super) mod security;
pub(super) mod types;
pub(super) mod values;

use serde_json::Value;

use super::facts::is_true;
use super::{Direction, Keyword, Move, Scope};

/// oasdiff's own scope for a change to a property one side never sees: a
/// request property the server sets (`readOnly`), whose bounds and values
/// the client does not send, or a response property only clients write
/// (`writeOnly`), which the server does not return. Other scopes are as
/// they are.
pub(in crate::diff) fn access_scope(
    direction: Direction,
    scope: Scope,
    (keyword, change): (Keyword, Move),
    schema: &Value,
) -> Scope {
    let unsent = matches!(
        (keyword, change),
        (Keyword::EnumValue, Move::Removed)
            | (
                Keyword::MaxLength | Keyword::Max | Keyword::ExclusiveMax,
                Move::Decreased
            )
            | (Keyword::Min | Keyword::ExclusiveMin, Move::Increased)
    );
    let unreturned = (keyword, change) == (Keyword::EnumValue, Move::Added);
    match (direction, scope) {
        (Direction::Request, Scope::Property) if unsent && is_true(schema, "readOnly") => {
            Scope::ReadOnlyProperty
        }
        (Direction::Response, Scope::Property) if unreturned && is_true(schema, "writeOnly") => {
            Scope::WriteOnlyProperty
        }
        _ => scope,
    }
}

#[cfg(test)]
mod tests {
    use crate::diff::{Family, RULES};

    /// Each check file opens with the ids of the rules the table gives its
    /// family, in the table's order. (That each rule is pushed from its
    /// family's file alone is asserted at every push in debug builds.)
    #[test]
    fn each_check_file_opens_with_the_ids_of_its_family() {
        for &family in Family::ALL {
            let path = format!(
                "{}/src/diff/checks/{}.rs",
                env!("CARGO_MANIFEST_DIR"),
                family.file()
            );
            let text = std::fs::read_to_string(&path).unwrap();
            let docs: Vec<&str> = text
                .lines()
                .take_while(|line| line.starts_with("//!"))
                .collect();
            let docs = docs.join(" ");
            let listed: Vec<&str> = docs
                .split_once("Rules:")
                .map(|(_, ids)| ids.split('`').skip(1).step_by(2).collect())
                .unwrap_or_default();
            let expected: Vec<&str> = RULES
                .iter()
                .filter(|rule| rule.family == family)
                .map(|rule| rule.id)
                .collect();
            assert_eq!(listed, expected, "{path}: its opening `Rules:` list");
        }
    }
}

//! Which diff row caused a compile error: the row whose Rust item the
//! error names. A row's item is `types::Booking::status`,
//! `builder::ListBookings::page`, `Client::list_bookings` or
//! `types::Booking`; rustc names the same things in its messages
//! (``no field `status` on type `&Booking` ``, ``no method named `page`
//! found for struct `ListBookings` ``).

use super::diagnostics::CompileError;
use crate::diff::Change;
use crate::naming::{pascal_case, snake_case};

/// The indexes in `changes` of the rows that explain `error`, the best
/// matches only; empty when no row's Rust item is named by it.
pub fn rows_for(error: &CompileError, changes: &[Change]) -> Vec<usize> {
    rows_naming(&error.named, &error.source, changes)
}

/// The indexes in `changes` of the rows whose Rust item is among `named`
/// (what a tool names) or, failing that, `source` (the words of the line
/// it points at), the best matches only.
pub fn rows_naming(named: &[String], source: &[String], changes: &[Change]) -> Vec<usize> {
    let error = Names { named, source };
    let scores: Vec<u8> = changes.iter().map(|c| score(&error, c)).collect();
    let best = scores.iter().copied().max().unwrap_or(0);
    if best > 0 {
        return (0..changes.len()).filter(|&i| scores[i] == best).collect();
    }
    // A type mismatch names the types, not the field: where the line the
    // error points at names one changed member and only one row has it,
    // that row is the cause.
    let by_source: Vec<usize> = changes
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            item(c).is_some_and(|(_, member)| {
                member.is_some_and(|m| error.source.iter().any(|w| w == m))
            })
        })
        .map(|(i, _)| i)
        .collect();
    if by_source.len() == 1 {
        by_source
    } else {
        Vec::new()
    }
}

/// What a tool's message names, and the words of the line it points at.
struct Names<'a> {
    named: &'a [String],
    source: &'a [String],
}

/// How surely `error` is about `change`'s Rust item: 3 when rustc names
/// the item and its owner; 2 when it names the member and the line names
/// the owner, a whole type the row is about only on the line, or a type
/// named after the row's operation; 0 when not at all.
fn score(error: &Names<'_>, change: &Change) -> u8 {
    let Some((owner, member)) = item(change) else {
        return 0;
    };
    let named = |w: &str| error.named.iter().any(|n| n == w);
    let on_line = |w: &str| error.source.iter().any(|n| n == w);
    // An operation's row is about everything named after it too (under
    // its old name and, renamed, its new one): progenitor's builder and
    // inline body and response types, and this crate's own mock helpers
    // (`OptOutOfferWhen`, `MockServerExt::opt_out_offer`) and fake
    // `Operation` variant; less surely than a row about one of the
    // builder's methods, which names the builder as well.
    if let ("Client", Some(method)) = (owner, member) {
        let renamed = change.renamed_to.as_deref();
        for id in std::iter::once(method).chain(renamed) {
            let pascal = pascal_case(id);
            let after =
                ["", "Body", "Response", "When", "Then"].map(|suffix| format!("{pascal}{suffix}"));
            if named(&snake_case(id)) || after.iter().any(|t| named(t)) {
                return if named(method) && named(owner) { 3 } else { 2 };
            }
        }
    }
    // An operation's builder (`ListBookings`) has its mock twins
    // (`ListBookingsWhen`), whose methods follow its parameters.
    let named_owner = |owner: &str| {
        named(owner)
            || ["When", "Then"]
                .iter()
                .any(|twin| named(&format!("{owner}{twin}")))
    };
    match member {
        Some(member) if named(member) && named_owner(owner) => 3,
        Some(member) if named(member) && on_line(owner) => 2,
        Some(_) => 0,
        None if named(owner) => 3,
        None if on_line(owner) => 2,
        None => 0,
    }
}

/// A row's Rust item as (owner, member): `types::Booking::status` is
/// (`Booking`, `status`), `types::Booking` (`Booking`, none).
pub fn item(change: &Change) -> Option<(&str, Option<&str>)> {
    let path = change.rust_item.as_deref()?;
    let path = ["types::", "builder::"]
        .iter()
        .find_map(|module| path.strip_prefix(module))
        .unwrap_or(path);
    Some(match path.split_once("::") {
        Some((owner, member)) => (owner, Some(member)),
        None => (path, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Level, Origin};

    fn row(item: &str) -> Change {
        Change {
            id: "response-property-removed",
            origin: Origin::Oasdiff,
            level: Level::Breaking,
            wire: Level::Info,
            rust: Level::Breaking,
            location: "somewhere".into(),
            rust_item: Some(item.into()),
            operations: Vec::new(),
            message: String::new(),
            renamed_to: None,
        }
    }

    fn error(message: &str, line: &str) -> CompileError {
        let json = serde_json::json!({
            "reason": "compiler-message",
            "message": {"message": message, "level": "error", "code": null, "children": [],
                "spans": [{"file_name": "src/lib.rs", "line_start": 1, "column_start": 1,
                    "is_primary": true, "label": null, "text": [{"text": line}]}]}
        });
        super::super::diagnostics::errors(&json.to_string()).remove(0)
    }

    #[test]
    fn a_removed_field_is_the_row_of_that_types_field() {
        let rows = [
            row("types::Policy::status"),
            row("types::Booking::status"),
            row("types::Booking::id"),
        ];
        let e = error(
            "no field `status` on type `&Booking`",
            "    booking.status.clone()",
        );
        assert_eq!(rows_for(&e, &rows), [1]);
    }

    #[test]
    fn a_removed_builder_method_is_the_row_of_that_parameter() {
        let rows = [
            row("builder::ListBookings::page"),
            row("Client::list_bookings"),
        ];
        let e = error(
            "no method named `page` found for struct `ListBookings<'a>` in the current scope",
            "        .page(page)",
        );
        assert_eq!(rows_for(&e, &rows), [0]);
        let mock = error(
            "no method named `page` found for struct `ListBookingsWhen`",
            "",
        );
        assert_eq!(rows_for(&mock, &rows), [0]);
    }

    #[test]
    fn a_removed_type_is_the_row_of_that_type() {
        let rows = [row("types::OptOutOfferBody"), row("types::Booking::id")];
        let e = error(
            "cannot find type `OptOutOfferBody` in module `types`",
            "use xone::types::OptOutOfferBody;",
        );
        assert_eq!(rows_for(&e, &rows), [0]);
    }

    #[test]
    fn an_operations_row_covers_the_types_named_after_it() {
        let rows = [row("Client::opt_out_offer"), row("types::Customer")];
        let e = error(
            "unresolved import `xone::types::OptOutOfferBody`",
            "use xone::types::OptOutOfferBody;",
        );
        assert_eq!(rows_for(&e, &rows), [0]);
        let builder = error("cannot find type `OptOutOffer` in module `builder`", "");
        assert_eq!(rows_for(&builder, &rows), [0]);
        let mock = error(
            "no method named `opt_out_offer` found for reference `&MockServer`",
            "",
        );
        assert_eq!(rows_for(&mock, &rows), [0]);
    }

    #[test]
    fn a_renamed_operations_row_covers_what_its_new_name_adds() {
        let mut renamed = row("Client::opt_out_offer");
        renamed.renamed_to = Some("decline_offer".into());
        let rows = [row("types::Customer"), renamed];
        let added = error("trait method `MockServerExt::decline_offer` added", "");
        assert_eq!(rows_for(&added, &rows), [1]);
    }

    #[test]
    fn a_type_mismatch_is_the_one_row_whose_member_the_line_names() {
        let rows = [row("types::Booking::price"), row("types::Policy::status")];
        let e = error("mismatched types", "    let p: f64 = booking.price;");
        assert_eq!(rows_for(&e, &rows), [0]);
    }

    #[test]
    fn a_member_name_shared_by_two_types_is_not_guessed() {
        let rows = [row("types::Booking::id"), row("types::Policy::id")];
        let unnamed = error("mismatched types", "    let id: u64 = thing.id;");
        assert!(rows_for(&unnamed, &rows).is_empty());
        let other_type = error("no field `id` on type `&Ticket`", "    ticket.id");
        assert!(rows_for(&other_type, &rows).is_empty());
    }

    #[test]
    fn an_error_no_row_names_is_explained_by_none() {
        let rows = [row("types::Booking::status")];
        let e = error("cannot find value `x` in this scope", "    x");
        assert!(rows_for(&e, &rows).is_empty());
    }
}

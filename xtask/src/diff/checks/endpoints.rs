//! Operations: added, removed (as oasdiff's check_api_removed.go decides,
//! with what their deprecation says), moved to a new path under the same
//! operationId, renamed, tagged; path placeholders renamed.
//!
//! Rules: `endpoint-added`, `api-path-removed-without-deprecation`,
//! `api-removed-without-deprecation`, `api-operation-id-removed`,
//! `api-operation-id-added`, `request-path-param-renamed`, `api-tag-added`,
//! `api-tag-removed`, `api-removed-before-sunset`,
//! `api-path-removed-with-deprecation`, `api-removed-with-deprecation`,
//! `api-path-removed-before-sunset`, `api-path-sunset-parse`.

use serde_json::Value;

use super::lifecycle::{Sunset, sunset, today};
use crate::diff::facts::{is_true, members, operation_id, strings};
use crate::diff::pairing::content;
use crate::diff::place::Place;
use crate::diff::walk::operation_name;
use crate::diff::{Differ, Level, RuleId};
use crate::naming::{pascal_case, snake_case};

/// `Client::{method}`: the generated method of an operation, as
/// progenitor names it from its operationId (`getThing` is `get_thing`).
pub(in crate::diff) fn client_method(id: &str) -> String {
    format!("Client::{}", snake_case(id))
}

/// The types progenitor names after operation `id` (its builder, its
/// inline request body and response), which its renaming renames too:
/// `, renaming what is named after it too: builder::GetThing, GetThingBody`.
fn named_after(id: &str, op: &Value) -> String {
    let pascal = pascal_case(id);
    // A body or response whose schema is an inline object: progenitor
    // names its type after the operation.
    let inline = |owner: &Value| {
        content(owner)
            .values()
            .filter_map(|media| media.get("schema"))
            .any(|s| {
                s.get("$ref").is_none() && (s.get("properties").is_some() || s["type"] == "object")
            })
    };
    let mut types = vec![format!("builder::{pascal}")];
    if inline(&op["requestBody"]) {
        types.push(format!("{pascal}Body"));
    }
    if members(op, "responses").values().any(inline) {
        types.push(format!("{pascal}Response"));
    }
    let types: Vec<String> = types.iter().map(|t| format!("`{t}`")).collect();
    format!(
        ", renaming what is named after it too: {}",
        types.join(", ")
    )
}

impl Differ<'_> {
    /// An operation whose URL is gone though its operationId lives on at
    /// another path (`path_gone`: no operation is left at the old URL).
    pub(in crate::diff) fn endpoint_moved(
        &mut self,
        method: &str,
        path: &str,
        op: &Value,
        new_path: &str,
        path_gone: bool,
    ) {
        let place = self.operation_place(method, path);
        let (id, _) = Self::removal_id(path_gone, op);
        let message = format!(
            "`{}` moved to `{}`; the method `{}` stays",
            place.operation,
            operation_name(method, new_path),
            snake_case(operation_id(op).unwrap_or_default())
        );
        self.push_rust(id, Level::Info, &place, message);
    }

    /// A deprecated operation, still there, whose changed sunset cannot be
    /// read (oasdiff's check_api_sunset_changed.go reports it under the
    /// removal check's id): breaking on the wire as oasdiff rates it, but
    /// the method stays.
    pub(in crate::diff) fn sunset_unreadable(&mut self, place: &Place, message: String) {
        self.push_rust(RuleId::ApiPathSunsetParse, Level::Info, place, message);
    }

    /// An operation gone, with what its deprecation says.
    pub(in crate::diff) fn endpoint_removed(
        &mut self,
        method: &str,
        path: &str,
        op: &Value,
        path_gone: bool,
    ) {
        let place = Place {
            item: operation_id(op).map(client_method),
            ..self.operation_place(method, path)
        };
        let (id, why) = Self::removal_id(path_gone, op);
        let why = why.map(|w| format!(" {w}")).unwrap_or_default();
        let message = format!("`{}` removed{why}", place.operation);
        self.push(id, &place, message);
    }

    /// A new operation.
    pub(in crate::diff) fn endpoint_added(&mut self, method: &str, path: &str, op: &Value) {
        // The new method, for a reviewer and for the docs watch's
        // pull request, which names each new endpoint's method.
        let place = Place {
            item: operation_id(op).map(client_method),
            ..self.operation_place(method, path)
        };
        let message = format!("`{}` added", place.operation);
        self.push(RuleId::EndpointAdded, &place, message);
    }

    /// An operationId added, renamed or removed: the method's name.
    pub(in crate::diff) fn operation_id_changed(
        &mut self,
        place: &Place,
        old: &Value,
        new: &Value,
    ) {
        let (old_id, new_id) = (operation_id(old), operation_id(new));
        if old_id == new_id {
            return;
        }
        let mut here = place.clone();
        here.item = old_id.map(client_method);
        let (rule_id, message, renamed_to) = match (old_id, new_id) {
            (None, Some(n)) => (
                RuleId::ApiOperationIdAdded,
                format!("operationId `{n}` added"),
                None,
            ),
            (Some(o), Some(n)) => (
                RuleId::ApiOperationIdRemoved,
                format!(
                    "operationId `{o}` renamed to `{n}`: the method `{}` becomes `{}`{}",
                    snake_case(o),
                    snake_case(n),
                    named_after(o, old)
                ),
                Some(n),
            ),
            (Some(o), None) => (
                RuleId::ApiOperationIdRemoved,
                format!("operationId `{o}` removed"),
                None,
            ),
            (None, None) => unreachable!("the ids differ"),
        };
        self.push_renamed(rule_id, &here, message, renamed_to);
    }

    /// Tags added or removed.
    pub(in crate::diff) fn tags(&mut self, place: &Place, old: &Value, new: &Value) {
        let tags = |op: &Value| strings(op.get("tags"));
        let (old_tags, new_tags) = (tags(old), tags(new));
        for tag in new_tags.difference(&old_tags) {
            self.push(RuleId::ApiTagAdded, place, format!("tag `{tag}` added"));
        }
        for tag in old_tags.difference(&new_tags) {
            self.push(RuleId::ApiTagRemoved, place, format!("tag `{tag}` removed"));
        }
    }

    /// Path placeholders renamed at the same position: the same URL, but
    /// the builder method is named after the placeholder.
    pub(in crate::diff) fn path_parameters_renamed(
        &mut self,
        place: &Place,
        builder: &str,
        old_names: &[String],
        new_names: &[String],
    ) {
        for (o, n) in old_names.iter().zip(new_names).filter(|(o, n)| o != n) {
            let mut here = place.clone();
            here.item = Some(format!("builder::{builder}::{}", snake_case(o)));
            let message = format!(
                "path parameter `{o}` renamed to `{n}`: the builder method `{o}` becomes `{n}`"
            );
            self.push_renamed(RuleId::RequestPathParamRenamed, &here, message, Some(n));
        }
    }
}

impl Differ<'_> {
    /// A removed operation's id, given what its deprecation says, as
    /// oasdiff's check_api_removed.go decides it: removed before its
    /// sunset is breaking even when deprecated; a sunset that cannot be
    /// read is breaking too.
    pub(in crate::diff) fn removal_id(path_gone: bool, op: &Value) -> (RuleId, Option<String>) {
        let with_or_without = |deprecated: bool| match (path_gone, deprecated) {
            (true, false) => RuleId::ApiPathRemovedWithoutDeprecation,
            (true, true) => RuleId::ApiPathRemovedWithDeprecation,
            (false, false) => RuleId::ApiRemovedWithoutDeprecation,
            (false, true) => RuleId::ApiRemovedWithDeprecation,
        };
        if !is_true(op, "deprecated") {
            return (with_or_without(false), None);
        }
        match sunset(op, today()) {
            Sunset::Missing | Sunset::Past(_) => (with_or_without(true), None),
            Sunset::Invalid(why) => (RuleId::ApiPathSunsetParse, Some(why)),
            Sunset::Due(date) => (
                if path_gone {
                    RuleId::ApiPathRemovedBeforeSunset
                } else {
                    RuleId::ApiRemovedBeforeSunset
                },
                Some(format!("before its sunset ({date})")),
            ),
        }
    }
}

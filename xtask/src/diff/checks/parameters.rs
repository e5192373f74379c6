//! Parameters: added, removed (with what their deprecation says, and a
//! probable rename noted), required or not, their schemas, the items of an
//! array parameter, and the properties of an object parameter.
//!
//! Rules: `new-required-request-parameter`, `new-optional-request-parameter`,
//! `request-parameter-became-required`, `request-parameter-became-optional`,
//! `request-parameter-max-set`, `request-parameter-min-set`,
//! `request-parameter-max-items-increased`,
//! `request-parameter-max-items-decreased`,
//! `request-parameter-min-items-increased`,
//! `request-parameter-min-items-decreased`,
//! `request-parameter-min-items-set`,
//! `request-parameter-property-type-changed`,
//! `request-parameter-property-type-generalized`,
//! `request-parameter-property-type-specialized`,
//! `request-parameter-property-enum-value-added`,
//! `request-parameter-property-enum-value-removed`,
//! `new-request-path-parameter`,
//! `new-required-request-default-parameter-to-existing-path`,
//! `new-optional-request-default-parameter-to-existing-path`,
//! `request-parameter-became-not-nullable`,
//! `request-parameter-list-of-types-narrowed`,
//! `request-parameter-property-list-of-types-narrowed`,
//! `new-required-request-header-property`,
//! `request-header-property-became-required`,
//! `request-header-property-became-enum`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diff::facts::{
    covers, is_true, list_of_types_change, members, nullable, single_type, strings, type_set,
};
use crate::diff::place::Place;
use crate::diff::walk::rule_of;
use crate::diff::{Differ, Direction, Keyword, Move, RuleId, Scope};
use crate::naming::snake_case;
use crate::openapi;

impl Differ<'_> {
    /// Parameters by location and name; path parameters by position, since
    /// a rename is reported on its own.
    pub(in crate::diff) fn parameters(
        &mut self,
        place: &Place,
        builder: &str,
        old: &[(Value, bool)],
        new: &[(Value, bool)],
        old_path_names: &[String],
        new_path_names: &[String],
    ) {
        let params =
            |all: &[(Value, bool)], path_names: &[String]| -> BTreeMap<(String, String), Value> {
                all.iter()
                    .map(|(p, _)| p.clone())
                    .filter_map(|p| {
                        let location = p.get("in")?.as_str()?.to_string();
                        let mut key = p.get("name")?.as_str()?.to_string();
                        if location == "path"
                            && let Some(i) = path_names.iter().position(|n| *n == key)
                        {
                            key = format!("#{i}");
                        }
                        Some(((location, key.to_ascii_lowercase()), p))
                    })
                    .collect()
            };
        let from_path_level = |p: &Value| {
            new.iter().any(|(q, path_level)| {
                *path_level && q.get("name") == p.get("name") && q.get("in") == p.get("in")
            })
        };
        let (old_params, new_params) = (params(old, old_path_names), params(new, new_path_names));
        let shown = |p: &Value| {
            format!(
                "{} parameter `{}`",
                p["in"].as_str().unwrap_or("?"),
                p["name"].as_str().unwrap_or("?")
            )
        };
        // A parameter removed and one added in the same place with the same
        // type, one of each, is probably a rename: each message says so
        // (the ids and levels stay: a caller sending the old name breaks).
        // Keys are shared by the old and the new map: a removed key is never
        // an added one, so one map serves both sides.
        let renamed = probable_renames(self.old, self.new, &old_params, &new_params);
        let at = |p: &Value| {
            let mut here = place.clone();
            here.anchor = format!("{} {}", place.anchor, shown(p));
            here.item = Some(format!(
                "builder::{builder}::{}",
                snake_case(p["name"].as_str().unwrap_or("?"))
            ));
            here
        };
        for (key, p) in &new_params {
            let here = at(p);
            let Some(old_p) = old_params.get(key) else {
                let required = is_true(p, "required");
                let (id, what) = match (key.0.as_str(), from_path_level(p), required) {
                    ("path", _, _) => (RuleId::NewRequestPathParameter, "required"),
                    (_, true, true) => (
                        RuleId::NewRequiredRequestDefaultParameterToExistingPath,
                        "required path-level",
                    ),
                    (_, true, false) => (
                        RuleId::NewOptionalRequestDefaultParameterToExistingPath,
                        "optional path-level",
                    ),
                    (_, false, true) => (RuleId::NewRequiredRequestParameter, "required"),
                    (_, false, false) => (RuleId::NewOptionalRequestParameter, "optional"),
                };
                let note = renamed.get(key).map_or("", String::as_str);
                self.push(id, &here, format!("new {what} {}{note}", shown(p)));
                continue;
            };
            match (is_true(old_p, "required"), is_true(p, "required")) {
                (false, true) => self.push(
                    RuleId::RequestParameterBecameRequired,
                    &here,
                    format!("{} became required", shown(p)),
                ),
                (true, false) => self.push(
                    RuleId::RequestParameterBecameOptional,
                    &here,
                    format!("{} became optional", shown(p)),
                ),
                _ => {}
            }
            let schema = |doc: &'_ Value, p: &Value| {
                p.get("schema")
                    .map(|s| openapi::resolve_deep(doc, s).clone())
                    .unwrap_or(Value::Null)
            };
            let (os, ns) = (schema(self.old, old_p), schema(self.new, p));
            let mut here = here;
            here.direction = Direction::Request;
            self.deprecation(&here, Scope::Parameter, old_p, p, &shown(p));
            if let Some((added, removed)) = list_of_types_change(self.old, self.new, &os, &ns) {
                self.list_of_types(&here, Scope::Parameter, &added, &removed, &shown(p));
            } else if scalar_to_form_explode_array(p, &os, &ns) {
                self.became_exploded_array(&here, &shown(p));
            } else {
                // A parameter's value is text on the wire: loosely typed.
                let text = Place {
                    loose: true,
                    ..here.clone()
                };
                self.type_and_format(&text, Scope::Parameter, &os, &ns, &shown(p));
            }
            self.nullability(
                &here,
                Scope::Parameter,
                nullable(&os),
                nullable(&ns),
                &shown(p),
            );
            self.enums(&here, Scope::Parameter, &os, &ns, &shown(p));
            self.max_length(&here, Scope::Parameter, &os, &ns, &shown(p));
            self.limits(&here, Scope::Parameter, &os, &ns, &shown(p));
            self.parameter_items(&here, &os, &ns, &shown(p));
            self.pattern(&here, Scope::Parameter, &os, &ns, &shown(p));
            // A required parameter is always sent: its default is never
            // read, so a change to it changes nothing on the wire
            // (oasdiff's check_request_parameters_default_value_changed.go
            // looks only at parameters optional on both sides).
            if !is_true(old_p, "required") && !is_true(p, "required") {
                self.default_value(&here, Scope::Parameter, &os, &ns, &shown(p));
            }
            self.parameter_properties(&here, &os, &ns, &shown(p), 0);
            if key.0 == "header" {
                self.header_properties(&here, &os, &ns, &shown(p), 0);
            }
        }
        for (key, p) in &old_params {
            if !new_params.contains_key(key) {
                let note = renamed.get(key).map_or("", String::as_str);
                self.parameter_removed(&at(p), p, &shown(p), note);
            }
        }
    }

    /// The properties of an object parameter (`style: deepObject`), at any
    /// depth, as oasdiff's check_request_parameters_type_changed.go and
    /// enum checks judge them: a type or format change is judged both as
    /// if the serialization were strongly typed (JSON) and as if not
    /// (form), since a parameter's is unknown; breaking both ways is
    /// `specialized`, neither `generalized`, one way only `changed` (a
    /// warning). Enum values added or removed.
    pub(in crate::diff) fn parameter_properties(
        &mut self,
        place: &Place,
        o: &Value,
        n: &Value,
        what: &str,
        depth: usize,
    ) {
        let properties = |v| members(v, "properties");
        let (op, np) = (properties(o), properties(n));
        if depth > 16 {
            return;
        }
        for (name, ns) in np {
            let Some(os) = op.get(name) else { continue };
            let (os, ns) = (
                openapi::resolve_deep(self.old, os),
                openapi::resolve_deep(self.new, ns),
            );
            let here = place.field(name, false);
            let shown = format!("{what}, property `{name}`");
            self.nullability(
                &here,
                Scope::ParameterProperty,
                nullable(os),
                nullable(ns),
                &shown,
            );
            let list = list_of_types_change(self.old, self.new, os, ns);
            if let Some((added, removed)) = &list {
                self.list_of_types(&here, Scope::ParameterProperty, added, removed, &shown);
            }
            let types = |v: &Value| -> Vec<String> {
                match v.get("type") {
                    Some(Value::String(t)) => vec![t.clone()],
                    Some(Value::Array(ts)) => ts
                        .iter()
                        .filter_map(Value::as_str)
                        .map(String::from)
                        .collect(),
                    _ => Vec::new(),
                }
            };
            let (ot, nt) = (types(os), types(ns));
            let (of, nf) = (
                os.get("format").and_then(Value::as_str),
                ns.get("format").and_then(Value::as_str),
            );
            if list.is_none() && (ot != nt || of != nf) {
                let type_breaking = |strong: bool| {
                    if ot == nt {
                        return false;
                    }
                    let contained = (nt.len() == 1
                        && ot.len() == 1
                        && (nt[0] == ot[0] || (ot[0] == "integer" && nt[0] == "number")))
                        || (!strong && (nt.is_empty() || (nt.len() == 1 && nt[0] == "string")));
                    !contained
                };
                let format_breaking = of != nf
                    && nf.is_some()
                    && !matches!(
                        (nt.first().map(String::as_str), of, nf),
                        (Some("number"), Some("float"), Some("double"))
                            | (Some("integer"), Some("int32"), Some("int64" | "bigint"))
                            | (Some("integer"), Some("int64"), Some("bigint"))
                            | (Some("string"), Some("date" | "time"), Some("date-time"))
                    );
                let (strong, weak) = (
                    type_breaking(true) || format_breaking,
                    type_breaking(false) || format_breaking,
                );
                let id = match (strong, weak) {
                    (true, true) => RuleId::RequestParameterPropertyTypeSpecialized,
                    (false, false) => RuleId::RequestParameterPropertyTypeGeneralized,
                    _ => RuleId::RequestParameterPropertyTypeChanged,
                };
                let show = |t: &[String], f: Option<&str>| {
                    let t = if t.is_empty() {
                        "any".to_string()
                    } else {
                        t.join("|")
                    };
                    f.map_or(t.clone(), |f| format!("{t}/{f}"))
                };
                self.push(
                    id,
                    &here,
                    format!(
                        "{shown} changed from {} to {}",
                        show(&ot, of),
                        show(&nt, nf)
                    ),
                );
            }
            let values = |v: &Value| {
                v.get("enum")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            let (ov, nv) = (values(os), values(ns));
            if !ov.is_empty() && !nv.is_empty() {
                for added in nv.iter().filter(|v| !ov.contains(v)) {
                    self.push(
                        RuleId::RequestParameterPropertyEnumValueAdded,
                        &here,
                        format!("{shown} gained value {added}"),
                    );
                }
                for removed in ov.iter().filter(|v| !nv.contains(v)) {
                    self.push(
                        RuleId::RequestParameterPropertyEnumValueRemoved,
                        &here,
                        format!("{shown} lost value {removed}"),
                    );
                }
            }
            self.parameter_properties(&here, os, ns, &shown, depth + 1);
        }
    }

    /// An array parameter's `maxItems` and `minItems`, as oasdiff judges
    /// them: fewer items allowed or more required is breaking; a minimum
    /// where there was none is a warning.
    pub(in crate::diff) fn parameter_items(
        &mut self,
        place: &Place,
        o: &Value,
        n: &Value,
        what: &str,
    ) {
        for (key, keyword) in [
            ("maxItems", Keyword::MaxItems),
            ("minItems", Keyword::MinItems),
        ] {
            let bound = |v: &Value| v.get(key).and_then(Value::as_u64);
            let (mut ov, mut nv) = (bound(o), bound(n));
            // oasdiff reads `maxItems` from the items' schema where the
            // array's own did not change (check_request_parameters_max_
            // items_updated.go).
            if key == "maxItems" && ov == nv {
                (ov, nv) = (bound(&o["items"]), bound(&n["items"]));
            }
            let change = match (ov, nv) {
                (None, Some(_)) if key == "minItems" => Move::Set,
                (Some(a), Some(b)) if b > a => Move::Increased,
                (Some(a), Some(b)) if b < a => Move::Decreased,
                _ => continue,
            };
            let id = rule_of(Direction::Request, Scope::Parameter, (keyword, change));
            self.push_count(id, place, what, key, ov, nv);
        }
    }
}

/// Parameters removed and added in one place (`in`, not a path's, whose
/// renames are reported on their own) with the same schema type, where the
/// place lost exactly one and gained exactly one of that type: the note
/// each side's message gets, by the parameter's key (the removed one's
/// names its probable new name, the added one's its probable old name).
type ParameterKey = (String, String);
pub(in crate::diff) fn probable_renames(
    old_doc: &Value,
    new_doc: &Value,
    old: &BTreeMap<ParameterKey, Value>,
    new: &BTreeMap<ParameterKey, Value>,
) -> BTreeMap<ParameterKey, String> {
    let kind = |doc: &Value, p: &Value| {
        let schema = p
            .get("schema")
            .map(|s| openapi::resolve_deep(doc, s).clone());
        schema.and_then(|s| s.get("type").cloned())
    };
    let gone: Vec<&ParameterKey> = old
        .keys()
        .filter(|k| !new.contains_key(*k) && k.0 != "path")
        .collect();
    let came: Vec<&ParameterKey> = new
        .keys()
        .filter(|k| !old.contains_key(*k) && k.0 != "path")
        .collect();
    let name = |p: &Value, key: &ParameterKey| p["name"].as_str().unwrap_or(&key.1).to_string();
    let mut notes = BTreeMap::new();
    for from in &gone {
        let like = |key: &&&ParameterKey, doc: &Value, all: &BTreeMap<ParameterKey, Value>| {
            key.0 == from.0 && kind(doc, &all[**key]) == kind(old_doc, &old[*from])
        };
        let to: Vec<&&ParameterKey> = came.iter().filter(|k| like(k, new_doc, new)).collect();
        let rivals = gone.iter().filter(|k| like(k, old_doc, old)).count();
        if let ([to], 1) = (to.as_slice(), rivals) {
            let (old_name, new_name) = (name(&old[*from], from), name(&new[**to], to));
            notes.insert((*from).clone(), format!(" (probably renamed `{new_name}`)"));
            notes.insert((**to).clone(), format!(" (probably `{old_name}` renamed)"));
        }
    }
    notes
}

/// Whether a parameter's scalar (or union of scalars) became an array it
/// sends form/explode (the default for query and cookie parameters) whose
/// items take every value the scalar did, as oasdiff's
/// isParameterScalarToFormExplodeArray decides: a single value is then a
/// valid one-element array. Items take the values when their one type is
/// string (a parameter is text on the wire) or covers the scalar's, and no
/// other constraint differs.
pub(in crate::diff) fn scalar_to_form_explode_array(
    param: &Value,
    old: &Value,
    new: &Value,
) -> bool {
    let (old_types, new_types) = (type_set(old), type_set(new));
    if new_types != BTreeSet::from(["array"]) || old_types.is_empty() || old_types.contains("array")
    {
        return false;
    }
    let location = param.get("in").and_then(Value::as_str).unwrap_or_default();
    let style = param
        .get("style")
        .and_then(Value::as_str)
        .unwrap_or(match location {
            "query" | "cookie" => "form",
            _ => "simple",
        });
    let explode = param
        .get("explode")
        .and_then(Value::as_bool)
        .unwrap_or(style == "form");
    if style != "form" || !explode {
        return false;
    }
    let Some(items) = new.get("items") else {
        return false;
    };
    let item_types = type_set(items);
    let contained = single_type(&item_types) == Some("string") || covers(&old_types, &item_types);
    // The rest of the contract, type and nullability aside, must be the same.
    let rest = |v: &Value| {
        let mut v = v.clone();
        if let Some(map) = v.as_object_mut() {
            for key in [
                "type",
                "nullable",
                "description",
                "title",
                "example",
                "examples",
                "items",
            ] {
                map.shift_remove(key);
            }
        }
        v
    };
    contained && rest(old) == rest(items)
}

impl Differ<'_> {
    /// An object header's properties, as oasdiff's checks of header
    /// properties report them: a new required property, a property that
    /// became required, and the header or a property that became an enum.
    pub(in crate::diff) fn header_properties(
        &mut self,
        place: &Place,
        o: &Value,
        n: &Value,
        what: &str,
        depth: usize,
    ) {
        if depth > 16 {
            return;
        }
        if o.get("enum").is_none() && n.get("enum").is_some() {
            self.push(
                RuleId::RequestHeaderPropertyBecameEnum,
                place,
                format!("{what} became an enum"),
            );
        }
        let properties = |v| members(v, "properties");
        let (op, np) = (properties(o), properties(n));
        let (or, nr) = (strings(o.get("required")), strings(n.get("required")));
        for (name, ns) in np {
            let ns = openapi::resolve_deep(self.new, ns);
            if is_true(ns, "readOnly") {
                continue;
            }
            let shown = format!("{what}, property `{name}`");
            let here = place.field(name, nr.contains(name));
            match op.get(name) {
                None if nr.contains(name) => self.push(
                    RuleId::NewRequiredRequestHeaderProperty,
                    &here,
                    format!("{shown} added, required"),
                ),
                None => {}
                Some(os) => {
                    if nr.contains(name) && !or.contains(name) {
                        self.push(
                            RuleId::RequestHeaderPropertyBecameRequired,
                            &here,
                            format!("{shown} became required"),
                        );
                    }
                    let os = openapi::resolve_deep(self.old, os);
                    self.header_properties(&here, os, ns, &shown, depth + 1);
                }
            }
        }
    }
}

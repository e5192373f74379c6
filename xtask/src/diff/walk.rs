//! The walk over the two documents: the document's parts, each operation
//! matched by URL and method, and each pair of schemas down to their
//! leaves, following `$ref`s. At each site it calls the checks of the
//! families that apply there (`checks/`); it keeps the findings, one per
//! cause with the operations it reaches, and the memo that compares a
//! component reached from the root of a walk once for every operation.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::facts::{list_of_types_change, members, operation_id, strings, strongly_typed};
use super::pairing::{
    all_parameters, component_name, declared_path_names, member_properties, one_of_wrapping,
    renamed_schemas, rewrapping, wire_path,
};
use super::place::Place;
use super::{Direction, Keyword, Level, Move, RuleId, Scope};
use crate::naming::pascal_case;
use crate::openapi;

/// What makes two findings one change: the same rule, place and message.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Cause {
    pub(super) location: String,
    pub(super) id: RuleId,
    pub(super) message: String,
    pub(super) rust_item: Option<String>,
    pub(super) rust: Level,
    /// A rename's new name.
    pub(super) renamed_to: Option<String>,
}

/// The walk's state: the two documents and what it found.
pub(super) struct Differ<'a> {
    pub(super) old: &'a Value,
    pub(super) new: &'a Value,
    /// Component schemas removed, by the name they were renamed to.
    pub(super) renamed: BTreeMap<String, String>,
    pub(super) found: BTreeMap<Cause, BTreeSet<String>>,
    /// Operations reached only by a move to a new path under the same
    /// operationId (`POST /edits`): no client sent their URL before.
    pub(super) moved: BTreeSet<String>,
    /// What comparing a component with itself across versions found, by
    /// how it was reached, so the next operation that reaches it in the
    /// same way only adds itself to those findings.
    memo: BTreeMap<MemoKey, Vec<Cause>>,
}

/// A component compared from the root of a walk: its `$ref`, and what of
/// the place its findings depend on (direction, required, loosely typed).
type MemoKey = (String, Direction, Option<bool>, bool);

impl<'a> Differ<'a> {
    /// Walks `old` against `new`; [`Differ::found`] holds what it found.
    pub(super) fn walk(old: &'a Value, new: &'a Value) -> Self {
        let mut differ = Differ {
            old,
            new,
            renamed: renamed_schemas(old, new),
            found: BTreeMap::new(),
            moved: BTreeSet::new(),
            memo: BTreeMap::new(),
        };
        differ.servers();
        differ.global_security();
        differ.security_components();
        differ.webhooks();
        differ.components();
        differ.operations();
        differ
    }
}

impl Differ<'_> {
    /// Records a finding under its rule's Rust level.
    #[track_caller]
    pub(in crate::diff) fn push(&mut self, id: RuleId, place: &Place, message: String) {
        self.push_rust(id, id.rule().rust, place, message);
    }

    /// Records a finding whose Rust level the generated code decides.
    #[track_caller]
    pub(in crate::diff) fn push_rust(
        &mut self,
        id: RuleId,
        rust: Level,
        place: &Place,
        message: String,
    ) {
        self.record(id, rust, place, message, None);
    }

    /// Records a finding under its rule's Rust level, with the new name
    /// where it is a rename.
    #[track_caller]
    pub(in crate::diff) fn push_renamed(
        &mut self,
        id: RuleId,
        place: &Place,
        message: String,
        to: Option<&str>,
    ) {
        self.record(id, id.rule().rust, place, message, to);
    }

    /// One finding, with the operation it was reached from.
    #[track_caller]
    fn record(
        &mut self,
        id: RuleId,
        rust: Level,
        place: &Place,
        message: String,
        renamed_to: Option<&str>,
    ) {
        emitted_where_the_table_says(id);
        let cause = Cause {
            location: place.location(),
            id,
            message,
            rust_item: place.rust_item(),
            rust,
            renamed_to: renamed_to.map(String::from),
        };
        let operations = self.found.entry(cause).or_default();
        if !place.operation.is_empty() {
            operations.insert(place.operation.clone());
        }
    }

    /// Records a finding under the rule its parts name where the walk is
    /// (`request-property-max-length-set`).
    #[track_caller]
    pub(in crate::diff) fn push_of(
        &mut self,
        place: &Place,
        scope: Scope,
        parts: (Keyword, Move),
        message: String,
    ) {
        self.push(rule_of(place.direction, scope, parts), place, message);
    }

    /// A row for a count bound (`maxLength`, `minItems`, ...) that moved:
    /// `{what}: {keyword} {from} became {to}`, `none` for an absent bound.
    #[track_caller]
    pub(in crate::diff) fn push_count(
        &mut self,
        id: RuleId,
        place: &Place,
        what: &str,
        keyword: &str,
        from: Option<u64>,
        to: Option<u64>,
    ) {
        let shown = |v: Option<u64>| v.map_or("none".to_string(), |v| v.to_string());
        self.push(
            id,
            place,
            format!("{what}: {keyword} {} became {}", shown(from), shown(to)),
        );
    }

    /// An operation as a whole, at its name (`GET /things/{id}`), which is
    /// also what its changes are said to reach.
    pub(in crate::diff) fn operation_place(&self, method: &str, path: &str) -> Place {
        let name = operation_name(method, path);
        Place {
            operation: name.clone(),
            ..self.document(&name)
        }
    }

    pub(in crate::diff) fn document(&self, anchor: &str) -> Place {
        Place {
            operation: String::new(),
            anchor: anchor.into(),
            fields: Vec::new(),
            rust_type: None,
            item: None,
            direction: Direction::Response,
            required: None,
            loose: false,
            webhook: false,
        }
    }

    pub(in crate::diff) fn operations(&mut self) {
        type Index = BTreeMap<(String, String), Vec<(String, Value)>>;
        let index = |doc: &'_ Value| -> Index {
            let mut index = Index::new();
            for (path, method, op) in openapi::operations(doc) {
                index
                    .entry((wire_path(&path), method))
                    .or_default()
                    .push((path, op.clone()));
            }
            index
        };
        let (old_index, new_index) = (index(self.old), index(self.new));
        // Operations are matched by URL on the wire and method. A spec may
        // (wrongly) hold two paths that are one URL, `/c/{id}` and
        // `/c/{email}`: those are matched by their literal path instead,
        // the third part of the key, so neither hides the other.
        let (mut old, mut new) = (BTreeMap::new(), BTreeMap::new());
        let keys: BTreeSet<_> = old_index.keys().chain(new_index.keys()).cloned().collect();
        for (wire, method) in keys {
            let (os, ns) = (
                old_index.get(&(wire.clone(), method.clone())),
                new_index.get(&(wire.clone(), method.clone())),
            );
            let ambiguous = os.is_some_and(|v| v.len() > 1) || ns.is_some_and(|v| v.len() > 1);
            for (side, entries) in [(&mut old, os), (&mut new, ns)] {
                for (path, op) in entries.into_iter().flatten() {
                    let literal = if ambiguous {
                        path.clone()
                    } else {
                        String::new()
                    };
                    side.insert(
                        (wire.clone(), method.clone(), literal),
                        (path.clone(), op.clone()),
                    );
                }
            }
        }
        // A path renamed under the same operationId and method: one change.
        let added: Vec<_> = new.iter().filter(|(k, _)| !old.contains_key(*k)).collect();
        let mut taken = BTreeSet::new();
        for ((wire, method, _), (path, op)) in old.iter().filter(|(k, _)| !new.contains_key(*k)) {
            let same_id = operation_id(op).and_then(|id| {
                added.iter().find(|((_, m, _), (_, new_op))| {
                    m == method && operation_id(new_op) == Some(id)
                })
            });
            let path_gone = !new.keys().any(|(w, _, _)| w == wire);
            if let Some((key, (new_path, new_op))) = same_id {
                taken.insert((*key).clone());
                self.endpoint_moved(method, path, op, new_path, path_gone);
                let (new_path, new_op) = (new_path.clone(), new_op.clone());
                self.moved.insert(operation_name(method, &new_path));
                self.operation(method, path, op, &new_path, &new_op, false);
            } else {
                self.endpoint_removed(method, path, op, path_gone);
            }
        }
        for (key, (path, op)) in added {
            if !taken.contains(key) {
                self.endpoint_added(&key.1, path, op);
            }
        }
        for (key, (old_path, old_op)) in &old {
            if let Some((new_path, new_op)) = new.get(key) {
                self.operation(&key.1, old_path, old_op, new_path, new_op, false);
            }
        }
    }

    pub(in crate::diff) fn operation(
        &mut self,
        method: &str,
        old_path: &str,
        old: &Value,
        new_path: &str,
        new: &Value,
        webhook: bool,
    ) {
        let id = operation_id(new).unwrap_or_default();
        let mut place = Place {
            webhook,
            ..self.operation_place(method, new_path)
        };
        let name = place.operation.clone();
        self.operation_id_changed(&place, old, new);
        self.tags(&place, old, new);
        self.operation_lifecycle(&place, &name, old, new);
        let (old_params, new_params) = (
            all_parameters(self.old, old_path, old),
            all_parameters(self.new, new_path, new),
        );
        let (old_names, new_names) = (
            declared_path_names(old_path, &old_params),
            declared_path_names(new_path, &new_params),
        );
        let builder = pascal_case(id);
        self.path_parameters_renamed(&place, &builder, &old_names, &new_names);
        self.parameters(
            &place,
            &builder,
            &old_params,
            &new_params,
            &old_names,
            &new_names,
        );
        place.rust_type = Some(format!("{builder}Body"));
        self.request_body(&place, &format!("builder::{builder}::body"), old, new);
        place.rust_type = Some(format!("{builder}Response"));
        self.responses(&place, &format!("builder::{builder}::send"), old, new);
        let place = Place {
            anchor: format!("{name} security"),
            rust_type: None,
            ..place
        };
        self.security(&place, old.get("security"), new.get("security"), false);
    }

    /// A media type both sides have, of a request body (`request_body`)
    /// or a response: its schema appearing or going (at `here`), else the
    /// two schemas walked from `walk`, in the direction the body is judged
    /// in and loosely typed where the media type is not JSON.
    pub(in crate::diff) fn media_type_schema(
        &mut self,
        here: &Place,
        walk: &Place,
        request_body: bool,
        (old, new): (&Value, &Value),
        media: &str,
    ) {
        let direction = walk.body_direction(request_body);
        self.media_schema_existence(here, direction, media, old, new);
        if let (Some(os), Some(ns)) = (old.get("schema"), new.get("schema")) {
            let walk = Place {
                loose: !strongly_typed(media),
                direction,
                ..walk.clone()
            };
            self.schema(&walk, os, ns, &mut BTreeSet::new());
        }
    }

    /// Compares two schemas at `place`, following `$ref`s; `seen` holds the
    /// reference pairs on the way here, so recursive schemas end.
    pub(in crate::diff) fn schema(
        &mut self,
        place: &Place,
        old: &Value,
        new: &Value,
        seen: &mut BTreeSet<(String, String)>,
    ) {
        // A component reached from the root of a walk (a body's `$ref`)
        // finds the same at every operation that reaches it the same way:
        // compared once, its findings are then credited to each operation.
        // (Deeper in a walk, what `seen` cuts short depends on the path.)
        let component = match (
            old.get("$ref").and_then(Value::as_str),
            new.get("$ref").and_then(Value::as_str),
        ) {
            (Some(o), Some(n)) if o == n && seen.is_empty() => Some(o.to_string()),
            _ => None,
        };
        let Some(component) = component else {
            return self.schema_uncached(place, old, new, seen);
        };
        let key = (component, place.direction, place.required, place.loose);
        if let Some(causes) = self.memo.get(&key) {
            for cause in causes.clone() {
                let operations = self.found.entry(cause).or_default();
                if !place.operation.is_empty() {
                    operations.insert(place.operation.clone());
                }
            }
            return;
        }
        let outer = std::mem::take(&mut self.found);
        self.schema_uncached(place, old, new, seen);
        let produced = std::mem::replace(&mut self.found, outer);
        self.memo.insert(key, produced.keys().cloned().collect());
        for (cause, operations) in produced {
            self.found.entry(cause).or_default().extend(operations);
        }
    }

    /// [`Self::schema`] without the memo.
    pub(in crate::diff) fn schema_uncached(
        &mut self,
        place: &Place,
        old: &Value,
        new: &Value,
        seen: &mut BTreeSet<(String, String)>,
    ) {
        let reference = |v: &Value| {
            v.get("$ref")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let refs = (reference(old), reference(new));
        let via_ref = !refs.0.is_empty() || !refs.1.is_empty();
        if via_ref && !seen.insert(refs.clone()) {
            return;
        }
        let mut place = place.clone();
        let (old_name, new_name) = (component_name(&refs.0), component_name(&refs.1));
        self.type_name(&place, old_name, new_name);
        if let Some(name) = new_name {
            place = place.component(name);
        }
        let (o, n) = (
            openapi::resolve_deep(self.old, old),
            openapi::resolve_deep(self.new, new),
        );
        let side = place.direction.side();
        let scope = if place.is_root() {
            Scope::Body
        } else {
            Scope::Property
        };
        // The subject of each message: the property, else the named schema
        // or the body the change is at, so that a row reads on its own.
        let what = match place.fields.last() {
            Some(f) => format!("`{}`", f.trim_end_matches("[]")),
            None => match place.anchor.strip_prefix("components.schemas.") {
                Some(schema) => format!("the schema `{schema}`"),
                None => format!("the {side} body"),
            },
        };
        let list_of_types = list_of_types_change(self.old, self.new, o, n);
        // A concrete body wrapped in a oneOf of alternatives is one change,
        // not a type change, a oneOf added and every property removed.
        let moved = one_of_wrapping(self.new, o, n);
        // The reverse: the alternatives' properties now the body's own.
        let unwrapped = if scope == Scope::Body {
            one_of_wrapping(self.old, n, o)
        } else {
            BTreeSet::new()
        };
        // A payload moved into, out of or between envelope properties is
        // one change too; its properties are left to that row.
        let rewrap = (scope == Scope::Body && moved.is_empty() && unwrapped.is_empty())
            .then(|| rewrapping(self.old, self.new, old, new))
            .flatten();
        let (came, went) = rewrap.as_ref().map(|r| r.covers(o, n)).unwrap_or_default();
        if let Some(rewrap) = &rewrap {
            self.body_rewrapped(&place, rewrap, &what);
        }
        if scope == Scope::Body && !moved.is_empty() {
            self.wrapped_in_one_of(&place, n, &what);
        } else if !unwrapped.is_empty() {
            self.unwrapped_from_one_of(&place, o, &what);
        } else if let Some((added, removed)) = &list_of_types {
            self.list_of_types(&place, scope, added, removed, &what);
        } else {
            self.type_and_format(&place, scope, o, n, &what);
        }
        if scope == Scope::Body {
            self.body_nullability(&place, o, n, &what);
        }
        if scope == Scope::Property {
            self.property_nullability(&place, o, n, &what);
            self.enums(&place, Scope::Property, o, n, &what);
        } else {
            self.body_enum(&place, o, n, &what);
        }
        self.max_length(&place, scope, o, n, &what);
        self.limits(&place, scope, o, n, &what);
        if scope == Scope::Property {
            self.pattern(&place, scope, o, n, &what);
        }
        self.default_value(&place, scope, o, n, &what);
        let wrapped = scope == Scope::Body && (!moved.is_empty() || !unwrapped.is_empty());
        // A list of types' oneOf/anyOf members are its types, reported
        // above as one row.
        if list_of_types.is_none() {
            self.compositions(&place, scope, o, n, seen, wrapped);
        }
        self.contains(&place, scope, o, n);
        self.discriminator(&place, scope, o, n);
        self.min_items(&place, scope, o, n, &what);
        self.constant(&place, scope, o, n, &what);
        self.unevaluated(&place, scope, o, n);
        self.applicators(&place, scope, o, n);
        self.dependent_required(&place, scope, o, n);

        let properties = |v| members(v, "properties");
        let (op, np, or, nr) = (
            properties(o),
            properties(n),
            strings(o.get("required")),
            strings(n.get("required")),
        );
        for (prop, ns) in np
            .iter()
            .filter(|(p, _)| !came.contains(*p) && (!unwrapped.contains(*p) || op.contains_key(*p)))
        {
            let here = place.field(prop, nr.contains(prop));
            match op.get(prop) {
                None => self.property_added(&here, prop, ns, nr.contains(prop)),
                Some(os) => {
                    let required = (or.contains(prop), nr.contains(prop));
                    self.property_changed(&here, prop, os, ns, required);
                    self.schema(&here, os, ns, seen);
                }
            }
        }
        // A property that left `properties` for a member of the new
        // schema's allOf/oneOf/anyOf is moved, not removed: the
        // composition's own rows say what changed.
        let mut moved_here = if wrapped { moved } else { BTreeSet::new() };
        if o.get("allOf").is_none() && o.get("oneOf").is_none() && o.get("anyOf").is_none() {
            moved_here.extend(member_properties(self.new, n, 0));
        }
        for prop in op
            .keys()
            .filter(|p| !np.contains_key(*p) && !moved_here.contains(*p) && !went.contains(*p))
        {
            let here = place.field(prop, or.contains(prop));
            self.property_removed(&here, prop, &op[prop], or.contains(prop));
        }
        if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
            self.schema(&place.items(), oi, ni, seen);
        }
        if let (Some(oa @ Value::Object(_)), Some(na @ Value::Object(_))) =
            (o.get("additionalProperties"), n.get("additionalProperties"))
        {
            self.schema(&place, oa, na, seen);
        }
        self.subschemas(&place, o, n, seen);
        if via_ref {
            seen.remove(&refs);
        }
    }

    /// The subschemas of JSON Schema 2020-12's applicators present on both
    /// sides (`contains`, `if`, `then`, `else`, `propertyNames`,
    /// `unevaluatedItems`, `unevaluatedProperties`, `contentSchema`, each
    /// `prefixItems` member by position, each `patternProperties` and
    /// `dependentSchemas` entry by key), each compared as a property of
    /// its owner, as oasdiff's checks walk them. `not` is left out, though
    /// oasdiff walks it too: a property required inside `not` forbids the
    /// property, so its rules would say the opposite of the wire.
    pub(in crate::diff) fn subschemas(
        &mut self,
        place: &Place,
        o: &Value,
        n: &Value,
        seen: &mut BTreeSet<(String, String)>,
    ) {
        let is_schema = |v: &Value| v.is_object();
        for key in [
            "contains",
            "if",
            "then",
            "else",
            "propertyNames",
            "unevaluatedItems",
            "unevaluatedProperties",
            "contentSchema",
        ] {
            if let (Some(os), Some(ns)) = (o.get(key), n.get(key))
                && is_schema(os)
                && is_schema(ns)
            {
                self.schema(&place.field(&format!("({key})"), false), os, ns, seen);
            }
        }
        if let (Some(Value::Array(om)), Some(Value::Array(nm))) =
            (o.get("prefixItems"), n.get("prefixItems"))
        {
            for (i, (os, ns)) in om.iter().zip(nm).enumerate() {
                self.schema(
                    &place.field(&format!("(prefixItems {i})"), false),
                    os,
                    ns,
                    seen,
                );
            }
        }
        for key in ["patternProperties", "dependentSchemas"] {
            if let (Some(Value::Object(om)), Some(Value::Object(nm))) = (o.get(key), n.get(key)) {
                for (name, os) in om {
                    if let Some(ns) = nm.get(name) {
                        self.schema(
                            &place.field(&format!("({key} {name})"), false),
                            os,
                            ns,
                            seen,
                        );
                    }
                }
            }
        }
    }
}

/// The rule table's family column names the file that emits each rule:
/// in debug builds (every test), a rule pushed from any other file fails
/// here, naming the rule, the file and the family.
#[track_caller]
fn emitted_where_the_table_says(id: RuleId) {
    if cfg!(debug_assertions) {
        let caller = std::panic::Location::caller().file().replace('\\', "/");
        let family = id.rule().family.file();
        let expected = format!("diff/checks/{family}.rs");
        assert!(
            caller.ends_with(&expected),
            "{} is pushed from {caller}, but the rule table says its family is {family} ({expected})",
            id.id()
        );
    }
}

/// The rule these parts name. The walk asks only for rows the table has;
/// a combination it lacks is a bug in the walk, said here.
pub(in crate::diff) fn rule_of(
    direction: Direction,
    scope: Scope,
    (keyword, change): (Keyword, Move),
) -> RuleId {
    RuleId::of(direction, scope, keyword, change).unwrap_or_else(|| {
        panic!("no rule for {direction:?} {scope:?} {keyword:?} {change:?} in RULES")
    })
}

/// An operation's name, as rows show it and changes reach it:
/// `GET /things/{id}`.
pub(in crate::diff) fn operation_name(method: &str, path: &str) -> String {
    format!("{} {path}", method.to_ascii_uppercase())
}

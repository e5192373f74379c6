//! Pairing what the two documents hold before comparing it: operations
//! by their URL on the wire, path parameters by position, media types as
//! oasdiff pairs them, component schemas renamed, and the members of
//! `allOf`/`oneOf`/`anyOf` lists.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::facts::members;

use crate::naming::template_names;
use crate::openapi;

/// The keywords that describe a schema without constraining its values.
pub(in crate::diff) const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "externalDocs",
    "deprecated",
    "xml",
];

/// How two lists of subschemas pair up.
#[derive(Debug, Default, PartialEq)]
pub(in crate::diff) struct Paired {
    /// (old index, new index) of the pairs to compare.
    pub(in crate::diff) modified: Vec<(usize, usize)>,
    /// New subschemas with no partner.
    pub(in crate::diff) added: Vec<usize>,
    /// Old subschemas with no partner.
    pub(in crate::diff) deleted: Vec<usize>,
}

/// `/things/{id}` and `/things/{thing_id}` are one path on the wire.
pub(in crate::diff) fn wire_path(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

pub(in crate::diff) fn component_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

pub(in crate::diff) fn schemas(doc: &Value) -> BTreeMap<String, Value> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// Component schemas removed whose exact shape was added under a new name.
pub(in crate::diff) fn renamed_schemas(old: &Value, new: &Value) -> BTreeMap<String, String> {
    let (old, new) = (schemas(old), schemas(new));
    let mut added: Vec<(&String, &Value)> =
        new.iter().filter(|(k, _)| !old.contains_key(*k)).collect();
    let mut out = BTreeMap::new();
    for (name, schema) in old.iter().filter(|(k, _)| !new.contains_key(*k)) {
        if let Some(i) = added.iter().position(|(_, s)| *s == schema) {
            out.insert(name.clone(), added.remove(i).0.clone());
        }
    }
    out
}

/// oasdiff's media type pairing: `application/json` and
/// `application/problem+json` are one media type renamed.
pub(in crate::diff) fn media_contains(general: &str, specific: &str) -> bool {
    let parse = |m: &str| -> Option<(String, String, String)> {
        let essence = m.split(';').next()?.trim().to_ascii_lowercase();
        let (ty, sub) = essence.split_once('/')?;
        let (sub, suffix) = sub.split_once('+').unwrap_or((sub, ""));
        Some((ty.into(), sub.into(), suffix.into()))
    };
    let (Some(a), Some(b)) = (parse(general), parse(specific)) else {
        return false;
    };
    a.0 == b.0 && ((a.2.is_empty() && b.2 == a.1) || (a.1 == b.1 && a.2 == b.2))
}

/// An operation's parameters, resolved, with those its path declares for
/// all its operations (and the operation does not override, by location
/// and name), each marked whether it came from the path's level.
pub(in crate::diff) fn all_parameters(doc: &Value, path: &str, op: &Value) -> Vec<(Value, bool)> {
    let list = |v: Option<&Value>| -> Vec<Value> {
        v.and_then(|v| v.get("parameters"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| openapi::resolve_deep(doc, p).clone())
            .collect()
    };
    let own = list(Some(op));
    let item = doc.get("paths").and_then(|paths| paths.get(path));
    let same = |a: &Value, b: &Value| a.get("name") == b.get("name") && a.get("in") == b.get("in");
    let inherited: Vec<Value> = list(item)
        .into_iter()
        .filter(|p| !own.iter().any(|o| same(o, p)))
        .collect();
    own.into_iter()
        .map(|p| (p, false))
        .chain(inherited.into_iter().map(|p| (p, true)))
        .collect()
}

/// The path's placeholders by position, each named as its declared path
/// parameter is (matched without regard to case, as a recased placeholder
/// is the same URL): the builder methods are named from the declared names.
/// `parameters` are the operation's, as [`all_parameters`] gives them.
pub(in crate::diff) fn declared_path_names(
    path: &str,
    parameters: &[(Value, bool)],
) -> Vec<String> {
    let declared: Vec<String> = parameters
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(String::from))
        .collect();
    template_names(path)
        .into_iter()
        .map(|name| {
            if declared.contains(&name) {
                return name;
            }
            let mut alike = declared.iter().filter(|d| d.eq_ignore_ascii_case(&name));
            match (alike.next(), alike.next()) {
                (Some(one), None) => one.clone(),
                _ => name,
            }
        })
        .collect()
}

/// Whether `schema` only annotates: every value it accepts is any value.
pub(in crate::diff) fn annotation_only(schema: &Value) -> bool {
    schema.as_object().is_some_and(|m| {
        m.keys()
            .all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
    })
}

/// `schema` without its annotations, at every depth: what it accepts.
pub(in crate::diff) fn without_annotations(schema: &Value) -> Value {
    match schema {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-"))
                .map(|(k, v)| (k.clone(), without_annotations(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_annotations).collect()),
        other => other.clone(),
    }
}

/// A subschema as a message names it: its component, its title, or its
/// place in the list.
pub(in crate::diff) fn subschema_name(schema: &Value, index: usize) -> String {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(component_name)
    {
        return format!("`{name}`");
    }
    match schema.get("title").and_then(Value::as_str) {
        Some(title) => format!("`{title}`"),
        None => format!("#{index}"),
    }
}

/// Pairs subschemas as oasdiff's `SubschemasDiff` does: `$ref`s by
/// component (a renamed component is the same one); inline schemas that
/// are identical are unchanged, ones with the same title are compared, and
/// a last untitled one on each side is compared too; then, for `oneOf` and
/// `anyOf` (`inline_refs`), an inline schema and a `$ref` that accept the
/// same values are a refactor, not a change.
pub(in crate::diff) fn pair_subschemas(
    old_doc: &Value,
    new_doc: &Value,
    renamed: &BTreeMap<String, String>,
    old: &[Value],
    new: &[Value],
    inline_refs: bool,
) -> Paired {
    let component = |v: &Value| {
        v.get("$ref")
            .and_then(Value::as_str)
            .and_then(component_name)
            .map(String::from)
    };
    let mut paired = Paired::default();
    let mut old_free: Vec<usize> = (0..old.len()).collect();
    let mut new_free: Vec<usize> = (0..new.len()).collect();
    let take = |paired: &mut Paired,
                old_free: &mut Vec<usize>,
                new_free: &mut Vec<usize>,
                i: usize,
                j: usize,
                compare: bool| {
        old_free.retain(|x| *x != i);
        new_free.retain(|x| *x != j);
        if compare {
            paired.modified.push((i, j));
        }
    };
    // References, by component.
    for i in old_free.clone() {
        let Some(name) = component(&old[i]) else {
            continue;
        };
        let target = renamed.get(&name).cloned().unwrap_or(name);
        if let Some(j) = new_free
            .iter()
            .copied()
            .find(|j| component(&new[*j]).as_deref() == Some(&target))
        {
            take(&mut paired, &mut old_free, &mut new_free, i, j, true);
        }
    }
    // Inline schemas: identical, then by title. Identical text is still
    // compared: a `$ref` inside it may name a component that changed.
    for i in old_free.clone() {
        if component(&old[i]).is_some() {
            continue;
        }
        if let Some(j) = new_free
            .iter()
            .copied()
            .find(|j| component(&new[*j]).is_none() && new[*j] == old[i])
        {
            take(&mut paired, &mut old_free, &mut new_free, i, j, true);
            continue;
        }
        let Some(title) = old[i].get("title").filter(|t| t.is_string()) else {
            continue;
        };
        if let Some(j) = new_free
            .iter()
            .copied()
            .find(|j| component(&new[*j]).is_none() && new[*j].get("title") == Some(title))
        {
            take(&mut paired, &mut old_free, &mut new_free, i, j, true);
        }
    }
    let untitled = |list: &[Value], free: &[usize]| -> Vec<usize> {
        free.iter()
            .copied()
            .filter(|i| component(&list[*i]).is_none() && list[*i].get("title").is_none())
            .collect()
    };
    if let ([i], [j]) = (
        untitled(old, &old_free).as_slice(),
        untitled(new, &new_free).as_slice(),
    ) {
        take(&mut paired, &mut old_free, &mut new_free, *i, *j, true);
    }
    // Inline and $ref across the boundary that accept the same values.
    if inline_refs {
        for i in old_free.clone() {
            let accepts = without_annotations(openapi::resolve_deep(old_doc, &old[i]));
            let found = new_free.iter().copied().find(|j| {
                component(&old[i]).is_some() != component(&new[*j]).is_some()
                    && without_annotations(openapi::resolve_deep(new_doc, &new[*j])) == accepts
            });
            if let Some(j) = found {
                take(&mut paired, &mut old_free, &mut new_free, i, j, false);
            }
        }
    }
    paired.added = new_free;
    paired.deleted = old_free;
    paired
}

/// The base properties a revision moved into a `oneOf`, if it wrapped a
/// concrete object in one (oasdiff's `OneOfWrappingDiff`): `old` has
/// properties and no `oneOf`; `new` has a `oneOf` and no type or
/// properties of its own; and some of `old`'s properties are in an
/// alternative. Empty where that is not what happened.
/// The property names the members of `schema`'s allOf, oneOf and anyOf
/// declare (following `$ref`s and nested compositions a few levels down).
pub(in crate::diff) fn member_properties(
    doc: &Value,
    schema: &Value,
    depth: usize,
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if depth > 4 {
        return names;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for member in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let member = openapi::resolve_deep(doc, member);
            if let Some(props) = member.get("properties").and_then(Value::as_object) {
                names.extend(props.keys().cloned());
            }
            names.extend(member_properties(doc, member, depth + 1));
        }
    }
    names
}

pub(in crate::diff) fn one_of_wrapping(
    new_doc: &Value,
    old: &Value,
    new: &Value,
) -> BTreeSet<String> {
    let props = |v: &Value| {
        v.get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let Some(alternatives) = new.get("oneOf").and_then(Value::as_array) else {
        return BTreeSet::new();
    };
    if old.get("oneOf").is_some()
        || props(old).is_empty()
        || !props(new).is_empty()
        || new.get("type").is_some()
    {
        return BTreeSet::new();
    }
    let alternatives: Vec<_> = alternatives
        .iter()
        .map(|a| props(openapi::resolve_deep(new_doc, a)))
        .collect();
    props(old)
        .keys()
        .filter(|name| alternatives.iter().any(|a| a.contains_key(*name)))
        .cloned()
        .collect()
}

/// The media types of a body or response, paired as oasdiff pairs
/// them: same name, or one name refining the other.
pub(in crate::diff) fn media_pairs(
    old: &serde_json::Map<String, Value>,
    new: &serde_json::Map<String, Value>,
) -> (Vec<(String, String)>, Vec<String>, Vec<String>) {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut removed: Vec<String> = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .cloned()
        .collect();
    let mut added = Vec::new();
    for name in old.keys().filter(|k| new.contains_key(*k)) {
        pairs.push((name.clone(), name.clone()));
    }
    for name in new.keys().filter(|k| !old.contains_key(*k)) {
        match removed
            .iter()
            .position(|o| media_contains(o, name) || media_contains(name, o))
        {
            Some(i) => pairs.push((removed.remove(i), name.clone())),
            None => added.push(name.clone()),
        }
    }
    (pairs, removed, added)
}

/// A request body's or response's media types, borrowed (an empty map
/// where it has none): cloning them cloned every inline schema of
/// every operation.
pub(in crate::diff) fn content(owner: &Value) -> &serde_json::Map<String, Value> {
    members(owner, "content")
}

/// How a body's payload moved between the body's root and one of its
/// properties, the payload itself unchanged: an envelope added
/// (`Thing` became `{"data": Thing}`), dropped, or renamed (`{"data": ..}`
/// became `{"item": ..}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::diff) enum Rewrap {
    /// The old body is now the new body's property of this name.
    Into(String),
    /// The old body's property of this name is now the whole body.
    OutOf(String),
    /// The payload moved from the old property to the new one, the body's
    /// other properties named as before.
    Between(String, String),
}

impl Rewrap {
    /// The root properties its one row stands for: those added and those
    /// removed at the body's root, which the walk leaves to that row.
    pub(in crate::diff) fn covers(
        &self,
        old: &Value,
        new: &Value,
    ) -> (BTreeSet<String>, BTreeSet<String>) {
        let names =
            |v: &Value| -> BTreeSet<String> { members(v, "properties").keys().cloned().collect() };
        match self {
            Rewrap::Into(name) => ([name.clone()].into(), names(old)),
            Rewrap::OutOf(name) => (names(new), [name.clone()].into()),
            Rewrap::Between(from, to) => ([to.clone()].into(), [from.clone()].into()),
        }
    }
}

/// The [`Rewrap`] from body `old` to body `new` (as written, `$ref` or
/// not), if there is one: the payload compared as resolved on both sides,
/// so a component whose content changed is not the same payload. The
/// payload must be an object with properties: a string property renamed is
/// a rename, not a moved body.
pub(in crate::diff) fn rewrapping(
    old_doc: &Value,
    new_doc: &Value,
    old: &Value,
    new: &Value,
) -> Option<Rewrap> {
    let same = |a: &Value, b: &Value| {
        openapi::resolve_deep(old_doc, a) == openapi::resolve_deep(new_doc, b)
    };
    let (o, n) = (
        openapi::resolve_deep(old_doc, old),
        openapi::resolve_deep(new_doc, new),
    );
    let (op, np) = (members(o, "properties"), members(n, "properties"));
    if op.is_empty() || np.is_empty() {
        return None;
    }
    let into = np
        .iter()
        .find(|(name, s)| !op.contains_key(*name) && same(old, s));
    if let Some((name, _)) = into {
        return Some(Rewrap::Into(name.clone()));
    }
    let out_of = op
        .iter()
        .find(|(name, s)| !np.contains_key(*name) && same(s, new));
    if let Some((name, _)) = out_of {
        return Some(Rewrap::OutOf(name.clone()));
    }
    let gone: Vec<_> = op.keys().filter(|k| !np.contains_key(*k)).collect();
    let came: Vec<_> = np.keys().filter(|k| !op.contains_key(*k)).collect();
    let payload = |v: &Value| !members(openapi::resolve_deep(old_doc, v), "properties").is_empty();
    match (gone.as_slice(), came.as_slice()) {
        ([from], [to]) if payload(&op[*from]) && same(&op[*from], &np[*to]) => {
            Some(Rewrap::Between((*from).clone(), (*to).clone()))
        }
        _ => None,
    }
}

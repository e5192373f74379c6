//! The compiled checker. The response schemas of the spec are compiled once
//! into a tree of nodes addressed by index, `$ref`s resolved and each node's
//! facts precomputed (its type, nullability, enum, format, properties by
//! name, what an absent property is reported as expecting). An answer's bytes
//! are then walked once by a serde `DeserializeSeed` driven by that tree: no
//! `serde_json::Value` is built and nothing is looked up by name, except
//! below an `allOf`, `anyOf` or `oneOf`, whose branches all look at one value
//! (that value alone is parsed, then walked).
//!
//! It reports exactly what the reference checker
//! (`drift-tools/src/reference.rs`, a dev crate) reports:
//! the same kinds, pointers, expectations, seen types and counts.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::Deserialize as _;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::findings::Finding;
use super::findings::{
    Kind, MAX_DEPTH, NOT_JSON, Tally, body_type, format_problem, json_type, push_token,
};

type NodeId = usize;

/// The spec's response schemas, compiled.
pub(crate) struct Compiled {
    nodes: Vec<Node>,
    /// operationId -> status (or `default`, `4XX`) -> body schema (`None`:
    /// documented without a JSON body).
    operations: HashMap<String, BTreeMap<String, Option<NodeId>>>,
}

enum Node {
    /// No `type`: anything fits, nothing below is looked at.
    Any,
    /// A `$ref`: the node it resolves to, at the same depth.
    Ref(NodeId),
    /// Every branch is checked against the value.
    AllOf(Vec<NodeId>),
    /// The value fits if one branch does; else the first branch's findings.
    OneOf(Vec<NodeId>),
    Typed(Typed),
}

struct Typed {
    /// The schema's `type`, as written.
    ty: String,
    /// How `ty` is matched against a value's JSON type.
    kind: TypeKind,
    nullable: bool,
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    items: NodeId,
    properties: Option<Properties>,
    additional: Additional,
    /// An enum on an array or object compares whole values: such a node is
    /// checked on the parsed value.
    whole_value: bool,
}

impl Typed {
    /// Whether a value of JSON type `seen` fits the type; if not, it is
    /// reported at `pointer`.
    fn fits(&self, seen: &'static str, pointer: &str, out: &mut Tally) -> bool {
        let fits = match self.kind {
            TypeKind::Integer => seen == "integer",
            TypeKind::Number => seen == "integer" || seen == "number",
            TypeKind::Other => self.ty == seen,
        };
        if !fits {
            out.add(pointer, Kind::TypeMismatch, || self.ty.clone(), seen);
        }
        fits
    }

    /// The checks of a value that fits: its enum (`value` makes it whole,
    /// only when there is one) and, for a string (`text`), its format.
    fn enum_and_format(
        &self,
        seen: &'static str,
        value: impl FnOnce() -> Value,
        text: Option<&str>,
        pointer: &str,
        out: &mut Tally,
    ) {
        if let Some(allowed) = &self.enumeration
            && !allowed.contains(&value())
        {
            out.add(
                pointer,
                Kind::Enum,
                || format!("one of {} values", allowed.len()),
                seen,
            );
        }
        if let (Some(text), Some(format)) = (text, &self.format)
            && let Some(problem) = format_problem(format, text)
        {
            out.add(
                pointer,
                Kind::Format,
                || format!("format {format}"),
                problem,
            );
        }
    }
}

/// `integer` takes integers, `number` integers and fractions, any other
/// `type` the JSON type of its name.
enum TypeKind {
    Integer,
    Number,
    Other,
}

struct Properties {
    index: rustc_hash::FxHashMap<String, usize>,
    /// In declaration order: name, schema, what its absence expects.
    list: Vec<(String, NodeId, String)>,
    /// Each name as a JSON pointer token (`/name`, escaped), by index.
    tokens: Vec<String>,
}

enum Additional {
    Schema(NodeId),
    /// `additionalProperties: true`, or no `properties` declared.
    Allowed,
    Forbidden,
}

impl Compiled {
    /// Compiles the response schemas of `spec`, an OpenAPI document as JSON.
    pub(crate) fn from_spec(spec: &Value) -> Self {
        let mut compiler = Compiler {
            spec,
            nodes: Vec::new(),
            refs: HashMap::new(),
        };
        let mut operations = HashMap::new();
        for item in spec["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
        {
            for operation in item.as_object().into_iter().flat_map(|i| i.values()) {
                let Some(id) = operation["operationId"].as_str() else {
                    continue;
                };
                let mut responses = BTreeMap::new();
                for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                    let schema = response["content"]
                        .as_object()
                        .and_then(|c| {
                            c.iter()
                                .find(|(media, _)| media.contains("json"))
                                .map(|(_, m)| &m["schema"])
                        })
                        .filter(|s| !s.is_null());
                    let node = schema.map(|s| compiler.compile(s, 0));
                    responses.insert(status.clone(), node);
                }
                operations.insert(id.to_string(), responses);
            }
        }
        Self {
            nodes: compiler.nodes,
            operations,
        }
    }

    /// The node `id` stands for, `$ref`s followed (a cycle of refs alone,
    /// which no schema can satisfy, is taken as anything).
    fn node(&self, mut id: NodeId) -> &Node {
        for _ in 0..=MAX_DEPTH {
            match &self.nodes[id] {
                Node::Ref(target) => id = *target,
                node => return node,
            }
        }
        &Node::Any
    }
}

struct Compiler<'a> {
    spec: &'a Value,
    nodes: Vec<Node>,
    /// `$ref` -> its node, so that a schema referred to many times (or by
    /// itself) is compiled once.
    refs: HashMap<String, NodeId>,
}

impl<'a> Compiler<'a> {
    /// The node for `schema`; `hops` counts the `$ref`s followed to it.
    fn compile(&mut self, schema: &Value, hops: usize) -> NodeId {
        if let Some(reference) = schema["$ref"].as_str()
            && hops < MAX_DEPTH
            && let Some(target) = self.target(reference)
        {
            if let Some(id) = self.refs.get(reference) {
                return *id;
            }
            let id = self.reserve();
            self.refs.insert(reference.to_string(), id);
            let compiled = self.compile(target, hops + 1);
            self.nodes[id] = Node::Ref(compiled);
            return id;
        }
        let node = self.node_of(schema);
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// What the reference checker's `resolve` finds for `reference`: only
    /// `#/components/...`, followed token by token.
    fn target(&self, reference: &str) -> Option<&'a Value> {
        let path = reference.strip_prefix("#/components/")?;
        let mut target = &self.spec["components"];
        for token in path.split('/') {
            target = &target[token.replace("~1", "/").replace("~0", "~")];
        }
        Some(target)
    }

    fn reserve(&mut self) -> NodeId {
        self.nodes.push(Node::Any);
        self.nodes.len() - 1
    }

    fn node_of(&mut self, schema: &Value) -> Node {
        if let Some(branches) = schema["allOf"].as_array() {
            return Node::AllOf(branches.iter().map(|b| self.compile(b, 0)).collect());
        }
        for union in ["anyOf", "oneOf"] {
            if let Some(branches) = schema[union].as_array() {
                return Node::OneOf(branches.iter().map(|b| self.compile(b, 0)).collect());
            }
        }
        let Some(ty) = schema["type"].as_str() else {
            return Node::Any;
        };
        let items = self.compile(&schema["items"], 0);
        let properties = schema["properties"].as_object().map(|declared| {
            let mut list = Vec::with_capacity(declared.len());
            for (name, field) in declared {
                let node = self.compile(field, 0);
                let absent = self
                    .resolved(field)
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("any")
                    .to_string();
                list.push((name.clone(), node, absent));
            }
            let index = list
                .iter()
                .enumerate()
                .map(|(i, (name, ..))| (name.clone(), i))
                .collect();
            let tokens = list
                .iter()
                .map(|(name, ..)| {
                    let mut token = String::new();
                    push_token(&mut token, name);
                    token
                })
                .collect();
            Properties {
                index,
                list,
                tokens,
            }
        });
        let additional = match &schema["additionalProperties"] {
            extra @ Value::Object(_) => Additional::Schema(self.compile(extra, 0)),
            Value::Bool(true) => Additional::Allowed,
            _ if properties.is_none() => Additional::Allowed,
            _ => Additional::Forbidden,
        };
        let enumeration = schema["enum"].as_array().cloned();
        Node::Typed(Typed {
            whole_value: enumeration.is_some() && matches!(ty, "array" | "object"),
            kind: match ty {
                "integer" => TypeKind::Integer,
                "number" => TypeKind::Number,
                _ => TypeKind::Other,
            },
            ty: ty.to_string(),
            nullable: schema["nullable"] == Value::Bool(true),
            enumeration,
            format: schema["format"].as_str().map(str::to_string),
            items,
            properties,
            additional,
        })
    }

    /// `schema` with its `$ref`s followed, as the reference resolves it.
    fn resolved(&self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..MAX_DEPTH {
            let Some(target) = schema["$ref"].as_str().and_then(|r| self.target(r)) else {
                return schema;
            };
            schema = target;
        }
        schema
    }
}

/// Checks `body`, an answer of `operation` with `status`. The fake and
/// the `drift-tools` dev crate (which compiles this file as its own) call
/// it; the client itself goes through [`check_counted`], so without the
/// `fake` feature it is unused here.
#[allow(dead_code)]
pub(crate) fn check(
    compiled: &Compiled,
    operation: &str,
    status: u16,
    body: &[u8],
) -> Vec<Finding> {
    check_counted(compiled, operation, status, body).into_findings()
}

/// [`check`], as the tally: its findings and how many distinct ones it
/// could not keep (at most [`MAX_FINDINGS_PER_ANSWER`](super::findings::MAX_FINDINGS_PER_ANSWER)
/// are kept).
pub(crate) fn check_counted(
    compiled: &Compiled,
    operation: &str,
    status: u16,
    body: &[u8],
) -> Tally {
    let mut findings = Tally::default();
    let Some(responses) = compiled.operations.get(operation) else {
        return findings;
    };
    let class = format!("{}XX", status / 100);
    let documented = responses
        .get(&status.to_string())
        .or_else(|| responses.get(&class))
        .or_else(|| responses.get("default"));
    let Some(node) = documented else {
        let listed: Vec<&str> = responses.keys().map(String::as_str).collect();
        let seen = body_type(body);
        findings.add(
            "",
            Kind::UndocumentedStatus,
            || format!("documented statuses {}", listed.join(", ")),
            &seen,
        );
        if seen == NOT_JSON {
            findings.add("", Kind::Undecodable, || "JSON".into(), NOT_JSON);
        }
        return findings;
    };
    findings.add("", Kind::Observed, String::new, "");
    let Some(node) = *node else {
        return findings;
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        findings.add("", Kind::Undecodable, || "a JSON body".into(), "empty body");
        return findings;
    }
    // What the body holds is only kept if all of it parses: a body that is
    // not JSON is one finding, as the reference (which parses first) says.
    let mut found = Found::default();
    let mut pointer = String::new();
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let walked = Check {
        compiled,
        node,
        pointer: &mut pointer,
        depth: 0,
        out: &mut found,
    }
    .deserialize(&mut deserializer)
    .and_then(|()| deserializer.end());
    match walked {
        Ok(()) => findings.extend(found.into_tally(compiled)),
        Err(e) => {
            // The error's category and place, never its text: serde quotes values.
            let seen = format!(
                "not JSON ({:?} error at line {} column {})",
                e.classify(),
                e.line(),
                e.column()
            );
            findings.add("", Kind::Undecodable, || "JSON".into(), &seen);
        }
    }
    findings
}

/// What a walk found: the tally, and the absent properties counted per
/// object schema and pointer, to be tallied once at the end rather than
/// once per object (a page repeats each absence a hundred times).
#[derive(Default)]
struct Found {
    tally: Tally,
    absent: rustc_hash::FxHashMap<NodeId, rustc_hash::FxHashMap<String, Vec<u64>>>,
}

impl Found {
    fn into_tally(mut self, compiled: &Compiled) -> Tally {
        for (node, by_pointer) in self.absent {
            let Node::Typed(typed) = compiled.node(node) else {
                continue;
            };
            let Some(properties) = &typed.properties else {
                continue;
            };
            for (pointer, counts) in by_pointer {
                for (i, count) in counts.into_iter().enumerate().filter(|(_, c)| *c > 0) {
                    let at = format!("{pointer}{}", properties.tokens[i]);
                    let expected = &properties.list[i].2;
                    self.tally
                        .add_times(&at, Kind::Absent, || expected.clone(), "absent", count);
                }
            }
        }
        self.tally
    }
}

/// Checks one value against one node, as it is read.
struct Check<'c, 'p> {
    compiled: &'c Compiled,
    node: NodeId,
    pointer: &'p mut String,
    depth: usize,
    out: &'p mut Found,
}

impl<'de> DeserializeSeed<'de> for Check<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.depth > MAX_DEPTH {
            return deserializer.deserialize_any(Skip);
        }
        match self.compiled.node(self.node) {
            Node::Any | Node::Ref(_) => deserializer.deserialize_any(Skip),
            Node::Typed(typed) if !typed.whole_value => {
                deserializer.deserialize_any(TypedVisitor { typed, check: self })
            }
            _ => {
                let value = Value::deserialize(deserializer)?;
                walk_value(
                    self.compiled,
                    self.node,
                    &value,
                    self.pointer,
                    self.depth,
                    &mut self.out.tally,
                );
                Ok(())
            }
        }
    }
}

struct TypedVisitor<'c, 'p> {
    typed: &'c Typed,
    check: Check<'c, 'p>,
}

impl TypedVisitor<'_, '_> {
    /// Whether a value of JSON type `seen` fits; if not, it is reported.
    fn fits(&mut self, seen: &'static str) -> bool {
        self.typed
            .fits(seen, self.check.pointer, &mut self.check.out.tally)
    }

    /// A value of JSON type `seen`; `value` makes it whole for an enum,
    /// the only check that needs it.
    fn scalar(mut self, seen: &'static str, value: impl FnOnce() -> Value, text: Option<&str>) {
        if self.fits(seen) {
            let out = &mut self.check.out.tally;
            self.typed
                .enum_and_format(seen, value, text, self.check.pointer, out);
        }
    }
}

impl<'de> Visitor<'de> for TypedVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        if !self.typed.nullable {
            let expected = &self.typed.ty;
            self.check.out.tally.add(
                self.check.pointer,
                Kind::UnexpectedNull,
                || format!("non-null {expected}"),
                "null",
            );
        }
        Ok(())
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.scalar("boolean", || Value::Bool(v), None);
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.scalar("integer", || Value::from(v), None);
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.scalar("integer", || Value::from(v), None);
        Ok(())
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        // What serde_json's `Value` calls a float it parsed: a number.
        let seen = json_type(&Value::from(v));
        self.scalar(seen, || Value::from(v), None);
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.scalar("string", || Value::String(v.to_string()), Some(v));
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        if !self.fits("array") {
            while seq.next_element_seed(Skip)?.is_some() {}
            return Ok(());
        }
        let Check {
            compiled,
            pointer,
            depth,
            out,
            ..
        } = self.check;
        let len = pointer.len();
        pointer.push_str("/*");
        loop {
            let item = Check {
                compiled,
                node: self.typed.items,
                pointer: &mut *pointer,
                depth: depth + 1,
                out: &mut *out,
            };
            if seq.next_element_seed(item)?.is_none() {
                break;
            }
        }
        pointer.truncate(len);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        if !self.fits("object") {
            while map.next_key_seed(Skip)?.is_some() {
                map.next_value_seed(Skip)?;
            }
            return Ok(());
        }
        let typed = self.typed;
        let Check {
            compiled,
            node,
            pointer,
            depth,
            out,
        } = self.check;
        let declared = typed.properties.as_ref();
        let mut seen = Seen::new(declared.map_or(0, |d| d.list.len()));
        while let Some(name) = map.next_key_seed(Key)? {
            let len = pointer.len();
            let index = declared.and_then(|d| d.index.get(name.as_ref()).copied());
            match (declared, index) {
                (Some(d), Some(i)) => pointer.push_str(&d.tokens[i]),
                _ => push_token(pointer, &name),
            }
            match index {
                Some(i) => {
                    seen.insert(i);
                    map.next_value_seed(Check {
                        compiled,
                        node: declared.expect("indexed").list[i].1,
                        pointer: &mut *pointer,
                        depth: depth + 1,
                        out: &mut *out,
                    })?;
                }
                None => match typed.additional {
                    Additional::Schema(node) => map.next_value_seed(Check {
                        compiled,
                        node,
                        pointer: &mut *pointer,
                        depth: depth + 1,
                        out: &mut *out,
                    })?,
                    Additional::Allowed => map.next_value_seed(Skip)?,
                    Additional::Forbidden => {
                        let kind = map.next_value_seed(TypeOf)?;
                        out.tally.add(
                            pointer,
                            Kind::UnknownField,
                            || "not in the schema".into(),
                            kind,
                        );
                    }
                },
            }
            pointer.truncate(len);
        }
        if let Some(declared) = declared {
            let mut missing = (0..declared.list.len())
                .filter(|i| !seen.contains(*i))
                .peekable();
            if missing.peek().is_some() {
                let by_pointer = out.absent.entry(node).or_default();
                if !by_pointer.contains_key(pointer.as_str()) {
                    by_pointer.insert(pointer.clone(), vec![0; declared.list.len()]);
                }
                let counts = by_pointer
                    .get_mut(pointer.as_str())
                    .expect("inserted above");
                for i in missing {
                    counts[i] += 1;
                }
            }
        }
        Ok(())
    }
}

/// Which declared properties an object had: a bit each, on the stack for
/// the usual object of at most 128 properties.
enum Seen {
    Few(u128),
    Many(Vec<bool>),
}

impl Seen {
    fn new(properties: usize) -> Self {
        if properties <= 128 {
            Seen::Few(0)
        } else {
            Seen::Many(vec![false; properties])
        }
    }

    fn insert(&mut self, i: usize) {
        match self {
            Seen::Few(bits) => *bits |= 1 << i,
            Seen::Many(seen) => seen[i] = true,
        }
    }

    fn contains(&self, i: usize) -> bool {
        match self {
            Seen::Few(bits) => bits & (1 << i) != 0,
            Seen::Many(seen) => seen[i],
        }
    }
}

/// An object's key, borrowed from the body where it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// Reads a value and keeps nothing. Through `deserialize_any`, so that
/// serde_json's nesting limit applies as it does when a `Value` is built
/// (`IgnoredAny` skips without one).
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }
}

/// Reads a value and keeps only its JSON type.
struct TypeOf;

impl<'de> DeserializeSeed<'de> for TypeOf {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TypeOf {
    type Value = &'static str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok("null")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok("boolean")
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok("integer")
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok("integer")
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok("number")
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok("string")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Skip.visit_seq(seq).map(|()| "array")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Skip.visit_map(map).map(|()| "object")
    }
}

/// The reference checker's walk over a parsed value, on compiled nodes: for
/// what lies under an `allOf`, `anyOf` or `oneOf`.
fn walk_value(
    compiled: &Compiled,
    node: NodeId,
    value: &Value,
    pointer: &mut String,
    depth: usize,
    out: &mut Tally,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let typed = match compiled.node(node) {
        Node::Any | Node::Ref(_) => return,
        Node::AllOf(branches) => {
            for branch in branches {
                walk_value(compiled, *branch, value, pointer, depth + 1, out);
            }
            return;
        }
        Node::OneOf(branches) => {
            let mut first = None;
            for branch in branches {
                let mut found = Tally::default();
                walk_value(compiled, *branch, value, pointer, depth + 1, &mut found);
                if found.is_empty() {
                    return;
                }
                first.get_or_insert(found);
            }
            if let Some(first) = first {
                out.extend(first);
            }
            return;
        }
        Node::Typed(typed) => typed,
    };
    let expected = typed.ty.as_str();
    let seen = json_type(value);
    if value.is_null() {
        if !typed.nullable {
            out.add(
                pointer,
                Kind::UnexpectedNull,
                || format!("non-null {expected}"),
                "null",
            );
        }
        return;
    }
    if !typed.fits(seen, pointer, out) {
        return;
    }
    let text = value.as_str();
    typed.enum_and_format(seen, || value.clone(), text, pointer, out);
    match value {
        Value::Array(items) => {
            let len = pointer.len();
            pointer.push_str("/*");
            for item in items {
                walk_value(compiled, typed.items, item, pointer, depth + 1, out);
            }
            pointer.truncate(len);
        }
        Value::Object(fields) => {
            let declared = typed.properties.as_ref();
            for (name, field) in fields {
                let len = pointer.len();
                push_token(pointer, name);
                match (declared.and_then(|d| d.index.get(name)), &typed.additional) {
                    (Some(&i), _) => {
                        let node = declared.expect("indexed").list[i].1;
                        walk_value(compiled, node, field, pointer, depth + 1, out);
                    }
                    (None, Additional::Schema(node)) => {
                        walk_value(compiled, *node, field, pointer, depth + 1, out)
                    }
                    (None, Additional::Allowed) => {}
                    (None, Additional::Forbidden) => out.add(
                        pointer,
                        Kind::UnknownField,
                        || "not in the schema".into(),
                        json_type(field),
                    ),
                }
                pointer.truncate(len);
            }
            for (name, _, expected) in declared.into_iter().flat_map(|d| d.list.iter()) {
                if !fields.contains_key(name) {
                    let len = pointer.len();
                    push_token(pointer, name);
                    out.add(pointer, Kind::Absent, || expected.clone(), "absent");
                    pointer.truncate(len);
                }
            }
        }
        _ => {}
    }
}

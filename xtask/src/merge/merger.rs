//! Merging: many single-endpoint fragments into one document. Operations are
//! unioned, components folded where identical, servers and tags reconciled,
//! then the document-wide normalizations, the named types and the overlay are
//! applied. The result does not depend on the order of the fragments.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::error::{Source, SpecError};
use crate::merge::components::Components;
use crate::merge::concepts;
use crate::merge::inferred;
use crate::merge::normalize::{self, Fix};
use crate::merge::overlay::Overlay;
use crate::merge::pages::Fragment;
use crate::merge::token_page;
use crate::merge::types::{self, Origins, Types};
use crate::openapi::{self, METHODS};

/// What a merge did, for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Input files read.
    pub pages: usize,
    /// OpenAPI documents found in them.
    pub fragments: usize,
    /// Operations in the result.
    pub operations: usize,
    /// Named schemas in the result.
    pub schemas: usize,
    /// How many places each normalization changed.
    pub fixes: BTreeMap<Fix, usize>,
    /// Overlay actions applied.
    pub overlay_actions: usize,
    /// Things a maintainer should look at; none stops the merge.
    pub warnings: Vec<String>,
    /// Fields whose type rests on one sample of the vendor's.
    pub inferred: Vec<inferred::Guess>,
    /// Where each operation is documented: operation pointer to source.
    pub operations_at: BTreeMap<String, Source>,
    /// Where a page documents the token endpoint, checked against the auth
    /// layer and left out of the client's operations.
    pub token_endpoint: Option<Source>,
}

/// Everything one merge reads besides the fragments.
#[derive(Debug, Default)]
pub struct Config<'a> {
    /// The named types and error schema.
    pub types: Option<&'a Types>,
    /// The maintainers' corrections.
    pub overlay: Option<&'a Overlay>,
    /// The pages' schemas were inferred from sample responses (the vendor's
    /// are): note and report the fields whose type rests on one sample.
    pub samples: bool,
}

/// Merges fragments (from any number of pages) into one document.
pub fn merge(
    mut fragments: Vec<Fragment>,
    config: &Config<'_>,
) -> Result<(Value, Report), SpecError> {
    // Sorting by source makes "the first page" (for `info`) and every
    // error message independent of the order the files were listed in.
    fragments.sort_by(|a, b| a.source.cmp(&b.source));
    let mut merger = Merger::default();
    for fragment in fragments {
        merger.add(fragment)?;
    }
    merger.finish(config)
}

/// A merge fed one fragment at a time, so that only the document being
/// assembled is held, never every page's copy of the components they share
/// ([`merge_pages`](crate::merge::merge_pages) reads a folder so). Fragments must come in the
/// order of their sources (file, then line), as [`merge`] sorts them.
#[derive(Default)]
pub struct Merger {
    state: State,
    /// The operationIds derived here (not the vendor's): operation pointer -> id.
    derived_ids: BTreeMap<String, String>,
    report: Report,
    files: std::collections::BTreeSet<String>,
}

impl Merger {
    /// Checks and normalizes one fragment and folds it into the document.
    pub fn add(&mut self, fragment: Fragment) -> Result<(), SpecError> {
        self.report.fragments += 1;
        if !self.files.contains(&fragment.source.file) {
            self.files.insert(fragment.source.file.clone());
        }
        check_version(&fragment)?;
        let Fragment {
            source,
            mut doc,
            components,
            ..
        } = fragment;
        let known = &self.state.components;
        let components = known.read(components.as_ref(), &source)?;
        known.check_refs(&doc, &components, &source)?;
        let fixes = &mut self.report.fixes;
        *fixes.entry(Fix::SecurityToOperation).or_default() +=
            normalize::security_to_operations(&mut doc);
        let derived = normalize::operation_ids(&mut doc);
        *fixes.entry(Fix::OperationId).or_default() += derived.len();
        for (path, method, id) in derived {
            self.derived_ids
                .insert(openapi::operation_pointer(&path, &method), id);
        }
        *fixes.entry(Fix::PathParameter).or_default() +=
            normalize::path_parameters_resolving(&mut doc, known.parameters(&components));
        self.state.add(&source, doc)?;
        self.state.components.add(components, &source)
    }

    /// Applies the document-wide fixes, the named types and the overlay.
    pub fn finish(self, config: &Config<'_>) -> Result<(Value, Report), SpecError> {
        let Merger {
            state,
            derived_ids,
            mut report,
            files,
        } = self;
        report.pages = files.len();
        for fix in Fix::ALL {
            report.fixes.entry(fix).or_insert(0);
        }
        finish(state, &derived_ids, report, config)
    }
}

fn finish(
    state: State,
    derived_ids: &BTreeMap<String, String>,
    mut report: Report,
    config: &Config<'_>,
) -> Result<(Value, Report), SpecError> {
    let (mut doc, mut origins) = state.finish()?;
    // The token endpoint is the auth layer's, not a generated method.
    report.token_endpoint = token_page::take_out(&mut doc, |p| origins.get(p).cloned())?;

    let mut fix = |f: Fix, n: usize| *report.fixes.entry(f).or_default() += n;
    fix(
        Fix::UntypedHeader,
        normalize::drop_untyped_headers(&mut doc),
    );
    fix(
        Fix::TransportHeader,
        normalize::drop_transport_headers(&mut doc),
    );
    fix(
        Fix::UnknownFormat,
        normalize::drop_unknown_formats(&mut doc),
    );
    if let Some(named) = config.types {
        fix(Fix::NamedType, types::hoist(&mut doc, named, &mut origins)?);
    }
    let errors = config.types.and_then(|t| t.errors.as_deref());
    let (pointed, unions) = types::unify_errors(&mut doc, errors, &mut origins)?;
    fix(Fix::ErrorSchema, pointed);
    fix(Fix::UntypedNullable, normalize::untyped_nullable(&mut doc));
    let money = match config.types {
        Some(named) => types::mark_money(&mut doc, named)?,
        None => Vec::new(),
    };
    fix(
        Fix::ScopesInDescription,
        normalize::scopes_in_descriptions(&mut doc),
    );

    report.warnings.extend(unions);
    if let Some(named) = config.types {
        report.warnings.extend(concepts::likely_named(&doc, named));
    }
    if let Some(overlay) = config.overlay {
        let (applied, warnings) = overlay.apply(&mut doc)?;
        report.overlay_actions = applied;
        report.warnings.extend(warnings);
        check_refs(&doc, &Source::new(overlay.file(), 1))?;
    }
    // After the overlay: what a maintainer settled there is no longer a
    // guess of the samples' (a type given to a null-only field, say).
    if config.samples {
        report.inferred = inferred::annotate(&mut doc, &money, &origins);
    }
    report
        .warnings
        .extend(settle_derived_ids(&mut doc, derived_ids, &origins));
    check_unique_operation_ids(&doc, &origins, config.overlay.map(Overlay::file))?;
    check_one_path_per_summary(&doc, &origins)?;
    check_valid(&doc, &origins, config.overlay.map(Overlay::file))?;
    for (path, method, _) in openapi::operations(&doc) {
        let pointer = openapi::operation_pointer(&path, &method);
        if let Some(source) = origins.get(&pointer) {
            report.operations_at.insert(pointer, source.clone());
        }
    }
    report.operations = openapi::operations(&doc).len();
    report.schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    Ok((doc, report))
}

fn check_version(fragment: &Fragment) -> Result<(), SpecError> {
    let doc = &fragment.doc;
    if let Some(swagger) = doc.get("swagger") {
        return Err(SpecError::UnsupportedVersion {
            at: fragment.source.clone(),
            version: format!("swagger {}", scalar(swagger)),
        });
    }
    let version = doc.get("openapi").map(scalar).unwrap_or_default();
    if !version.starts_with("3.0.") {
        return Err(SpecError::UnsupportedVersion {
            at: fragment.source.clone(),
            version: format!("openapi {version}"),
        });
    }
    if !doc.get("paths").is_some_and(Value::is_object) {
        return Err(SpecError::Invalid {
            at: fragment.source.clone(),
            message: "the document has no `paths` object".into(),
        });
    }
    Ok(())
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every `$ref` must be local and resolve: fragments are self-contained.
/// The merged document is valid as far as [`validate`](crate::validate)
/// can tell (no parameter twice, every `$ref` resolved, every path
/// placeholder declared): a merge never writes a document that
/// openapi-spec-validator would refuse. The error names the page line of
/// the operation where the problem is, and the overlay, which may have
/// caused it.
fn check_valid(doc: &Value, origins: &Origins, overlay: Option<&str>) -> Result<(), SpecError> {
    let problems = crate::validate::problems(doc);
    let Some(first) = problems.first() else {
        return Ok(());
    };
    let at = origins
        .source_of(&first.pointer)
        .cloned()
        .unwrap_or_else(|| Source::new(overlay.unwrap_or("the merged document"), 1));
    let more = match problems.len() {
        1 => String::new(),
        n => format!(
            " ({} more problems: {})",
            n - 1,
            problems[1..]
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    let overlay = overlay
        .map(|file| format!("; if an action of {file} added it there, that action must change"))
        .unwrap_or_default();
    Err(SpecError::Invalid {
        at,
        message: format!(
            "the merged document would be invalid: {}{overlay}{more}; nothing was written",
            first
        ),
    })
}

fn check_refs(doc: &Value, at: &Source) -> Result<(), SpecError> {
    match openapi::find_ref(doc, &[], |r| openapi::resolve(doc, r).is_none()) {
        Some((reference, pointer)) => Err(SpecError::DanglingRef {
            at: at.clone(),
            reference,
            pointer: openapi::show_pointer(&pointer).to_string(),
        }),
        None => Ok(()),
    }
}

/// Operations whose derived operationIds collide (two summaries alike) get
/// ids from their method and path instead: distinct, and stable whatever the
/// order of the pages. An id the vendor or the overlay gave is kept. Returns
/// a warning for each collision, naming the ids given, so that a maintainer
/// can choose better ones in the overlay.
fn settle_derived_ids(
    doc: &mut Value,
    derived: &BTreeMap<String, String>,
    origins: &Origins,
) -> Vec<String> {
    let mut by_id: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (path, method, op) in openapi::operations(doc) {
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            by_id
                .entry(id.to_string())
                .or_default()
                .push((path, method));
        }
    }
    let mut warnings = Vec::new();
    for (id, routes) in by_id.into_iter().filter(|(_, r)| r.len() > 1) {
        let mut renamed = Vec::new();
        for (path, method) in routes {
            let pointer = openapi::operation_pointer(&path, &method);
            // Still the id derived here: the overlay did not name it.
            if derived.get(&pointer) != Some(&id) {
                continue;
            }
            let new = normalize::id_from_route(&method, &path);
            if let Some(op) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
                op.insert("operationId".into(), Value::String(new.clone()));
            }
            let at = origins
                .get(&pointer)
                .map(|s| format!(", {s}"))
                .unwrap_or_default();
            renamed.push(format!(
                "`{new}` ({} {path}{at})",
                method.to_ascii_uppercase()
            ));
        }
        if !renamed.is_empty() {
            warnings.push(format!(
                "operationId `{id}`, derived from a summary, is not unique; from the route instead: {}; name them in the overlay to choose",
                renamed.join(" and ")
            ));
        }
    }
    warnings
}

fn check_unique_operation_ids(
    doc: &Value,
    origins: &Origins,
    overlay: Option<&str>,
) -> Result<(), SpecError> {
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    // An operation no page defines was added by the overlay.
    let unknown = Source::new(overlay.unwrap_or("the overlay"), 1);
    for (path, method, op) in openapi::operations(doc) {
        let Some(id) = op.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        let here = format!("{} {path}", method.to_ascii_uppercase());
        let pointer = openapi::operation_pointer(&path, &method);
        if let Some((first, first_pointer)) = seen.get(id) {
            let at = |p: &str| origins.get(p).unwrap_or(&unknown).to_string();
            return Err(SpecError::DuplicateOperationId {
                id: id.into(),
                overlay: overlay.map_or("an overlay (--overlay FILE)".into(), str::to_string),
                first: format!("`{first}` ({})", at(first_pointer)),
                second: format!("`{here}` ({})", at(&pointer)),
            });
        }
        seen.insert(id.into(), (here, pointer));
    }
    Ok(())
}

/// Two pages that document an endpoint with the same method and summary
/// on paths of which one extends the other (`/offers/{offer_id}` and
/// `/offers/{offer_id}/confirm`: two renderings of one page) contradict each
/// other: the merge stops rather than keep both or pick one. The same
/// summary on unrelated paths is common in real APIs ("List network
/// interfaces" of instances and of subnets) and stays; within one page a
/// repeated summary is the page's own business. Checked after the overlay,
/// so that an action removing one of the paths settles it.
fn check_one_path_per_summary(doc: &Value, origins: &Origins) -> Result<(), SpecError> {
    let mut seen: BTreeMap<(String, String), (String, Source)> = BTreeMap::new();
    for (path, method, op) in openapi::operations(doc) {
        let Some(summary) = op.get("summary").and_then(Value::as_str) else {
            continue;
        };
        let pointer = openapi::operation_pointer(&path, &method);
        let Some(source) = origins.get(&pointer) else {
            continue;
        };
        let key = (method.clone(), summary.trim().to_lowercase());
        if key.1.is_empty() {
            continue;
        }
        match seen.get(&key) {
            Some((first_path, first))
                if first.file != source.file && one_extends_the_other(first_path, &path) =>
            {
                let remove = |path: &str| {
                    format!("  - target: $.paths['{path}'].{method}\n    remove: true")
                };
                let upper = method.to_ascii_uppercase();
                return Err(SpecError::SummaryOnTwoPaths {
                    summary: summary.to_string(),
                    first: format!("`{upper} {first_path}` at {first}"),
                    second: format!("`{upper} {path}` at {source}"),
                    actions: format!("{}\nor\n{}", remove(first_path), remove(&path)),
                });
            }
            Some(_) => {}
            None => {
                seen.insert(key, (path.clone(), source.clone()));
            }
        }
    }
    Ok(())
}

/// Whether one path is the other with segments added at its end.
fn one_extends_the_other(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short.trim_end_matches('/'))
        .is_some_and(|rest| rest.starts_with('/'))
}

/// A fragment's `servers` (an index into the distinct lists) and the
/// (path, method index) operations it brought.
type FragmentServers = (Option<usize>, Vec<(String, usize)>);

/// The document being assembled, keyed so that the output is sorted.
#[derive(Default)]
struct State {
    openapi: Option<String>,
    info: Option<Value>,
    /// path -> method -> (operation, where it came from)
    /// (path, method) -> (operation, where it came from); one map rather
    /// than one per path, whose nodes would hold room for eleven methods.
    operations: BTreeMap<(String, usize), (Value, Source)>,
    /// path -> path-item key (parameters, summary, ...) -> value
    path_items: BTreeMap<String, BTreeMap<String, (Value, Source)>>,
    /// The components, folded apart from the rest of each fragment.
    components: Components,
    /// Each fragment's servers, and the operations it brought.
    servers: Vec<FragmentServers>,
    /// The distinct server lists: fragments mostly repeat one.
    server_lists: Vec<Value>,
    tags: BTreeMap<String, Value>,
}

impl State {
    /// Adds one fragment's document (its components aside), moving its parts
    /// into the merge.
    fn add(&mut self, source: &Source, mut doc: Value) -> Result<(), SpecError> {
        let version = doc.get("openapi").map(scalar).unwrap_or_default();
        if self
            .openapi
            .as_ref()
            .is_none_or(|v| version_key(&version) > version_key(v))
        {
            self.openapi = Some(version);
        }
        if self.info.is_none() {
            self.info = doc.get("info").cloned();
        }
        let mut brought = Vec::new();
        let paths = match doc.as_object_mut().and_then(|d| d.remove("paths")) {
            Some(Value::Object(paths)) => paths,
            _ => Map::new(),
        };
        for (path, item) in paths {
            let Value::Object(item) = item else {
                return Err(SpecError::Invalid {
                    at: source.clone(),
                    message: format!("path item `{path}` is not an object"),
                });
            };
            for (key, value) in item {
                if let Some(index) = METHODS.iter().position(|m| *m == key) {
                    self.add_operation(&path, index, value, source)?;
                    brought.push((path.clone(), index));
                } else {
                    self.add_path_item_key(&path, &key, value, source)?;
                }
            }
        }
        let servers = doc.get("servers").map(|servers| {
            match self.server_lists.iter().position(|known| known == servers) {
                Some(index) => index,
                None => {
                    self.server_lists.push(servers.clone());
                    self.server_lists.len() - 1
                }
            }
        });
        self.servers.push((servers, brought));
        for tag in doc
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(name) = tag.get("name").and_then(Value::as_str) else {
                continue;
            };
            let entry = self.tags.entry(name.into()).or_insert_with(|| tag.clone());
            let has_description = entry
                .get("description")
                .and_then(Value::as_str)
                .is_some_and(|d| !d.is_empty());
            if !has_description {
                *entry = tag.clone();
            }
        }
        Ok(())
    }

    fn add_operation(
        &mut self,
        path: &str,
        method: usize,
        op: Value,
        source: &Source,
    ) -> Result<(), SpecError> {
        let key = (path.to_string(), method);
        match self.operations.get(&key) {
            None => {
                self.operations.insert(key, (op, source.clone()));
                Ok(())
            }
            Some((_, first)) if first.file != source.file => Err(SpecError::OperationOnTwoPages {
                operation: format!("{} {path}", METHODS[method].to_ascii_uppercase()),
                first: first.clone(),
                second: source.clone(),
            }),
            Some((existing, first)) => match openapi::first_difference(existing, &op) {
                None => Ok(()),
                Some(pointer) => Err(SpecError::DuplicateOperation {
                    operation: format!("{} {path}", METHODS[method].to_ascii_uppercase()),
                    first: first.clone(),
                    second: source.clone(),
                    pointer: openapi::show_pointer(&pointer).into(),
                }),
            },
        }
    }

    fn add_path_item_key(
        &mut self,
        path: &str,
        key: &str,
        value: Value,
        source: &Source,
    ) -> Result<(), SpecError> {
        let slot = self.path_items.entry(path.into()).or_default();
        match slot.get(key) {
            None => {
                slot.insert(key.into(), (value, source.clone()));
                Ok(())
            }
            Some((existing, first)) => match openapi::first_difference(existing, &value) {
                None => Ok(()),
                Some(pointer) => Err(SpecError::Invalid {
                    at: source.clone(),
                    message: format!(
                        "path item `{path}` has `{key}` that differs from the one at {first} (first difference at {})",
                        openapi::show_pointer(&pointer)
                    ),
                }),
            },
        }
    }

    fn finish(self) -> Result<(Value, Origins), SpecError> {
        let mut origins = Origins::default();
        let mut doc = Map::new();
        doc.insert(
            "openapi".into(),
            json!(self.openapi.unwrap_or_else(|| "3.0.3".into())),
        );
        doc.insert(
            "info".into(),
            self.info
                .unwrap_or_else(|| json!({"title": "API", "version": "0"})),
        );

        // Servers stay at the root when every fragment agrees; otherwise each
        // operation keeps its own fragment's.
        let all_agree = self.servers.windows(2).all(|w| w[0].0 == w[1].0);
        let mut op_servers: BTreeMap<(String, usize), &Value> = BTreeMap::new();
        if all_agree {
            if let Some((Some(servers), _)) = self.servers.first() {
                doc.insert("servers".into(), self.server_lists[*servers].clone());
            }
        } else {
            for (servers, ops) in &self.servers {
                for op in ops {
                    if let Some(servers) = servers {
                        op_servers.insert(op.clone(), &self.server_lists[*servers]);
                    }
                }
            }
        }

        if !self.tags.is_empty() {
            doc.insert(
                "tags".into(),
                Value::Array(self.tags.into_values().collect()),
            );
        }

        let mut paths = Map::new();
        let mut path_items = self.path_items;
        let all_paths: std::collections::BTreeSet<String> = self
            .operations
            .keys()
            .map(|(path, _)| path)
            .chain(path_items.keys())
            .cloned()
            .collect();
        // Sorted by path as `all_paths` is: each path's operations are next.
        let mut operations = self.operations.into_iter().peekable();
        for path in all_paths {
            let mut item = Map::new();
            for (key, (value, _)) in path_items.remove(&path).unwrap_or_default() {
                item.insert(key, value);
            }
            let mut ops = Vec::new();
            while let Some(((of, _), _)) = operations.peek()
                && *of == path
            {
                let ((_, method), operation) = operations.next().expect("peeked");
                ops.push((method, operation));
            }
            if !ops.is_empty() {
                // One server list for the whole path where its operations
                // agree (the common case), else one per operation.
                let lists: Vec<Option<&&Value>> = ops
                    .iter()
                    .map(|(m, _)| op_servers.get(&(path.clone(), *m)))
                    .collect();
                let path_level = lists.windows(2).all(|w| w[0] == w[1]);
                if path_level && let Some(Some(servers)) = lists.first() {
                    item.insert("servers".into(), (**servers).clone());
                }
                for (method, (mut op, source)) in ops {
                    if !path_level
                        && let (Some(servers), Some(map)) =
                            (op_servers.get(&(path.clone(), method)), op.as_object_mut())
                    {
                        map.insert("servers".into(), (*servers).clone());
                    }
                    origins.insert(openapi::operation_pointer(&path, METHODS[method]), source);
                    item.insert(METHODS[method].into(), op);
                }
            }
            paths.insert(path, Value::Object(item));
        }
        doc.insert("paths".into(), Value::Object(paths));

        if let Some(components) = self.components.into_document(&mut origins) {
            doc.insert("components".into(), components);
        }
        Ok((Value::Object(doc), origins))
    }
}

/// `3.0.10` sorts after `3.0.9`.
fn version_key(version: &str) -> Vec<u64> {
    version.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::pages;

    fn fragments(files: &[(&str, &str)]) -> Vec<Fragment> {
        files
            .iter()
            .flat_map(|(name, text)| pages::extract(name, text).unwrap())
            .collect()
    }

    fn merge_files(files: &[(&str, &str)]) -> Result<(Value, Report), SpecError> {
        merge(fragments(files), &Config::default())
    }

    const LIST: &str = include_str!("../../tests/fixtures/merge/list.md");
    const CREATE: &str = include_str!("../../tests/fixtures/merge/create.md");

    #[test]
    fn operations_are_unioned_and_shared_components_folded() {
        let (doc, report) = merge_files(&[("list.md", LIST), ("create.md", CREATE)]).unwrap();
        assert_eq!(report.operations, 2);
        assert_eq!(report.pages, 2);
        assert_eq!(doc["paths"]["/things"]["get"]["operationId"], "list_things");
        assert_eq!(
            doc["paths"]["/things"]["post"]["operationId"],
            "create_thing"
        );
        assert_eq!(
            doc["components"]["schemas"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["Thing"]
        );
        // Both pages name the same server: it stays at the root.
        assert_eq!(doc["servers"], json!([{"url": "https://api.example.com"}]));
        assert_eq!(
            doc["tags"],
            json!([{"name": "Things", "description": "All about things."}])
        );
    }

    #[test]
    fn a_default_response_is_normalized_like_a_numbered_one() {
        let page = include_str!("../../tests/fixtures/merge/default-response.md");
        let (doc, _) = merge_files(&[("default-response.md", page)]).unwrap();
        let responses = &doc["paths"]["/widgets"]["get"]["responses"];
        let schema = |status: &str| &responses[status]["content"]["application/json"]["schema"];
        assert!(
            schema("200")["properties"]["postcode"]
                .get("format")
                .is_none()
        );
        let default = schema("default");
        assert!(
            default["properties"]["message"].get("format").is_none(),
            "{default}"
        );
        assert!(
            default["properties"]["detail"].get("nullable").is_none(),
            "{default}"
        );
        assert!(
            responses["default"].get("headers").is_none(),
            "{}",
            responses["default"]
        );
    }

    const VENDOR_PAGE: &str = include_str!("../../../spec/pages/opt-out-offer.md");
    const TOKEN_PAGE: &str = include_str!("../../tests/fixtures/token/authentication.md");

    /// The vendor's opt-out page merged with the token page edited by `edit`.
    fn with_token_page(edit: impl Fn(&str) -> String) -> Result<(Value, Report), SpecError> {
        merge_files(&[
            ("opt-out-offer.md", VENDOR_PAGE),
            ("authentication.md", &edit(TOKEN_PAGE)),
        ])
    }

    #[test]
    fn a_token_page_that_agrees_with_the_auth_layer_is_no_client_operation() {
        let (doc, report) = with_token_page(str::to_string).unwrap();
        assert!(
            doc["paths"].get("/api/oauth/token").is_none(),
            "{}",
            doc["paths"]
        );
        assert_eq!(report.operations, 1);
        assert_eq!(
            report.token_endpoint,
            Some(Source::new("authentication.md", 13))
        );
    }

    #[test]
    fn each_way_a_token_page_disagrees_with_the_auth_layer_stops_the_merge_at_its_line() {
        let cases: [(&str, &str, &str); 6] = [
            (
                r#""client_id":{"type":"string"},"#,
                r#""clientId":{"type":"string"},"#,
                "its request body has no `client_id` (it documents `grant_type`, `clientId`, `client_secret`); the auth layer sends `grant_type`, `client_id`, `client_secret`",
            ),
            (
                r#""requestBody":{"content":{"application/json""#,
                r#""requestBody":{"content":{"application/x-www-form-urlencoded""#,
                "its request body is application/x-www-form-urlencoded, not application/json: the auth layer sends JSON",
            ),
            (
                r#""required":["grant_type","client_id","client_secret"]"#,
                r#""required":["grant_type","client_id","client_secret","scope"]"#,
                "its request body requires `scope`, which the auth layer does not send",
            ),
            (
                r#""access_token":{"type":"string"}"#,
                r#""token":{"type":"string"}"#,
                "its answer has no `access_token` (it documents `token_type`, `expires_in`, `token`)",
            ),
            (
                r#""expires_in":{"type":"integer"}"#,
                r#""expires_in":{"type":"string"}"#,
                "its answer's `expires_in` is a string; the auth layer reads whole seconds",
            ),
            (
                r#""/api/oauth/token":{"post""#,
                r#""/api/oauth/token":{"put""#,
                "it is not documented as POST",
            ),
        ];
        for (from, to, expected) in cases {
            assert!(TOKEN_PAGE.contains(from), "{from}");
            // The heading names the method too.
            let heading = if to.contains(r#"{"put""#) {
                "## PUT"
            } else {
                "## POST"
            };
            let err = with_token_page(|page| page.replace(from, to).replace("## POST", heading))
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with(
                    "authentication.md:13: the token endpoint `/api/oauth/token` disagrees with the client's auth layer (src/auth.rs): "
                ),
                "{err}"
            );
            assert!(err.contains(expected), "{expected}\n{err}");
        }
    }

    #[test]
    fn the_result_does_not_depend_on_page_order() {
        let a = merge_files(&[("list.md", LIST), ("create.md", CREATE)]).unwrap();
        let b = merge_files(&[("create.md", CREATE), ("list.md", LIST)]).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn servers_that_disagree_move_to_their_paths() {
        let other = CREATE.replace("https://api.example.com", "https://other.example.com");
        let (doc, _) = merge_files(&[("list.md", LIST), ("create.md", &other)]).unwrap();
        assert!(doc.get("servers").is_none());
        assert_eq!(
            doc["paths"]["/things"]["post"]["servers"],
            json!([{"url": "https://other.example.com"}])
        );
        assert_eq!(
            doc["paths"]["/things"]["get"]["servers"],
            json!([{"url": "https://api.example.com"}])
        );
    }

    #[test]
    fn the_same_operation_twice_on_one_page_is_kept_once_when_identical() {
        let twice = format!("{LIST}\n{}", &LIST[LIST.find("## GET").unwrap()..]);
        let (_, report) = merge_files(&[("a.md", &twice)]).unwrap();
        assert_eq!(report.operations, 1);
    }

    #[test]
    fn one_operation_on_two_pages_stops_with_both_even_when_identical() {
        let err = merge_files(&[("a.md", LIST), ("b.md", LIST)])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "operation `GET /things` is documented by two pages, at a.md:8 and at b.md:8: keep one \
             (remove the other from spec/sources.toml and spec/pages/)"
        );
    }

    #[test]
    fn one_summary_on_two_paths_from_two_pages_stops_with_the_actions_that_settle_it() {
        // The confirm-offer case: two renderings disagree about the path.
        let moved = LIST
            .replace("\"/things\"", "\"/things/all\"")
            .replace("GET /things", "GET /things/all");
        let err = merge_files(&[("a.md", LIST), ("b.md", &moved)])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "`List things` is documented on two paths by two pages: `GET /things` at a.md:8 and \
             `GET /things/all` at b.md:8; keep one: add to spec/overlay.yaml\n\
             \x20 - target: $.paths['/things'].get\n    remove: true\nor\n\
             \x20 - target: $.paths['/things/all'].get\n    remove: true\n\
             or remove one page from spec/sources.toml and spec/pages/"
        );
        // The action it proposes settles it.
        let overlay = Overlay::parse(
            "overlay.yaml",
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths['/things'].get\n    remove: true\n",
        )
        .unwrap();
        let config = Config {
            overlay: Some(&overlay),
            ..Config::default()
        };
        let (doc, _) = merge(fragments(&[("a.md", LIST), ("b.md", &moved)]), &config).unwrap();
        assert!(doc["paths"]["/things/all"]["get"].is_object());
        // The same summary on an unrelated path is another endpoint.
        let other = LIST
            .replace("\"/things\"", "\"/others\"")
            .replace("GET /things", "GET /others");
        let (doc, _) = merge_files(&[("a.md", LIST), ("b.md", &other)]).unwrap();
        assert_eq!(openapi::operations(&doc).len(), 2);
    }

    #[test]
    fn two_different_definitions_of_one_operation_on_one_page_are_an_error() {
        let changed = LIST.replace("List things", "List all things");
        let both = format!("{LIST}\n{}", &changed[changed.find("## GET").unwrap()..]);
        let err = merge_files(&[("a.md", &both)]).unwrap_err().to_string();
        // The second block starts 8 lines after the first page's end.
        assert_eq!(
            err,
            "operation `GET /things` is defined twice, differently: at a.md:8 and at a.md:16 (first difference at /summary)"
        );
    }

    #[test]
    fn two_components_with_one_name_are_an_error() {
        let changed = CREATE.replace(
            r#""name":{"type":"string"}"#,
            r#""name":{"type":"integer"}"#,
        );
        let err = merge_files(&[("list.md", LIST), ("create.md", &changed)])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "component `schemas/Thing` is defined twice, differently: at create.md:8 and at list.md:8 (first difference at /properties/name/type)"
        );
    }

    #[test]
    fn a_dangling_ref_is_an_error() {
        let text = include_str!("../../tests/fixtures/bad/dangling-ref.md");
        let err = merge_files(&[("dangling-ref.md", text)])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "dangling-ref.md:6: dangling $ref `#/components/schemas/Missing` at /paths/~1things/get/responses/200/content/application~1json/schema"
        );
    }

    #[test]
    fn a_ref_key_inside_an_example_is_data_and_stays_as_written() {
        let text = include_str!("../../tests/fixtures/merge/ref-in-example.md");
        let (doc, _) = merge_files(&[("ref-in-example.md", text)]).unwrap();
        let media =
            &doc["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            media["schema"]["example"]["link"],
            json!({"$ref": "#/definitions/Link"})
        );
        assert_eq!(
            media["examples"]["hal"]["value"]["_links"],
            json!({"$ref": "https://example.com/schemas/links"})
        );
    }

    #[test]
    fn swagger_2_and_openapi_3_1_are_unsupported() {
        for (file, version) in [
            ("swagger.md", "swagger 2.0"),
            ("openapi31.md", "openapi 3.1.0"),
        ] {
            let text = std::fs::read_to_string(format!(
                "{}/tests/fixtures/bad/{file}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            let err = merge_files(&[(file, &text)]).unwrap_err().to_string();
            assert_eq!(
                err,
                format!(
                    "{file}:6: unsupported version {version}: only OpenAPI 3.0.x documents can be merged"
                )
            );
        }
    }

    #[test]
    fn derived_operation_ids_that_collide_come_from_the_routes_instead() {
        // Two summaries alike: both ids would be `list_things`.
        let other = CREATE.replace("Create thing", "List things");
        let (doc, report) = merge_files(&[("list.md", LIST), ("create.md", &other)]).unwrap();
        assert_eq!(doc["paths"]["/things"]["get"]["operationId"], "get_things");
        assert_eq!(
            doc["paths"]["/things"]["post"]["operationId"],
            "post_things"
        );
        assert_eq!(
            report.warnings,
            [
                "operationId `list_things`, derived from a summary, is not unique; from the route instead: `get_things` (GET /things, list.md:8) and `post_things` (POST /things, create.md:8); name them in the overlay to choose"
            ]
        );
        // Whatever the order of the pages.
        let (again, _) = merge_files(&[("create.md", &other), ("list.md", LIST)]).unwrap();
        assert_eq!(doc, again);
    }

    #[test]
    fn duplicate_operation_ids_name_both_operations_and_the_fix() {
        // Ids the vendor gave are kept: two alike are an error.
        let given = |text: &str| {
            text.replace(
                "\"summary\":\"List things\"",
                "\"summary\":\"List things\",\"operationId\":\"list_things\"",
            )
            .replace(
                "\"summary\":\"Create thing\"",
                "\"summary\":\"Create thing\",\"operationId\":\"list_things\"",
            )
        };
        let (list, other) = (given(LIST), given(CREATE));
        let err = merge_files(&[("list.md", &list), ("create.md", &other)])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "operationId `list_things` is used by `GET /things` (list.md:8) and `POST /things` (create.md:8); give one of them its own `operationId` in an overlay (--overlay FILE)"
        );

        // With an overlay, the message names the file that was read.
        let overlay = Overlay::parse(
            "fixes/my-overlay.yaml",
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n",
        )
        .unwrap();
        let config = Config {
            overlay: Some(&overlay),
            ..Config::default()
        };
        let err = merge(
            fragments(&[("list.md", &list), ("create.md", &other)]),
            &config,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.ends_with("give one of them its own `operationId` in fixes/my-overlay.yaml"),
            "{err}"
        );
        assert!(!err.contains("spec/overlay.yaml"), "{err}");
    }

    #[test]
    fn error_bodies_of_an_operation_become_one_schema() {
        let text = include_str!("../../tests/fixtures/merge/two-error-shapes.md");
        let (doc, report) = merge_files(&[("e.md", text)]).unwrap();
        assert_eq!(report.fixes[&Fix::ErrorSchema], 2);
        let responses = &doc["paths"]["/things"]["post"]["responses"];
        for status in ["401", "422"] {
            assert_eq!(
                responses[status]["content"]["application/json"]["schema"],
                json!({"$ref": "#/components/schemas/CreateThingError"})
            );
        }
        let error = &doc["components"]["schemas"]["CreateThingError"]["properties"];
        assert_eq!(
            error.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["message", "errors"]
        );
    }

    #[test]
    fn error_bodies_that_cannot_unify_become_a_union_that_is_reported() {
        let text = include_str!("../../tests/fixtures/merge/error-shapes-that-cannot-unify.md");
        let (doc, report) = merge_files(&[("e.md", text)]).unwrap();
        let responses = &doc["paths"]["/things"]["post"]["responses"];
        for status in ["400", "404", "409"] {
            assert_eq!(
                responses[status]["content"]["application/json"]["schema"],
                json!({"$ref": "#/components/schemas/CreateThingError"}),
                "{status}"
            );
        }
        // The 400's two shapes are spliced in; the 404 and 409, alike, are one.
        let members = doc["components"]["schemas"]["CreateThingError"]["oneOf"]
            .as_array()
            .unwrap();
        let required: Vec<&Value> = members.iter().map(|m| &m["required"]).collect();
        assert_eq!(
            required,
            [
                &json!(["errors"]),
                &json!(["error", "code"]),
                &json!(["message"])
            ]
        );
        assert_eq!(report.fixes[&Fix::ErrorSchema], 3);
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        let warning = &report.warnings[0];
        assert!(
            warning.starts_with(
                "the error bodies of `create_thing` (400, 404, 409) cannot be one schema"
            ),
            "{warning}"
        );
        assert!(
            warning.contains("`CreateThingError` is one of 3 shapes"),
            "{warning}"
        );
        assert!(warning.contains("(e.md:9)"), "{warning}");
    }

    #[test]
    fn named_types_unify_their_places_and_conflicts_name_both_pages() {
        let text = include_str!("../../tests/fixtures/merge/booking-variants.md");
        let types = Types::parse(
            "types.yaml",
            include_str!("../../tests/fixtures/merge/booking-types.yaml"),
        )
        .unwrap();
        let config = Config {
            types: Some(&types),
            overlay: None,
            samples: true,
        };
        let (doc, report) = merge(fragments(&[("b.md", text)]), &config).unwrap();
        assert_eq!(report.fixes[&Fix::NamedType], 3);
        let booking = &doc["components"]["schemas"]["Booking"];
        assert_eq!(booking["properties"]["price"], json!({"type": "number"}));
        assert_eq!(
            booking["properties"]["cancelled_at"],
            json!({
                "type": "string", "format": "date-time", "nullable": true,
                "description": format!("{} `format: date-time`, from one value.", inferred::NOTE)
            })
        );
        assert_eq!(report.inferred.len(), 1, "{:?}", report.inferred);
        assert_eq!(
            report.inferred[0].place,
            "components.schemas.Booking.cancelled_at"
        );
        assert_eq!(report.inferred[0].origin.as_deref(), Some("b.md:6"));
        assert_eq!(
            booking["properties"]["policies"]["items"],
            json!({"$ref": "#/components/schemas/Policy"})
        );
        let policy = &doc["components"]["schemas"]["Policy"]["properties"];
        assert_eq!(
            policy.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["status", "id"]
        );

        let broken = text.replace(
            r#""price":{"type":"integer"}"#,
            r#""price":{"type":"string"}"#,
        );
        let err = merge(fragments(&[("b.md", &broken)]), &config)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "cannot unify the schemas named `Booking` at /properties/price: type `number` at /paths/~1bookings/get/responses/200/content/application~1json/schema/properties/data/items (b.md:6), but type `string` at /paths/~1bookings~1{id}/get/responses/200/content/application~1json/schema/properties/data (b.md:12); settle it with an overlay action or split the named type in two"
        );
    }
}

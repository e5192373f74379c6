//! What the fake holds itself and its callers to: every request body is
//! checked against the operation's request schema, and every answer the
//! fake makes against the operation's response schema, both with drift
//! watch's checker compiled from the crate's embedded spec. A request that
//! does not fit is answered 422, as the API does; an answer that does not
//! fit is the fake's own bug, and a test drives every operation to prove
//! there is none.

use serde_json::{Map, Value, json};

use crate::drift::checker::{Compiled, check};
use crate::drift::findings::Kind;

/// The spec's schemas, compiled for requests and for answers.
pub(crate) struct Contract {
    answers: Compiled,
    requests: Compiled,
    /// Operation id to its request schema, for `required`, which the drift
    /// checker (built for answers, where the spec marks nothing required)
    /// does not look at.
    request_schemas: Map<String, Value>,
    spec: Value,
}

/// One way a body does not fit its schema, as `pointer: what`.
pub(crate) type Misfit = String;

impl Contract {
    /// The embedded spec's contract, compiled by the first fake of the
    /// process and shared by the rest (a test suite starts many).
    pub(crate) fn shared() -> &'static Self {
        static CONTRACT: std::sync::OnceLock<Contract> = std::sync::OnceLock::new();
        CONTRACT.get_or_init(Contract::embedded)
    }

    /// Compiled from the crate's embedded spec.
    pub(crate) fn embedded() -> Self {
        let spec: Value =
            serde_json::from_str(crate::spec::SPEC_JSON).expect("the embedded spec is JSON");
        let mut as_answers = spec.clone();
        let mut request_schemas = Map::new();
        for item in as_answers["paths"]
            .as_object_mut()
            .into_iter()
            .flat_map(|paths| paths.values_mut())
        {
            for op in item
                .as_object_mut()
                .into_iter()
                .flat_map(|i| i.values_mut())
            {
                let Some(id) = op["operationId"].as_str().map(String::from) else {
                    continue;
                };
                let schema = op
                    .pointer("/requestBody/content/application~1json/schema")
                    .cloned();
                op["responses"] = match &schema {
                    Some(schema) => json!({"200": {"description": "the request",
                        "content": {"application/json": {"schema": schema}}}}),
                    None => json!({}),
                };
                if let Some(schema) = schema {
                    request_schemas.insert(id, schema);
                }
            }
        }
        Contract {
            answers: Compiled::from_spec(&spec),
            requests: Compiled::from_spec(&as_answers),
            request_schemas,
            spec,
        }
    }

    /// `body`, an answer of `operation` with `status`, without the fields
    /// its schema does not declare (where the schema allows no others): the
    /// fake keeps what the spec's schemas hold, so a field the spec drops
    /// leaves the fake's answers with it, and the fake's own state needs no
    /// edit when the vendor's page loses a field. A body that is not JSON,
    /// or a status the spec does not document, is kept as it is.
    pub(crate) fn pruned(&self, operation: &str, status: u16, body: Vec<u8>) -> Vec<u8> {
        let schema = self
            .operation(operation)
            .and_then(|op| op.get("responses"))
            .and_then(|responses| responses.get(status.to_string()))
            .map(|response| self.resolved(response))
            .and_then(|response| response.pointer("/content/application~1json/schema"));
        let (Some(schema), Ok(mut value)) = (schema, serde_json::from_slice::<Value>(&body)) else {
            return body;
        };
        if !self.prune(schema, &mut value, 0) {
            return body;
        }
        serde_json::to_vec(&value).unwrap_or(body)
    }

    /// The operation object of `id` in the spec.
    fn operation(&self, id: &str) -> Option<&Value> {
        self.spec["paths"]
            .as_object()?
            .values()
            .flat_map(|item| item.as_object().into_iter().flat_map(|i| i.values()))
            .find(|op| op["operationId"] == id)
    }

    fn resolved<'a>(&'a self, mut value: &'a Value) -> &'a Value {
        for _ in 0..16 {
            match value["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
                Some(pointer) => match self.spec.pointer(pointer) {
                    Some(target) => value = target,
                    None => return value,
                },
                None => return value,
            }
        }
        value
    }

    /// Removes from `value` what `schema` does not declare; whether it
    /// removed anything.
    fn prune(&self, schema: &Value, value: &mut Value, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        let schema = self.resolved(schema);
        match value {
            Value::Object(object) => {
                let mut properties = Map::new();
                let mut members = vec![schema];
                if let Some(all) = schema["allOf"].as_array() {
                    members.extend(all.iter().map(|m| self.resolved(m)));
                }
                for member in &members {
                    if let Some(own) = member["properties"].as_object() {
                        properties.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
                    }
                }
                // Only a plain object schema with its properties listed
                // closes the object; a map, a union or no schema keeps all.
                let closed = !properties.is_empty()
                    && members.iter().all(|m| {
                        m.get("additionalProperties").is_none_or(|a| a == false)
                            && m.get("oneOf").is_none()
                            && m.get("anyOf").is_none()
                    });
                let mut changed = false;
                if closed {
                    let before = object.len();
                    object.retain(|key, _| properties.contains_key(key));
                    changed = object.len() != before;
                }
                for (key, child) in object.iter_mut() {
                    if let Some(property) = properties.get(key) {
                        changed |= self.prune(property, child, depth + 1);
                    }
                }
                changed
            }
            Value::Array(items) => match schema.get("items") {
                Some(item_schema) => {
                    let mut changed = false;
                    for item in items {
                        changed |= self.prune(item_schema, item, depth + 1);
                    }
                    changed
                }
                None => false,
            },
            _ => false,
        }
    }

    /// How `body`, a request to `operation`, does not fit its schema.
    pub(crate) fn request_misfits(&self, operation: &str, body: &[u8]) -> Vec<Misfit> {
        let Some(schema) = self.request_schemas.get(operation) else {
            return Vec::new();
        };
        let mut misfits = shown(check(&self.requests, operation, 200, body));
        if let Ok(value) = serde_json::from_slice::<Value>(body) {
            self.missing_required(schema, &value, "", &mut misfits);
        }
        misfits
    }

    /// How `body`, the fake's answer `status` to `operation`, does not fit
    /// the spec. A status the operation does not document is held to what
    /// it stands for: a 409 replay to the success's schema, any other error
    /// to the documented error body (the vendor documents 409 and 423 on
    /// its idempotency page, not per operation).
    pub(crate) fn answer_misfits(&self, operation: &str, status: u16, body: &[u8]) -> Vec<Misfit> {
        if body.is_empty() {
            return Vec::new();
        }
        let held_to = match status {
            409 => 200,
            200..=299 => status,
            _ => 401,
        };
        let status = if self.documents(operation, status) {
            status
        } else {
            held_to
        };
        shown(check(&self.answers, operation, status, body))
    }

    /// Whether `operation` documents `status`.
    fn documents(&self, operation: &str, status: u16) -> bool {
        self.spec["paths"]
            .as_object()
            .into_iter()
            .flat_map(|paths| paths.values())
            .flat_map(|item| item.as_object().into_iter().flat_map(|i| i.values()))
            .filter(|op| op["operationId"] == operation)
            .any(|op| op["responses"].get(status.to_string()).is_some())
    }

    /// `schema` with its `$ref`s followed.
    fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(target) = schema["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|pointer| self.spec.pointer(pointer))
            else {
                break;
            };
            schema = target;
        }
        schema
    }

    fn missing_required(&self, schema: &Value, value: &Value, at: &str, out: &mut Vec<Misfit>) {
        let schema = self.resolve(schema);
        match value {
            Value::Object(fields) => {
                for name in schema["required"].as_array().into_iter().flatten() {
                    if let Some(name) = name.as_str().filter(|n| !fields.contains_key(*n)) {
                        out.push(format!("{at}/{name}: required, and missing"));
                    }
                }
                for (name, field) in fields {
                    if let Some(property) = schema["properties"].get(name) {
                        self.missing_required(property, field, &format!("{at}/{name}"), out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.missing_required(&schema["items"], item, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
}

/// The findings that say a body does not fit, as `pointer: what`; fields
/// left out are no misfit (the spec marks none required in answers).
fn shown(findings: Vec<crate::drift::findings::Finding>) -> Vec<Misfit> {
    findings
        .into_iter()
        .filter(|f| !matches!(f.kind, Kind::Observed | Kind::Absent))
        .map(|f| {
            let pointer = if f.pointer.is_empty() {
                "/"
            } else {
                &f.pointer
            };
            format!(
                "{pointer}: {} (expected {}, seen {})",
                f.kind, f.expected, f.seen
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_keeps_only_what_the_spec_declares() {
        let contract = Contract::shared();
        let body = json!({
            "data": [{"id": "BK-1", "gone_field": 1, "policies": [{"id": "p", "dropped": true}]}],
            "meta": {"current_page": 1, "not_in_spec": 2},
            "links": {"next": null}
        });
        let pruned = contract.pruned("list_bookings", 200, serde_json::to_vec(&body).unwrap());
        let pruned: Value = serde_json::from_slice(&pruned).unwrap();
        assert_eq!(
            pruned,
            json!({
                "data": [{"id": "BK-1", "policies": [{"id": "p"}]}],
                "meta": {"current_page": 1},
                "links": {"next": null}
            })
        );
        // What fits is kept byte for byte; what is no JSON is kept too.
        let fits = br#"{"data":[]}"#.to_vec();
        assert_eq!(contract.pruned("list_bookings", 200, fits.clone()), fits);
        assert_eq!(
            contract.pruned("list_bookings", 200, b"<html>".to_vec()),
            b"<html>"
        );
    }

    #[test]
    fn a_request_is_held_to_its_schema_required_fields_included() {
        let contract = Contract::embedded();
        let fits = br#"{"policies": [{"id": "POL-1", "update_fields": {}}]}"#;
        assert_eq!(
            contract.request_misfits("modify_booking", fits),
            Vec::<String>::new()
        );
        let misfits = contract.request_misfits("modify_booking", br#"{"policies": [{"id": 7}]}"#);
        assert!(
            misfits
                .iter()
                .any(|m| m.starts_with("/policies/0/update_fields: required")),
            "{misfits:?}"
        );
        assert!(
            misfits.iter().any(|m| m.contains("type-mismatch")),
            "{misfits:?}"
        );
        let misfits = contract.request_misfits("modify_booking", b"{}");
        assert_eq!(misfits, ["/policies: required, and missing"]);
        assert!(
            !contract
                .request_misfits("modify_booking", b"not json")
                .is_empty()
        );
    }

    #[test]
    fn an_undocumented_error_is_held_to_the_error_body_and_a_409_to_the_success() {
        let contract = Contract::embedded();
        let error = br#"{"message": "Not Found"}"#;
        assert_eq!(
            contract.answer_misfits("list_bookings", 404, error),
            Vec::<String>::new()
        );
        assert!(
            !contract
                .answer_misfits("list_bookings", 404, br#"{"message": 4}"#)
                .is_empty()
        );
        let replay = br#"{"data": {"id": "BK-1"}}"#;
        assert_eq!(
            contract.answer_misfits("modify_booking", 409, replay),
            Vec::<String>::new()
        );
        assert!(
            !contract
                .answer_misfits("modify_booking", 409, br#"{"data": 1}"#)
                .is_empty()
        );
    }
}

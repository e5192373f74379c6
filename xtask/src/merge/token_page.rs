//! The vendor's authentication page documents the OAuth2 token endpoint,
//! which the client reaches through its hand-written auth layer
//! (`src/auth.rs`), never through a generated method. When a page documents
//! the path of the spec's `clientCredentials.tokenUrl`, the merge takes that
//! endpoint out of the client's operations and checks what the page says
//! against what the auth layer sends and reads: a renamed field, a form body
//! instead of JSON, or a required field the layer does not send stops the
//! merge at the page's line, since the client would fail to get a token.

use serde_json::Value;

use crate::error::{Source, SpecError};
use crate::openapi;

/// What `src/auth.rs` sends and reads. The xtask's tests run the client
/// against a loopback token endpoint and assert it sends exactly these, so
/// the two cannot drift apart unnoticed.
pub mod contract {
    /// The media type of the token request's body.
    pub const REQUEST_MEDIA_TYPE: &str = "application/json";
    /// The fields of the token request's body.
    pub const SENDS: [&str; 3] = ["grant_type", "client_id", "client_secret"];
    /// The fields of the token answer the client needs.
    pub const NEEDS: [&str; 2] = ["access_token", "expires_in"];
    /// The fields of the token answer the client reads if present.
    pub const READS: [&str; 3] = ["access_token", "expires_in", "token_type"];
}

/// The token endpoint's path in `doc`, from its OAuth2 client-credentials
/// scheme's `tokenUrl`.
pub fn token_path(doc: &Value) -> Option<String> {
    let schemes = doc.pointer("/components/securitySchemes")?.as_object()?;
    let url = schemes.values().find_map(|scheme| {
        scheme
            .pointer("/flows/clientCredentials/tokenUrl")
            .and_then(Value::as_str)
    })?;
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    Some(path.split(['?', '#']).next().unwrap_or("/").to_string())
}

/// Checks and removes the token endpoint if a page documents it; returns
/// where it was, for the report. `origins` gives each operation's source.
pub fn take_out(
    doc: &mut Value,
    origin: impl Fn(&str) -> Option<Source>,
) -> Result<Option<Source>, SpecError> {
    let Some(path) = token_path(doc) else {
        return Ok(None);
    };
    let Some(item) = doc.pointer(&format!("/paths/{}", openapi::escape_token(&path))) else {
        return Ok(None);
    };
    let pointer = openapi::operation_pointer(&path, "post");
    let at = origin(&pointer)
        .or_else(|| {
            openapi::METHODS
                .iter()
                .find_map(|m| origin(&openapi::operation_pointer(&path, m)))
        })
        .unwrap_or_else(|| Source::new("the merged pages", 1));
    let invalid = |message: String| SpecError::Invalid {
        at: at.clone(),
        message: format!(
            "the token endpoint `{path}` disagrees with the client's auth layer (src/auth.rs): {message}"
        ),
    };
    let Some(op) = item.get("post") else {
        return Err(invalid(
            "it is not documented as POST; the auth layer POSTs its token request".into(),
        ));
    };
    check_request(doc, op).map_err(invalid)?;
    check_answer(doc, op).map_err(invalid)?;
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        paths.shift_remove(&path);
    }
    Ok(Some(at))
}

fn check_request(doc: &Value, op: &Value) -> Result<(), String> {
    let Some(content) = op
        .pointer("/requestBody/content")
        .and_then(Value::as_object)
    else {
        return Err("it documents no request body; the auth layer sends JSON with grant_type, client_id and client_secret".into());
    };
    let Some(media) = content.get(contract::REQUEST_MEDIA_TYPE) else {
        let documented: Vec<&str> = content.keys().map(String::as_str).collect();
        return Err(format!(
            "its request body is {}, not {}: the auth layer sends JSON",
            documented.join(", "),
            contract::REQUEST_MEDIA_TYPE
        ));
    };
    let schema = openapi::resolve_deep(doc, &media["schema"]);
    let properties = schema.get("properties").and_then(Value::as_object);
    if let Some(properties) = properties {
        for field in contract::SENDS {
            if !properties.contains_key(field) {
                let documented: Vec<&str> = properties.keys().map(String::as_str).collect();
                return Err(format!(
                    "its request body has no `{field}` (it documents {}); the auth layer sends {}",
                    quoted(&documented),
                    quoted(&contract::SENDS)
                ));
            }
        }
    }
    for required in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !contract::SENDS.contains(&required) {
            return Err(format!(
                "its request body requires `{required}`, which the auth layer does not send (it sends {})",
                quoted(&contract::SENDS)
            ));
        }
    }
    Ok(())
}

fn check_answer(doc: &Value, op: &Value) -> Result<(), String> {
    let responses = op.get("responses").and_then(Value::as_object);
    let success = responses.and_then(|r| {
        r.iter()
            .find(|(status, _)| status.starts_with('2'))
            .map(|(_, response)| openapi::resolve_deep(doc, response))
    });
    let Some(success) = success else {
        return Err("it documents no successful answer".into());
    };
    let schema = success
        .pointer("/content/application~1json/schema")
        .map(|s| openapi::resolve_deep(doc, s));
    let Some(properties) = schema
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
    else {
        return Err(format!(
            "its answer is not a JSON object with properties; the auth layer reads {}",
            quoted(&contract::READS)
        ));
    };
    for field in contract::NEEDS {
        if !properties.contains_key(field) {
            let documented: Vec<&str> = properties.keys().map(String::as_str).collect();
            return Err(format!(
                "its answer has no `{field}` (it documents {}); the auth layer reads {}",
                quoted(&documented),
                quoted(&contract::READS)
            ));
        }
    }
    let type_of = |field: &str| {
        openapi::resolve_deep(doc, &properties[field])
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    if let Some(kind) = type_of("expires_in").filter(|t| t != "integer" && t != "number") {
        return Err(format!(
            "its answer's `expires_in` is a {kind}; the auth layer reads whole seconds"
        ));
    }
    if let Some(kind) = type_of("access_token").filter(|t| t != "string") {
        return Err(format!(
            "its answer's `access_token` is a {kind}; the auth layer reads a string"
        ));
    }
    Ok(())
}

fn quoted(fields: &[&str]) -> String {
    let quoted: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    quoted.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_token_path_comes_from_the_client_credentials_scheme() {
        let doc = json!({"components": {"securitySchemes": {"O": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://api.example.com/api/oauth/token?x=1"}}}}}});
        assert_eq!(token_path(&doc).as_deref(), Some("/api/oauth/token"));
        assert_eq!(token_path(&json!({})), None);
    }
}

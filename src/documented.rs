//! A body as one of the generated types only where it is one: every field
//! of the generated types is optional, so `{}` or `{"error": ..}` would
//! decode as any of them. The call's error reads an undocumented answer as
//! the API's error body with this, and the idempotency rules a `409` as a
//! stored success.

use std::collections::BTreeMap;

use serde::de::{DeserializeOwned, IgnoredAny};

/// `body` as `T`, where it decodes as one and holds one of `fields`, its
/// documented top-level properties. Other values are skipped without
/// building them, so no nesting costs stack.
pub(crate) fn decoded<T: DeserializeOwned>(body: &[u8], fields: &[&str]) -> Option<T> {
    let top = serde_json::from_slice::<BTreeMap<String, IgnoredAny>>(body).ok()?;
    if !fields.iter().any(|field| top.contains_key(*field)) {
        return None;
    }
    serde_json::from_slice(body).ok()
}

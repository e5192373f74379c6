//! Headers a caller adds to a request, checked before anything is sent. A
//! header the client owns is refused: its token (`Authorization`), its
//! idempotency key, what frames the message (`Host`, `Content-Length`,
//! `Transfer-Encoding`, ...) and what says how it reads the answer
//! (`Content-Type`, `Accept`). Letting a caller set one would bypass what
//! the client guarantees (the token goes only to the API's host, a retried
//! write keeps its key, a body cap that holds) or split the request.

use reqwest::header::{HeaderName, HeaderValue};

/// The headers the client sets itself, lowercase.
pub(crate) const OWNED: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-idempotency-key",
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "upgrade",
    "te",
    "trailer",
    "expect",
    "content-type",
    "accept",
];

/// `name: value` as a header a caller may add, or why not (naming the
/// header, never its value: it may be a secret).
pub(crate) fn checked(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header = HeaderName::try_from(name)
        .map_err(|_| format!("`{name}` is not a header name: nothing was sent"))?;
    if OWNED.contains(&header.as_str()) {
        let why = if header.as_str() == "x-idempotency-key" {
            "the client sets it (give a raw call's with `idempotency_key`)"
        } else {
            "the client sets it"
        };
        return Err(format!(
            "the header `{header}` cannot be added: {why}; nothing was sent"
        ));
    }
    if let Some(control) = value.chars().find(|c| c.is_control() && *c != '\t') {
        return Err(format!(
            "the header `{header}` holds the control character {control:?}: nothing was sent"
        ));
    }
    let value = HeaderValue::try_from(value).map_err(|_| {
        format!("the header `{header}` has a value that is not a header value: nothing was sent")
    })?;
    Ok((header, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_the_client_owns_is_refused_in_any_case() {
        for name in [
            "Authorization",
            "HOST",
            "x-idempotency-key",
            "Content-Length",
            "transfer-encoding",
        ] {
            let why = checked(name, "v").unwrap_err();
            assert!(
                why.contains("cannot be added") && why.contains(&name.to_ascii_lowercase()),
                "{why}"
            );
        }
    }

    #[test]
    fn a_value_with_a_control_character_is_refused_without_showing_it() {
        for value in ["a\r\nX-Evil: 1", "a\0", "a\u{7f}"] {
            let why = checked("x-tenant", value).unwrap_err();
            assert!(why.contains("`x-tenant`") && !why.contains("Evil"), "{why}");
        }
        assert!(
            checked("bad name", "v")
                .unwrap_err()
                .contains("not a header name")
        );
        let (name, value) = checked("X-Tenant", "acme\tone").unwrap();
        assert_eq!(
            (name.as_str(), value.to_str().unwrap()),
            ("x-tenant", "acme\tone")
        );
    }
}

//! Keeping what the client knows is secret (the access token a request
//! carried, the client secret) out of what a server echoes back into an
//! error: gateways quote the `Authorization` header, token endpoints the
//! request body. Every error answer's body is redacted before anything
//! decodes or shows it, so no `Display` or `Debug` of an error, nor an
//! excerpt cut from one, can hold a secret or part of one.
//!
//! A secret is found as it is, in the escaped forms a server writes it in
//! (JSON, with `/` escaped as PHP does; percent-encoded, with upper or lower
//! case hex, as a form or a URL would have it), and inside any JSON string
//! however its characters are escaped, by decoding each string that holds
//! an escape. Answers that
//! succeed are not scanned: they are the large ones, and the API has no
//! reason to echo a credential in them.

use memchr::memmem;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderMap;

/// What a secret is replaced with.
pub(crate) const REDACTED: &str = "[redacted]";

/// RFC 3986's unreserved characters kept, as `encodeURIComponent` does
/// and as the client encodes a path segment.
const URI_COMPONENT: &AsciiSet = crate::path::SEGMENT;

/// `-`, `.`, `_` and `*` kept, as HTML forms and the `url` crate's
/// `form_urlencoded` encode (a space becomes `+` there).
const FORM: &AsciiSet = &URI_COMPONENT.add(b'~').remove(b'*');

/// The secrets of one exchange and every form they are looked for in.
pub(crate) struct Redactor {
    /// The secrets as they are, for decoded text.
    secrets: Vec<String>,
    /// Every form of every secret, longest first, so that a form that holds
    /// another is replaced whole.
    forms: Vec<Vec<u8>>,
}

impl Redactor {
    /// A redactor of these secrets; empty ones are skipped.
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let secrets: Vec<String> = secrets
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let mut forms: Vec<Vec<u8>> = Vec::new();
        for secret in &secrets {
            let json = serde_json::to_string(secret).expect("a string serializes");
            let json = &json[1..json.len() - 1];
            let encoded = [
                utf8_percent_encode(secret, URI_COMPONENT).to_string(),
                utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string(),
                utf8_percent_encode(secret, FORM)
                    .to_string()
                    .replace("%20", "+"),
            ];
            forms.push(secret.as_bytes().to_vec());
            forms.push(json.as_bytes().to_vec());
            forms.push(json.replace('/', "\\/").into_bytes());
            for form in encoded {
                forms.push(lower_hex(&form).into_bytes());
                forms.push(form.into_bytes());
            }
        }
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        Redactor { secrets, forms }
    }

    /// `body` with every secret replaced by [`REDACTED`]; `None` if it
    /// held none. A JSON string that hides a secret behind escapes no
    /// encoder writes (`\u0061` for `a`) is decoded, redacted and written
    /// again in its place.
    pub(crate) fn body(&self, body: &[u8]) -> Option<Vec<u8>> {
        let replaced = self.bytes(body);
        let text = replaced.as_deref().unwrap_or(body);
        self.escaped_strings(text).or(replaced)
    }

    /// `text` with every secret, in any of its forms, replaced.
    pub(crate) fn text(&self, text: &str) -> String {
        match self.bytes(text.as_bytes()) {
            Some(bytes) => String::from_utf8(bytes).expect("UTF-8 replaced at form boundaries"),
            None => text.to_string(),
        }
    }

    /// Marks every header whose value holds a secret sensitive, so that a
    /// response's `Debug` shows `Sensitive` in its place.
    pub(crate) fn headers(&self, headers: &mut HeaderMap) {
        for value in headers.values_mut() {
            if self.bytes(value.as_bytes()).is_some() {
                value.set_sensitive(true);
            }
        }
    }

    fn bytes(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        let mut current: Option<Vec<u8>> = None;
        for form in &self.forms {
            let haystack = current.as_deref().unwrap_or(bytes);
            if memmem::find(haystack, form).is_none() {
                continue;
            }
            let mut out = Vec::with_capacity(haystack.len());
            let mut rest = haystack;
            while let Some(at) = memmem::find(rest, form) {
                out.extend_from_slice(&rest[..at]);
                out.extend_from_slice(REDACTED.as_bytes());
                rest = &rest[at + form.len()..];
            }
            out.extend_from_slice(rest);
            current = Some(out);
        }
        current
    }

    /// `body` with every JSON string literal that holds an escape and,
    /// decoded, a secret, replaced by the redacted string; `None` if there
    /// was none. One pass over the bytes without building a tree, so that no
    /// nesting, however deep, costs stack: a literal is a `"` to the next
    /// `"` not escaped, and one that does not decode as a JSON string (the
    /// body may not be JSON at all) is left as it is.
    fn escaped_strings(&self, body: &[u8]) -> Option<Vec<u8>> {
        memchr::memchr(b'\\', body)?;
        let mut out: Option<Vec<u8>> = None;
        let (mut kept, mut at) = (0, 0);
        while let Some(start) = memchr::memchr(b'"', &body[at..]).map(|i| at + i) {
            let (mut end, mut escaped) = (start + 1, false);
            while end < body.len() && body[end] != b'"' {
                if body[end] == b'\\' {
                    escaped = true;
                    end += 1;
                }
                end += 1;
            }
            if end >= body.len() {
                break;
            }
            let literal = &body[start..=end];
            at = end + 1;
            if !escaped {
                continue;
            }
            let Ok(decoded) = serde_json::from_slice::<String>(literal) else {
                continue;
            };
            if !self.secrets.iter().any(|s| decoded.contains(s.as_str())) {
                continue;
            }
            let out = out.get_or_insert_with(|| Vec::with_capacity(body.len()));
            out.extend_from_slice(&body[kept..start]);
            let redacted = serde_json::to_vec(&self.text(&decoded)).expect("a string serializes");
            out.extend_from_slice(&redacted);
            kept = at;
        }
        let mut out = out?;
        out.extend_from_slice(&body[kept..]);
        Some(out)
    }
}

/// `%2F` as `%2f`: a percent-encoding's hex digits in lower case.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut chars = encoded.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            out.extend(chars.by_ref().take(2).map(|h| h.to_ascii_lowercase()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(secrets: &[&str], body: &str) -> String {
        let redactor = Redactor::new(secrets.iter().copied());
        String::from_utf8(redactor.body(body.as_bytes()).unwrap_or(body.into())).unwrap()
    }

    #[test]
    fn every_form_of_a_secret_is_replaced() {
        let secret = r#"qu"o/t e+&=ü"#;
        for (body, expected) in [
            (r#"raw qu"o/t e+&=ü end"#, "raw [redacted] end"),
            (r#"{"s":"qu\"o/t e+&=ü"}"#, r#"{"s":"[redacted]"}"#),
            (r#"{"s":"qu\"o\/t e+&=ü"}"#, r#"{"s":"[redacted]"}"#),
            ("s=qu%22o%2Ft%20e%2B%26%3D%C3%BC&x", "s=[redacted]&x"),
            ("s=qu%22o%2ft%20e%2b%26%3d%c3%bc&x", "s=[redacted]&x"),
            ("s=qu%22o%2Ft+e%2B%26%3D%C3%BC&x", "s=[redacted]&x"),
            // Escapes no encoder writes, undone by decoding the JSON.
            (
                r#"{"s":"q\u0075\"o/t e+&=\u00fc"}"#,
                r#"{"s":"[redacted]"}"#,
            ),
            (r#"{"qu\"o/t e+&=\u00fc":1}"#, r#"{"[redacted]":1}"#),
            // Not JSON around it, and a deep nest: the string alone counts.
            (r#"<p>"q\u0075\"o/t e+&=ü"</p>"#, r#"<p>"[redacted]"</p>"#),
            (
                r#"[[[[[[["q\u0075\"o/t e+&=ü"]]]]]]]"#,
                r#"[[[[[[["[redacted]"]]]]]]]"#,
            ),
        ] {
            assert_eq!(redacted(&[secret], body), expected, "{body}");
        }
    }

    #[test]
    fn several_secrets_and_repeats_are_all_replaced_and_the_rest_kept() {
        assert_eq!(
            redacted(&["tok-1", "sec"], "tok-1 sec tok-1 tok-2 se"),
            "[redacted] [redacted] [redacted] tok-2 se"
        );
        assert!(Redactor::new(["tok-1"]).body(b"nothing here").is_none());
        assert!(Redactor::new([""]).body(b"anything").is_none());
        // Bytes that are not UTF-8 are kept as they are around a secret.
        let redactor = Redactor::new(["tok-1"]);
        assert_eq!(
            redactor.body(b"\xff tok-1 \xfe").unwrap(),
            b"\xff [redacted] \xfe"
        );
    }

    #[test]
    fn a_header_holding_a_secret_is_marked_sensitive() {
        let mut headers = HeaderMap::new();
        headers.insert("x-echo", "Bearer tok-1".parse().unwrap());
        headers.insert("x-other", "fine".parse().unwrap());
        Redactor::new(["tok-1"]).headers(&mut headers);
        assert!(headers["x-echo"].is_sensitive());
        assert!(!headers["x-other"].is_sensitive());
        assert!(!format!("{headers:?}").contains("tok-1"));
    }
}

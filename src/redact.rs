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
//! an escape. A success's body is scanned only when it reaches an error
//! (it did not decode): the large answers that decode are never copied.
//! Every answer's headers are scanned, success or not: a header that holds
//! a secret has it replaced and is marked sensitive.
//!
//! A secret of fewer than [`WHOLE_WORD_BELOW`] characters (a test's mock
//! token `"t"`) is replaced only where it stands as a whole word, so that
//! it does not cut up every message that holds its letters
//! (`"Unauthenticated."`); a longer one, as every real token and client
//! secret is, is replaced wherever it occurs.

use memchr::memmem;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderMap, HeaderValue};

/// What a secret is replaced with.
pub(crate) const REDACTED: &str = "[redacted]";

/// RFC 3986's unreserved characters kept, as `encodeURIComponent` does
/// and as the client encodes a path segment.
const URI_COMPONENT: &AsciiSet = crate::path::SEGMENT;

/// `-`, `.`, `_` and `*` kept, as HTML forms and the `url` crate's
/// `form_urlencoded` encode (a space becomes `+` there).
const FORM: &AsciiSet = &URI_COMPONENT.add(b'~').remove(b'*');

/// Secrets shorter than this (in characters) are replaced only where they
/// stand as a whole word: not next to a letter or digit on a side where
/// the secret itself starts or ends with one.
pub(crate) const WHOLE_WORD_BELOW: usize = 8;

/// The secrets of one exchange and every form they are looked for in.
pub(crate) struct Redactor {
    /// Every form of every secret, longest first, so that a form that holds
    /// another is replaced whole.
    forms: Vec<Form>,
}

/// One way a secret may be written.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Form {
    bytes: Vec<u8>,
    /// Replaced only where it stands as a whole word (a short secret).
    whole_word: bool,
}

impl Form {
    /// Whether the match at `at` in `haystack` counts.
    fn counts_at(&self, haystack: &[u8], at: usize) -> bool {
        if !self.whole_word {
            return true;
        }
        let word = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
        let (first, last) = (self.bytes.first(), self.bytes.last());
        let before = at.checked_sub(1).and_then(|i| haystack.get(i));
        let after = haystack.get(at + self.bytes.len());
        let glued_before = word(first) && word(before);
        let glued_after = word(last) && word(after);
        !(glued_before || glued_after)
    }
}

impl Redactor {
    /// A redactor of these secrets; empty ones are skipped.
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut forms: Vec<Form> = Vec::new();
        for secret in secrets.into_iter().filter(|s| !s.is_empty()) {
            let whole_word = secret.chars().count() < WHOLE_WORD_BELOW;
            let mut push = |bytes: Vec<u8>| forms.push(Form { bytes, whole_word });
            let json = serde_json::to_string(secret).expect("a string serializes");
            let json = &json[1..json.len() - 1];
            let encoded = [
                utf8_percent_encode(secret, URI_COMPONENT).to_string(),
                utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string(),
                utf8_percent_encode(secret, FORM)
                    .to_string()
                    .replace("%20", "+"),
            ];
            push(secret.as_bytes().to_vec());
            push(json.as_bytes().to_vec());
            push(json.replace('/', "\\/").into_bytes());
            for form in encoded {
                push(lower_hex(&form).into_bytes());
                push(form.into_bytes());
            }
        }
        forms.sort_by(|a, b| b.bytes.len().cmp(&a.bytes.len()).then_with(|| a.cmp(b)));
        forms.dedup_by(|a, b| a.bytes == b.bytes);
        Redactor { forms }
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

    /// Replaces every secret in a header's value and marks that header
    /// sensitive, so that neither its text (`CF-RAY`, read by `Display`
    /// and the logs) nor a header map's `Debug` shows it.
    pub(crate) fn headers(&self, headers: &mut HeaderMap) {
        for value in headers.values_mut() {
            if let Some(redacted) = self.bytes(value.as_bytes()) {
                // The secret's bytes gave way to visible ASCII: still a
                // valid value.
                *value = HeaderValue::from_bytes(&redacted)
                    .unwrap_or_else(|_| HeaderValue::from_static(REDACTED));
                value.set_sensitive(true);
            }
        }
    }

    fn bytes(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        let mut current: Option<Vec<u8>> = None;
        for form in &self.forms {
            let haystack = current.as_deref().unwrap_or(bytes);
            let finder = memmem::Finder::new(&form.bytes);
            let mut found = finder
                .find_iter(haystack)
                .filter(|&at| form.counts_at(haystack, at))
                .peekable();
            if found.peek().is_none() {
                continue;
            }
            let mut out = Vec::with_capacity(haystack.len());
            let mut kept = 0;
            for at in found {
                // Matches may overlap (`aa` in `aaa`): the first one wins.
                if at < kept {
                    continue;
                }
                out.extend_from_slice(&haystack[kept..at]);
                out.extend_from_slice(REDACTED.as_bytes());
                kept = at + form.bytes.len();
            }
            out.extend_from_slice(&haystack[kept..]);
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
            let Some(redacted) = self.bytes(decoded.as_bytes()) else {
                continue;
            };
            let redacted = String::from_utf8(redacted).expect("UTF-8 replaced at form boundaries");
            let out = out.get_or_insert_with(|| Vec::with_capacity(body.len()));
            out.extend_from_slice(&body[kept..start]);
            let redacted = serde_json::to_vec(&redacted).expect("a string serializes");
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
    fn a_short_secret_is_replaced_only_as_a_whole_word() {
        assert_eq!(
            redacted(&["t"], "Unauthenticated: token t, Bearer t."),
            "Unauthenticated: token [redacted], Bearer [redacted]."
        );
        assert_eq!(
            redacted(&["t"], r#"{"token":"t"}"#),
            r#"{"token":"[redacted]"}"#
        );
        // At the edge of its word only where the secret's own edge is one.
        assert_eq!(redacted(&["-x"], "a-x b-xc"), "a[redacted] b-xc");
        // A secret of eight characters or more goes wherever it is.
        assert_eq!(redacted(&["tok12345"], "xtok12345y"), "x[redacted]y");
    }

    #[test]
    fn a_header_holding_a_secret_is_marked_sensitive() {
        let mut headers = HeaderMap::new();
        headers.insert("x-echo", "Bearer tok-1".parse().unwrap());
        headers.insert("x-other", "fine".parse().unwrap());
        Redactor::new(["tok-1"]).headers(&mut headers);
        assert!(headers["x-echo"].is_sensitive());
        assert_eq!(headers["x-echo"], "Bearer [redacted]");
        assert!(!headers["x-other"].is_sensitive());
        assert!(!format!("{headers:?}").contains("tok-1"));
    }
}

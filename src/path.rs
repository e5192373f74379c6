//! Path parameters that cannot name another resource. A URL parser removes
//! `.` and `..` segments (and their percent-encodings), so a booking id of
//! `..` would turn `DELETE .../bookings/{booking_id}` into a request for the
//! partner itself. A control character (CR, LF, NUL, ...), raw or
//! percent-encoded, has no place in an id and is what request splitting is
//! made of: refused as well. Every other value is percent-encoded so that
//! it stays inside its own segment whatever it holds: all but RFC 3986's
//! unreserved characters are encoded, `\` included, which a URL parser
//! would otherwise turn into `/` (progenitor's own `encode_path` leaves it).
//! The generated builders call [`segment`] on every path value before
//! anything is sent (patched in by `build/codegen.rs`), the bookings
//! stream encodes with [`encode`] to compare a `links.next`, and a raw
//! call's [`ApiPath`] (built by [`path!`](crate::path!)) checks and encodes
//! its values with the same two.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`):
/// what is left cannot end a segment, start a query or a fragment, or be
/// read as a separator by any server or parser.
pub(crate) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` percent-encoded as one path segment.
pub(crate) fn encode(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// `value` as one encoded path segment, if it is a usable one; else why
/// not, naming the parameter. The generated call refuses the request with
/// an [`Error`](crate::Error) of kind [`InvalidRequest`](crate::ErrorKind::InvalidRequest).
pub(crate) fn segment(name: &str, value: &str) -> Result<String, String> {
    checked(name, value).map(encode)
}

/// `value` if it is a usable path segment; else why not, naming the
/// parameter.
pub(crate) fn checked<'a>(name: &str, value: &'a str) -> Result<&'a str, String> {
    let decoded: Cow<'_, str> = percent_decode_str(value).decode_utf8_lossy();
    if matches!(decoded.as_ref(), "" | "." | "..") {
        let what = if value.is_empty() {
            "empty".to_string()
        } else {
            format!("`{value}`")
        };
        return Err(format!(
            "path parameter `{name}` is {what}: the URL would resolve to another resource, so nothing was sent"
        ));
    }
    if let Some(control) = decoded.chars().find(|c| c.is_control()) {
        return Err(format!(
            "path parameter `{name}` holds the control character {control:?}: nothing was sent"
        ));
    }
    Ok(value)
}

/// A path on the API for [`Client::request`](crate::Client::request),
/// made by [`path!`](crate::path!) from a template and values, or from a
/// string whose segments are already encoded.
///
/// Made from a template, each value is checked and percent-encoded as the
/// typed operations' path parameters are (a value of `..`, an empty one,
/// or one with a control character is refused; `?`, `#`, `%` and every
/// other reserved character is encoded, so a value stays in its segment),
/// and the template is kept: it names the endpoint in drift
/// records without the ids it was filled with. What is wrong is reported
/// when the request is sent, as an [`Error`](crate::Error) of kind
/// [`InvalidRequest`](crate::ErrorKind::InvalidRequest), and nothing is
/// sent.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiPath {
    encoded: Result<String, String>,
    template: Option<&'static str>,
}

impl ApiPath {
    /// `template` with its placeholders (`{}` or `{name}`) filled in order
    /// by `values`, each as one encoded segment: what [`path!`](crate::path!)
    /// calls.
    pub fn from_template(template: &'static str, values: &[&dyn fmt::Display]) -> Self {
        ApiPath {
            encoded: filled(template, values),
            template: Some(template),
        }
    }

    /// The path as it goes on the wire, or why it cannot.
    pub fn as_encoded(&self) -> Result<&str, &str> {
        self.encoded.as_deref().map_err(String::as_str)
    }

    /// The template the path was made from, if it was.
    pub fn template(&self) -> Option<&'static str> {
        self.template
    }
}

impl fmt::Debug for ApiPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The template names the endpoint; the values may be a customer's.
        match (self.template, &self.encoded) {
            (Some(template), _) => f.debug_tuple("ApiPath").field(&template).finish(),
            (None, Ok(path)) => f.debug_tuple("ApiPath").field(path).finish(),
            (None, Err(why)) => f.debug_tuple("ApiPath").field(why).finish(),
        }
    }
}

impl From<&str> for ApiPath {
    /// A path whose segments are encoded already (see
    /// [`Client::request`](crate::Client::request)).
    fn from(path: &str) -> Self {
        ApiPath {
            encoded: Ok(path.to_string()),
            template: None,
        }
    }
}

impl From<String> for ApiPath {
    /// A path whose segments are encoded already.
    fn from(path: String) -> Self {
        ApiPath {
            encoded: Ok(path),
            template: None,
        }
    }
}

impl From<&String> for ApiPath {
    /// A path whose segments are encoded already.
    fn from(path: &String) -> Self {
        ApiPath::from(path.as_str())
    }
}

/// `template` with `values` in its placeholders, or why not.
fn filled(template: &str, values: &[&dyn fmt::Display]) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 16 * values.len());
    let mut values = values.iter();
    let mut rest = template;
    let mut n = 0;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| {
            format!("path template `{template}` has a `{{` without its `}}`: nothing was sent")
        })?;
        let name = &rest[open + 1..close];
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "path template `{template}` has the placeholder `{{{name}}}`: a placeholder is `{{}}` or `{{name}}`; nothing was sent"
            ));
        }
        n += 1;
        let Some(value) = values.next() else {
            return Err(format!(
                "path template `{template}` has more placeholders than the {} values given: nothing was sent",
                n - 1
            ));
        };
        let label = if name.is_empty() {
            format!("#{n} of {template}")
        } else {
            name.to_string()
        };
        out.push_str(&segment(&label, &value.to_string())?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    if values.next().is_some() {
        return Err(format!(
            "path template `{template}` has {n} placeholders but more values were given: nothing was sent"
        ));
    }
    Ok(out)
}

/// An [`ApiPath`] for [`Client::request`](crate::Client::request): a
/// template of literal segments and placeholders (`{}` or `{name}`),
/// filled in order by the values that follow, each checked and
/// percent-encoded as one path segment (any [`Display`](std::fmt::Display)).
///
/// ```
/// let path = xone::path!("/api/partners/{}/offers/{offer_id}", "p 1", "OF?1#é");
/// assert_eq!(path.as_encoded(), Ok("/api/partners/p%201/offers/OF%3F1%23%C3%A9"));
/// assert_eq!(path.template(), Some("/api/partners/{}/offers/{offer_id}"));
///
/// let bad = xone::path!("/api/partners/{}/offers/{}", "p-1", "..");
/// assert!(bad.as_encoded().unwrap_err().contains("`..`"));
/// ```
#[macro_export]
macro_rules! path {
    ($template:literal $(, $value:expr)* $(,)?) => {
        $crate::ApiPath::from_template($template, &[$(&$value as &dyn ::std::fmt::Display),*])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_filled_value_by_value_and_each_stays_in_its_segment() {
        let path = ApiPath::from_template("/a/{}/b/{id}.json", &[&"x/y", &7]);
        assert_eq!(path.as_encoded(), Ok("/a/x%2Fy/b/7.json"));
        assert_eq!(path.template(), Some("/a/{}/b/{id}.json"));
        assert_eq!(format!("{path:?}"), "ApiPath(\"/a/{}/b/{id}.json\")");
        for (template, values, says) in [
            ("/a/{}", &[] as &[&dyn fmt::Display], "more placeholders"),
            ("/a/{}", &[&1, &2], "more values"),
            ("/a/{", &[&1], "without its"),
            ("/a/{x y}", &[&1], "placeholder `{x y}`"),
            ("/a/{}", &[&".."], "`#1 of /a/{}` is `..`"),
            ("/a/{id}", &[&""], "`id` is empty"),
            ("/a/{id}", &[&"a\nb"], "control character"),
        ] {
            let why = ApiPath::from_template(template, values)
                .as_encoded()
                .unwrap_err()
                .to_string();
            assert!(
                why.contains(says) && why.contains("nothing was sent"),
                "{template}: {why}"
            );
        }
    }

    #[test]
    fn dot_segments_and_their_encodings_are_refused() {
        for bad in ["", ".", "..", "%2e", "%2E", "%2e%2E", ".%2e", "%2e."] {
            let err = checked("booking_id", bad).unwrap_err();
            assert!(err.contains("booking_id"), "{bad:?}: {err}");
        }
        for good in ["...", "a..b", "..a", "a/..", "%2e%2e%2e", "BK-1", " "] {
            assert_eq!(checked("booking_id", good).unwrap(), good);
        }
    }

    #[test]
    fn everything_but_unreserved_characters_is_encoded() {
        assert_eq!(encode(r"..\..\p-2"), "..%5C..%5Cp-2");
        assert_eq!(encode("a/b?c#d%e;f g"), "a%2Fb%3Fc%23d%25e%3Bf%20g");
        assert_eq!(encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(segment("booking_id", "a\\b").unwrap(), "a%5Cb");
        assert!(segment("booking_id", "..").is_err());
    }

    #[test]
    fn control_characters_raw_or_encoded_are_refused() {
        for bad in [
            "a\r\nb",
            "a\nb",
            "a\0b",
            "\u{7f}",
            "a%0d%0aHost:x",
            "%00",
            "\u{85}",
        ] {
            let err = checked("partner_id", bad).unwrap_err();
            assert!(
                err.contains("partner_id") && err.contains("control character"),
                "{bad:?}: {err}"
            );
        }
        assert_eq!(
            checked("partner_id", "a\tb"),
            Err(
                "path parameter `partner_id` holds the control character '\\t': nothing was sent"
                    .into()
            )
        );
    }
}

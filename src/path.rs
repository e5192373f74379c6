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
//! anything is sent (patched in by `build/codegen.rs`), and the bookings
//! stream encodes with [`encode`] to compare a `links.next`.

use std::borrow::Cow;

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

#[cfg(test)]
mod tests {
    use super::*;

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

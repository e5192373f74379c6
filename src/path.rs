//! Path parameters that cannot name another resource. A URL parser removes
//! `.` and `..` segments (and their percent-encodings), so a booking id of
//! `..` would turn `DELETE .../bookings/{booking_id}` into a request for the
//! partner itself. A control character (CR, LF, NUL, ...), raw or
//! percent-encoded, has no place in an id and is what request splitting is
//! made of: refused as well. The generated builders call [`checked`] on
//! every path value before anything is sent (patched in by
//! `build/codegen.rs`).

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// `value` if it is a usable path segment; else why not, naming the
/// parameter. The generated call refuses the request with
/// [`Error::InvalidRequest`](progenitor_client::Error::InvalidRequest).
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

//! A request's headers as the testing kit's request logs keep them (the
//! fake's [`SeenRequest`](crate::fake::SeenRequest), a mock script's
//! [`Received`](crate::mock::Received)): names lowercase, in order, the
//! token's value replaced (a test has no use for it, and a log of requests
//! is what gets printed when a test fails).

/// One header as a log keeps it.
pub(crate) fn logged(name: &str, value: &str) -> (String, String) {
    let name = name.to_ascii_lowercase();
    let value = if name == "authorization" {
        match value.split_once(' ') {
            Some((scheme, _)) => format!("{scheme} [redacted]"),
            None => "[redacted]".into(),
        }
    } else {
        value.to_string()
    };
    (name, value)
}

/// The value of the header `name` (any case) among `headers`, if there is one.
pub(crate) fn find<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

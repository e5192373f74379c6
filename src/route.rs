//! The spec's operations as routes: a path as sent (`/api/partners/p-1/bookings`)
//! matched against the spec's path templates
//! (`/api/partners/{partner_id}/bookings`). A raw call finds here the
//! operation its answer is checked against by drift watch, and the fake
//! routes each request with the same matching.

use crate::spec::ROUTES;

/// The path template of the spec's operation `operation_id`.
pub(crate) fn path_template(operation_id: &str) -> Option<&'static str> {
    ROUTES
        .iter()
        .find(|(id, _, _)| *id == operation_id)
        .map(|(_, _, template)| *template)
}

/// `path` (as sent, percent-encoded, no query) against `template`: each
/// placeholder's name and the segment it matched, still encoded, if the
/// path fits. A placeholder matches one non-empty segment.
pub(crate) fn captures<'t, 'p>(
    template: &'t str,
    path: &'p str,
) -> Option<Vec<(&'t str, &'p str)>> {
    let parts = template.trim_start_matches('/').split('/');
    let sent = path.trim_start_matches('/').split('/');
    if parts.clone().count() != sent.clone().count() {
        return None;
    }
    let mut found = Vec::new();
    for (part, sent) in parts.zip(sent) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(_) if sent.is_empty() => return None,
            Some(name) => found.push((name, sent)),
            None if part == sent => {}
            None => return None,
        }
    }
    Some(found)
}

/// Every operation of the spec whose template `path` fits, as (operationId,
/// method, template): a template with fewer placeholders (more fixed
/// segments) first, so that `/offers/quote` is not read as `/offers/{id}`.
pub(crate) fn operations_at(path: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut fitting: Vec<_> = ROUTES
        .iter()
        .filter(|(_, _, template)| captures(template, path).is_some())
        .copied()
        .collect();
    fitting.sort_by_key(|(_, _, template)| template.matches('{').count());
    fitting
}

/// The spec's operation for `method` on `path`, if it has one.
pub(crate) fn operation_at(method: &str, path: &str) -> Option<&'static str> {
    operations_at(path)
        .into_iter()
        .find(|(_, m, _)| m.eq_ignore_ascii_case(method))
        .map(|(id, _, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_of_the_spec_is_found_from_its_own_template_filled_in() {
        for (id, method, template) in ROUTES {
            let filled: Vec<String> = template
                .split('/')
                .map(|part| {
                    if part.starts_with('{') {
                        "x-1".to_string()
                    } else {
                        part.to_string()
                    }
                })
                .collect();
            let path = filled.join("/");
            assert_eq!(operation_at(method, &path), Some(*id), "{method} {path}");
            assert_eq!(path_template(id), Some(*template));
        }
    }

    #[test]
    fn a_placeholder_takes_one_non_empty_segment_and_keeps_it_encoded() {
        assert_eq!(
            captures("/a/{id}/b", "/a/p%2F1/b"),
            Some(vec![("id", "p%2F1")])
        );
        assert_eq!(captures("/a/{id}/b", "/a//b"), None);
        assert_eq!(captures("/a/{id}/b", "/a/x/y/b"), None);
        assert_eq!(captures("/a/{id}", "/a/x/"), None);
        assert_eq!(captures("/a/b", "/a/c"), None);
        assert_eq!(operation_at("GET", "/nowhere"), None);
    }
}

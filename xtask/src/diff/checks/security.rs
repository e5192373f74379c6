//! Security: the document's and each operation's requirements (schemes and
//! scopes added or removed), and the security schemes themselves.
//!
//! Rules: `api-security-added`, `api-security-removed`,
//! `api-security-scope-added`, `api-security-scope-removed`,
//! `api-global-security-added`, `api-global-security-removed`,
//! `api-global-security-scope-added`, `api-global-security-scope-removed`,
//! `api-security-component-added`, `api-security-component-removed`,
//! `api-security-component-type-changed`,
//! `api-security-component-oauth-url-changed`,
//! `api-security-component-oauth-token-url-changed`,
//! `api-security-component-oauth-scope-added`,
//! `api-security-component-oauth-scope-removed`,
//! `api-security-component-oauth-scope-changed`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diff::facts::strings;
use crate::diff::place::Place;
use crate::diff::{Differ, RuleId};
use crate::openapi;

impl Differ<'_> {
    pub(in crate::diff) fn global_security(&mut self) {
        let place = self.document("security");
        self.security(
            &place,
            self.old.get("security"),
            self.new.get("security"),
            true,
        );
    }

    /// Security schemes under `components.securitySchemes` added or removed.
    pub(in crate::diff) fn security_components(&mut self) {
        let names = |doc: &Value| -> BTreeSet<String> {
            doc.pointer("/components/securitySchemes")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        let (old, new) = (names(self.old), names(self.new));
        for name in new.difference(&old) {
            let place = self.document(&format!("components.securitySchemes.{name}"));
            let message = format!("security scheme `{name}` added");
            self.push(RuleId::ApiSecurityComponentAdded, &place, message);
        }
        for name in old.difference(&new) {
            let place = self.document(&format!("components.securitySchemes.{name}"));
            let message = format!("security scheme `{name}` removed");
            self.push(RuleId::ApiSecurityComponentRemoved, &place, message);
        }
        for name in old.intersection(&new) {
            let pointer = format!(
                "/components/securitySchemes/{}",
                name.replace('~', "~0").replace('/', "~1")
            );
            let (Some(o), Some(n)) = (self.old.pointer(&pointer), self.new.pointer(&pointer))
            else {
                continue;
            };
            let (o, n) = (
                openapi::resolve_deep(self.old, o).clone(),
                openapi::resolve_deep(self.new, n).clone(),
            );
            self.security_scheme(name, &o, &n);
        }
    }

    /// One security scheme on both sides: its type, and each OAuth flow's
    /// URLs and scopes. oasdiff's check reads the implicit flow only; the
    /// rules mean the same of every flow, and this API's is client
    /// credentials.
    pub(in crate::diff) fn security_scheme(&mut self, name: &str, o: &Value, n: &Value) {
        let place = self.document(&format!("components.securitySchemes.{name}"));
        let text = |v: &Value, key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .unwrap_or("none")
                .to_string()
        };
        if o.get("type") != n.get("type") {
            self.push(
                RuleId::ApiSecurityComponentTypeChanged,
                &place,
                format!(
                    "security scheme `{name}`: type {} became {}",
                    text(o, "type"),
                    text(n, "type")
                ),
            );
        }
        let flows = [
            "implicit",
            "password",
            "clientCredentials",
            "authorizationCode",
        ];
        for flow in flows {
            let (Some(of), Some(nf)) = (
                o.pointer(&format!("/flows/{flow}")),
                n.pointer(&format!("/flows/{flow}")),
            ) else {
                continue;
            };
            for (key, id) in [
                (
                    "authorizationUrl",
                    RuleId::ApiSecurityComponentOauthUrlChanged,
                ),
                ("tokenUrl", RuleId::ApiSecurityComponentOauthTokenUrlChanged),
            ] {
                if of.get(key) != nf.get(key) {
                    self.push(
                        id,
                        &place,
                        format!(
                            "security scheme `{name}`, {flow} flow: {key} {} became {}",
                            text(of, key),
                            text(nf, key)
                        ),
                    );
                }
            }
            let scopes = |v: &Value| {
                v.get("scopes")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default()
            };
            let (os, ns) = (scopes(of), scopes(nf));
            for (scope, description) in &ns {
                let (id, what) = match os.get(scope) {
                    None => (RuleId::ApiSecurityComponentOauthScopeAdded, "added"),
                    Some(before) if before != description => (
                        RuleId::ApiSecurityComponentOauthScopeChanged,
                        "described anew",
                    ),
                    Some(_) => continue,
                };
                self.push(
                    id,
                    &place,
                    format!("security scheme `{name}`, {flow} flow: scope `{scope}` {what}"),
                );
            }
            for scope in os.keys().filter(|s| !ns.contains_key(*s)) {
                self.push(
                    RuleId::ApiSecurityComponentOauthScopeRemoved,
                    &place,
                    format!("security scheme `{name}`, {flow} flow: scope `{scope}` removed"),
                );
            }
        }
    }

    /// Security requirements, of an operation or (`global`) the document's.
    pub(in crate::diff) fn security(
        &mut self,
        place: &Place,
        old: Option<&Value>,
        new: Option<&Value>,
        global: bool,
    ) {
        use RuleId::*;
        let [added, removed, scope_added, scope_removed] = if global {
            [
                ApiGlobalSecurityAdded,
                ApiGlobalSecurityRemoved,
                ApiGlobalSecurityScopeAdded,
                ApiGlobalSecurityScopeRemoved,
            ]
        } else {
            [
                ApiSecurityAdded,
                ApiSecurityRemoved,
                ApiSecurityScopeAdded,
                ApiSecurityScopeRemoved,
            ]
        };
        let (o, n) = (requirements(old), requirements(new));
        for key in n.keys().filter(|k| !o.contains_key(*k) && !k.is_empty()) {
            self.push(
                added,
                place,
                format!("security `{key}` added as an alternative"),
            );
        }
        for key in o.keys().filter(|k| !n.contains_key(*k) && !k.is_empty()) {
            self.push(removed, place, format!("security `{key}` removed"));
        }
        for (key, old_schemes) in &o {
            let Some(new_schemes) = n.get(key) else {
                continue;
            };
            for (scheme, old_scopes) in old_schemes {
                let new_scopes = &new_schemes[scheme];
                for scope in new_scopes.difference(old_scopes) {
                    self.push(
                        scope_added,
                        place,
                        format!("`{scheme}` now needs scope `{scope}`"),
                    );
                }
                for scope in old_scopes.difference(new_scopes) {
                    self.push(
                        scope_removed,
                        place,
                        format!("`{scheme}` no longer needs scope `{scope}`"),
                    );
                }
            }
        }
    }
}

/// A security requirement list as alternatives: scheme names to scopes.
pub(in crate::diff) fn requirements(
    v: Option<&Value>,
) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(|req| {
            let schemes: BTreeMap<String, BTreeSet<String>> = req
                .iter()
                .map(|(k, v)| (k.clone(), strings(Some(v))))
                .collect();
            let key = schemes.keys().cloned().collect::<Vec<_>>().join(" + ");
            (key, schemes)
        })
        .collect()
}

//! Downloading from the vendor's docs site, for `cargo xtask pull`: one GET
//! with a deadline for the whole exchange, a cap on what is read, and
//! redirects followed only within the origin asked (a redirect elsewhere is
//! refused: the pages must come from the site the sources name). Every
//! failure names the URL.

use std::time::Duration;

/// The most one download may hold: a docs page or an index. The vendor's
/// pages are tens of KB; a sitemap of 50,000 URLs is about 10 MB.
pub const MAX_DOWNLOAD_BYTES: u64 = 16 * 1024 * 1024;

/// Redirects followed within one origin before giving up.
const MAX_REDIRECTS: usize = 5;

/// What came back from a successful download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL it came from after redirects.
    pub url: String,
    /// Its `Content-Type`, lower case, if any.
    pub content_type: Option<String>,
    /// The body (invalid UTF-8 replaced).
    pub text: String,
}

impl Fetched {
    /// Whether the server answered HTML (a rendered page or an error page)
    /// where the Markdown export was asked for.
    pub fn is_html(&self) -> bool {
        let declared = self
            .content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/xhtml"));
        let head: String = self.text.trim_start().chars().take(15).collect();
        let head = head.to_ascii_lowercase();
        declared || head.starts_with("<!doctype html") || head.starts_with("<html")
    }
}

/// Why a download failed; its `Display` names the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The server answered with a status other than 200.
    #[error("{url}: answered {status}")]
    Status {
        /// What was asked for.
        url: String,
        /// The status.
        status: u16,
    },
    /// A redirect to another origin, not followed.
    #[error("{url}: redirect to {to} refused: pages come only from the origin the sources name")]
    Redirect {
        /// What was asked for.
        url: String,
        /// Where it pointed.
        to: String,
    },
    /// No answer, a broken one, a timeout, or a body over the cap.
    #[error("{url}: {message}")]
    Transport {
        /// What was asked for.
        url: String,
        /// What went wrong.
        message: String,
    },
}

/// Downloads with one configuration: a deadline per download, no redirect
/// followed by the HTTP client itself.
pub struct Fetcher {
    agent: ureq::Agent,
}

impl Fetcher {
    /// A fetcher whose downloads each end within `timeout`.
    pub fn new(timeout: Duration) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .into();
        Self { agent }
    }

    /// GETs `url`, following redirects within its origin.
    pub fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        let mut at = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let transport = |e: ureq::Error| FetchError::Transport {
                url: at.clone(),
                message: e.to_string(),
            };
            let mut response = self
                .agent
                .get(&at)
                .header("Accept", "text/markdown, text/plain;q=0.9, */*;q=0.1")
                .call()
                .map_err(transport)?;
            let status = response.status().as_u16();
            if (300..400).contains(&status) {
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|l| l.to_str().ok())
                    .unwrap_or_default();
                let to = resolve(&at, location);
                if origin(&to) != origin(url) {
                    return Err(FetchError::Redirect {
                        url: url.to_string(),
                        to,
                    });
                }
                at = to;
                continue;
            }
            if status != 200 {
                return Err(FetchError::Status {
                    url: at.clone(),
                    status,
                });
            }
            let content_type = response
                .headers()
                .get("content-type")
                .and_then(|t| t.to_str().ok())
                .map(str::to_ascii_lowercase);
            let text = response
                .body_mut()
                .with_config()
                .limit(MAX_DOWNLOAD_BYTES)
                .lossy_utf8(true)
                .read_to_string()
                .map_err(transport)?;
            return Ok(Fetched {
                url: at,
                content_type,
                text,
            });
        }
        Err(FetchError::Transport {
            url: url.to_string(),
            message: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }
}

/// `scheme://host[:port]` of a URL, lower case.
pub fn origin(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    )
}

/// `location` as an absolute URL, relative to `base`: absolute,
/// scheme-relative (`//host/x`), root-relative (`/x`) or relative (`x`).
pub fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let origin = origin(base);
    if let Some(rest) = location.strip_prefix("//") {
        let scheme = origin.split("://").next().unwrap_or("https");
        return format!("{scheme}://{rest}");
    }
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path = base[origin.len().min(base.len())..]
        .split(['?', '#'])
        .next()
        .unwrap_or_default();
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    format!("{origin}{dir}{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_url_asked() {
        let base = "https://docs.example.com/a/b/page.md?x=1";
        assert_eq!(
            resolve(base, "https://evil.example/x"),
            "https://evil.example/x"
        );
        assert_eq!(resolve(base, "//evil.example/x"), "https://evil.example/x");
        assert_eq!(resolve(base, "/c.md"), "https://docs.example.com/c.md");
        assert_eq!(resolve(base, "c.md"), "https://docs.example.com/a/b/c.md");
        assert_eq!(resolve("https://h.example", "c"), "https://h.example/c");
        assert_eq!(
            origin("HTTPS://Docs.Example.com:8443/x"),
            "https://docs.example.com:8443"
        );
    }

    #[test]
    fn html_is_told_from_markdown() {
        let fetched = |content_type: Option<&str>, text: &str| Fetched {
            url: "u".into(),
            content_type: content_type.map(str::to_string),
            text: text.into(),
        };
        assert!(fetched(Some("text/html; charset=utf-8"), "# Page").is_html());
        assert!(fetched(None, "\n<!DOCTYPE html><html>").is_html());
        assert!(fetched(Some("text/plain"), "<HTML><body>").is_html());
        assert!(!fetched(Some("text/markdown"), "# Page\n<div>x</div>").is_html());
    }
}

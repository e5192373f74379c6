//! Configuration a service gets wrong or right: plain http is refused
//! except on loopback, and the defaults come from the spec.

use xone::{Client, ConfigError, Credentials};

use crate::support::*;

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let build = |base: &str, token: &str| {
        Client::builder(Credentials::new(CLIENT_ID, SECRET))
            .base_url(base)
            .token_url(token)
            .build()
    };
    let err = build(
        "http://api.xone.xcover.com",
        "https://api.xone.xcover.com/api/oauth/token",
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::InsecureUrl {
                name: "base URL",
                ..
            }
        ),
        "{err}"
    );
    let err = build(
        "https://api.xone.xcover.com",
        "http://10.0.0.1/api/oauth/token",
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::InsecureUrl {
                name: "token URL",
                ..
            }
        ),
        "{err}"
    );
    assert_clean(&format!("{err:?} {err}"));
    assert!(build("http://127.0.0.1:1", "http://localhost:1/token").is_ok());
}

#[test]
fn defaults_come_from_the_spec() {
    assert_eq!(xone::DEFAULT_BASE_URL, "https://api.xone.xcover.com");
    assert_eq!(
        xone::DEFAULT_TOKEN_URL,
        "https://api.xone.xcover.com/api/oauth/token"
    );
    let client = Client::builder(Credentials::new(CLIENT_ID, SECRET))
        .build()
        .unwrap();
    assert_eq!(
        xone::ClientInfo::baseurl(&client),
        "https://api.xone.xcover.com"
    );
    assert_eq!(
        client.token_url(),
        "https://api.xone.xcover.com/api/oauth/token"
    );
}

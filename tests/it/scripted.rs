//! A loopback server that answers from a script, in order, and can misbehave
//! in ways httpmock cannot: drop a connection, cut a body short, never
//! answer. API requests and token requests have a script each; an exhausted
//! token script answers with a token. Every request is recorded, body
//! included.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::BufReader;
use tokio::net::TcpListener;

use crate::support::{TOKEN, TOKEN_PATH};
use crate::wire;

/// One scripted answer.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Status, extra headers, JSON body.
    Status(u16, Vec<(&'static str, String)>, String),
    /// Close the connection without a response.
    Drop,
    /// Status and headers promising the whole body, then half of it, then
    /// the connection closes.
    Truncated(u16, String),
    /// Never answer (the connection stays open for a minute).
    Hang,
}

impl Reply {
    pub fn status(status: u16) -> Self {
        Reply::Status(status, vec![], "{}".into())
    }

    pub fn json(status: u16, body: &str) -> Self {
        Reply::Status(status, vec![], body.into())
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: String) -> Self {
        Reply::Status(status, vec![("location", location)], "{}".into())
    }

    fn token() -> Self {
        Reply::json(
            200,
            &format!(r#"{{"token_type":"Bearer","expires_in":3600,"access_token":"{TOKEN}"}}"#),
        )
    }
}

/// A request the server saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

pub struct ScriptedServer {
    pub base_url: String,
    script: Arc<Mutex<VecDeque<Reply>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl ScriptedServer {
    /// Starts on 127.0.0.1, on the current runtime; token requests always
    /// get a token.
    pub async fn start(replies: Vec<Reply>) -> Self {
        Self::start_with("127.0.0.1", vec![], replies).await
    }

    /// Starts on `host` (any loopback address), answering token requests
    /// from `token_replies` first.
    pub async fn start_with(host: &str, token_replies: Vec<Reply>, replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind((host, 0)).await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let script = Arc::new(Mutex::new(VecDeque::from(replies)));
        let tokens = Arc::new(Mutex::new(VecDeque::from(token_replies)));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (s, t, r) = (script.clone(), tokens.clone(), seen.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (s, t, r) = (s.clone(), t.clone(), r.clone());
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut reader = BufReader::new(read);
                    while let Some(request) = wire::read_request(&mut reader).await {
                        let is_token = request.path == TOKEN_PATH;
                        r.lock().unwrap().push(Seen {
                            method: request.method,
                            path: request.path,
                            headers: request.headers,
                            body: String::from_utf8_lossy(&request.body).into_owned(),
                        });
                        let reply = if is_token {
                            t.lock().unwrap().pop_front().unwrap_or_else(Reply::token)
                        } else {
                            s.lock()
                                .unwrap()
                                .pop_front()
                                .unwrap_or(Reply::json(599, r#"{"message":"script exhausted"}"#))
                        };
                        let bytes = match reply {
                            Reply::Drop => return,
                            Reply::Hang => {
                                tokio::time::sleep(Duration::from_secs(60)).await;
                                return;
                            }
                            Reply::Truncated(status, body) => {
                                let whole = wire::response(status, &[], body.as_bytes());
                                let cut = whole.len() - body.len() / 2;
                                let _ = wire::write(&mut write, &whole[..cut]).await;
                                return;
                            }
                            Reply::Status(status, extra, body) => {
                                let extra: Vec<(&str, &str)> =
                                    extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
                                wire::response(status, &extra, body.as_bytes())
                            }
                        };
                        if !wire::write(&mut write, &bytes).await {
                            return;
                        }
                    }
                });
            }
        });
        Self {
            base_url,
            script,
            seen,
        }
    }

    /// Every request seen, token requests included.
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// API requests seen (token requests excluded).
    pub fn api_requests(&self) -> Vec<Seen> {
        self.requests()
            .into_iter()
            .filter(|s| s.path != TOKEN_PATH)
            .collect()
    }

    /// Token requests seen.
    pub fn token_requests(&self) -> Vec<Seen> {
        self.requests()
            .into_iter()
            .filter(|s| s.path == TOKEN_PATH)
            .collect()
    }

    pub fn script_left(&self) -> usize {
        self.script.lock().unwrap().len()
    }
}

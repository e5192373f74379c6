//! A loopback server that answers from a script, in order, and can misbehave
//! in ways httpmock cannot: drop a connection, cut a body short, never
//! answer, trickle, stream without end, or send any bytes at all. API
//! requests and token requests have a script each; an exhausted token
//! script answers with a token. Every request is recorded, body included.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::BufReader;
use tokio::net::TcpListener;

use crate::support::{TOKEN, TOKEN_PATH};
use dev_support::wire;

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
    /// These bytes as they are (any framing, right or wrong), then the
    /// connection closes.
    Raw(Vec<u8>),
    /// Status and a body of `total` bytes of white space, announced with a
    /// `Content-Length` or sent chunked, written in 64 KiB pieces as fast as
    /// the peer reads; [`ScriptedServer::streamed`] counts what went out
    /// before the peer hung up.
    Endless {
        status: u16,
        total: u64,
        announce_length: bool,
    },
    /// Status and `Content-Length: 1000`, then one byte every `every`.
    Trickle { status: u16, every: Duration },
    /// This reply, after a wait.
    Delayed(Duration, Box<Reply>),
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
    streamed: Arc<Mutex<Vec<u64>>>,
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
        let streamed = Arc::new(Mutex::new(Vec::new()));
        let (s, t, r, out) = (
            script.clone(),
            tokens.clone(),
            seen.clone(),
            streamed.clone(),
        );
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (s, t, r, out) = (s.clone(), t.clone(), r.clone(), out.clone());
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
                        let mut reply = reply;
                        while let Reply::Delayed(wait, then) = reply {
                            tokio::time::sleep(wait).await;
                            reply = *then;
                        }
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
                            Reply::Raw(bytes) => {
                                let _ = wire::write(&mut write, &bytes).await;
                                return;
                            }
                            Reply::Endless {
                                status,
                                total,
                                announce_length,
                            } => {
                                let sent =
                                    stream_endless(&mut write, status, total, announce_length)
                                        .await;
                                out.lock().unwrap().push(sent);
                                return;
                            }
                            Reply::Trickle { status, every } => {
                                let head = format!(
                                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n"
                                );
                                if !wire::write(&mut write, head.as_bytes()).await {
                                    return;
                                }
                                for _ in 0..1000 {
                                    tokio::time::sleep(every).await;
                                    if !wire::write(&mut write, b" ").await {
                                        return;
                                    }
                                }
                                return;
                            }
                            Reply::Delayed(..) => unreachable!("waited for above"),
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
            streamed,
        }
    }

    /// For each [`Reply::Endless`] served so far, the body bytes written
    /// before the peer hung up (or all of them).
    pub fn streamed(&self) -> Vec<u64> {
        self.streamed.lock().unwrap().clone()
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

    /// The idempotency key of each API request seen, in order.
    pub fn idempotency_keys(&self) -> Vec<String> {
        self.api_requests()
            .iter()
            .map(|r| r.headers["x-idempotency-key"].clone())
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

/// Writes a [`Reply::Endless`]; returns the body bytes that went out.
async fn stream_endless<W: tokio::io::AsyncWrite + Unpin>(
    write: &mut W,
    status: u16,
    total: u64,
    announce_length: bool,
) -> u64 {
    const PIECE: usize = 64 * 1024;
    let framing = if announce_length {
        format!("content-length: {total}")
    } else {
        "transfer-encoding: chunked".to_string()
    };
    let head =
        format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{framing}\r\n\r\n");
    if !wire::write(write, head.as_bytes()).await {
        return 0;
    }
    let piece = vec![b' '; PIECE];
    let chunk_head = format!("{PIECE:x}\r\n");
    let mut sent = 0;
    while sent < total {
        let n = PIECE.min((total - sent) as usize);
        let ok = if announce_length {
            wire::write(write, &piece[..n]).await
        } else {
            let head = if n == PIECE {
                chunk_head.clone()
            } else {
                format!("{n:x}\r\n")
            };
            wire::write(write, head.as_bytes()).await
                && wire::write(write, &piece[..n]).await
                && wire::write(write, b"\r\n").await
        };
        if !ok {
            return sent;
        }
        sent += n as u64;
    }
    if !announce_length {
        let _ = wire::write(write, b"0\r\n\r\n").await;
    }
    sent
}

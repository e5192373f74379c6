//! HTTP/1.1 on the wire, for the loopback servers that tests and benches
//! run where httpmock cannot do the job (scripted sequences, dropped
//! connections, fault injection, a server that adds no latency): read one
//! request, write one response. Keep-alive: callers loop on a connection.

use std::collections::BTreeMap;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// A request as a test server needs it.
pub struct Request {
    /// As sent: `GET`, `POST`.
    pub method: String,
    /// The request target as sent, query included.
    pub path: String,
    /// Names in lower case.
    pub headers: BTreeMap<String, String>,
    /// As many bytes as `content-length` said.
    pub body: Vec<u8>,
}

/// The next request on a connection; `None` when the peer closed it.
pub async fn read_request<R: AsyncBufRead + Unpin>(reader: &mut R) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = BTreeMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).await.ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let length = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

/// The bytes of a JSON response with `status`, extra headers and `body`.
pub fn response(status: u16, extra: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Writes a response; false when the peer has gone.
pub async fn write<W: AsyncWrite + Unpin>(writer: &mut W, bytes: &[u8]) -> bool {
    writer.write_all(bytes).await.is_ok()
}

//! Who may use the editor: only a page of this very server, in a browser on this machine.
//!
//! The editor exists only while `serve` listens on a loopback address. Every request to it is
//! checked: the `Host` header must name the address serve is bound to (a page of another site
//! whose name was made to resolve to 127.0.0.1, "DNS rebinding", sends its own name), and a
//! request that changes anything must also be a POST from this origin (`Origin`) carrying
//! the session's token, which only the editor page knows (another site cannot read it).

use super::super::http::Request;

/// The checks' settings: the `Host` values that name this server, and the token.
pub struct Guard {
    hosts: Vec<String>,
    token: String,
}

/// Why a request was refused: the status and a line in Dutch for the author.
pub type Refusal = (u16, &'static str);

impl Guard {
    /// For a server bound to `ip` (loopback) at `port`.
    pub fn new(ip: std::net::IpAddr, port: u16) -> std::io::Result<Guard> {
        let mut hosts = vec![match ip {
            std::net::IpAddr::V6(v6) => format!("[{v6}]:{port}"),
            std::net::IpAddr::V4(v4) => format!("{v4}:{port}"),
        }];
        hosts.push(format!("localhost:{port}"));
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Guard { hosts, token })
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// Any request to the editor: it must be addressed to this server by name.
    pub fn reading(&self, request: &Request) -> Result<(), Refusal> {
        match request.header("host") {
            Some(host) if self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host.trim())) => Ok(()),
            _ => Err((403, "Dit adres hoort niet bij deze voorbeeldserver.")),
        }
    }

    /// A request that writes: a POST from a page of this server with the session's token.
    pub fn writing(&self, request: &Request) -> Result<(), Refusal> {
        self.reading(request)?;
        if request.method != "POST" {
            return Err((405, "Dit kan alleen met een POST-verzoek."));
        }
        let origin_ok = request
            .header("origin")
            .is_some_and(|o| self.hosts.iter().any(|h| o.eq_ignore_ascii_case(&format!("http://{h}"))));
        if !origin_ok {
            return Err((403, "Dit verzoek komt niet van de editor van deze server."));
        }
        let token_ok =
            request.header("x-kennisbank-token").is_some_and(|t| same(t.as_bytes(), self.token.as_bytes()));
        if !token_ok {
            return Err((403, "De sleutel van deze sessie ontbreekt of klopt niet. Laad de editor opnieuw."));
        }
        Ok(())
    }
}

/// Compares without stopping at the first difference (the time taken says nothing about the
/// token).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

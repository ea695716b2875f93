//! Plain GETs: JSON metadata and archive bytes, each bounded in size and time, with one-line errors.

use std::io::Read;
use std::time::Duration;

/// Largest metadata document read (a busy npm package's full document runs to tens of megabytes).
pub const MAX_METADATA_BYTES: u64 = 64 << 20;
/// Largest archive downloaded.
pub const MAX_ARCHIVE_BYTES: u64 = 512 << 20;

pub struct Http {
    agent: ureq::Agent,
    /// `http://host:port` origins the user configured as registries; every other URL must be HTTPS.
    plain_http_origins: Vec<String>,
}

impl Http {
    /// `plain_http_registries`: registry URLs the user configured with plain `http://` (a local mirror, a
    /// test registry); only their origins may be fetched without TLS.
    pub fn new(plain_http_registries: &[&str], timeout: Duration, user_agent: &str) -> Http {
        let plain_http_origins: Vec<String> = plain_http_registries
            .iter()
            .filter(|url| url.starts_with("http://"))
            .map(|url| origin(url))
            .collect();
        // The system's CA store, so that a TLS-inspecting proxy with a locally trusted CA still works.
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent = ureq::Agent::config_builder()
            .tls_config(tls)
            .https_only(plain_http_origins.is_empty())
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(30))))
            .user_agent(user_agent)
            .build()
            .into();
        Http {
            agent,
            plain_http_origins,
        }
    }

    fn check_scheme(&self, url: &str) -> Result<(), String> {
        let configured_plain =
            url.starts_with("http://") && self.plain_http_origins.contains(&origin(url));
        if url.starts_with("https://") || configured_plain {
            Ok(())
        } else {
            Err(format!(
                "refusing to fetch {}: not an HTTPS URL",
                redact(url)
            ))
        }
    }

    /// `Ok(None)` on 404.
    pub fn get_json(&self, url: &str) -> Result<Option<serde_json::Value>, String> {
        self.check_scheme(url)?;
        let mut response = match self
            .agent
            .get(url)
            .header("Accept", "application/json")
            .call()
        {
            Ok(response) => response,
            Err(ureq::Error::StatusCode(404)) => return Ok(None),
            Err(e) => return Err(describe(url, &e)),
        };
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_METADATA_BYTES)
            .read_to_string()
            .map_err(|e| describe(url, &e))?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("GET {}: not JSON: {e}", redact(url)))
    }

    /// The body of `url`, at most `limit` bytes.
    pub fn get_bytes(&self, url: &str, limit: u64) -> Result<Vec<u8>, String> {
        self.check_scheme(url)?;
        let mut response = self.agent.get(url).call().map_err(|e| describe(url, &e))?;
        let mut bytes = Vec::new();
        response
            .body_mut()
            .with_config()
            .limit(limit)
            .reader()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("GET {}: {e}", redact(url)))?;
        Ok(bytes)
    }

    /// Streams `url` into `out`, returning how many bytes were written (for downloads kept on disk).
    pub fn copy_to(
        &self,
        url: &str,
        out: &mut impl std::io::Write,
        limit: u64,
    ) -> Result<u64, String> {
        self.check_scheme(url)?;
        let mut response = self.agent.get(url).call().map_err(|e| describe(url, &e))?;
        let mut body = response.body_mut().with_config().limit(limit).reader();
        std::io::copy(&mut body, out).map_err(|e| format!("GET {}: {e}", redact(url)))
    }
}

/// One line on why a request failed, in words a user acts on.
fn describe(url: &str, err: &ureq::Error) -> String {
    let url = redact(url);
    match err {
        ureq::Error::StatusCode(404) => format!("GET {url}: not found (404)"),
        ureq::Error::StatusCode(code) => format!("GET {url}: the server answered {code}"),
        ureq::Error::Timeout(_) => format!("GET {url}: timed out"),
        ureq::Error::HostNotFound => {
            format!("GET {url}: host not found (offline, or a wrong registry URL?)")
        }
        ureq::Error::Io(e) => format!("GET {url}: {e} (offline, or the registry is down?)"),
        other => format!("GET {url}: {other}"),
    }
}

/// `scheme://host:port` of `url` (credentials dropped, lower-cased).
fn origin(url: &str) -> String {
    let url = redact(url);
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_ascii_lowercase();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    format!("{scheme}://{authority}").to_ascii_lowercase()
}

/// `url` without any `user:password@` part, for messages and reports.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// Resolves `reference` against `base`, as a browser would for an `href`; registries and their mirrors
/// give both absolute and relative archive URLs. The result keeps `base`'s scheme unless `reference`
/// names its own (`http`/`https` only).
pub fn resolve_url(base: &str, reference: &str) -> Result<String, String> {
    if reference.starts_with("https://") || reference.starts_with("http://") {
        return Ok(reference.to_string());
    }
    if reference.contains("://") {
        return Err(format!("not an HTTP(S) URL: {reference}"));
    }
    let (scheme, rest) = base
        .split_once("://")
        .filter(|(scheme, _)| *scheme == "https" || *scheme == "http")
        .ok_or_else(|| format!("not an HTTP(S) URL: {base}"))?;
    let (host, base_path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if let Some(authority) = reference.strip_prefix("//") {
        return Ok(format!("{scheme}://{authority}"));
    }
    let base_path = base_path.split(['?', '#']).next().unwrap_or("/");
    let joined = if reference.starts_with('/') {
        reference.to_string()
    } else {
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{reference}")
    };
    let (path, query) = match joined.find(['?', '#']) {
        Some(i) => (&joined[..i], &joined[i..]),
        None => (joined.as_str(), ""),
    };
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *part {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            part => segments.push(part),
        }
    }
    Ok(format!("{scheme}://{host}/{}{query}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_absolute_and_relative_archive_urls() {
        let base = "https://pypi.org/pypi/urllib3/json";
        assert_eq!(
            resolve_url(base, "https://files.example/a.tar.gz").unwrap(),
            "https://files.example/a.tar.gz"
        );
        assert_eq!(
            resolve_url(base, "../../packages/packages/e3/05/urllib3-2.8.0.tar.gz").unwrap(),
            "https://pypi.org/packages/packages/e3/05/urllib3-2.8.0.tar.gz"
        );
        assert_eq!(
            resolve_url(base, "/x/y.tgz?a=1").unwrap(),
            "https://pypi.org/x/y.tgz?a=1"
        );
        assert_eq!(
            resolve_url(base, "a.zip").unwrap(),
            "https://pypi.org/pypi/urllib3/a.zip"
        );
        assert_eq!(
            resolve_url(base, "../../../../a.zip").unwrap(),
            "https://pypi.org/a.zip"
        );
        assert_eq!(
            resolve_url(base, "//cdn.example/a.tgz").unwrap(),
            "https://cdn.example/a.tgz"
        );
        assert_eq!(
            resolve_url("http://127.0.0.1:9/x/json", "/f.tgz").unwrap(),
            "http://127.0.0.1:9/f.tgz"
        );
        assert!(resolve_url(base, "file:///etc/passwd").is_err());
        assert!(resolve_url("ftp://x/y", "a").is_err());
    }

    #[test]
    fn credentials_never_reach_messages() {
        assert_eq!(
            redact("https://me:secret@npm.example/x"),
            "https://npm.example/x"
        );
        assert_eq!(
            redact("https://npm.example/@scope%2fx"),
            "https://npm.example/@scope%2fx"
        );
    }

    #[test]
    fn plain_http_is_refused_unless_that_registry_was_configured() {
        let strict = Http::new(&[], Duration::from_secs(1), "t");
        let err = strict.get_json("http://127.0.0.1:9/x").unwrap_err();
        assert!(err.contains("not an HTTPS URL"), "{err}");
        let local = Http::new(&["http://127.0.0.1:9/npm/"], Duration::from_secs(1), "t");
        // Allowed through the scheme check (and then refused by the closed port).
        let err = local.get_json("http://127.0.0.1:9/x").unwrap_err();
        assert!(!err.contains("not an HTTPS URL"), "{err}");
        let err = local.get_json("http://evil.example/x.tgz").unwrap_err();
        assert!(err.contains("not an HTTPS URL"), "{err}");
        assert!(local.get_json("ftp://127.0.0.1:9/x").is_err());
    }
}

//! Plain GETs: JSON metadata and archive bytes, each bounded in size and time, with one-line errors.

use crate::RegistryError;
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

    fn check_scheme(&self, url: &str) -> Result<(), RegistryError> {
        let configured_plain =
            url.starts_with("http://") && self.plain_http_origins.contains(&origin(url));
        if url.starts_with("https://") || configured_plain {
            Ok(())
        } else {
            Err(RegistryError::Http(format!(
                "refusing to fetch {}: not an HTTPS URL",
                redact(url)
            )))
        }
    }

    /// `Ok(None)` on 404.
    pub fn get_json(&self, url: &str) -> Result<Option<serde_json::Value>, RegistryError> {
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
            .map_err(|e| RegistryError::Http(format!("GET {}: not JSON: {e}", redact(url))))
    }

    /// The body of `url`, at most `limit` bytes.
    pub fn get_bytes(&self, url: &str, limit: u64) -> Result<Vec<u8>, RegistryError> {
        self.check_scheme(url)?;
        let mut response = self.agent.get(url).call().map_err(|e| describe(url, &e))?;
        let mut bytes = Vec::new();
        response
            .body_mut()
            .with_config()
            .limit(limit)
            .reader()
            .read_to_end(&mut bytes)
            .map_err(|e| RegistryError::Http(format!("GET {}: {e}", redact(url))))?;
        Ok(bytes)
    }

    /// Streams `url` into `out`, returning how many bytes were written (for downloads kept on disk).
    pub fn copy_to(
        &self,
        url: &str,
        out: &mut impl std::io::Write,
        limit: u64,
    ) -> Result<u64, RegistryError> {
        self.check_scheme(url)?;
        let mut response = self.agent.get(url).call().map_err(|e| describe(url, &e))?;
        let mut body = response.body_mut().with_config().limit(limit).reader();
        std::io::copy(&mut body, out)
            .map_err(|e| RegistryError::Http(format!("GET {}: {e}", redact(url))))
    }
}

/// One line on why a request failed, in words a user acts on.
fn describe(url: &str, err: &ureq::Error) -> RegistryError {
    let url = redact(url);
    RegistryError::Http(match err {
        ureq::Error::StatusCode(404) => format!("GET {url}: not found (404)"),
        ureq::Error::StatusCode(code) => format!("GET {url}: the server answered {code}"),
        ureq::Error::Timeout(_) => format!("GET {url}: timed out"),
        ureq::Error::HostNotFound => {
            format!("GET {url}: host not found (offline, or a wrong registry URL?)")
        }
        ureq::Error::Io(e) => format!("GET {url}: {e} (offline, or the registry is down?)"),
        other => format!("GET {url}: {other}"),
    })
}

/// `scheme://host:port` of `url` (credentials dropped, lower-cased); the text itself when it is no URL.
fn origin(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => parsed.origin().ascii_serialization(),
        Err(_) => redact(url).to_ascii_lowercase(),
    }
}

/// `url` without any `user:password@` part, for messages and reports. Text that is not a URL has no
/// credentials to drop once the WHATWG parser (the one Node, and so npm, uses) cannot find an authority.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            // Both only fail for URLs that cannot have credentials, which this one has.
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// Resolves `reference` against `base`, as a browser would for an `href` (the `url` crate's WHATWG
/// parser: dot segments, scheme-relative `//host/…`, queries); registries and their mirrors give both
/// absolute and relative archive URLs. Only `http`/`https` come out.
pub fn resolve_url(base: &str, reference: &str) -> Result<String, RegistryError> {
    let base_url = url::Url::parse(base)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| RegistryError::BadUrl(format!("not an HTTP(S) URL: {base}")))?;
    let joined = base_url
        .join(reference)
        .map_err(|e| RegistryError::BadUrl(format!("not a URL: {reference}: {e}")))?;
    if !matches!(joined.scheme(), "http" | "https") {
        return Err(RegistryError::BadUrl(format!(
            "not an HTTP(S) URL: {reference}"
        )));
    }
    Ok(joined.to_string())
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
        // A backslash is a path separator in http(s) URLs, as browsers and Node read them.
        assert_eq!(
            resolve_url(base, "..\\a.zip").unwrap(),
            "https://pypi.org/pypi/a.zip"
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
        // An `@` in the path is no credential; one in the authority is, even with a backslash path.
        assert_eq!(
            redact("https://tok@npm.example\\a@b"),
            "https://npm.example/a@b"
        );
        assert_eq!(
            origin("HTTPS://u:p@NPM.example:8443/x"),
            "https://npm.example:8443"
        );
    }

    #[test]
    fn plain_http_is_refused_unless_that_registry_was_configured() {
        let strict = Http::new(&[], Duration::from_secs(1), "t");
        let err = strict.get_json("http://127.0.0.1:9/x").unwrap_err();
        assert!(matches!(err, RegistryError::Http(_)));
        assert!(err.to_string().contains("not an HTTPS URL"), "{err}");
        let local = Http::new(&["http://127.0.0.1:9/npm/"], Duration::from_secs(1), "t");
        // Allowed through the scheme check (and then refused by the closed port).
        let err = local.get_json("http://127.0.0.1:9/x").unwrap_err();
        assert!(!err.to_string().contains("not an HTTPS URL"), "{err}");
        let err = local.get_json("http://evil.example/x.tgz").unwrap_err();
        assert!(err.to_string().contains("not an HTTPS URL"), "{err}");
        assert!(local.get_json("ftp://127.0.0.1:9/x").is_err());
    }
}

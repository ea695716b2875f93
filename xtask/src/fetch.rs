//! Plain HTTPS GETs to the npm registry and PyPI: version metadata, then the published archive, hashed as
//! it streams to disk. Nothing fetched here is ever run.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

const NPM_REGISTRY: &str = "https://registry.npmjs.org";
const PYPI: &str = "https://pypi.org/pypi";
/// Largest metadata document read (PyPI's all-releases JSON of a busy project runs to megabytes).
const MAX_METADATA_BYTES: u64 = 64 << 20;
/// Largest archive downloaded.
pub const MAX_ARCHIVE_BYTES: u64 = 512 << 20;

pub struct Http {
    agent: ureq::Agent,
}

impl Http {
    pub fn new() -> Http {
        // The system's CA store, so that a TLS-inspecting proxy with a locally trusted CA still works.
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent = ureq::Agent::config_builder()
            .tls_config(tls)
            .https_only(true)
            .timeout_global(Some(Duration::from_secs(600)))
            .timeout_connect(Some(Duration::from_secs(30)))
            .user_agent(concat!(
                "skill-scan-xtask/",
                env!("CARGO_PKG_VERSION"),
                " (benign-registry eval)"
            ))
            .build()
            .into();
        Http { agent }
    }

    /// `Ok(None)` on 404.
    fn get_json(&self, url: &str) -> Result<Option<serde_json::Value>, String> {
        let mut response = match self
            .agent
            .get(url)
            .header("Accept", "application/json")
            .call()
        {
            Ok(response) => response,
            Err(ureq::Error::StatusCode(404)) => return Ok(None),
            Err(e) => return Err(format!("GET {url}: {e}")),
        };
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_METADATA_BYTES)
            .read_to_string()
            .map_err(|e| format!("GET {url}: {e}"))?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("GET {url}: not JSON: {e}"))
    }

    /// Streams `url` into `dest` and returns the sha256 (lowercase hex) and size of what was written.
    pub fn download(&self, url: &str, dest: &Path) -> Result<(String, u64), String> {
        let mut response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| format!("GET {url}: {e}"))?;
        let mut body = response
            .body_mut()
            .with_config()
            .limit(MAX_ARCHIVE_BYTES)
            .reader();
        let mut file =
            File::create(dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = body.read(&mut buf).map_err(|e| format!("GET {url}: {e}"))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            file.write_all(&buf[..n])
                .map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
            size += n as u64;
        }
        file.sync_all()
            .map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
        Ok((hex(&hasher.finalize()), size))
    }

    /// The tarball URL of an npm package version.
    pub fn npm_archive_url(&self, name: &str, version: &str) -> Result<String, String> {
        // Scoped names keep their `@` and escape the `/`, as the npm client does.
        let url = format!("{NPM_REGISTRY}/{}/{version}", name.replace('/', "%2f"));
        let meta = self
            .get_json(&url)?
            .ok_or_else(|| format!("{name}@{version} is not on the npm registry ({url})"))?;
        let tarball = meta
            .pointer("/dist/tarball")
            .and_then(|v| v.as_str())
            .ok_or_else(|| format!("GET {url}: no dist.tarball"))?;
        resolve_url(&url, tarball)
    }

    /// The sdist URL of a PyPI release: the one whose published sha256 is `sha256` if several.
    pub fn pypi_archive_url(
        &self,
        name: &str,
        version: &str,
        sha256: &str,
    ) -> Result<String, String> {
        let version_url = format!("{PYPI}/{name}/{version}/json");
        let (base, files) = match self.get_json(&version_url)? {
            Some(meta) => (version_url, meta.get("urls").cloned()),
            None => {
                // Some mirrors serve only the project document, which lists every release.
                let project_url = format!("{PYPI}/{name}/json");
                let meta = self
                    .get_json(&project_url)?
                    .ok_or_else(|| format!("{name} is not on PyPI ({project_url})"))?;
                let files = meta.get("releases").and_then(|r| r.get(version)).cloned();
                (project_url, files)
            }
        };
        let files = files
            .as_ref()
            .and_then(|f| f.as_array())
            .ok_or_else(|| format!("{name} {version} is not on PyPI"))?;
        let sdists: Vec<&serde_json::Value> = files
            .iter()
            .filter(|f| f.get("packagetype").and_then(|t| t.as_str()) == Some("sdist"))
            .collect();
        let chosen = sdists
            .iter()
            .find(|f| f.pointer("/digests/sha256").and_then(|d| d.as_str()) == Some(sha256))
            .or_else(|| sdists.first())
            .ok_or_else(|| format!("{name} {version} has no sdist on PyPI"))?;
        let url = chosen
            .get("url")
            .and_then(|u| u.as_str())
            .ok_or_else(|| format!("{name} {version}: sdist without a url"))?;
        resolve_url(&base, url)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Resolves `reference` against `base` (both `https://host/path`), as a browser would for an `href`;
/// registries and their mirrors give both absolute and relative archive URLs.
pub fn resolve_url(base: &str, reference: &str) -> Result<String, String> {
    if reference.starts_with("https://") {
        return Ok(reference.to_string());
    }
    if reference.contains("://") {
        return Err(format!("not an HTTPS URL: {reference}"));
    }
    let rest = base
        .strip_prefix("https://")
        .ok_or_else(|| format!("not an HTTPS URL: {base}"))?;
    let (host, base_path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if let Some(authority) = reference.strip_prefix("//") {
        return Ok(format!("https://{authority}"));
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
    Ok(format!("https://{host}/{}{query}", segments.join("/")))
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
        assert!(resolve_url(base, "http://plain.example/a.tgz").is_err());
        assert!(resolve_url(base, "file:///etc/passwd").is_err());
    }
}

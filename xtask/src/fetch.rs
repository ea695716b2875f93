//! Plain HTTPS GETs to the npm registry and PyPI: version metadata, then the published archive, hashed as
//! it streams to disk. Nothing fetched here is ever run.

use sha2::{Digest, Sha256};
use skill_scan_registry::resolve_url;
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

const NPM_REGISTRY: &str = "https://registry.npmjs.org";
const PYPI: &str = "https://pypi.org/pypi";
/// Largest archive downloaded.
pub const MAX_ARCHIVE_BYTES: u64 = skill_scan_registry::MAX_ARCHIVE_BYTES;

/// The registry crate's HTTPS client (rustls, the platform's CA store, HTTPS only), with the pinned-archive
/// lookups this evaluation needs on top.
pub struct Http {
    inner: skill_scan_registry::Http,
}

impl Http {
    pub fn new() -> Http {
        let inner = skill_scan_registry::Http::new(
            &[],
            Duration::from_secs(600),
            concat!(
                "skill-scan-xtask/",
                env!("CARGO_PKG_VERSION"),
                " (benign-registry eval)"
            ),
        );
        Http { inner }
    }

    /// `Ok(None)` on 404.
    fn get_json(&self, url: &str) -> Result<Option<serde_json::Value>, String> {
        Ok(self.inner.get_json(url)?)
    }

    /// Streams `url` into `dest` and returns the sha256 (lowercase hex) and size of what was written.
    pub fn download(&self, url: &str, dest: &Path) -> Result<(String, u64), String> {
        struct Hashing<'a> {
            file: File,
            hasher: &'a mut Sha256,
        }
        impl Write for Hashing<'_> {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                let n = self.file.write(buf)?;
                self.hasher.update(&buf[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                self.file.flush()
            }
        }
        let file =
            File::create(dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
        let mut hasher = Sha256::new();
        let mut out = Hashing {
            file,
            hasher: &mut hasher,
        };
        let size = self.inner.copy_to(url, &mut out, MAX_ARCHIVE_BYTES)?;
        out.file
            .sync_all()
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
        Ok(resolve_url(&url, tarball)?)
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
        Ok(resolve_url(&base, url)?)
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

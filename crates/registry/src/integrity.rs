//! The hash a registry publishes for an archive, and the check of downloaded bytes against it.

use crate::HashMismatch;
use base64::Engine;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// npm `dist.integrity` (`sha512-<base64>`), the digest bytes.
    Sha512(Vec<u8>),
    /// PyPI `digests.sha256`, lowercase hex.
    Sha256(String),
    /// npm `dist.shasum` (old versions only have this), lowercase hex.
    Sha1(String),
}

impl Expected {
    /// From npm's `dist`: the sha512 of `integrity` when there is one, else `shasum`.
    pub fn from_npm_dist(integrity: Option<&str>, shasum: Option<&str>) -> Option<Expected> {
        let sha512 = integrity
            .into_iter()
            .flat_map(str::split_whitespace)
            .find_map(|entry| {
                let b64 = entry.strip_prefix("sha512-")?;
                let b64 = b64.split('?').next().unwrap_or(b64);
                let raw = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
                (raw.len() == 64).then_some(raw)
            });
        if let Some(raw) = sha512 {
            return Some(Expected::Sha512(raw));
        }
        let hex = shasum?.trim().to_ascii_lowercase();
        (hex.len() == 40 && hex.chars().all(|c| c.is_ascii_hexdigit()))
            .then_some(Expected::Sha1(hex))
    }

    pub fn from_sha256_hex(hex: &str) -> Option<Expected> {
        let hex = hex.trim().to_ascii_lowercase();
        (hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()))
            .then_some(Expected::Sha256(hex))
    }

    /// How the hash is written for people (`sha512-…`, `sha256:…`, `sha1:…`).
    pub fn display(&self) -> String {
        match self {
            Expected::Sha512(raw) => format!(
                "sha512-{}",
                base64::engine::general_purpose::STANDARD.encode(raw)
            ),
            Expected::Sha256(hex) => format!("sha256:{hex}"),
            Expected::Sha1(hex) => format!("sha1:{hex}"),
        }
    }

    /// `Ok(display)` when `bytes` hash to the expected value.
    pub fn verify(&self, bytes: &[u8]) -> Result<String, HashMismatch> {
        let matches = match self {
            Expected::Sha512(raw) => Sha512::digest(bytes).as_slice() == raw.as_slice(),
            Expected::Sha256(hex) => sha256_hex(bytes) == *hex,
            Expected::Sha1(hex) => to_hex(&Sha1::digest(bytes)) == *hex,
        };
        if matches {
            Ok(self.display())
        } else {
            Err(HashMismatch {
                expected: self.display(),
            })
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_published_hash_kind_is_checked() {
        let data = b"archive bytes";
        let b64 = base64::engine::general_purpose::STANDARD.encode(Sha512::digest(data));
        let integrity = format!("sha1-xxxx sha512-{b64}");
        let expected = Expected::from_npm_dist(Some(&integrity), None).unwrap();
        assert_eq!(expected.verify(data).unwrap(), format!("sha512-{b64}"));
        assert!(expected.verify(b"other").is_err());

        let sha1 = to_hex(&Sha1::digest(data));
        let expected = Expected::from_npm_dist(None, Some(&sha1)).unwrap();
        assert!(expected.verify(data).is_ok());
        assert!(expected
            .verify(b"other")
            .unwrap_err()
            .to_string()
            .contains("does not match"));

        let expected = Expected::from_sha256_hex(&sha256_hex(data)).unwrap();
        assert!(expected.verify(data).unwrap().starts_with("sha256:"));
        assert!(expected.verify(b"x").is_err());

        assert_eq!(Expected::from_npm_dist(Some("sha512-!!"), None), None);
        assert_eq!(Expected::from_sha256_hex("abc"), None);
    }
}

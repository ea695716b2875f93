//! The hashes a lockfile pins, and the check of downloaded bytes against them.

use base64::Engine;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

/// One pinned digest (raw bytes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Hash {
    Sha512(Vec<u8>),
    Sha256(Vec<u8>),
    Sha1(Vec<u8>),
}

impl Hash {
    /// An npm integrity string (Subresource Integrity): `sha512-<base64>`, possibly several separated by
    /// spaces. Unknown algorithms and malformed entries are left out.
    pub fn from_sri(text: &str) -> Vec<Hash> {
        text.split_whitespace()
            .filter_map(|entry| {
                let (algo, b64) = entry.split_once('-')?;
                let b64 = b64.split('?').next().unwrap_or(b64);
                let raw = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
                Hash::from_raw(algo, raw)
            })
            .collect()
    }

    /// `sha256:<hex>` (pip, poetry, uv, Pipfile.lock) or `sha256=<hex>`.
    pub fn from_prefixed_hex(text: &str) -> Option<Hash> {
        let (algo, hex) = text.trim().split_once([':', '='])?;
        Hash::from_hex(algo, hex)
    }

    pub fn from_hex(algo: &str, hex: &str) -> Option<Hash> {
        Hash::from_raw(&algo.to_ascii_lowercase(), decode_hex(hex.trim())?)
    }

    fn from_raw(algo: &str, raw: Vec<u8>) -> Option<Hash> {
        match (algo, raw.len()) {
            ("sha512", 64) => Some(Hash::Sha512(raw)),
            ("sha256", 32) => Some(Hash::Sha256(raw)),
            ("sha1", 20) => Some(Hash::Sha1(raw)),
            _ => None,
        }
    }

    pub fn matches(&self, bytes: &[u8]) -> bool {
        match self {
            Hash::Sha512(raw) => Sha512::digest(bytes).as_slice() == raw.as_slice(),
            Hash::Sha256(raw) => Sha256::digest(bytes).as_slice() == raw.as_slice(),
            Hash::Sha1(raw) => Sha1::digest(bytes).as_slice() == raw.as_slice(),
        }
    }

    /// As npm writes it for sha512/sha1, as pip writes it for sha256.
    pub fn display(&self) -> String {
        let b64 = |raw: &[u8]| base64::engine::general_purpose::STANDARD.encode(raw);
        match self {
            Hash::Sha512(raw) => format!("sha512-{}", b64(raw)),
            Hash::Sha1(raw) => format!("sha1-{}", b64(raw)),
            Hash::Sha256(raw) => format!("sha256:{}", hex(raw)),
        }
    }

    /// A stable text for cache keys.
    pub fn key(&self) -> String {
        match self {
            Hash::Sha512(raw) => format!("sha512:{}", hex(raw)),
            Hash::Sha256(raw) => format!("sha256:{}", hex(raw)),
            Hash::Sha1(raw) => format!("sha1:{}", hex(raw)),
        }
    }
}

/// `None` when nothing is pinned; otherwise whether `bytes` match one of `hashes` (a Python lockfile pins
/// one hash per published file, any of which may be the one downloaded).
pub fn check(hashes: &[Hash], bytes: &[u8]) -> Option<bool> {
    if hashes.is_empty() {
        return None;
    }
    Some(hashes.iter().any(|hash| hash.matches(bytes)))
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) || !hex.is_ascii() {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok())
        .collect()
}

fn hex(raw: &[u8]) -> String {
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_hashes_check_downloaded_bytes() {
        let data = b"archive";
        let sri = format!(
            "sha1-bad sha512-{}",
            base64::engine::general_purpose::STANDARD.encode(Sha512::digest(data))
        );
        let hashes = Hash::from_sri(&sri);
        assert_eq!(hashes.len(), 1);
        assert_eq!(check(&hashes, data), Some(true));
        assert_eq!(check(&hashes, b"other"), Some(false));
        let pip = format!("sha256:{}", hex(&Sha256::digest(data)));
        let hash = Hash::from_prefixed_hex(&pip).unwrap();
        assert_eq!(hash.display(), pip);
        assert!(hash.matches(data));
        assert_eq!(check(&[], data), None);
        assert_eq!(Hash::from_prefixed_hex("sha256:zz"), None);
        assert_eq!(Hash::from_prefixed_hex("md5:00"), None);
    }
}

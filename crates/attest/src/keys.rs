//! ed25519 keys: generated from the operating system's random source, stored as PEM (PKCS#8 for the private
//! key, SPKI for the public one, so keys made with `openssl genpkey -algorithm ed25519` work too), and loaded
//! from a file or from the `SKILL_SCAN_SIGNING_KEY` environment variable (for CI secrets).
//!
//! A private key is written only to a new file of mode 0600 and is never printed; a private key file that
//! others can read is refused, as ssh refuses one.

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{SigningKey, VerifyingKey};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The environment variable that may hold the signing key's PEM text instead of a file.
pub const SIGNING_KEY_ENV: &str = "SKILL_SCAN_SIGNING_KEY";

/// An ed25519 private key. Its `Debug` shows only the key id.
pub struct SecretKey(pub(crate) SigningKey);

/// An ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(pub(crate) VerifyingKey);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey({})", key_id(&self.public()))
    }
}

/// Why a key could not be made, read or written.
#[derive(Debug)]
pub struct KeyError(pub String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

/// A key's id: the SHA-256 of its raw 32 public-key bytes, lowercase hex.
pub fn key_id(key: &PublicKey) -> String {
    crate::sha256_hex(key.0.as_bytes())
}

impl SecretKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<SecretKey, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed)
            .map_err(|e| KeyError(format!("no randomness from the operating system: {e}")))?;
        let key = SigningKey::from_bytes(&seed);
        seed.fill(0);
        Ok(SecretKey(key))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Parses a PKCS#8 PEM private key.
    pub fn from_pem(text: &str) -> Result<SecretKey, KeyError> {
        SigningKey::from_pkcs8_pem(text.trim())
            .map(SecretKey)
            .map_err(|e| KeyError(format!("not an ed25519 PKCS#8 PEM private key ({e})")))
    }

    /// Reads the private key in `path` (refused when group or others may read it).
    pub fn load(path: &Path) -> Result<SecretKey, KeyError> {
        check_private_mode(path)?;
        let text = std::fs::read_to_string(path)
            .map_err(|e| KeyError(format!("cannot read key {}: {e}", path.display())))?;
        SecretKey::from_pem(&text).map_err(|e| KeyError(format!("{}: {e}", path.display())))
    }

    /// The key in `path` if given, else the one in [`SIGNING_KEY_ENV`].
    pub fn from_file_or_env(path: Option<&Path>) -> Result<SecretKey, KeyError> {
        match path {
            Some(path) => SecretKey::load(path),
            None => match std::env::var(SIGNING_KEY_ENV) {
                Ok(text) if !text.trim().is_empty() => SecretKey::from_pem(&text)
                    .map_err(|e| KeyError(format!("${SIGNING_KEY_ENV}: {e}"))),
                _ => Err(KeyError(format!(
                    "no signing key: pass --key FILE or set {SIGNING_KEY_ENV} (make one with `skill-scan key \
                     generate`)"
                ))),
            },
        }
    }

    /// Writes the private key to the new file `path` (mode 0600) and the public key to `path.pub`; neither
    /// may exist already. Returns the public key's path.
    pub fn write_new(&self, path: &Path) -> Result<PathBuf, KeyError> {
        let public_path = public_path_for(path);
        if public_path.exists() {
            return Err(KeyError(format!(
                "{} exists already",
                public_path.display()
            )));
        }
        let pem = self
            .0
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| KeyError(format!("cannot encode the key: {e}")))?;
        write_private(path, pem.as_bytes())?;
        let public = self.public().to_pem()?;
        std::fs::write(&public_path, public)
            .map_err(|e| KeyError(format!("cannot write {}: {e}", public_path.display())))?;
        Ok(public_path)
    }
}

impl PublicKey {
    /// An SPKI PEM public key.
    pub fn to_pem(&self) -> Result<String, KeyError> {
        self.0
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| KeyError(format!("cannot encode the public key: {e}")))
    }

    /// Reads an SPKI PEM public key from `path`; a PKCS#8 private key there gives its public half.
    pub fn load(path: &Path) -> Result<PublicKey, KeyError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| KeyError(format!("cannot read key {}: {e}", path.display())))?;
        if let Ok(key) = VerifyingKey::from_public_key_pem(text.trim()) {
            return Ok(PublicKey(key));
        }
        SecretKey::from_pem(&text).map(|k| k.public()).map_err(|_| {
            KeyError(format!(
                "{}: not an ed25519 PEM public key (or private key)",
                path.display()
            ))
        })
    }
}

/// `NAME.pub` beside `NAME`.
pub fn public_path_for(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".pub");
    PathBuf::from(name)
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), KeyError> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| KeyError(format!("cannot create {}: {e}", path.display())))?;
    file.write_all(bytes)
        .map_err(|e| KeyError(format!("cannot write {}: {e}", path.display())))
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), KeyError> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| KeyError(format!("cannot create {}: {e}", path.display())))?;
    file.write_all(bytes)
        .map_err(|e| KeyError(format!("cannot write {}: {e}", path.display())))
}

#[cfg(unix)]
fn check_private_mode(path: &Path) -> Result<(), KeyError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| KeyError(format!("cannot read key {}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(KeyError(format!(
            "{}: a private key must be readable by you alone (mode {:03o}; run `chmod 600 {}`)",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private_mode(_path: &Path) -> Result<(), KeyError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_files_with_a_private_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("signing.key");
        let key = SecretKey::generate().unwrap();
        let public_path = key.write_new(&path).unwrap();
        assert_eq!(public_path, dir.path().join("signing.key.pub"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(SecretKey::load(&path).unwrap().public(), key.public());
        assert_eq!(PublicKey::load(&public_path).unwrap(), key.public());
        assert_eq!(PublicKey::load(&path).unwrap(), key.public());
        assert!(key.write_new(&path).is_err(), "never overwrites a key");
        assert!(!format!("{key:?}").contains("PRIVATE"));
    }

    #[cfg(unix)]
    #[test]
    fn a_private_key_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        SecretKey::generate().unwrap().write_new(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = SecretKey::load(&path).unwrap_err();
        assert!(err.0.contains("chmod 600"), "{err}");
    }

    #[test]
    fn garbage_is_not_a_key() {
        assert!(SecretKey::from_pem("hello").is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.pub");
        std::fs::write(&path, "not a key").unwrap();
        assert!(PublicKey::load(&path).is_err());
    }
}

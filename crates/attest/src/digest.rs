//! The digest that names what was scanned, so a verdict can be checked against the bytes later.
//!
//! - A file (an archive, a single script) is named by the SHA-256 of its bytes: `{"sha256": HEX}`.
//! - A folder is named by its tree digest, `{"skillScanTree/v1": HEX}`: the SHA-256 of one record per regular
//!   file and symbolic link below it (directories themselves, empty or not, add nothing), sorted by path
//!   bytes, each record being
//!
//!   ```text
//!   <kind> SP <sha256 hex of content> SP <byte length of path> SP <path> LF
//!   ```
//!
//!   where `kind` is `f` for a file (content: its bytes) or `l` for a symbolic link (content: the link's
//!   target path, not followed), and `path` is relative to the folder with `/` separators, as UTF-8 (on Unix
//!   a name that is not UTF-8 is taken as its raw bytes). The length prefix keeps a newline inside a name
//!   from forging a record. Other kinds (sockets, devices, FIFOs) are refused: they have no content to name.
//!
//! `docs/attestation.md` states the same definition for independent verifiers.

use crate::hex;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The digest-set key of a folder's tree digest.
pub const TREE_ALGORITHM: &str = "skillScanTree/v1";

/// Folders nested deeper than this are refused rather than walked (a hostile tree can be arbitrarily deep).
pub const MAX_DEPTH: usize = 256;

/// An algorithm and a lowercase hex value, as one entry of an in-toto digest set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetDigest {
    pub algorithm: String,
    pub value: String,
}

impl TargetDigest {
    pub fn sha256(value: impl Into<String>) -> TargetDigest {
        TargetDigest {
            algorithm: "sha256".into(),
            value: value.into(),
        }
    }
}

impl fmt::Display for TargetDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm, self.value)
    }
}

/// Why a target could not be digested.
#[derive(Debug)]
pub struct DigestError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot digest {}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for DigestError {}

fn error(path: &Path, message: impl fmt::Display) -> DigestError {
    DigestError {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// The digest of a file or folder on disk (symbolic link at the top followed, as the scanner does).
pub fn digest_path(path: &Path) -> Result<TargetDigest, DigestError> {
    let meta = std::fs::metadata(path).map_err(|e| error(path, e))?;
    if meta.is_dir() {
        tree_digest(path)
    } else {
        Ok(TargetDigest::sha256(file_sha256(path)?))
    }
}

/// The SHA-256 of a file's bytes, read in pieces.
pub fn file_sha256(path: &Path) -> Result<String, DigestError> {
    let mut file = std::fs::File::open(path).map_err(|e| error(path, e))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = file.read(&mut buffer).map_err(|e| error(path, e))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hex(&hasher.finalize()))
}

/// The tree digest of a folder (see the module documentation).
pub fn tree_digest(root: &Path) -> Result<TargetDigest, DigestError> {
    let mut records: BTreeMap<Vec<u8>, (char, String)> = BTreeMap::new();
    collect(root, &[], 0, &mut records)?;
    let mut hasher = Sha256::new();
    for (path, (kind, content)) in &records {
        hasher.update(format!("{kind} {content} {} ", path.len()).as_bytes());
        hasher.update(path);
        hasher.update(b"\n");
    }
    Ok(TargetDigest {
        algorithm: TREE_ALGORITHM.into(),
        value: hex(&hasher.finalize()),
    })
}

fn collect(
    dir: &Path,
    prefix: &[u8],
    depth: usize,
    records: &mut BTreeMap<Vec<u8>, (char, String)>,
) -> Result<(), DigestError> {
    if depth > MAX_DEPTH {
        return Err(error(
            dir,
            format!("nested deeper than {MAX_DEPTH} folders"),
        ));
    }
    for entry in std::fs::read_dir(dir).map_err(|e| error(dir, e))? {
        let entry = entry.map_err(|e| error(dir, e))?;
        let path = entry.path();
        let mut rel = prefix.to_vec();
        if !rel.is_empty() {
            rel.push(b'/');
        }
        rel.extend_from_slice(&name_bytes(&entry.file_name()));
        let kind = entry.file_type().map_err(|e| error(&path, e))?;
        if kind.is_symlink() {
            let target = std::fs::read_link(&path).map_err(|e| error(&path, e))?;
            let content = crate::sha256_hex(&name_bytes(target.as_os_str()));
            records.insert(rel, ('l', content));
        } else if kind.is_dir() {
            collect(&path, &rel, depth + 1, records)?;
        } else if kind.is_file() {
            records.insert(rel, ('f', file_sha256(&path)?));
        } else {
            return Err(error(&path, "neither a file, a folder nor a symbolic link"));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    name.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    name.to_string_lossy().replace('\\', "/").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_digest_follows_the_documented_records() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub/empty")).unwrap();
        std::fs::write(dir.path().join("SKILL.md"), b"hi\n").unwrap();
        std::fs::write(dir.path().join("sub/run.sh"), b"echo\n").unwrap();
        let expected = crate::sha256_hex(
            format!(
                "f {} 8 SKILL.md\nf {} 10 sub/run.sh\n",
                crate::sha256_hex(b"hi\n"),
                crate::sha256_hex(b"echo\n")
            )
            .as_bytes(),
        );
        let digest = digest_path(dir.path()).unwrap();
        assert_eq!(digest.algorithm, TREE_ALGORITHM);
        assert_eq!(digest.value, expected);
    }

    #[test]
    fn any_changed_byte_name_or_new_file_changes_the_tree_digest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.js"), b"1").unwrap();
        let first = tree_digest(dir.path()).unwrap();
        std::fs::write(dir.path().join("a.js"), b"2").unwrap();
        let changed = tree_digest(dir.path()).unwrap();
        std::fs::rename(dir.path().join("a.js"), dir.path().join("b.js")).unwrap();
        let renamed = tree_digest(dir.path()).unwrap();
        std::fs::write(dir.path().join("c.js"), b"").unwrap();
        let added = tree_digest(dir.path()).unwrap();
        let all = [&first, &changed, &renamed, &added];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a.value, b.value);
            }
        }
    }

    #[test]
    fn a_file_is_named_by_its_sha256() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.tgz");
        std::fs::write(&file, b"bytes").unwrap();
        assert_eq!(
            digest_path(&file).unwrap(),
            TargetDigest::sha256(crate::sha256_hex(b"bytes"))
        );
        assert!(digest_path(&dir.path().join("missing")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_recorded_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("l")).unwrap();
        let one = tree_digest(dir.path()).unwrap();
        std::fs::remove_file(dir.path().join("l")).unwrap();
        std::os::unix::fs::symlink("/etc/hosts", dir.path().join("l")).unwrap();
        assert_ne!(one, tree_digest(dir.path()).unwrap());
    }
}

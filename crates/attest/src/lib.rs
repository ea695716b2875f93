//! Verdicts you can prove later: what was decided, about which bytes, under which rules and policy, signed.
//!
//! - [`digest`]: the digest that names a scanned target (an archive's sha256, a folder's tree digest).
//! - [`statement`]: the in-toto Statement v1 whose predicate records a verdict.
//! - [`dsse`]: the DSSE envelope that signs it (ed25519 over the PAE encoding).
//! - [`keys`]: generating, storing and loading ed25519 keys.
//! - [`log`]: the append-only decision log, each line hash-chained to the one before it.
//!
//! Nothing here runs or interprets scanned code: targets are read as bytes to be hashed.

pub mod digest;
pub mod dsse;
pub mod keys;
pub mod log;
pub mod statement;
pub mod time;

use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

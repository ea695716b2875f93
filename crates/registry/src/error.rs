//! Why a registry target could not be resolved, fetched or trusted: one typed error for this crate's
//! public API. Each message is one line a user acts on, and names URLs only without credentials.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// A target with an `npm:`/`pypi:` prefix that names no valid package or version.
    BadTarget { target: String, why: String },
    /// A URL that is not HTTP(S), or that cannot be joined to its base.
    BadUrl(String),
    /// A request that was refused, failed or timed out, or whose answer could not be read.
    Http(String),
    /// The package (npm) or project (PyPI) does not exist on the registry.
    NotFound { spec: String, registry: String },
    /// The registry's metadata lacks what the scan needs (the version, an archive, a usable hash).
    Metadata(String),
    /// The downloaded archive does not hash to what the registry publishes; it is not scanned.
    Integrity {
        release: String,
        mismatch: HashMismatch,
    },
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::BadTarget { target, why } => write!(f, "{target}: {why}"),
            RegistryError::BadUrl(message)
            | RegistryError::Http(message)
            | RegistryError::Metadata(message) => f.write_str(message),
            RegistryError::NotFound { spec, registry } => {
                let what = if spec.starts_with("pypi:") {
                    "project"
                } else {
                    "package"
                };
                write!(f, "{spec}: no such {what} on {registry}")
            }
            RegistryError::Integrity { release, mismatch } => {
                write!(f, "{release}: {mismatch}; not scanned")
            }
        }
    }
}

impl std::error::Error for RegistryError {}

/// Callers that only report the line (the worker's job failures, the xtask fetchers) can `?` it into theirs.
impl From<RegistryError> for String {
    fn from(err: RegistryError) -> String {
        err.to_string()
    }
}

/// Bytes that do not hash to the registry's published value (shown as `algorithm:value`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashMismatch {
    pub expected: String,
}

impl fmt::Display for HashMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the download does not match the registry's published hash {}",
            self.expected
        )
    }
}

impl std::error::Error for HashMismatch {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line_each_kind_its_own() {
        let missing = |spec: &str| RegistryError::NotFound {
            spec: spec.into(),
            registry: "https://registry.example.invalid/".into(),
        };
        assert_eq!(
            missing("npm:left-pad").to_string(),
            "npm:left-pad: no such package on https://registry.example.invalid/"
        );
        assert_eq!(
            missing("pypi:six").to_string(),
            "pypi:six: no such project on https://registry.example.invalid/"
        );
        let tampered = RegistryError::Integrity {
            release: "npm x (https://r.example.invalid/x.tgz)".into(),
            mismatch: HashMismatch {
                expected: "sha512-abc".into(),
            },
        };
        assert_eq!(
            tampered.to_string(),
            "npm x (https://r.example.invalid/x.tgz): the download does not match the registry's published hash sha512-abc; not scanned"
        );
    }
}

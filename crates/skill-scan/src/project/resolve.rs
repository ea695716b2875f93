//! `--resolve`: whether the newest release meets a requirement's version specifier (`>=2,<3`, `~=1.4`,
//! `!=2.0.1`, `==1.*`), by PEP 440 as the pep440_rs crate implements it (pre-, post-, dev- and local
//! versions, epochs and every operator), instead of the numeric subset hand-written here before.

use pep440_rs::{Version, VersionSpecifiers};
use std::str::FromStr;

/// `Some(true)` when `version` meets every clause of `specifier` (an empty one accepts any); `None` when
/// either cannot be read.
pub(crate) fn satisfies(version: &str, specifier: &str) -> Option<bool> {
    let version = Version::from_str(version.trim()).ok()?;
    if specifier.trim().is_empty() {
        return Some(true);
    }
    let specifiers = VersionSpecifiers::from_str(specifier.trim()).ok()?;
    Some(specifiers.contains(&version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_are_checked_on_release_numbers() {
        assert_eq!(satisfies("2.32.3", ">=2,<3"), Some(true));
        assert_eq!(satisfies("3.0", ">=2,<3"), Some(false));
        assert_eq!(satisfies("1.4.5", "~=1.4"), Some(true));
        assert_eq!(satisfies("2.0", "~=1.4"), Some(false));
        assert_eq!(satisfies("1.2.0", "==1.2"), Some(true));
        assert_eq!(satisfies("1.2.7", "==1.*"), Some(true));
        assert_eq!(satisfies("2.0.1", "!=2.0.1"), Some(false));
        assert_eq!(satisfies("5", ""), Some(true));
        assert_eq!(satisfies("1.0", "^1"), None);
        // PEP 440 beyond release numbers: a release candidate is below its release, a post-release above
        // (but `>1.0` excludes 1.0's own post-releases, as PEP 440 says), a local version matches its
        // public one, and an epoch outranks every plain version.
        assert_eq!(satisfies("1.0rc1", ">=1"), Some(false));
        assert_eq!(satisfies("2.0rc1", ">=2.0a1"), Some(true));
        assert_eq!(satisfies("1.0.post1", ">=1.0"), Some(true));
        assert_eq!(satisfies("1.0.post1", ">1.0"), Some(false));
        assert_eq!(satisfies("1.4.5+ubuntu1", "==1.4.5"), Some(true));
        assert_eq!(satisfies("1!0.5", ">=2024.1"), Some(true));
    }
}

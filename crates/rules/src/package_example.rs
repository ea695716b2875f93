//! The YAML shape of a package-level rule's examples (`package_examples`). An example is a folder of text
//! files; for a rule whose event a folder cannot hold it also says how the test presents that folder: packed
//! into an archive built in memory (links, bombs, nesting, encryption, joined or cut bytes), published on a
//! registry double (dates, publishers, install scripts), or read as a project (a lockfile or MCP client
//! config) against a registry double. Binary archives are never committed: the bytes are built at test time
//! by the skill-scan crate's `tests/package_rule_examples.rs`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A package (path → text) that proves a package-level rule fires (`fire`) or stays quiet (`quiet`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackageExample {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fire: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet: Option<BTreeMap<String, String>>,
    /// The files are packed into this archive, and the archive is the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<ArchiveExample>,
    /// The files are the newest release of an npm package on a registry double, and `npm:NAME@VERSION`
    /// is the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<RegistryExample>,
    /// The files are a project, and one of them (a lockfile or an MCP client config) is the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectExample>,
}

impl PackageExample {
    pub fn fires(&self) -> bool {
        self.fire.is_some()
    }

    /// The package's files (an example with neither key has none).
    pub fn files(&self) -> &BTreeMap<String, String> {
        static NONE: BTreeMap<String, String> = BTreeMap::new();
        self.fire.as_ref().or(self.quiet.as_ref()).unwrap_or(&NONE)
    }

    /// How the files are presented, as YAML (for the rule's documentation); `None` for a plain folder.
    pub fn presentation(&self) -> Option<String> {
        #[derive(Serialize)]
        struct Presentation<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            archive: Option<&'a ArchiveExample>,
            #[serde(skip_serializing_if = "Option::is_none")]
            registry: Option<&'a RegistryExample>,
            #[serde(skip_serializing_if = "Option::is_none")]
            project: Option<&'a ProjectExample>,
        }
        if self.archive.is_none() && self.registry.is_none() && self.project.is_none() {
            return None;
        }
        serde_yaml::to_string(&Presentation {
            archive: self.archive.as_ref(),
            registry: self.registry.as_ref(),
            project: self.project.as_ref(),
        })
        .ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArchiveFormat {
    Tar,
    Tgz,
    Zip,
}

/// An archive built from the example's files plus entries a folder cannot hold.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveExample {
    pub format: ArchiveFormat,
    /// The archive's file name (it tells wheels from other zips); `example.<format>` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A folder every file of the example goes under (`package` in an npm tarball).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Entries written after the files, in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<ArchiveEntry>,
    /// Text written before the archive's first byte (a shell stub in front of a zip).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// A second archive (its own entries only) appended after this one's last byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<Box<ArchiveExample>>,
    /// Keep only the first half of the bytes (a download cut short).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cut_in_half: bool,
    /// Scan limits in place of the defaults (the rules about limits prove themselves on small ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<ArchiveExampleLimits>,
}

/// One archive entry: exactly one of `text`, `zeros`, `symlink`, `hardlink` or `archive`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveEntry {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// This many zero bytes (compressed while written, never held as text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zeros: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symlink: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardlink: Option<String>,
    /// An archive inside the archive (its own entries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<Box<ArchiveExample>>,
    /// A zip entry flagged password-protected.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub encrypted: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveExampleLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_entries: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_depth: Option<usize>,
}

/// The metadata an npm registry double serves for one package. Each version's archive holds the
/// example's files; the last version is the one scanned.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryExample {
    pub name: String,
    /// The scan's "now" (RFC 3339), so the age signals do not depend on the day the test runs.
    pub now: String,
    /// When the package first appeared (`time.created`).
    pub created: String,
    /// Oldest first.
    pub versions: Vec<RegistryVersion>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryVersion {
    pub version: String,
    pub published: String,
    /// The account that published it (`_npmUser`).
    pub publisher: String,
    /// The lifecycle scripts the registry's metadata lists for it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scripts: BTreeMap<String, String>,
}

/// A project target and the npm packages a registry double serves for it. The project's files may write
/// `{{registry}}` (the double's address) and `{{integrity NAME}}` (the sha512 integrity of NAME's archive).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectExample {
    /// The file scanned, one of the example's files.
    pub target: String,
    /// `name@version` of each package the double serves (a harmless `index.js`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<String>,
}

//! Reads a package archive in memory, as bytes: npm packs and sdists (`.tgz`, `.tar.gz`), `.tar`, `.zip`,
//! wheels, `.skill` bundles and `.crate` files, and the archives nested inside them up to a bounded depth.
//!
//! Nothing is written to disk, run or followed. Each entry name is normalised; absolute names and names that
//! climb out with `..`, links and device files are listed (with an [`Issue`] where they are hostile) and
//! never resolved. Decompression streams and is metered as it goes: total bytes, entry count, compression
//! ratio and nesting depth each have a limit ([`Limits`]), and hitting one ends the read with an [`Issue`]
//! (which the scanner turns into a finding), never with an error or an unbounded allocation.
//!
//! What comes out is a [`Walked`] listing like a folder's, so the scanner reads an archive exactly as it
//! reads the unpacked folder. The listing pass reads every entry whole, through the meter, but keeps only
//! nested archives and the files the caller asks for ([`read_archive_file_keeping`]: the manifests it reads
//! first); each other file is an [`skill_scan_walk::FileSource::Archive`] entry, decompressed again from the
//! compressed bytes when it is scanned (a zip's by index, a tar stream's in one ordered pass), so memory
//! stays flat however large the unpacked package is. An npm pack's `package/` folder, an sdist's
//! `name-version/` folder or any other single top folder is taken off the paths, so paths, scopes and roles
//! read as they do for the unpacked package; a nested archive's entries are named `inner.zip!/path`.

mod meter;
mod names;
mod reader;
mod sniff;
mod source;
mod zip_layout;

pub use names::{normalise_entry_name, NameProblem};
pub use reader::{
    read_archive_bytes, read_archive_bytes_keeping, read_archive_file, read_archive_file_keeping,
    Keep,
};
pub use sniff::{has_archive_name, sniff, Format};

pub use skill_scan_model::ArchiveIssueKind as IssueKind;
use skill_scan_model::Diagnostic;
use skill_scan_walk::Walked;
use std::fmt;

/// Hard limits on one archive target, nested archives included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes decompressed (or read out of an uncompressed tar), all entries and nested archives together.
    pub max_total_bytes: u64,
    /// Entries (files, folders, links), nested archives' entries included.
    pub max_entries: u64,
    /// Largest ratio of decompressed to compressed bytes of one compressed stream or zip entry, once it
    /// has produced more than [`Limits::ratio_grace_bytes`]. Ordinary packages stay under 20.
    pub max_ratio: u64,
    /// Below this many decompressed bytes the ratio is not checked: small, very repetitive files are common.
    pub ratio_grace_bytes: u64,
    /// How many archives deep inside the target archive are opened (the target itself is level 0).
    pub max_depth: usize,
    /// Files larger than this are listed in `skipped`, not kept (the scanner's `--max-file-size`).
    pub max_file_size: u64,
}

pub const DEFAULT_MAX_TOTAL_BYTES: u64 = 512 << 20;
pub const DEFAULT_MAX_ENTRIES: u64 = 100_000;
pub const DEFAULT_MAX_RATIO: u64 = 100;
pub const DEFAULT_MAX_DEPTH: usize = 3;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: DEFAULT_MAX_TOTAL_BYTES,
            max_entries: DEFAULT_MAX_ENTRIES,
            max_ratio: DEFAULT_MAX_RATIO,
            ratio_grace_bytes: 16 << 20,
            max_depth: DEFAULT_MAX_DEPTH,
            max_file_size: 8 << 20,
        }
    }
}

/// One [`IssueKind`] met at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub kind: IssueKind,
    /// The entry it concerns, as reported (`lib/inner.zip!/a.js`), or the archive's own name when it
    /// concerns the whole stream before any entry.
    pub path: String,
    /// One sentence for the user: what was seen, and what it means for the scan.
    pub message: String,
    /// The entry name, link target or figure that shows it.
    pub evidence: String,
}

/// An archive read into memory: its files and what was passed over, like a folder walk, plus the issues.
#[derive(Debug, Default)]
pub struct ArchiveListing {
    pub walked: Walked,
    pub issues: Vec<Issue>,
    pub diagnostics: Vec<Diagnostic>,
    /// The single top folder taken off every path of the outer archive (`package`, `name-1.0`), if any.
    pub stripped_prefix: Option<String>,
    /// Bytes decompressed in all.
    pub bytes_read: u64,
    /// Entries seen in all.
    pub entries_seen: u64,
}

/// Why an archive could not be read at all (as opposed to an [`Issue`] met while reading it).
#[derive(Debug)]
pub enum ArchiveError {
    Unreadable(String, std::io::Error),
    /// Named like an archive, but the bytes are none of the formats read here.
    NotAnArchive(String),
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveError::Unreadable(name, err) => write!(f, "cannot read {name}: {err}"),
            ArchiveError::NotAnArchive(name) => write!(
                f,
                "{name} is named like an archive but is not a gzip, tar or zip file"
            ),
        }
    }
}

impl std::error::Error for ArchiveError {}

/// The separator between an archive entry and the path inside it: `outer.tgz!/inner.zip!/path`.
pub const NESTED_SEPARATOR: &str = "!/";

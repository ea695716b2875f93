//! Folder walker.

use crate::installer_reads::size_limit_for;
use crate::open::open_regular_file;
use ignore::WalkBuilder;
use skill_scan_model::Skipped;
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Files larger than this are listed in `skipped`, not read.
    pub max_file_size: u64,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Where a listed file's bytes are: on disk (a folder target), already in memory (an archive's manifest, or
/// a file of a gzip stream), or still compressed inside an archive, decompressed only when the file is read
/// (so an archive is never held unpacked in memory, and nothing is written to disk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSource {
    Disk(PathBuf),
    Memory(Arc<[u8]>),
    Archive(ArchiveEntry),
}

/// An archive whose entries are decompressed when they are read, one at a time. Implemented by the
/// archive reader, which has already read every entry once (metered against its limits) when it listed it.
pub trait EntrySource: Send + Sync {
    /// The bytes of entry `index` (the source's own numbering), refusing more than `max`. `Err` is the reason
    /// the file is skipped.
    fn read_entry(&self, index: usize, max: u64) -> Result<Vec<u8>, String>;

    /// True when entries can only be reached by decompressing everything before them (a tar stream): the
    /// scanner then reads all it wants of this source in one pass, with [`EntrySource::read_in_order`].
    fn in_order_only(&self) -> bool {
        false
    }

    /// Reads the entries `indices` (in ascending order) in one pass, handing each one's bytes to `each` as
    /// it is decompressed, and every index exactly once; stops early when `each` returns false.
    fn read_in_order(
        &self,
        indices: &[usize],
        max: u64,
        each: &mut dyn FnMut(usize, Result<Vec<u8>, String>) -> bool,
    ) {
        for &index in indices {
            if !each(index, self.read_entry(index, max)) {
                return;
            }
        }
    }
}

/// One entry of an [`EntrySource`].
#[derive(Clone)]
pub struct ArchiveEntry {
    pub source: Arc<dyn EntrySource>,
    pub index: usize,
}

impl ArchiveEntry {
    /// Whether `other` is an entry of the same source (the same archive, read once).
    pub fn same_source(&self, other: &Arc<dyn EntrySource>) -> bool {
        std::ptr::addr_eq(Arc::as_ptr(&self.source), Arc::as_ptr(other))
    }
}

impl fmt::Debug for ArchiveEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ArchiveEntry(#{})", self.index)
    }
}

impl PartialEq for ArchiveEntry {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && self.same_source(&other.source)
    }
}

impl Eq for ArchiveEntry {}

/// A regular file found under the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// Relative to the root, `/`-separated.
    pub rel_path: String,
    pub source: FileSource,
    pub size: u64,
}

impl FileEntry {
    /// A file on disk.
    pub fn disk(rel_path: impl Into<String>, abs_path: impl Into<PathBuf>, size: u64) -> FileEntry {
        FileEntry {
            rel_path: rel_path.into(),
            source: FileSource::Disk(abs_path.into()),
            size,
        }
    }

    /// A file whose bytes are already in memory.
    pub fn memory(rel_path: impl Into<String>, bytes: Arc<[u8]>) -> FileEntry {
        FileEntry {
            rel_path: rel_path.into(),
            size: bytes.len() as u64,
            source: FileSource::Memory(bytes),
        }
    }

    /// An entry of an archive, of `size` bytes once decompressed, read from `source` when it is read.
    pub fn archive(
        rel_path: impl Into<String>,
        source: Arc<dyn EntrySource>,
        index: usize,
        size: u64,
    ) -> FileEntry {
        FileEntry {
            rel_path: rel_path.into(),
            source: FileSource::Archive(ArchiveEntry { source, index }),
            size,
        }
    }

    /// Reads the file, refusing to read more than `max` bytes even if it grew since it was listed (a file
    /// an installer reads by name may have up to [`crate::DEFAULT_MAX_MANIFEST_SIZE`]). A file on disk is
    /// read only if it is still a regular file, reached without following a link.
    pub fn read(&self, max: u64) -> Result<Vec<u8>, String> {
        let max = size_limit_for(&self.rel_path, max);
        let path = match &self.source {
            FileSource::Disk(path) => path,
            FileSource::Archive(entry) => {
                if self.size > max {
                    return Err(format!(
                        "too large: {} bytes, over the {max}-byte limit",
                        self.size
                    ));
                }
                return entry.source.read_entry(entry.index, max);
            }
            FileSource::Memory(bytes) => {
                if bytes.len() as u64 > max {
                    return Err(format!(
                        "too large: {} bytes, over the {max}-byte limit",
                        bytes.len()
                    ));
                }
                return Ok(bytes.to_vec());
            }
        };
        let file = open_regular_file(path)?;
        let mut bytes = Vec::with_capacity(self.size.min(max) as usize);
        file.take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("unreadable: {e}"))?;
        if bytes.len() as u64 > max {
            return Err(format!(
                "larger than the {max}-byte limit (grew while scanning)"
            ));
        }
        Ok(bytes)
    }
}

/// The listing of one target: the files to read, in a stable order, and what was passed over.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<FileEntry>,
    pub skipped: Vec<Skipped>,
    /// Paths (also in `skipped`) whose content could not be read at all: a folder or file the scanner may
    /// not open, a path longer than the system allows. Each leaves the scan incomplete.
    pub unreadable: Vec<String>,
    /// Paths (also in `skipped`) passed over for size. A file the installer runs among them leaves the
    /// scan incomplete (only the manifests say which those are).
    pub too_large: Vec<String>,
}

#[derive(Debug)]
pub enum WalkError {
    NotFound(PathBuf),
    NotADirectory(PathBuf),
    Unreadable(PathBuf, std::io::Error),
}

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WalkError::NotFound(path) => write!(f, "path not found: {}", path.display()),
            WalkError::NotADirectory(path) => {
                write!(f, "not a folder or a supported file: {}", path.display())
            }
            WalkError::Unreadable(path, err) => write!(f, "cannot read {}: {err}", path.display()),
        }
    }
}

impl std::error::Error for WalkError {}

/// Lists every regular file under `root`.
///
/// Deliberate choices: `.gitignore`, `.ignore` and hidden-file rules are *not* honoured (the package's author
/// controls them); of a `.git` *directory* only `config` and `hooks/` are read (what git runs), and the
/// folder is listed in `skipped`; a file named `.git` is read like any file. A symbolic link to a regular
/// file inside the root is listed under the link's name with the target's bytes; other links are listed in
/// `skipped` and never followed.
pub fn walk_dir(root: &Path, options: &WalkOptions) -> Result<Walked, WalkError> {
    walk_dir_pruned(root, options, |_| true)
}

/// [`walk_dir`] without the entries `keep` refuses (given each entry's path as walked, `root` joined
/// with its relative path): a refused folder is not entered. An installed tree lists the files that
/// belong to none of its packages this way, without listing every package's files a second time.
pub fn walk_dir_pruned(
    root: &Path,
    options: &WalkOptions,
    keep: impl Fn(&Path) -> bool + Send + Sync + 'static,
) -> Result<Walked, WalkError> {
    let meta = match fs::symlink_metadata(root) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(WalkError::NotFound(root.to_path_buf()))
        }
        Err(e) => return Err(WalkError::Unreadable(root.to_path_buf(), e)),
    };
    // The user named this path on purpose, so a link given as the root itself is followed once.
    let meta = if meta.file_type().is_symlink() {
        fs::metadata(root).map_err(|e| WalkError::Unreadable(root.to_path_buf(), e))?
    } else {
        meta
    };
    if !meta.is_dir() {
        return Err(WalkError::NotADirectory(root.to_path_buf()));
    }

    let mut walked = Walked::default();
    let root_for_filter = root.to_path_buf();
    let walker = WalkBuilder::new(root)
        .standard_filters(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            git_entry_wanted(&root_for_filter, entry.path())
                && (entry.depth() == 0 || keep(entry.path()))
        })
        .build();

    for result in walker {
        let entry = match result {
            Ok(entry) => entry,
            Err(err) => {
                let skipped = skip_for_error(root, &err);
                walked.unreadable.push(skipped.path.clone());
                walked.skipped.push(skipped);
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel_path = relative_path(root, entry.path());
        let Some(file_type) = entry.file_type() else {
            walked.unreadable.push(rel_path.clone());
            walked.skipped.push(Skipped {
                path: rel_path,
                reason: "unknown file type".into(),
            });
            continue;
        };
        if file_type.is_symlink() {
            // A link to a file of the package is that file under the link's name: `package.json ->
            // manifest.json` is the manifest npm reads. Links elsewhere, or to folders, are not followed.
            match file_inside(root, entry.path()) {
                Some((target, size))
                    if size <= size_limit_for(&rel_path, options.max_file_size) =>
                {
                    walked.files.push(FileEntry::disk(rel_path, target, size));
                }
                Some((_, size)) => {
                    walked.too_large.push(rel_path.clone());
                    walked.skipped.push(too_large(rel_path, size, options));
                }
                None => walked.skipped.push(Skipped {
                    path: rel_path,
                    reason: describe_link(root, entry.path()),
                }),
            }
            continue;
        }
        if file_type.is_dir() {
            if entry.file_name() == ".git" {
                walked.skipped.push(Skipped {
                    path: rel_path,
                    reason: "a git repository: its config and hooks were scanned (git runs them), the rest of it was not".into(),
                });
            }
            continue;
        }
        if !file_type.is_file() {
            walked.skipped.push(Skipped {
                path: rel_path,
                reason: "not a regular file (device, socket or pipe); not read".into(),
            });
            continue;
        }
        let size = match entry.metadata() {
            Ok(meta) => meta.len(),
            Err(err) => {
                walked.unreadable.push(rel_path.clone());
                walked.skipped.push(Skipped {
                    path: rel_path,
                    reason: format!("unreadable: {err}"),
                });
                continue;
            }
        };
        if size > size_limit_for(&rel_path, options.max_file_size) {
            walked.too_large.push(rel_path.clone());
            walked.skipped.push(too_large(rel_path, size, options));
            continue;
        }
        walked
            .files
            .push(FileEntry::disk(rel_path, entry.path(), size));
    }
    Ok(walked)
}

/// Inside a `.git` folder only what git runs is walked: `config` (it can name programs) and `hooks/`.
/// The object store is the package's history, not what it installs.
fn git_entry_wanted(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts = rel.components().map(|c| c.as_os_str());
    if !parts.by_ref().any(|part| part == ".git") {
        return true;
    }
    let inside: Vec<_> = parts.collect();
    match inside.as_slice() {
        [] => true,
        [only] => *only == "config" || *only == "hooks",
        [first, _] => *first == "hooks",
        _ => false,
    }
}

fn too_large(path: String, size: u64, options: &WalkOptions) -> Skipped {
    let limit = size_limit_for(&path, options.max_file_size);
    Skipped {
        path,
        reason: format!(
            "too large: {size} bytes, over the {limit}-byte limit (raise it with --max-file-size)"
        ),
    }
}

/// The regular file a link resolves to, with its size, when it lies inside `root` (by its real path,
/// every link on the way resolved).
fn file_inside(root: &Path, link: &Path) -> Option<(PathBuf, u64)> {
    let target = fs::canonicalize(link).ok()?;
    let root = fs::canonicalize(root).ok()?;
    if !target.starts_with(&root) {
        return None;
    }
    let meta = fs::symlink_metadata(&target).ok()?;
    meta.file_type().is_file().then_some((target, meta.len()))
}

fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| crate::escaped_name::escaped_os_name(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

fn describe_link(root: &Path, link: &Path) -> String {
    let Ok(target) = fs::read_link(link) else {
        return "symbolic link (not followed)".into();
    };
    let resolved = link
        .parent()
        .map(|dir| dir.join(&target))
        .unwrap_or_else(|| target.clone());
    let inside = match (fs::canonicalize(&resolved), fs::canonicalize(root)) {
        (Ok(resolved), Ok(root)) => resolved.starts_with(root),
        _ => false,
    };
    let place = if inside { "inside" } else { "outside" };
    format!(
        "symbolic link to {} ({place} the scanned folder; not followed)",
        target.display()
    )
}

fn skip_for_error(root: &Path, err: &ignore::Error) -> Skipped {
    let path = error_path(err)
        .map(|p| relative_path(root, p))
        .unwrap_or_default();
    let reason = if err.is_io() {
        format!("unreadable: {}", innermost(err))
    } else {
        format!("not walked: {}", innermost(err))
    };
    Skipped { path, reason }
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

fn innermost(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => innermost(err),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn names(walked: &Walked) -> Vec<&str> {
        walked.files.iter().map(|f| f.rel_path.as_str()).collect()
    }

    #[test]
    fn lists_files_in_a_stable_order_and_ignores_the_packages_ignore_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".gitignore"), "payload.js\nlib/\n").unwrap();
        fs::write(dir.path().join(".ignore"), "*.js\n").unwrap();
        fs::write(dir.path().join("payload.js"), "x").unwrap();
        fs::create_dir(dir.path().join("lib")).unwrap();
        fs::write(dir.path().join("lib/b.js"), "x").unwrap();
        fs::write(dir.path().join("lib/a.js"), "x").unwrap();
        fs::write(dir.path().join(".hidden.sh"), "x").unwrap();
        let walked = walk_dir(dir.path(), &WalkOptions::default()).unwrap();
        assert_eq!(
            names(&walked),
            [
                ".gitignore",
                ".hidden.sh",
                ".ignore",
                "lib/a.js",
                "lib/b.js",
                "payload.js"
            ]
        );
    }

    #[test]
    fn reads_only_what_git_runs_in_a_git_folder_and_lists_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".git/hooks")).unwrap();
        fs::create_dir_all(dir.path().join(".git/objects/ab")).unwrap();
        fs::write(dir.path().join(".git/config"), "x").unwrap();
        fs::write(dir.path().join(".git/HEAD"), "ref: refs/heads/main").unwrap();
        fs::write(dir.path().join(".git/hooks/post-checkout"), "x").unwrap();
        fs::write(dir.path().join(".git/objects/ab/cdef"), "x").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/.git"), "gitdir: payload").unwrap();
        let walked = walk_dir(dir.path(), &WalkOptions::default()).unwrap();
        assert_eq!(
            names(&walked),
            [".git/config", ".git/hooks/post-checkout", "sub/.git"]
        );
        assert_eq!(walked.skipped.len(), 1);
        assert_eq!(walked.skipped[0].path, ".git");
        assert!(walked.skipped[0].reason.contains("config and hooks"));
    }

    #[test]
    fn a_pruned_walk_does_not_enter_refused_folders() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("pkg/lib")).unwrap();
        fs::create_dir_all(dir.path().join("loose")).unwrap();
        fs::write(dir.path().join("pkg/lib/a.js"), "x").unwrap();
        fs::write(dir.path().join("loose/b.js"), "x").unwrap();
        fs::write(dir.path().join("top.pth"), "x").unwrap();
        let refused = dir.path().join("pkg");
        let walked =
            walk_dir_pruned(dir.path(), &WalkOptions::default(), move |p| p != refused).unwrap();
        assert_eq!(names(&walked), ["loose/b.js", "top.pth"]);
    }

    #[test]
    fn oversized_files_are_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("big.js"), vec![b'a'; 100]).unwrap();
        let walked = walk_dir(dir.path(), &WalkOptions { max_file_size: 10 }).unwrap();
        assert!(walked.files.is_empty());
        assert_eq!(walked.skipped[0].path, "big.js");
        assert!(walked.skipped[0].reason.contains("too large"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_reported_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let walked = walk_dir(dir.path(), &WalkOptions::default()).unwrap();
        assert!(walked.files.is_empty());
        let reasons: Vec<_> = walked
            .skipped
            .iter()
            .map(|s| (s.path.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 2);
        assert!(
            reasons[0].1.contains("outside the scanned folder"),
            "{reasons:?}"
        );
        assert!(
            reasons[1].1.contains("inside the scanned folder"),
            "{reasons:?}"
        );
    }

    #[test]
    fn files_in_memory_read_like_files_on_disk() {
        let entry = FileEntry::memory("a.js", Arc::from(&b"let a = 1;"[..]));
        assert_eq!(entry.size, 10);
        assert_eq!(entry.read(100).unwrap(), b"let a = 1;");
        assert!(entry.read(5).unwrap_err().contains("too large"));
    }

    #[test]
    fn archive_entries_are_read_from_their_source_within_the_limit() {
        struct Echo;
        impl EntrySource for Echo {
            fn read_entry(&self, index: usize, _max: u64) -> Result<Vec<u8>, String> {
                Ok(vec![b'a' + index as u8; 4])
            }
        }
        let source: Arc<dyn EntrySource> = Arc::new(Echo);
        let entry = FileEntry::archive("lib/b.js", source.clone(), 1, 4);
        assert_eq!(entry.read(4).unwrap(), b"bbbb");
        assert!(entry.read(3).unwrap_err().contains("too large"));
        assert_eq!(entry, FileEntry::archive("lib/b.js", source.clone(), 1, 4));
        assert_ne!(entry, FileEntry::archive("lib/b.js", Arc::new(Echo), 1, 4));
        let mut seen = Vec::new();
        source.read_in_order(&[0, 2], 10, &mut |index, read| {
            seen.push((index, read.unwrap()));
            true
        });
        assert_eq!(seen, [(0, b"aaaa".to_vec()), (2, b"cccc".to_vec())]);
        assert!(!source.in_order_only());
    }

    #[test]
    fn missing_root_is_an_error() {
        let err = walk_dir(Path::new("/definitely/not/here"), &WalkOptions::default()).unwrap_err();
        assert!(err.to_string().contains("path not found"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A file or folder name the filesystem accepts: any characters but `/` and NUL, not `.` or `..`,
    /// short enough for every filesystem's byte limit.
    fn name() -> impl Strategy<Value = String> {
        "[^/\u{0}]{1,20}".prop_filter("not . or ..", |n| n != "." && n != "..")
    }

    proptest! {
        #[test]
        fn relative_paths_are_the_components_joined_with_slashes(
            parts in prop::collection::vec(name(), 1..6)
        ) {
            let root = Path::new("/scan/root");
            let mut path = root.to_path_buf();
            for part in &parts {
                path.push(part);
            }
            let rel = relative_path(root, &path);
            prop_assert_eq!(&rel, &parts.join("/"));
            prop_assert!(!rel.starts_with('/') && !rel.ends_with('/'));
            prop_assert!(rel.split('/').all(|p| !p.is_empty() && p != "." && p != ".."));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn every_file_written_is_listed_once_under_its_own_name(
            files in prop::collection::btree_set(
                (prop::collection::vec(name(), 0..3), name()), 1..8
            )
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut expected = std::collections::BTreeSet::new();
            for (folders, file) in &files {
                let mut path = dir.path().to_path_buf();
                for folder in folders {
                    path.push(format!("d{folder}"));
                }
                // A name can be both a file and a folder here only if the strategy collides; skip those.
                if fs::create_dir_all(&path).is_err() {
                    continue;
                }
                path.push(format!("f{file}"));
                if path.is_dir() || fs::write(&path, b"x").is_err() {
                    continue;
                }
                let rel: Vec<String> = folders
                    .iter()
                    .map(|f| format!("d{f}"))
                    .chain([format!("f{file}")])
                    .collect();
                expected.insert(rel.join("/"));
            }
            let walked = walk_dir(dir.path(), &WalkOptions::default()).unwrap();
            let listed: Vec<String> = walked.files.iter().map(|f| f.rel_path.clone()).collect();
            let unique: std::collections::BTreeSet<String> = listed.iter().cloned().collect();
            prop_assert_eq!(unique.len(), listed.len(), "listed twice: {:?}", listed);
            prop_assert_eq!(unique, expected);
            for file in &walked.files {
                prop_assert_eq!(
                    &file.source,
                    &FileSource::Disk(dir.path().join(&file.rel_path))
                );
            }
        }
    }
}

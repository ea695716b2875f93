//! The reader: one metered pass over each container (gzip, tar, zip) lists its entries. Only the files the
//! caller wants first (manifests) and nested archives (opened from memory) are kept; every other file is
//! decompressed again, from the same compressed bytes, when the scanner reads it ([`crate::source`]).

use crate::meter::{read_up_to, CountIn, Metered, StreamTally, Tally};
use crate::names::{common_top_folder, normalise_entry_name, resolve_link, NameProblem};
use crate::sniff::{is_tar_header, sniff, Format};
use crate::source::{Shared, TarSource, ZipSource};
use crate::zip_layout::zip_layout;
use crate::{ArchiveError, ArchiveListing, Issue, IssueKind, Limits, NESTED_SEPARATOR};
use skill_scan_model::{Diagnostic, Skipped};
use skill_scan_walk::{escaped_name, size_limit_for, EntrySource, FileEntry};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

/// Which files to keep in memory while listing, by the path they will be reported under (or, before a
/// single top folder is known to be taken off, the path with it): the ones the scanner reads before all
/// others. Every other file is decompressed again when it is read.
pub type Keep<'a> = &'a dyn Fn(&str) -> bool;

/// Reads the archive at `path`. `Err` only when it cannot be opened or is not an archive at all; damage and
/// limits met while reading are [`Issue`]s in the listing. Files are listed, not kept: each is read from
/// the archive again when it is read (see [`read_archive_file_keeping`]).
pub fn read_archive_file(path: &Path, limits: &Limits) -> Result<ArchiveListing, ArchiveError> {
    read_archive_file_keeping(path, limits, &|_| false)
}

/// [`read_archive_file`], keeping in memory the files `keep` names.
pub fn read_archive_file_keeping(
    path: &Path,
    limits: &Limits,
    keep: Keep<'_>,
) -> Result<ArchiveListing, ArchiveError> {
    let shown = path.display().to_string();
    let file = File::open(path)
        .and_then(Shared::file)
        .map_err(|e| ArchiveError::Unreadable(shown.clone(), e))?;
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    read_top(file, &label, limits, keep).map_err(|e| e.unwrap_or(ArchiveError::NotAnArchive(shown)))
}

/// Reads an archive already in memory (a download), named `name` in messages.
pub fn read_archive_bytes(
    name: &str,
    bytes: Arc<[u8]>,
    limits: &Limits,
) -> Result<ArchiveListing, ArchiveError> {
    read_archive_bytes_keeping(name, bytes, limits, &|_| false)
}

/// [`read_archive_bytes`], keeping in memory the files `keep` names.
pub fn read_archive_bytes_keeping(
    name: &str,
    bytes: Arc<[u8]>,
    limits: &Limits,
    keep: Keep<'_>,
) -> Result<ArchiveListing, ArchiveError> {
    read_top(Shared::bytes(bytes), name, limits, keep)
        .map_err(|e| e.unwrap_or(ArchiveError::NotAnArchive(name.to_string())))
}

/// `Err(None)`: not an archive.
fn read_top(
    mut source: Shared,
    label: &str,
    limits: &Limits,
    keep: Keep<'_>,
) -> Result<ArchiveListing, Option<ArchiveError>> {
    let mut head = [0u8; 512];
    let n = read_up_to(&mut source, &mut head)
        .and_then(|n| source.seek(SeekFrom::Start(0)).map(|_| n))
        .map_err(|e| Some(ArchiveError::Unreadable(label.to_string(), e)))?;
    // A zip with bytes before it does not start with a zip signature, but pip reads it all the same.
    let format = match sniff(&head[..n]) {
        Some(format) => format,
        None if matches!(zip_layout(&mut source), Ok(Some(layout)) if layout.start > 0) => {
            Format::Zip
        }
        None => return Err(None),
    };
    let mut reader = Reader {
        limits: *limits,
        tally: Rc::new(Tally::default()),
        listing: ArchiveListing::default(),
        seen: HashMap::new(),
        link_targets: HashMap::new(),
        keep,
    };
    reader.read_container(source, format, label, "", 0);
    let mut listing = reader.listing;
    listing.bytes_read = reader.tally.total.get();
    listing.entries_seen = reader.tally.entries.get();
    // The order a folder walk gives (file names compared segment by segment), so output reads the same.
    listing
        .walked
        .files
        .sort_by(|a, b| a.rel_path.split('/').cmp(b.rel_path.split('/')));
    Ok(listing)
}

/// One entry of one container, its name not yet stripped of the container's top folder.
struct Item {
    /// Normalised when `valid`; as written in the archive otherwise.
    name: String,
    valid: bool,
    what: What,
    /// The name was not UTF-8 and is shown with each invalid byte escaped (`%NN`).
    lossy: bool,
}

enum What {
    /// Kept in memory: a file the caller wants first, a nested archive, or a gzip stream's one file.
    File(Vec<u8>),
    /// Read whole once (and metered), not kept: entry `index` of its container, `size` bytes.
    Listed {
        index: usize,
        size: u64,
    },
    Dir,
    TooLarge(u64),
    Skip(String),
    Link {
        target: String,
        hard: bool,
    },
    /// An issue at this entry; `skip` lists the entry as skipped too.
    Flag {
        kind: IssueKind,
        detail: String,
        skip: Option<String>,
    },
}

impl Item {
    fn flag(name: &str, kind: IssueKind, detail: String, skip: Option<String>) -> Item {
        Item {
            name: name.to_string(),
            valid: true,
            what: What::Flag { kind, detail, skip },
            lossy: false,
        }
    }
}

struct Reader<'k> {
    limits: Limits,
    tally: Rc<Tally>,
    listing: ArchiveListing,
    /// Reported path → index in `listing.walked.files`, to resolve entries of the same name.
    seen: HashMap<String, usize>,
    /// Reported link path → the path it resolves to (inside the package), for links to links.
    link_targets: HashMap<String, String>,
    keep: Keep<'k>,
}

/// What a container's listed entries are read from again.
enum Container {
    None,
    Tar { gzip: bool },
    Zip(zip::ZipArchive<Shared>),
}

const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;
const S_IFDIR: u32 = 0o040_000;
const S_IFLNK: u32 = 0o120_000;

impl Reader<'_> {
    fn halted(&self) -> bool {
        self.tally.tripped.get().is_some()
    }

    fn metered<R: Read>(&self, inner: R, stream: Option<Rc<StreamTally>>) -> Metered<R> {
        Metered {
            inner,
            tally: self.tally.clone(),
            stream,
            limits: self.limits,
        }
    }

    /// Counts one entry; false (and the limit recorded) once there are too many.
    fn count_entry(&self) -> bool {
        let n = self.tally.entries.get() + 1;
        self.tally.entries.set(n);
        if n > self.limits.max_entries {
            self.tally.tripped.set(Some(IssueKind::EntryLimit));
            return false;
        }
        true
    }

    /// Whether the entry `name` of the container whose entries go under `prefix` is to be kept: tried with
    /// and without its first folder, which is taken off when it is the container's only top folder.
    fn wants(&self, prefix: &str, name: &str) -> bool {
        (self.keep)(&format!("{prefix}{name}"))
            || name
                .split_once('/')
                .is_some_and(|(_, rest)| (self.keep)(&format!("{prefix}{rest}")))
    }

    /// `label` names the container in messages; `prefix` goes before each of its entries' paths.
    fn read_container(
        &mut self,
        source: Shared,
        format: Format,
        label: &str,
        prefix: &str,
        depth: usize,
    ) {
        let before = self.tally.total.get();
        let (items, container) = match format {
            Format::Gzip => self.read_gzip(source.clone(), label, prefix),
            Format::Tar => {
                let buffered = BufReader::with_capacity(64 << 10, source.clone());
                let plain = self.metered(buffered, None);
                (self.read_tar(plain, prefix), Container::Tar { gzip: false })
            }
            Format::Zip => self.read_zip(source.clone(), label, prefix),
        };
        let sizes: HashMap<usize, u64> = items
            .iter()
            .filter_map(|item| match item.what {
                What::Listed { index, size } => Some((index, size)),
                _ => None,
            })
            .collect();
        let entries: Option<Arc<dyn EntrySource>> = match container {
            _ if sizes.is_empty() => None,
            Container::None => None,
            Container::Tar { gzip } => Some(Arc::new(TarSource {
                data: source,
                gzip,
                stream_bytes: self.tally.total.get().saturating_sub(before),
                sizes,
            })),
            Container::Zip(archive) => Some(Arc::new(ZipSource { archive, sizes })),
        };
        self.emit(items, entries, label, prefix, depth);
    }

    fn read_gzip<R: Read>(
        &mut self,
        source: R,
        label: &str,
        prefix: &str,
    ) -> (Vec<Item>, Container) {
        let stream = Rc::new(StreamTally::default());
        let decoder = flate2::read::MultiGzDecoder::new(CountIn {
            inner: source,
            stream: stream.clone(),
        });
        let mut decoder = self.metered(decoder, Some(stream));
        let mut head = vec![0u8; 512];
        let n = match read_up_to(&mut decoder, &mut head) {
            Ok(n) => n,
            Err(e) => return (vec![self.failure(&e, "")], Container::None),
        };
        head.truncate(n);
        if is_tar_header(&head) {
            let items = self.read_tar(Cursor::new(head).chain(decoder), prefix);
            return (items, Container::Tar { gzip: true });
        }
        // One compressed file (`data.json.gz`): its content, named without the `.gz`.
        let base = label.rsplit('/').next().unwrap_or(label);
        let name = base
            .strip_suffix(".gz")
            .or_else(|| base.strip_suffix(".GZ"))
            .filter(|n| !n.is_empty())
            .unwrap_or(base)
            .to_string();
        let mut bytes = head;
        let max = self.limits.max_file_size;
        let read = decoder
            .by_ref()
            .take((max + 1).saturating_sub(bytes.len() as u64))
            .read_to_end(&mut bytes);
        let items = match read {
            Ok(_) if bytes.len() as u64 > max => vec![Item {
                name,
                valid: true,
                what: What::TooLarge(bytes.len() as u64),
                lossy: false,
            }],
            Ok(_) => vec![Item {
                name,
                valid: true,
                what: What::File(bytes),
                lossy: false,
            }],
            Err(e) => vec![self.failure(&e, &name)],
        };
        (items, Container::None)
    }

    fn read_tar<R: Read>(&mut self, reader: R, prefix: &str) -> Vec<Item> {
        use tar::EntryType;
        let mut archive = tar::Archive::new(reader);
        let mut items = Vec::new();
        let entries = match archive.entries() {
            Ok(entries) => entries,
            Err(e) => return vec![self.failure(&e, "")],
        };
        let mut last = String::new();
        for (ordinal, entry) in entries.enumerate() {
            let mut entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    // The header after `last` is unreadable: `last` itself was read whole.
                    let after = io::Error::other(format!("the entry after it: {e}"));
                    items.push(self.failure(&after, &last));
                    break;
                }
            };
            let kind = entry.header().entry_type();
            if matches!(
                kind,
                EntryType::XGlobalHeader
                    | EntryType::XHeader
                    | EntryType::GNULongName
                    | EntryType::GNULongLink
            ) {
                continue; // metadata the tar reader already applied to the entry it belongs to
            }
            let raw = entry.path_bytes();
            let lossy = std::str::from_utf8(&raw).is_err();
            let shown = escaped_name(&raw);
            drop(raw);
            if !self.count_entry() {
                items.push(self.failure(&io::Error::other("entry limit"), &shown));
                break;
            }
            let name = match normalise_entry_name(&shown) {
                Ok(name) => name,
                Err(problem) => {
                    items.push(escape(&shown, problem));
                    continue;
                }
            };
            last = name.clone();
            let what = match kind {
                EntryType::Directory => What::Dir,
                EntryType::Regular | EntryType::Continuous | EntryType::GNUSparse => {
                    let declared = entry.size();
                    let keep = self.wants(prefix, &name);
                    match self.read_entry(&mut entry, &name, declared, false, keep, ordinal) {
                        Ok(what) => what,
                        Err(e) => {
                            let mut item = self.failure(&e, &name);
                            if let What::Flag { skip, .. } = &mut item.what {
                                *skip = Some("cut short or damaged; not scanned".into());
                            }
                            items.push(item);
                            break;
                        }
                    }
                }
                EntryType::Symlink | EntryType::Link => What::Link {
                    target: entry
                        .link_name_bytes()
                        .map(|t| String::from_utf8_lossy(&t).into_owned())
                        .unwrap_or_default(),
                    hard: kind == EntryType::Link,
                },
                EntryType::Char | EntryType::Block => {
                    What::Skip("device file in the archive; not read".into())
                }
                EntryType::Fifo => What::Skip("named pipe (FIFO) in the archive; not read".into()),
                other => What::Skip(format!("tar entry of type {other:?}; not read")),
            };
            items.push(Item {
                name,
                valid: true,
                what,
                lossy,
            });
            if self.halted() {
                break;
            }
        }
        items
    }

    fn read_zip(&mut self, source: Shared, label: &str, prefix: &str) -> (Vec<Item>, Container) {
        // Read from where the last end record puts the zip, as pip's `zipfile` does.
        let mut source = source;
        if let Ok(Some(layout)) = zip_layout(&mut source) {
            if layout.start > 0 {
                let (kind, detail) = if layout.earlier_zip {
                    (
                        IssueKind::ZipReadingsDiffer,
                        format!("the last starts after {} bytes", layout.start),
                    )
                } else {
                    (IssueKind::DataBeforeZip, format!("{} bytes", layout.start))
                };
                self.issue(
                    kind,
                    label,
                    &detail,
                    format!("{} bytes before the zip", layout.start),
                );
                source = source.starting_at(layout.start);
            }
        }
        // The zip reader holds the whole central directory in memory (a few hundred bytes an entry), so a
        // directory of millions of tiny entries is refused from its declared count, before it is parsed.
        let declared = declared_zip_entries(&mut source);
        if source.seek(SeekFrom::Start(0)).is_err() {
            let item = Item::flag(
                "",
                IssueKind::Unreadable,
                "cannot seek in the zip".into(),
                None,
            );
            return (vec![item], Container::None);
        }
        let budget = self
            .limits
            .max_entries
            .saturating_sub(self.tally.entries.get());
        if let Some(count) = declared.filter(|count| *count > budget) {
            self.tally.tripped.set(Some(IssueKind::EntryLimit));
            let item = Item::flag(
                "",
                IssueKind::EntryLimit,
                format!("the zip declares {count} entries"),
                Some(format!(
                    "a zip of {count} entries, over the entry limit; not opened"
                )),
            );
            return (vec![item], Container::None);
        }
        let mut zip = match zip::ZipArchive::new(source) {
            Ok(zip) => zip,
            Err(e) => {
                let item = Item::flag(
                    "",
                    IssueKind::Unreadable,
                    format!("not a readable zip: {e}"),
                    None,
                );
                return (vec![item], Container::None);
            }
        };
        let stream = Rc::new(StreamTally::default());
        let mut items = Vec::new();
        for index in 0..zip.len() {
            if self.halted() {
                break;
            }
            let meta = match zip.by_index_raw(index) {
                Ok(file) => ZipMeta {
                    shown: escaped_name(file.name_raw()),
                    lossy: std::str::from_utf8(file.name_raw()).is_err(),
                    is_dir: file.is_dir(),
                    is_symlink: file.is_symlink(),
                    mode: file.unix_mode(),
                    encrypted: file.encrypted(),
                    size: file.size(),
                    compressed: file.compressed_size(),
                },
                Err(e) => {
                    items.push(Item::flag(
                        "",
                        IssueKind::Unreadable,
                        format!("entry #{index} of the zip cannot be read: {e}"),
                        None,
                    ));
                    continue;
                }
            };
            if !self.count_entry() {
                items.push(self.failure(&io::Error::other("entry limit"), &meta.shown));
                break;
            }
            let name = match normalise_entry_name(&meta.shown) {
                Ok(name) => name,
                Err(problem) => {
                    items.push(escape(&meta.shown, problem));
                    continue;
                }
            };
            let file_type = meta.mode.map_or(0, |m| m & S_IFMT);
            let special = file_type != 0
                && file_type != S_IFREG
                && file_type != S_IFDIR
                && file_type != S_IFLNK;
            let item = |what| Item {
                name: name.clone(),
                valid: true,
                what,
                lossy: meta.lossy,
            };
            if meta.is_dir {
                items.push(item(What::Dir));
                continue;
            }
            if special {
                items.push(item(What::Skip(
                    "device file, pipe or socket in the archive; not read".into(),
                )));
                continue;
            }
            if meta.encrypted {
                items.push(Item::flag(
                    &name,
                    IssueKind::Encrypted,
                    String::new(),
                    Some("password-protected; not read".into()),
                ));
                continue;
            }
            let ratio_cap = meta.compressed.max(1).saturating_mul(self.limits.max_ratio);
            if meta.size > self.limits.ratio_grace_bytes && meta.size > ratio_cap {
                self.tally.tripped.set(Some(IssueKind::CompressionBomb));
                items.push(Item::flag(
                    &name,
                    IssueKind::CompressionBomb,
                    format!(
                        "declares {} bytes from {} compressed (over {}:1)",
                        meta.size, meta.compressed, self.limits.max_ratio
                    ),
                    None,
                ));
                break;
            }
            let file = match zip.by_index(index) {
                Ok(file) => file,
                Err(e) => {
                    items.push(Item::flag(
                        &name,
                        IssueKind::Unreadable,
                        format!("cannot be decompressed: {e}"),
                        Some(format!("cannot be decompressed: {e}")),
                    ));
                    continue;
                }
            };
            stream
                .compressed
                .set(stream.compressed.get().saturating_add(meta.compressed));
            let mut reader = self.metered(file, Some(stream.clone()));
            if meta.is_symlink {
                let mut target = Vec::new();
                let read = reader.by_ref().take(4096).read_to_end(&mut target);
                if let Err(e) = read {
                    items.push(self.failure(&e, &name));
                    break;
                }
                items.push(item(What::Link {
                    target: String::from_utf8_lossy(&target).into_owned(),
                    hard: false,
                }));
                continue;
            }
            let keep = self.wants(prefix, &name);
            match self.read_entry(&mut reader, &name, meta.size, true, keep, index) {
                Ok(what) => items.push(item(what)),
                Err(e) if self.halted() => {
                    items.push(self.failure(&e, &name));
                    break;
                }
                Err(e) => items.push(Item::flag(
                    &name,
                    IssueKind::Unreadable,
                    e.to_string(),
                    Some(format!("cannot be decompressed: {e}")),
                )),
            }
        }
        (items, Container::Zip(zip))
    }

    /// One regular entry (number `index` of its container) of `declared` size, read whole through the
    /// meter: its bytes kept when it is an archive to open or a file `keep` asks for; otherwise only its
    /// size, for the file to be read again when it is scanned; and only listed when it is too large (in a
    /// tar, the reader passes over the rest).
    fn read_entry<R: Read>(
        &mut self,
        reader: &mut R,
        name: &str,
        declared: u64,
        exact_size: bool,
        keep: bool,
        index: usize,
    ) -> io::Result<What> {
        let max = size_limit_for(name, self.limits.max_file_size);
        let mut head = vec![0u8; declared.saturating_add(1).min(512) as usize];
        let n = read_up_to(reader, &mut head)?;
        head.truncate(n);
        let archive = sniff(&head).is_some();
        if declared > max {
            if !archive {
                return Ok(What::TooLarge(declared));
            }
            // A large nested archive: kept whole (the total-bytes limit bounds it) so it can be opened.
            let mut bytes = head;
            reader.read_to_end(&mut bytes)?;
            return Ok(What::File(bytes));
        }
        let rest = (declared + 1).saturating_sub(n as u64);
        let (what, size) = if archive || keep {
            let mut bytes = Vec::with_capacity(declared as usize);
            bytes.extend_from_slice(&head);
            reader.take(rest).read_to_end(&mut bytes)?;
            let size = bytes.len() as u64;
            (What::File(bytes), size)
        } else {
            let size = n as u64 + io::copy(&mut reader.take(rest), &mut io::sink())?;
            (What::Listed { index, size }, size)
        };
        if exact_size && size > declared {
            self.tally.tripped.set(Some(IssueKind::CompressionBomb));
            return Err(io::Error::other(format!(
                "holds more than the {declared} bytes its header declares"
            )));
        }
        Ok(what)
    }

    /// The item for a read that failed at `name`: the limit that stopped it, or damage.
    fn failure(&self, err: &io::Error, name: &str) -> Item {
        let limits = &self.limits;
        match self.tally.tripped.get() {
            Some(IssueKind::CompressionBomb) => Item::flag(
                name,
                IssueKind::CompressionBomb,
                if err.to_string().contains("declares") {
                    err.to_string()
                } else {
                    format!(
                        "expands more than {} times its compressed size (past {} bytes)",
                        limits.max_ratio, limits.ratio_grace_bytes
                    )
                },
                None,
            ),
            Some(kind) => Item::flag(name, kind, String::new(), None),
            None => Item::flag(name, IssueKind::Unreadable, err.to_string(), None),
        }
    }

    /// Lists one container's items under `prefix`, its single top folder taken off, and opens the archives
    /// among its files.
    fn emit(
        &mut self,
        items: Vec<Item>,
        entries: Option<Arc<dyn EntrySource>>,
        label: &str,
        prefix: &str,
        depth: usize,
    ) {
        let top = common_top_folder(
            items
                .iter()
                .filter(|i| i.valid && !matches!(i.what, What::Flag { .. }))
                .map(|i| (i.name.as_str(), matches!(i.what, What::Dir))),
        );
        if depth == 0 {
            self.listing.stripped_prefix = top.clone();
        }
        // Links that stay inside, resolved once every file of the container is listed:
        // (the link's path, its target's path, where it is reported).
        let mut links: Vec<(String, String, String)> = Vec::new();
        for item in items {
            let inner = match (&top, item.valid) {
                (Some(top), true) if item.name == *top => String::new(),
                (Some(top), true) => item
                    .name
                    .strip_prefix(top.as_str())
                    .and_then(|rest| rest.strip_prefix('/'))
                    .unwrap_or(&item.name)
                    .to_string(),
                _ => item.name.clone(),
            };
            let path = format!("{prefix}{inner}");
            if item.lossy {
                self.listing.diagnostics.push(Diagnostic {
                    path: path.clone(),
                    message: "entry name is not valid UTF-8; each invalid byte is shown as %NN"
                        .into(),
                });
            }
            let at = if inner.is_empty() {
                label.to_string()
            } else {
                path.clone()
            };
            match item.what {
                What::Dir => {}
                What::File(bytes) => self.add_file(path, bytes, depth),
                What::Listed { size, .. } if size > self.size_limit(&inner) => {
                    self.skip_too_large(at, size)
                }
                What::Listed { index, size } => match &entries {
                    Some(entries) => {
                        let entry = FileEntry::archive(path.clone(), entries.clone(), index, size);
                        self.add_entry(path, entry);
                    }
                    None => self.skip(at, "unreadable: listed without its archive".into()),
                },
                What::TooLarge(size) => self.skip_too_large(at, size),
                What::Skip(reason) => self.skip(at, reason),
                What::Link { target, hard } => {
                    if let Some(to) = self.add_link(at.clone(), &inner, &target, hard, &top) {
                        let to = format!("{prefix}{to}");
                        self.link_targets.insert(path.clone(), to.clone());
                        links.push((path, to, at));
                    }
                }
                What::Flag { kind, detail, skip } => {
                    let evidence = if item.valid {
                        at.clone()
                    } else {
                        item.name.clone()
                    };
                    self.issue(kind, &at, &detail, evidence);
                    if let Some(reason) = skip {
                        self.skip(at, reason);
                    }
                }
            }
        }
        self.resolve_links(links);
    }

    /// A link inside the package is the file it points at, under the link's name: `package.json ->
    /// manifest.json` is the manifest npm reads, and a hook linked to `test/x.js` is judged as the hook.
    fn resolve_links(&mut self, links: Vec<(String, String, String)>) {
        for (path, target, at) in links {
            // Links to links are followed a few steps, never round a loop.
            let mut target = target;
            for _ in 0..8 {
                match self.link_targets.get(&target) {
                    Some(next) => target = next.clone(),
                    None => break,
                }
            }
            let Some(&index) = self.seen.get(&target) else {
                continue;
            };
            let mut entry = self.listing.walked.files[index].clone();
            entry.rel_path = path.clone();
            self.listing.walked.skipped.retain(|s| s.path != at);
            self.add_entry(path, entry);
        }
    }

    fn add_file(&mut self, path: String, bytes: Vec<u8>, depth: usize) {
        if let Some(format) = sniff(&bytes[..bytes.len().min(512)]) {
            if depth + 1 > self.limits.max_depth {
                self.issue(IssueKind::NestingLimit, &path, "", path.clone());
                self.skip(
                    path,
                    format!(
                        "an archive nested more than {} deep; not opened (raise it with --max-archive-depth)",
                        self.limits.max_depth
                    ),
                );
                return;
            }
            let prefix = format!("{path}{NESTED_SEPARATOR}");
            let bytes: Arc<[u8]> = bytes.into();
            self.read_container(Shared::bytes(bytes), format, &path, &prefix, depth + 1);
            return;
        }
        if bytes.len() as u64 > self.size_limit(&path) {
            self.skip_too_large(path, bytes.len() as u64);
            return;
        }
        let entry = FileEntry::memory(path.clone(), bytes.into());
        self.add_entry(path, entry);
    }

    /// Lists `entry` under `path`; a later entry of the same name takes the place of the earlier one.
    fn add_entry(&mut self, path: String, entry: FileEntry) {
        match self.seen.get(&path) {
            Some(&index) => {
                self.listing.walked.files[index] = entry;
                self.skip(
                    path,
                    "an earlier entry of the same name; unpackers keep the later one, which is scanned"
                        .into(),
                );
            }
            None => {
                self.seen.insert(path, self.listing.walked.files.len());
                self.listing.walked.files.push(entry);
            }
        }
    }

    /// Lists a link as skipped (with an issue when it leaves the package), and returns where it points,
    /// relative to the container, when that stays inside.
    fn add_link(
        &mut self,
        at: String,
        inner: &str,
        target: &str,
        hard: bool,
        top: &Option<String>,
    ) -> Option<String> {
        let resolved = if hard {
            // A hard link names another entry of the archive, from the archive's root.
            normalise_entry_name(target).ok().and_then(|t| match top {
                Some(top) if t == *top => None,
                Some(top) => t.strip_prefix(&format!("{top}/")).map(str::to_string),
                None => Some(t),
            })
        } else {
            resolve_link(inner, target)
        };
        let inside = resolved.is_some();
        let what = if hard { "hard link" } else { "symbolic link" };
        let place = if inside { "inside" } else { "outside" };
        if !inside {
            self.issue(
                IssueKind::LinkOutside,
                &at,
                target,
                format!("{inner} -> {target}"),
            );
        }
        self.skip(
            at,
            format!("{what} to {target} ({place} the package; not followed)"),
        );
        resolved
    }

    /// The size limit for a file reported as `path`: files an installer reads by name may be larger.
    fn size_limit(&self, path: &str) -> u64 {
        let name = path.rsplit(NESTED_SEPARATOR).next().unwrap_or(path);
        size_limit_for(name, self.limits.max_file_size)
    }

    fn skip_too_large(&mut self, path: String, size: u64) {
        let limit = self.size_limit(&path);
        self.listing.walked.too_large.push(path.clone());
        self.skip(
            path,
            format!(
                "too large: {size} bytes, over the {limit}-byte limit (raise it with --max-file-size)"
            ),
        );
    }

    fn skip(&mut self, path: String, reason: String) {
        self.listing.walked.skipped.push(Skipped { path, reason });
    }

    fn issue(&mut self, kind: IssueKind, at: &str, detail: &str, evidence: String) {
        let limits = &self.limits;
        let message = match kind {
            IssueKind::CompressionBomb => format!(
                "{at} {detail}: a decompression bomb; reading stopped there"
            ),
            IssueKind::SizeLimit => format!(
                "the archive expands past the {}-byte limit at {at}; what follows was not scanned (raise it with --max-archive-bytes)",
                limits.max_total_bytes
            ),
            IssueKind::EntryLimit => format!(
                "the archive holds more than {} entries{}; from {at} on nothing was scanned (raise it with --max-archive-entries)",
                limits.max_entries,
                if detail.is_empty() { String::new() } else { format!(" ({detail})") }
            ),
            IssueKind::NestingLimit => format!(
                "{at} is an archive nested more than {} deep; it was not opened (raise it with --max-archive-depth)",
                limits.max_depth
            ),
            IssueKind::PathEscape => format!(
                "entry {at} is {detail}: an unpacker could write it outside the package folder; not read"
            ),
            IssueKind::LinkOutside => format!(
                "{at} is a link to {detail}, outside the package: whoever reads it reads that file instead"
            ),
            IssueKind::Unreadable => format!(
                "the archive is cut short or damaged at {at} ({detail}); what follows was not scanned"
            ),
            IssueKind::Encrypted => {
                format!("{at} is password-protected, so its content could not be scanned")
            }
            IssueKind::ZipReadingsDiffer => format!(
                "{at} is two zips joined end to end ({detail}): pip reads the last one, which was scanned, while a reader that starts at the front sees the other"
            ),
            IssueKind::DataBeforeZip => format!(
                "{at} has {detail} before the zip: Python's zipfile (pip) skips them and reads the zip, which was scanned"
            ),
        };
        self.listing.issues.push(Issue {
            kind,
            path: at.to_string(),
            message,
            evidence,
        });
    }
}

/// The entry count a zip's end-of-central-directory record (or its zip64 record) declares; `None` when
/// there is no such record to read (the zip reader then reports the damage).
fn declared_zip_entries<R: Read + Seek>(source: &mut R) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
    const ZIP64_EOCD: &[u8] = b"PK\x06\x06";
    let len = source.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(22 + 65_535);
    source.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0u8; tail_len as usize];
    source.read_exact(&mut tail).ok()?;
    let at = (0..=tail.len().checked_sub(22)?)
        .rev()
        .find(|&i| &tail[i..i + 4] == EOCD)?;
    let count = u64::from(u16::from_le_bytes([tail[at + 10], tail[at + 11]]));
    if count != 0xFFFF {
        return Some(count);
    }
    let locator = at.checked_sub(20)?;
    if &tail[locator..locator + 4] != ZIP64_LOCATOR {
        return Some(count);
    }
    let mut offset = [0u8; 8];
    offset.copy_from_slice(&tail[locator + 8..locator + 16]);
    source
        .seek(SeekFrom::Start(u64::from_le_bytes(offset)))
        .ok()?;
    let mut record = [0u8; 56];
    source.read_exact(&mut record).ok()?;
    if &record[..4] != ZIP64_EOCD {
        return None;
    }
    let mut total = [0u8; 8];
    total.copy_from_slice(&record[32..40]);
    Some(u64::from_le_bytes(total))
}

struct ZipMeta {
    shown: String,
    lossy: bool,
    is_dir: bool,
    is_symlink: bool,
    mode: Option<u32>,
    encrypted: bool,
    size: u64,
    compressed: u64,
}

fn escape(shown: &str, problem: NameProblem) -> Item {
    Item {
        name: shown.to_string(),
        valid: false,
        lossy: false,
        what: What::Flag {
            kind: IssueKind::PathEscape,
            detail: problem.describe().to_string(),
            skip: Some(format!("{}; not read", problem.describe())),
        },
    }
}

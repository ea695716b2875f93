//! A content cache for scan results, shared by every caller that scans a package it may have seen before
//! (lockfile dependencies, installed trees, repeated scans of the same folder).
//!
//! An entry is stored under a [`Key`]: the sha256 of everything that decides the result — the sha256 of
//! the package's bytes (and, for a registry dependency, the integrity hash the lockfile pins), the digest
//! of the rule pack, and the binary's version. Change any of them and the key changes, so a new rule pack
//! never reads an old result. Entries are written to a temporary file and renamed into place, so several
//! scanners may share one folder; each entry carries the checksum of its body, and an entry that does not
//! match (a torn write, a disk error, a hand edit) is ignored, removed and reported. The folder is kept
//! under a size bound by removing the least recently used entries.

use sha2::{Digest, Sha256};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// The size bound when the user gives none.
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;
/// An entry larger than this is not stored (a result is a few KB; this bounds a hostile one).
pub const MAX_ENTRY_BYTES: usize = 16 << 20;
const MAGIC: &str = "skill-scan-cache 1";

/// What an entry is stored under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key(String);

impl Key {
    /// The key of `parts` (`("content", sha256)`, `("rules", digest)`, …). Each part is named and
    /// length-prefixed, so no two different lists of parts give the same key.
    pub fn new(parts: &[(&str, &str)]) -> Key {
        let mut hasher = Sha256::new();
        for (name, value) in parts {
            hasher.update((name.len() as u64).to_le_bytes());
            hasher.update(name.as_bytes());
            hasher.update((value.len() as u64).to_le_bytes());
            hasher.update(value.as_bytes());
        }
        Key(hex(&hasher.finalize()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The answer of [`Cache::get`].
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Hit(Vec<u8>),
    Miss,
    /// The entry was unreadable or did not match its checksum; it was removed. Says why.
    Corrupt(String),
}

#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    max_bytes: u64,
}

#[derive(Debug)]
pub struct CacheError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cache {}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for CacheError {}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Cache {
    /// Opens (creating it if needed) the cache folder `dir`, kept under `max_bytes`.
    pub fn open(dir: &Path, max_bytes: u64) -> Result<Cache, CacheError> {
        fs::create_dir_all(dir).map_err(|error| CacheError {
            path: dir.to_path_buf(),
            error,
        })?;
        Ok(Cache {
            dir: dir.to_path_buf(),
            max_bytes,
        })
    }

    /// `skill-scan` under the user's cache folder: `$XDG_CACHE_HOME`, else `~/Library/Caches` on macOS,
    /// `%LOCALAPPDATA%` on Windows, `~/.cache` elsewhere.
    pub fn default_dir(var: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
        let non_empty = |key: &str| var(key).filter(|v| !v.trim().is_empty()).map(PathBuf::from);
        let base = non_empty("XDG_CACHE_HOME").or_else(|| {
            if cfg!(windows) {
                non_empty("LOCALAPPDATA")
            } else if cfg!(target_os = "macos") {
                non_empty("HOME").map(|home| home.join("Library/Caches"))
            } else {
                non_empty("HOME").map(|home| home.join(".cache"))
            }
        })?;
        Some(base.join("skill-scan"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry_path(&self, key: &Key) -> PathBuf {
        self.dir.join(&key.0[..2]).join(&key.0[2..])
    }

    pub fn get(&self, key: &Key) -> Lookup {
        let path = self.entry_path(key);
        let bytes = match read_entry(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Lookup::Miss,
            Err(e) => {
                // Something that is not an entry of ours (a link, a folder, a device, a huge file): set it
                // aside so the next run does not meet it again; a folder is left for the user.
                let _ = fs::remove_file(&path);
                return Lookup::Corrupt(format!(
                    "{}: {e} (ignored; the package is scanned again)",
                    path.display()
                ));
            }
        };
        match decode(key, &bytes) {
            Some(body) => {
                // Reading counts as use, for the least-recently-used bound.
                let _ = fs::File::options()
                    .append(true)
                    .open(&path)
                    .and_then(|f| f.set_modified(SystemTime::now()));
                Lookup::Hit(body.to_vec())
            }
            None => {
                let _ = fs::remove_file(&path);
                Lookup::Corrupt(format!(
                    "{}: not a valid cache entry (removed; the package is scanned again)",
                    path.display()
                ))
            }
        }
    }

    /// Stores `value` under `key`: written to a temporary file in the same folder, then renamed over the
    /// entry, so a reader sees the old entry or the new one, never half of one.
    pub fn put(&self, key: &Key, value: &[u8]) -> Result<(), CacheError> {
        let path = self.entry_path(key);
        if value.len() > MAX_ENTRY_BYTES {
            return Ok(());
        }
        let err = |error| CacheError {
            path: path.clone(),
            error,
        };
        let folder = path.parent().unwrap_or(&self.dir);
        fs::create_dir_all(folder).map_err(err)?;
        let temp = folder.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let written = fs::File::create(&temp).and_then(|mut file| {
            file.write_all(
                format!("{MAGIC} {} {}\n", key.0, hex(&Sha256::digest(value))).as_bytes(),
            )?;
            file.write_all(value)?;
            file.sync_data()
        });
        if let Err(error) = written.and_then(|()| fs::rename(&temp, &path)) {
            let _ = fs::remove_file(&temp);
            return Err(err(error));
        }
        Ok(())
    }

    /// Removes the least recently used entries until the folder is under its bound (and temporary files
    /// left by a writer that died). How many entries were removed.
    pub fn prune(&self) -> Result<usize, CacheError> {
        let mut entries = Vec::new();
        let mut total = 0u64;
        let read = |dir: &Path| {
            fs::read_dir(dir).map_err(|error| CacheError {
                path: dir.to_path_buf(),
                error,
            })
        };
        for shard in read(&self.dir)?.flatten() {
            if !shard.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            for entry in read(&shard.path())?.flatten() {
                let Ok(meta) = entry.metadata() else { continue };
                let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                let stale_temp = entry.file_name().to_string_lossy().starts_with(".tmp-")
                    && modified.elapsed().is_ok_and(|age| age.as_secs() > 3600);
                if stale_temp {
                    let _ = fs::remove_file(entry.path());
                    continue;
                }
                total += meta.len();
                entries.push((modified, meta.len(), entry.path()));
            }
        }
        entries.sort();
        let mut removed = 0;
        for (_, size, path) in entries {
            if total <= self.max_bytes {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(size);
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// The longest header [`Cache::put`] writes: the magic, a 64-digit key and a 64-digit checksum.
const MAX_HEADER_BYTES: usize = MAGIC.len() + 2 * 65 + 1;

/// An entry's bytes, read only from a regular file (never through a link, from a FIFO or a device) and
/// never past the largest entry [`Cache::put`] writes, so a planted file cannot make a scan hang or fill
/// memory.
fn read_entry(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let bound = (MAX_ENTRY_BYTES + MAX_HEADER_BYTES) as u64;
    let meta = fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a regular file",
        ));
    }
    if meta.len() > bound {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "larger than any entry",
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the check and the read: the read stops at the bound all the same.
    fs::File::open(path)?
        .take(bound + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > bound {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "larger than any entry",
        ));
    }
    Ok(bytes)
}

/// The body of an entry whose header names `key` and whose checksum matches.
fn decode<'a>(key: &Key, bytes: &'a [u8]) -> Option<&'a [u8]> {
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..newline]).ok()?;
    let body = &bytes[newline + 1..];
    let rest = header.strip_prefix(MAGIC)?.strip_prefix(' ')?;
    let (stored_key, checksum) = rest.split_once(' ')?;
    (stored_key == key.0 && checksum == hex(&Sha256::digest(body))).then_some(body)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn key(content: &str, rules: &str) -> Key {
        Key::new(&[("content", content), ("rules", rules), ("version", "1")])
    }

    #[test]
    fn entries_round_trip_and_a_new_rule_pack_misses() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("c"), DEFAULT_MAX_BYTES).unwrap();
        assert_eq!(cache.get(&key("a", "r1")), Lookup::Miss);
        cache
            .put(&key("a", "r1"), b"{\"verdict\":\"allow\"}")
            .unwrap();
        assert_eq!(
            cache.get(&key("a", "r1")),
            Lookup::Hit(b"{\"verdict\":\"allow\"}".to_vec())
        );
        assert_eq!(cache.get(&key("a", "r2")), Lookup::Miss);
        assert_ne!(Key::new(&[("ab", "c")]), Key::new(&[("a", "bc")]));
    }

    #[test]
    fn a_corrupt_entry_is_ignored_removed_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), DEFAULT_MAX_BYTES).unwrap();
        let k = key("a", "r");
        cache.put(&k, b"result").unwrap();
        let path = cache.entry_path(&k);
        let mut bytes = fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&path, &bytes).unwrap();
        assert!(
            matches!(cache.get(&k), Lookup::Corrupt(why) if why.contains("not a valid cache entry"))
        );
        assert!(!path.exists());
        assert_eq!(cache.get(&k), Lookup::Miss);
        fs::write(path.parent().unwrap().join(&k.0[2..]), b"garbage").unwrap();
        assert!(matches!(cache.get(&k), Lookup::Corrupt(_)));
    }

    #[test]
    fn an_oversized_or_special_entry_is_a_miss_without_reading_it_all() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), DEFAULT_MAX_BYTES).unwrap();
        let k = key("big", "r");
        let path = cache.entry_path(&k);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        // A sparse file past the bound: refused by its size, never read.
        let file = fs::File::create(&path).unwrap();
        file.set_len((MAX_ENTRY_BYTES + MAX_HEADER_BYTES + 1) as u64)
            .unwrap();
        assert!(
            matches!(cache.get(&k), Lookup::Corrupt(why) if why.contains("larger than any entry"))
        );
        assert!(!path.exists(), "set aside");
        assert_eq!(cache.get(&k), Lookup::Miss);
        // A folder where an entry belongs: a miss that says so, and the folder is left alone.
        fs::create_dir(&path).unwrap();
        assert!(
            matches!(cache.get(&k), Lookup::Corrupt(why) if why.contains("not a regular file"))
        );
        assert!(path.is_dir());
        fs::remove_dir(&path).unwrap();
        // A link to a real entry is not followed, even though the entry it names is valid.
        let good = key("good", "r");
        cache.put(&good, b"result").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(cache.entry_path(&good), &path).unwrap();
            assert!(
                matches!(cache.get(&k), Lookup::Corrupt(why) if why.contains("not a regular file"))
            );
            assert!(fs::symlink_metadata(&path).is_err(), "the link is removed");
        }
        assert_eq!(cache.get(&good), Lookup::Hit(b"result".to_vec()));
    }

    #[test]
    fn an_entry_of_another_key_or_format_is_not_a_hit() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), DEFAULT_MAX_BYTES).unwrap();
        let (a, b) = (key("a", "r"), key("b", "r"));
        cache.put(&a, b"result of a").unwrap();
        // A copy of a's (valid) entry planted where b's belongs names the wrong key.
        fs::create_dir_all(cache.entry_path(&b).parent().unwrap()).unwrap();
        fs::copy(cache.entry_path(&a), cache.entry_path(&b)).unwrap();
        assert!(matches!(cache.get(&b), Lookup::Corrupt(_)));
        // Another format's header, with the right key and checksum, is not read either.
        let body = b"result";
        let header = format!(
            "skill-scan-cache 0 {} {}\n",
            b.as_str(),
            hex(&Sha256::digest(body))
        );
        fs::write(cache.entry_path(&b), [header.as_bytes(), body].concat()).unwrap();
        assert!(matches!(cache.get(&b), Lookup::Corrupt(_)));
        assert_eq!(cache.get(&a), Lookup::Hit(b"result of a".to_vec()));
    }

    #[test]
    fn concurrent_writers_leave_one_whole_entry() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), DEFAULT_MAX_BYTES).unwrap();
        let k = key("same", "r");
        std::thread::scope(|scope| {
            for n in 0..8u8 {
                let (cache, k) = (&cache, &k);
                scope.spawn(move || {
                    for _ in 0..20 {
                        cache.put(k, &vec![n; 4096]).unwrap();
                    }
                });
            }
        });
        match cache.get(&k) {
            Lookup::Hit(body) => assert!(body.len() == 4096 && body.iter().all(|&b| b == body[0])),
            other => panic!("{other:?}"),
        }
        let leftovers = fs::read_dir(cache.entry_path(&k).parent().unwrap())
            .unwrap()
            .count();
        assert_eq!(leftovers, 1);
    }

    #[test]
    fn pruning_keeps_the_folder_under_its_bound_removing_the_oldest() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), 3000).unwrap();
        for n in 0..5 {
            let k = key(&n.to_string(), "r");
            cache.put(&k, &[0u8; 1000]).unwrap();
            let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000 + n);
            fs::File::options()
                .append(true)
                .open(cache.entry_path(&k))
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        assert_eq!(cache.prune().unwrap(), 3);
        assert_eq!(cache.get(&key("0", "r")), Lookup::Miss);
        assert!(matches!(cache.get(&key("4", "r")), Lookup::Hit(_)));
    }

    #[test]
    fn the_default_folder_is_under_the_user_cache() {
        let var = |k: &str| (k == "XDG_CACHE_HOME").then(|| "/x/cache".to_string());
        assert_eq!(
            Cache::default_dir(&var),
            Some(PathBuf::from("/x/cache/skill-scan"))
        );
        assert_eq!(Cache::default_dir(&|_| None), None);
    }
}

//! Reading an archive's entries a second time, when the scanner reads them: the reader lists an archive in
//! one metered pass and keeps only its manifests and nested archives, so every other file is decompressed
//! again from the compressed bytes (in memory, or the archive file itself, read through the handle opened
//! for the listing) when it is scanned. At most one file per scanning thread is unpacked in memory at once.
//!
//! The second read is bounded by what the listing saw: an entry must come out at the size it had then
//! (otherwise the archive changed under us, and the file is skipped with that reason), and a tar stream is
//! never decompressed past the bytes the listing read from it.

use flate2::read::MultiGzDecoder;
use skill_scan_walk::EntrySource;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::sync::Arc;

/// The compressed bytes of one container: a slice of memory (a download, a nested archive) or the archive
/// file, read at an offset so that clones never disturb each other's position.
#[derive(Clone)]
pub(crate) struct Shared {
    backing: Backing,
    /// Where this view starts in the backing (a zip with bytes before it is read from its real start).
    base: u64,
    pos: u64,
}

#[derive(Clone)]
enum Backing {
    Bytes(Arc<[u8]>),
    File { file: Arc<File>, len: u64 },
}

impl Shared {
    pub fn bytes(bytes: Arc<[u8]>) -> Shared {
        Shared {
            backing: Backing::Bytes(bytes),
            base: 0,
            pos: 0,
        }
    }

    pub fn file(file: File) -> io::Result<Shared> {
        let len = file.metadata()?.len();
        Ok(Shared {
            backing: Backing::File {
                file: Arc::new(file),
                len,
            },
            base: 0,
            pos: 0,
        })
    }

    /// The same bytes, from `start` on (relative to this view), as a view of their own.
    pub fn starting_at(&self, start: u64) -> Shared {
        Shared {
            backing: self.backing.clone(),
            base: self.base.saturating_add(start).min(self.backing_len()),
            pos: 0,
        }
    }

    fn backing_len(&self) -> u64 {
        match &self.backing {
            Backing::Bytes(bytes) => bytes.len() as u64,
            Backing::File { len, .. } => *len,
        }
    }

    fn len(&self) -> u64 {
        self.backing_len() - self.base
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

impl Read for Shared {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let len = self.len();
        if self.pos >= len {
            return Ok(0);
        }
        let room = ((len - self.pos).min(buf.len() as u64)) as usize;
        let at = self.base + self.pos;
        let n = match &self.backing {
            Backing::Bytes(bytes) => {
                let start = at as usize;
                buf[..room].copy_from_slice(&bytes[start..start + room]);
                room
            }
            Backing::File { file, .. } => read_at(file, &mut buf[..room], at)?,
        };
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Shared {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len().checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let target = target
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        self.pos = target;
        Ok(target)
    }
}

fn changed(listed: u64, now: u64) -> String {
    format!(
        "unreadable: the archive changed while it was scanned (this entry held {listed} bytes when listed, {now} now)"
    )
}

/// The entries of one zip, read by index: random access, each decompressed on its own.
pub(crate) struct ZipSource {
    /// Parsed once; clones share the central directory and read through their own position.
    pub archive: zip::ZipArchive<Shared>,
    /// Entry index → its size when listed.
    pub sizes: HashMap<usize, u64>,
}

impl EntrySource for ZipSource {
    fn read_entry(&self, index: usize, max: u64) -> Result<Vec<u8>, String> {
        let listed = *self
            .sizes
            .get(&index)
            .ok_or_else(|| format!("unreadable: no entry #{index} was listed"))?;
        if listed > max {
            return Err(format!(
                "too large: {listed} bytes, over the {max}-byte limit"
            ));
        }
        let mut archive = self.archive.clone();
        let file = archive
            .by_index(index)
            .map_err(|e| format!("cannot be decompressed: {e}"))?;
        let mut bytes = Vec::with_capacity(listed as usize);
        file.take(listed + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot be decompressed: {e}"))?;
        if bytes.len() as u64 != listed {
            return Err(changed(listed, bytes.len() as u64));
        }
        Ok(bytes)
    }
}

/// The entries of one tar stream (plain or gzipped): reachable only in order, so the scanner reads them
/// all in one pass.
pub(crate) struct TarSource {
    pub data: Shared,
    pub gzip: bool,
    /// Bytes the listing decompressed from this stream: the second pass never goes further.
    pub stream_bytes: u64,
    /// Entry ordinal → its size when listed.
    pub sizes: HashMap<usize, u64>,
}

impl TarSource {
    fn stream(&self) -> Box<dyn Read> {
        let data = self.data.clone();
        if self.gzip {
            Box::new(MultiGzDecoder::new(data).take(self.stream_bytes))
        } else {
            Box::new(BufReader::with_capacity(64 << 10, data).take(self.stream_bytes))
        }
    }
}

impl EntrySource for TarSource {
    fn read_entry(&self, index: usize, max: u64) -> Result<Vec<u8>, String> {
        let mut out = Err(format!("unreadable: entry #{index} was not reached"));
        self.read_in_order(&[index], max, &mut |_, result| {
            out = result;
            false
        });
        out
    }

    fn in_order_only(&self) -> bool {
        true
    }

    fn read_in_order(
        &self,
        indices: &[usize],
        max: u64,
        each: &mut dyn FnMut(usize, Result<Vec<u8>, String>) -> bool,
    ) {
        let mut wanted = indices.iter().copied().peekable();
        let mut archive = tar::Archive::new(self.stream());
        let mut broken = "the archive ended before it when read again".to_string();
        if let Ok(entries) = archive.entries() {
            for (ordinal, entry) in entries.enumerate() {
                // An index asked for twice, or out of order, has been passed: said so, not skipped silently.
                while let Some(&gone) = wanted.peek().filter(|&&i| i < ordinal) {
                    wanted.next();
                    if !each(gone, Err("unreadable: asked for out of order".into())) {
                        return;
                    }
                }
                let Some(&next) = wanted.peek() else {
                    return;
                };
                let mut entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        broken = format!("the archive could not be read again: {e}");
                        break;
                    }
                };
                if ordinal < next {
                    continue; // the tar reader passes over the data of entries not read
                }
                wanted.next();
                let result = match self.sizes.get(&ordinal) {
                    None => Err(format!("unreadable: no entry #{ordinal} was listed")),
                    Some(&listed) if listed > max => Err(format!(
                        "too large: {listed} bytes, over the {max}-byte limit"
                    )),
                    Some(&listed) => {
                        let mut bytes = Vec::with_capacity(listed as usize);
                        match (&mut entry).take(listed + 1).read_to_end(&mut bytes) {
                            Ok(n) if n as u64 == listed => Ok(bytes),
                            Ok(n) => Err(changed(listed, n as u64)),
                            Err(e) => Err(format!("unreadable: {e}")),
                        }
                    }
                };
                if !each(ordinal, result) {
                    return;
                }
            }
        }
        for index in wanted {
            if !each(index, Err(format!("unreadable: {broken}"))) {
                return;
            }
        }
    }
}

//! Where a zip really starts, read the way Python's `zipfile` (and so pip) reads it.
//!
//! `zipfile` looks for the end-of-central-directory record at the END of the file, and takes the gap
//! between where that record says the directory is and where it actually is as bytes prepended to the
//! archive. So a wheel with anything before it (a script header, junk) installs, and two zips joined end
//! to end install as the LAST one, whatever a reader that starts at the front sees. This module finds that
//! reading, so the scanner reads what pip installs, and says when a front-to-back reading would differ.

use std::io::{self, Read, Seek, SeekFrom};

const EOCD_SIGNATURE: &[u8; 4] = b"PK\x05\x06";
const EOCD_SIZE: u64 = 22;
/// The record ends the file but for a comment of at most 65,535 bytes.
const TAIL: u64 = EOCD_SIZE + 0xFFFF;
/// How far before the zip we look for another zip's directory (a larger prefix is only noted as data).
const MAX_PREFIX_SEARCH: u64 = 64 << 20;

/// How the last end-of-central-directory record places the zip within the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ZipLayout {
    /// Bytes before the zip (0 for an ordinary zip).
    pub start: u64,
    /// The bytes before the zip hold a zip directory of their own: a reader that stops at the first
    /// directory it meets sees another archive than pip installs.
    pub earlier_zip: bool,
}

/// The layout of the zip in `source`, or `None` when no usable end record is found in its tail.
pub(crate) fn zip_layout<R: Read + Seek>(source: &mut R) -> io::Result<Option<ZipLayout>> {
    let len = source.seek(SeekFrom::End(0))?;
    if len < EOCD_SIZE {
        return Ok(None);
    }
    let tail_start = len.saturating_sub(TAIL);
    source.seek(SeekFrom::Start(tail_start))?;
    let mut tail = Vec::new();
    source.by_ref().take(TAIL).read_to_end(&mut tail)?;
    let Some(at) = rfind(&tail, EOCD_SIGNATURE).filter(|&at| tail.len() - at >= EOCD_SIZE as usize)
    else {
        return Ok(None);
    };
    let record = &tail[at..];
    let dir_size = u64::from(u32::from_le_bytes([
        record[12], record[13], record[14], record[15],
    ]));
    let dir_offset = u64::from(u32::from_le_bytes([
        record[16], record[17], record[18], record[19],
    ]));
    // With a ZIP64 end record and its locator (56 + 20 bytes) before the record, the directory ends
    // where they begin, as zipfile counts it.
    let zip64 = at >= 20 && &tail[at - 20..at - 16] == b"PK\x06\x07";
    let eocd_at = tail_start + at as u64 - if zip64 { 76 } else { 0 };
    // ZIP64 archives keep the real figures elsewhere; they are read as they are.
    if dir_offset == u64::from(u32::MAX) || dir_size == u64::from(u32::MAX) {
        return Ok(Some(ZipLayout {
            start: 0,
            earlier_zip: false,
        }));
    }
    let Some(start) = eocd_at
        .checked_sub(dir_size)
        .and_then(|d| d.checked_sub(dir_offset))
    else {
        return Ok(None);
    };
    let earlier_zip = start > 0 && prefix_holds_a_zip_directory(source, start)?;
    Ok(Some(ZipLayout { start, earlier_zip }))
}

/// Whether the first `len` bytes hold an end-of-central-directory record (searched in chunks, bounded).
fn prefix_holds_a_zip_directory<R: Read + Seek>(source: &mut R, len: u64) -> io::Result<bool> {
    source.seek(SeekFrom::Start(0))?;
    let mut limited = source.by_ref().take(len.min(MAX_PREFIX_SEARCH));
    let mut chunk = vec![0u8; 64 << 10];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = limited.read(&mut chunk)?;
        if n == 0 {
            return Ok(false);
        }
        carry.extend_from_slice(&chunk[..n]);
        if rfind(&carry, EOCD_SIGNATURE).is_some() {
            return Ok(true);
        }
        let keep = carry.len().saturating_sub(EOCD_SIGNATURE.len() - 1);
        carry.drain(..keep);
    }
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn zip_of(name: &str, text: &str) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(text.as_bytes()).unwrap();
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn an_ordinary_zip_starts_at_zero() {
        let zip = zip_of("a.py", "x = 1\n");
        let layout = zip_layout(&mut Cursor::new(zip)).unwrap().unwrap();
        assert_eq!(
            layout,
            ZipLayout {
                start: 0,
                earlier_zip: false
            }
        );
    }

    #[test]
    fn prepended_bytes_move_the_start() {
        let mut bytes = b"#!/bin/sh\nexit 0\n".to_vec();
        let prefix = bytes.len() as u64;
        bytes.extend(zip_of("a.py", "x = 1\n"));
        let layout = zip_layout(&mut Cursor::new(bytes)).unwrap().unwrap();
        assert_eq!(
            layout,
            ZipLayout {
                start: prefix,
                earlier_zip: false
            }
        );
    }

    #[test]
    fn a_second_zip_after_a_first_is_the_one_read() {
        let mut bytes = zip_of("a.py", "x = 1\n");
        let first = bytes.len() as u64;
        bytes.extend(zip_of("b.py", "y = 2\n"));
        let layout = zip_layout(&mut Cursor::new(bytes)).unwrap().unwrap();
        assert_eq!(
            layout,
            ZipLayout {
                start: first,
                earlier_zip: true
            }
        );
    }

    #[test]
    fn no_record_no_layout() {
        assert_eq!(
            zip_layout(&mut Cursor::new(b"PK\x03\x04 cut".to_vec())).unwrap(),
            None
        );
    }
}

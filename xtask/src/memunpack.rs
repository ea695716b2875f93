//! Unpacks a sample archive held in memory (a git blob of a malware collection) in one streaming pass:
//! gzip'd or plain tar, or zip (wheels, eggs). Only regular files are kept; links, devices, names that are
//! absolute or climb out with `..`, and encrypted zip entries are skipped. The single top folder is taken
//! off (as pip and npm do), and every file is written inert through [`crate::inert::write_inert`]. Bounded:
//! total bytes, entry count and file size; going over any of them fails the unpack.
//!
//! (The scanner's own reader, `unpack.rs`, decompresses a file again each time it is read, which is right
//! for a scan and too slow to lay out ten thousand archives.)

use crate::inert::{write_inert, MAX_FILE_BYTES};
use crate::unpack::Unpacked;
use std::io::{Cursor, Read};
use std::path::Path;

#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub max_total_bytes: u64,
    pub max_entries: usize,
}

/// A member name made relative and plain, or why it is refused.
pub fn clean_name(raw: &str) -> Result<Vec<String>, &'static str> {
    if raw.starts_with('/') || raw.contains('\\') || raw.contains('\0') {
        return Err("an absolute or odd name");
    }
    let mut parts = Vec::new();
    for part in raw.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err("a path that climbs out with `..`"),
            p => parts.push(p.to_string()),
        }
    }
    if parts.is_empty() {
        return Err("an empty name");
    }
    Ok(parts)
}

fn read_bounded(reader: &mut impl Read, left: &mut u64) -> Result<Vec<u8>, String> {
    let cap = (*left).min(MAX_FILE_BYTES as u64);
    let mut bytes = Vec::new();
    reader
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err("over the size bound".to_string());
    }
    *left -= bytes.len() as u64;
    Ok(bytes)
}

type Files = Vec<(Vec<String>, Vec<u8>)>;

fn read_tar(data: impl Read, bounds: &Bounds, skipped: &mut Vec<String>) -> Result<Files, String> {
    let mut archive = tar::Archive::new(data);
    let mut files = Vec::new();
    let mut left = bounds.max_total_bytes;
    let entries = archive.entries().map_err(|e| format!("not a tar: {e}"))?;
    for (count, entry) in entries.enumerate() {
        if count >= bounds.max_entries {
            return Err("too many entries".to_string());
        }
        let mut entry = entry.map_err(|e| format!("damaged tar: {e}"))?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = entry.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        if !(kind.is_file() || kind == tar::EntryType::Continuous) {
            skipped.push(format!("{name}: not a regular file"));
            continue;
        }
        match clean_name(&name) {
            Ok(parts) => files.push((parts, read_bounded(&mut entry, &mut left)?)),
            Err(why) => skipped.push(format!("{name}: {why}")),
        }
    }
    Ok(files)
}

fn read_zip(data: &[u8], bounds: &Bounds, skipped: &mut Vec<String>) -> Result<Files, String> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(data)).map_err(|e| format!("not a zip: {e}"))?;
    if archive.len() > bounds.max_entries {
        return Err("too many entries".to_string());
    }
    let mut files = Vec::new();
    let mut left = bounds.max_total_bytes;
    for index in 0..archive.len() {
        let mut file = match archive.by_index(index) {
            Ok(file) => file,
            Err(e) => {
                skipped.push(format!("entry {index}: {e}"));
                continue;
            }
        };
        let name = file.name().to_string();
        if file.is_dir() {
            continue;
        }
        if file.is_symlink() || !file.is_file() {
            skipped.push(format!("{name}: not a regular file"));
            continue;
        }
        match clean_name(&name) {
            Ok(parts) => files.push((parts, read_bounded(&mut file, &mut left)?)),
            Err(why) => skipped.push(format!("{name}: {why}")),
        }
    }
    Ok(files)
}

/// Unpacks `data` into `dest` (created; must not exist). On error `dest` may hold a part: the caller
/// removes it.
pub fn unpack(data: &[u8], dest: &Path, bounds: &Bounds) -> Result<Unpacked, String> {
    let mut skipped = Vec::new();
    let mut files = if data.starts_with(&[0x1f, 0x8b]) {
        read_tar(flate2::read::GzDecoder::new(data), bounds, &mut skipped)?
    } else if data.starts_with(b"PK\x03\x04") || data.starts_with(b"PK\x05\x06") {
        read_zip(data, bounds, &mut skipped)?
    } else if data.len() > 262 && &data[257..262] == b"ustar" {
        read_tar(data, bounds, &mut skipped)?
    } else {
        return Err("not a tar, tar.gz or zip archive".to_string());
    };
    // Take off a single top folder shared by every file.
    let top = files.first().map(|(p, _)| p[0].clone());
    if let Some(top) = top {
        if files.iter().all(|(p, _)| p.len() > 1 && p[0] == top) {
            for (parts, _) in &mut files {
                parts.remove(0);
            }
        }
    }
    std::fs::create_dir_all(dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    let mut out = Unpacked {
        skipped,
        ..Unpacked::default()
    };
    for (parts, bytes) in files {
        let rel = parts.join("/");
        match write_inert(dest, &rel, &bytes) {
            Ok(()) => {
                out.files += 1;
                out.bytes += bytes.len() as u64;
            }
            Err(e) => out.skipped.push(format!("{rel}: {e}")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::io::Write;

    const BOUNDS: Bounds = Bounds {
        max_total_bytes: 1 << 20,
        max_entries: 100,
    };

    fn entry(
        builder: &mut tar::Builder<impl Write>,
        name: &[u8],
        kind: tar::EntryType,
        data: &[u8],
    ) {
        let mut header = tar::Header::new_old();
        header.as_old_mut().name[..name.len()].copy_from_slice(name);
        header.set_entry_type(kind);
        header.set_size(data.len() as u64);
        header.set_mode(0o755);
        header.set_cksum();
        builder.append(&header, data).unwrap();
    }

    fn hostile_tgz() -> Vec<u8> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut b = tar::Builder::new(gz);
        entry(
            &mut b,
            b"pkg-1.0/setup.py",
            tar::EntryType::Regular,
            b"print(1)\n",
        );
        entry(
            &mut b,
            b"pkg-1.0/pkg/__init__.py",
            tar::EntryType::Regular,
            b"",
        );
        entry(
            &mut b,
            b"pkg-1.0/../../escape",
            tar::EntryType::Regular,
            b"x",
        );
        entry(&mut b, b"/abs", tar::EntryType::Regular, b"x");
        entry(&mut b, b"pkg-1.0/link", tar::EntryType::Symlink, b"");
        b.into_inner().unwrap().finish().unwrap()
    }

    #[test]
    fn tar_gz_keeps_plain_files_only_and_strips_the_top_folder() {
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("out");
        let out = unpack(&hostile_tgz(), &dest, &BOUNDS).unwrap();
        assert_eq!(out.files, 2);
        assert_eq!(fs::read(dest.join("setup.py")).unwrap(), b"print(1)\n");
        assert!(dest.join("pkg/__init__.py").is_file());
        assert!(!root.path().join("escape").exists());
        assert!(fs::symlink_metadata(dest.join("link")).is_err());
        let why = out.skipped.join("\n");
        assert!(why.contains("climbs out"), "{why}");
        assert!(why.contains("absolute"), "{why}");
        assert!(why.contains("link: not a regular file"), "{why}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dest.join("setup.py"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    #[test]
    fn zip_refuses_escapes() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("a/ok.py", options).unwrap();
        zip.write_all(b"ok").unwrap();
        zip.start_file("../evil.py", options).unwrap();
        zip.write_all(b"bad").unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let root = tempfile::tempdir().unwrap();
        let out = unpack(&bytes, &root.path().join("out"), &BOUNDS).unwrap();
        assert_eq!(out.files, 1);
        // The single top folder `a/` is taken off.
        assert!(root.path().join("out/ok.py").is_file());
        assert!(!root.path().join("evil.py").exists());
    }

    #[test]
    fn bounds_fail_the_unpack() {
        let root = tempfile::tempdir().unwrap();
        let tiny = Bounds {
            max_total_bytes: 4,
            max_entries: 100,
        };
        assert!(unpack(&hostile_tgz(), &root.path().join("a"), &tiny).is_err());
        let few = Bounds {
            max_total_bytes: 1 << 20,
            max_entries: 1,
        };
        assert!(unpack(&hostile_tgz(), &root.path().join("b"), &few).is_err());
        assert!(unpack(b"plain text", &root.path().join("c"), &BOUNDS).is_err());
    }
}

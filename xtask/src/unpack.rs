//! Unpacks an untrusted package archive (npm `.tgz`, PyPI sdist `.tar.gz` or `.zip`) into a fresh folder,
//! reading it as bytes and nothing more.
//!
//! Only regular files and folders come out. Symlinks, hard links, devices, FIFOs and other special entries
//! are skipped and noted; so are names that are absolute, carry a `..` component, a NUL byte or are not
//! UTF-8. The first path component is stripped, as npm and pip do (`package/`, `name-version/`). Files are
//! created with mode `0644` (never executable), and the total size, the decompressed stream and the entry
//! count are bounded, so a decompression bomb ends as an error rather than a full disk.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes written to disk, all files together.
    pub max_total_bytes: u64,
    /// Entries in the archive, counting skipped ones.
    pub max_entries: usize,
    /// Bytes read out of the gzip stream (headers and skipped entries included).
    pub max_stream_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 1 << 30,
            max_entries: 200_000,
            max_stream_bytes: (1 << 30) + (256 << 20),
        }
    }
}

/// What an unpack wrote, and what it left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Unpacked {
    pub files: usize,
    pub bytes: u64,
    /// One line per entry left out: `name: why`.
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    TarGz,
    Zip,
}

/// Tells the format from the first bytes, never from the name.
pub fn sniff(prefix: &[u8]) -> Option<Format> {
    if prefix.starts_with(&[0x1f, 0x8b]) {
        Some(Format::TarGz)
    } else if prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else {
        None
    }
}

/// Unpacks `archive` into `dest`, which must not exist yet. On error, `dest` may hold a part of the
/// archive: the caller removes it.
pub fn unpack_file(archive: &Path, dest: &Path, limits: &Limits) -> Result<Unpacked, String> {
    let mut file =
        File::open(archive).map_err(|e| format!("cannot open {}: {e}", archive.display()))?;
    let mut prefix = [0u8; 4];
    let n = read_prefix(&mut file, &mut prefix)
        .map_err(|e| format!("cannot read {}: {e}", archive.display()))?;
    file.seek(SeekFrom::Start(0))
        .map_err(|e| format!("cannot read {}: {e}", archive.display()))?;
    fs::create_dir(dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    match sniff(&prefix[..n]) {
        Some(Format::TarGz) => unpack_tar_gz(file, dest, limits),
        Some(Format::Zip) => unpack_zip(file, dest, limits),
        None => Err("not a gzip'd tar nor a zip archive".to_string()),
    }
}

fn read_prefix(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// A reader that fails, rather than ends, once more than `limit` bytes went through.
struct Bounded<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => Err(io::Error::other(
                "the decompressed archive is over the size limit",
            )),
        }
    }
}

pub fn unpack_tar_gz<R: Read>(reader: R, dest: &Path, limits: &Limits) -> Result<Unpacked, String> {
    let stream = Bounded {
        inner: flate2::read::GzDecoder::new(reader),
        left: limits.max_stream_bytes,
    };
    unpack_tar(stream, dest, limits)
}

pub fn unpack_tar<R: Read>(reader: R, dest: &Path, limits: &Limits) -> Result<Unpacked, String> {
    use tar::EntryType;
    let mut archive = tar::Archive::new(reader);
    let mut out = Unpacked::default();
    let mut budget = limits.max_total_bytes;
    let entries = archive
        .entries()
        .map_err(|e| format!("reading the tar: {e}"))?;
    for (index, entry) in entries.enumerate() {
        if index >= limits.max_entries {
            return Err(format!("more than {} entries", limits.max_entries));
        }
        let mut entry = entry.map_err(|e| format!("reading the tar: {e}"))?;
        let kind = entry.header().entry_type();
        if matches!(
            kind,
            EntryType::XGlobalHeader
                | EntryType::XHeader
                | EntryType::GNULongName
                | EntryType::GNULongLink
        ) {
            continue; // metadata for other entries, already applied by the reader
        }
        let raw = entry.path_bytes().into_owned();
        let shown = String::from_utf8_lossy(&raw).into_owned();
        let rel = match safe_relative(&raw) {
            Ok(Some(rel)) => rel,
            Ok(None) => continue,
            Err(why) => {
                out.skipped.push(format!("{shown}: {why}"));
                continue;
            }
        };
        match kind {
            EntryType::Directory => make_dir(dest, &rel, &shown, &mut out),
            EntryType::Regular | EntryType::Continuous => {
                write_file(&mut entry, dest, &rel, &shown, &mut budget, &mut out)?;
            }
            EntryType::Symlink => out.skipped.push(format!("{shown}: symlink")),
            EntryType::Link => out.skipped.push(format!("{shown}: hard link")),
            EntryType::Char | EntryType::Block => out.skipped.push(format!("{shown}: device")),
            EntryType::Fifo => out.skipped.push(format!("{shown}: FIFO")),
            other => out
                .skipped
                .push(format!("{shown}: unsupported entry type {:?}", other)),
        }
    }
    Ok(out)
}

pub fn unpack_zip<R: Read + Seek>(
    reader: R,
    dest: &Path,
    limits: &Limits,
) -> Result<Unpacked, String> {
    const S_IFMT: u32 = 0o170_000;
    const S_IFREG: u32 = 0o100_000;
    const S_IFDIR: u32 = 0o040_000;
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| format!("reading the zip: {e}"))?;
    if archive.len() > limits.max_entries {
        return Err(format!("more than {} entries", limits.max_entries));
    }
    let mut out = Unpacked::default();
    let mut budget = limits.max_total_bytes;
    for index in 0..archive.len() {
        let mut entry = match archive.by_index(index) {
            Ok(entry) => entry,
            Err(e) => {
                out.skipped.push(format!("entry #{index}: {e}"));
                continue;
            }
        };
        let raw = entry.name_raw().to_vec();
        let shown = String::from_utf8_lossy(&raw).into_owned();
        let rel = match safe_relative(&raw) {
            Ok(Some(rel)) => rel,
            Ok(None) => continue,
            Err(why) => {
                out.skipped.push(format!("{shown}: {why}"));
                continue;
            }
        };
        let file_type = entry.unix_mode().map(|mode| mode & S_IFMT).unwrap_or(0);
        if entry.is_symlink() {
            out.skipped.push(format!("{shown}: symlink"));
        } else if file_type != 0 && file_type != S_IFREG && file_type != S_IFDIR {
            out.skipped.push(format!("{shown}: special file"));
        } else if entry.is_dir() {
            make_dir(dest, &rel, &shown, &mut out);
        } else if entry.encrypted() {
            out.skipped.push(format!("{shown}: encrypted"));
        } else {
            write_file(&mut entry, dest, &rel, &shown, &mut budget, &mut out)?;
        }
    }
    Ok(out)
}

/// The entry's name as a path under the unpack folder, without its first component; `Ok(None)` for the
/// top folder itself; `Err(why)` for a name that must not be written anywhere.
pub fn safe_relative(raw: &[u8]) -> Result<Option<PathBuf>, String> {
    let name = std::str::from_utf8(raw).map_err(|_| "name is not UTF-8".to_string())?;
    if name.contains('\0') {
        return Err("name has a NUL byte".to_string());
    }
    let bytes = name.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if name.starts_with('/') || name.starts_with('\\') || drive {
        return Err("absolute path".to_string());
    }
    let mut parts = Vec::new();
    for part in name.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err("`..` in path".to_string()),
            part => parts.push(part),
        }
    }
    if parts.len() < 2 {
        return Ok(None);
    }
    Ok(Some(parts[1..].iter().collect()))
}

fn make_dir(dest: &Path, rel: &Path, shown: &str, out: &mut Unpacked) {
    if let Err(e) = fs::create_dir_all(dest.join(rel)) {
        out.skipped
            .push(format!("{shown}: cannot create folder: {e}"));
    }
}

/// Writes one regular file. Problems with this file alone are noted; a blown size budget (or a read error,
/// which leaves the archive stream in an unknown place) fails the whole unpack.
fn write_file(
    reader: &mut impl Read,
    dest: &Path,
    rel: &Path,
    shown: &str,
    budget: &mut u64,
    out: &mut Unpacked,
) -> Result<(), String> {
    let path = dest.join(rel);
    if let Some(parent) = path.parent() {
        if let Err(e) = fs::create_dir_all(parent) {
            out.skipped
                .push(format!("{shown}: cannot create folder: {e}"));
            return Ok(());
        }
    }
    // Only this code writes under `dest`, and it makes no links; refuse anything but a plain file anyway.
    if let Ok(meta) = fs::symlink_metadata(&path) {
        if !meta.is_file() {
            out.skipped
                .push(format!("{shown}: clashes with an earlier entry"));
            return Ok(());
        }
    }
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o644);
    }
    let mut file = match options.open(&path) {
        Ok(file) => file,
        Err(e) => {
            out.skipped.push(format!("{shown}: cannot create: {e}"));
            return Ok(());
        }
    };
    let copied = io::copy(&mut reader.take(budget.saturating_add(1)), &mut file)
        .map_err(|e| format!("{shown}: {e}"))?;
    if copied > *budget {
        return Err(format!("unpacked size over the limit, at {shown}"));
    }
    *budget -= copied;
    out.files += 1;
    out.bytes += copied;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn tar_entry(
        builder: &mut tar::Builder<impl Write>,
        name: &[u8],
        kind: tar::EntryType,
        data: &[u8],
    ) {
        // Raw name bytes: `Header::set_path` would refuse the hostile names this test needs.
        let mut header = tar::Header::new_old();
        header.as_old_mut().name[..name.len()].copy_from_slice(name);
        header.set_entry_type(kind);
        header.set_size(data.len() as u64);
        header.set_mode(0o755);
        if kind == tar::EntryType::Symlink {
            header.as_old_mut().linkname[..11].copy_from_slice(b"/etc/passwd");
        }
        header.set_cksum();
        builder.append(&header, data).unwrap();
    }

    fn hostile_tar_gz() -> Vec<u8> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut builder = tar::Builder::new(gz);
        tar_entry(&mut builder, b"package/", tar::EntryType::Directory, b"");
        tar_entry(
            &mut builder,
            b"package/package.json",
            tar::EntryType::Regular,
            b"{\"name\":\"x\"}",
        );
        tar_entry(
            &mut builder,
            b"package/lib/index.js",
            tar::EntryType::Regular,
            b"module.exports = 1;\n",
        );
        tar_entry(&mut builder, b"../evil", tar::EntryType::Regular, b"pwned");
        tar_entry(
            &mut builder,
            b"package/../../evil2",
            tar::EntryType::Regular,
            b"pwned",
        );
        tar_entry(
            &mut builder,
            b"/tmp/abs-evil",
            tar::EntryType::Regular,
            b"pwned",
        );
        tar_entry(&mut builder, b"package/link", tar::EntryType::Symlink, b"");
        tar_entry(&mut builder, b"package/hard", tar::EntryType::Link, b"");
        tar_entry(&mut builder, b"package/dev", tar::EntryType::Char, b"");
        builder.into_inner().unwrap().finish().unwrap()
    }

    fn assert_only_safe_files(root: &Path, out: &Unpacked) {
        let dest = root.join("out");
        assert_eq!(
            fs::read_to_string(dest.join("package.json")).unwrap(),
            "{\"name\":\"x\"}"
        );
        assert!(dest.join("lib/index.js").is_file());
        assert_eq!(out.files, 2);
        // Nothing escaped the folder, nothing that isn't a plain file or folder was made.
        assert!(!root.join("evil").exists());
        assert!(!root.join("evil2").exists());
        assert!(!dest.join("evil").exists());
        assert!(!Path::new("/tmp/abs-evil").exists());
        assert!(fs::symlink_metadata(dest.join("link")).is_err());
        assert!(fs::symlink_metadata(dest.join("hard")).is_err());
        assert!(fs::symlink_metadata(dest.join("dev")).is_err());
        let reasons = out.skipped.join("\n");
        assert!(reasons.contains("../evil: `..` in path"), "{reasons}");
        assert!(
            reasons.contains("/tmp/abs-evil: absolute path"),
            "{reasons}"
        );
        assert!(reasons.contains("link: symlink"), "{reasons}");
    }

    #[test]
    fn tar_gz_keeps_plain_files_and_refuses_escapes_and_links() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("out")).unwrap();
        let out = unpack_tar_gz(
            Cursor::new(hostile_tar_gz()),
            &root.path().join("out"),
            &Limits::default(),
        )
        .unwrap();
        assert_only_safe_files(root.path(), &out);
        assert!(out.skipped.join("\n").contains("hard: hard link"));
        assert!(out.skipped.join("\n").contains("dev: device"));
        assert_eq!(out.skipped.len(), 6, "{:?}", out.skipped);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_never_executable() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let archive = root.path().join("a.tgz");
        fs::write(&archive, hostile_tar_gz()).unwrap();
        let dest = root.path().join("out");
        unpack_file(&archive, &dest, &Limits::default()).unwrap();
        let mode = fs::metadata(dest.join("lib/index.js"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0, "mode {mode:o}");
    }

    fn hostile_zip() -> Vec<u8> {
        use zip::write::SimpleFileOptions;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        writer.add_directory("pkg-1.0/", options).unwrap();
        writer.start_file("pkg-1.0/package.json", options).unwrap();
        writer.write_all(b"{\"name\":\"x\"}").unwrap();
        writer.start_file("pkg-1.0/lib/index.js", options).unwrap();
        writer.write_all(b"module.exports = 1;\n").unwrap();
        writer.start_file("../evil", options).unwrap();
        writer.write_all(b"pwned").unwrap();
        writer.start_file("pkg-1.0/..\\..\\evil2", options).unwrap();
        writer.write_all(b"pwned").unwrap();
        writer.start_file("/tmp/abs-evil", options).unwrap();
        writer.write_all(b"pwned").unwrap();
        writer
            .add_symlink("pkg-1.0/link", "/etc/passwd", options)
            .unwrap();
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_keeps_plain_files_and_refuses_escapes_and_links() {
        let root = tempfile::tempdir().unwrap();
        let archive = root.path().join("a.zip");
        fs::write(&archive, hostile_zip()).unwrap();
        let out = unpack_file(&archive, &root.path().join("out"), &Limits::default()).unwrap();
        assert_only_safe_files(root.path(), &out);
        assert_eq!(out.skipped.len(), 4, "{:?}", out.skipped);
    }

    #[test]
    fn size_and_entry_limits_fail_the_unpack() {
        let root = tempfile::tempdir().unwrap();
        let small = Limits {
            max_total_bytes: 10,
            ..Limits::default()
        };
        let err = unpack_tar_gz(Cursor::new(hostile_tar_gz()), root.path(), &small).unwrap_err();
        assert!(err.contains("over the limit"), "{err}");
        let few = Limits {
            max_entries: 2,
            ..Limits::default()
        };
        let err = unpack_tar_gz(Cursor::new(hostile_tar_gz()), root.path(), &few).unwrap_err();
        assert!(err.contains("more than 2 entries"), "{err}");
        let tiny_stream = Limits {
            max_stream_bytes: 600,
            ..Limits::default()
        };
        let err =
            unpack_tar_gz(Cursor::new(hostile_tar_gz()), root.path(), &tiny_stream).unwrap_err();
        assert!(err.contains("size limit"), "{err}");
    }

    #[test]
    fn names_are_checked_and_the_top_folder_stripped() {
        let ok = |name: &str| safe_relative(name.as_bytes()).unwrap();
        assert_eq!(ok("package/a/b.js"), Some(PathBuf::from("a/b.js")));
        assert_eq!(ok("./package/./a.js"), Some(PathBuf::from("a.js")));
        assert_eq!(ok("package/"), None);
        assert_eq!(ok("pax_global_header"), None);
        for bad in [
            "../x",
            "package/../../x",
            "package/..",
            "/etc/passwd",
            "\\x",
            "C:/x",
            "c:x",
            "a\0b/c",
        ] {
            assert!(safe_relative(bad.as_bytes()).is_err(), "{bad}");
        }
        assert!(safe_relative(b"pkg/\xff.js").is_err());
        assert_eq!(sniff(&[0x1f, 0x8b, 8, 0]), Some(Format::TarGz));
        assert_eq!(sniff(b"PK\x03\x04"), Some(Format::Zip));
        assert_eq!(sniff(b"<htm"), None);
    }
}

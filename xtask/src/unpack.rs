//! Unpacks an untrusted package archive (npm `.tgz`, PyPI sdist `.tar.gz` or `.zip`) into a fresh folder
//! for the benchmarks, reading it with the scanner's own archive reader (`skill-scan-archive`) and writing
//! out only the regular files it found.
//!
//! The reader never follows anything: symlinks, hard links, devices, FIFOs and names that are absolute or
//! carry a `..` component are listed as skipped, as is any archive nested inside (not opened here). The
//! single top folder (`package/`, `name-version/`) is taken off, as npm and pip do. Files are created with
//! mode `0644` (never executable), and the reader's limits on total size, entry count and compression ratio
//! turn a decompression bomb into an error rather than a full disk.

use skill_scan_archive::{read_archive_file_keeping, IssueKind};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes decompressed, all entries together.
    pub max_total_bytes: u64,
    /// Entries in the archive, counting skipped ones.
    pub max_entries: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 1 << 30,
            max_entries: 200_000,
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

/// Unpacks `archive` into `dest`, which must not exist yet. On error, `dest` may hold a part of the
/// archive: the caller removes it.
pub fn unpack_file(archive: &Path, dest: &Path, limits: &Limits) -> Result<Unpacked, String> {
    let reader_limits = skill_scan_archive::Limits {
        max_total_bytes: limits.max_total_bytes,
        max_entries: limits.max_entries,
        max_depth: 0,
        // Every regular file is written, whatever its size; the total bounds them all.
        max_file_size: limits.max_total_bytes,
        ..skill_scan_archive::Limits::default()
    };
    // Every file is kept in memory from the one listing pass: reading a tar.gz entry afterwards decompresses
    // the stream again from its start, so reading each file in turn costs the square of the archive (a
    // 17 MB botocore sdist read 27 GB that way). The total is bounded by `max_total_bytes`.
    let listing =
        read_archive_file_keeping(archive, &reader_limits, &|_| true).map_err(|e| e.to_string())?;
    if let Some(stop) = listing.issues.iter().find(|i| {
        matches!(
            i.kind,
            IssueKind::CompressionBomb
                | IssueKind::SizeLimit
                | IssueKind::EntryLimit
                | IssueKind::Unreadable
        )
    }) {
        return Err(stop.message.clone());
    }
    fs::create_dir(dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    let mut out = Unpacked::default();
    for skipped in &listing.walked.skipped {
        out.skipped
            .push(format!("{}: {}", skipped.path, skipped.reason));
    }
    for file in &listing.walked.files {
        // Names come normalised from the reader (no `..`, not absolute); nested-archive paths never
        // reach here because nothing nested is opened.
        let path = dest.join(&file.rel_path);
        let bytes = file.read(u64::MAX)?;
        if let Some(parent) = path.parent() {
            if let Err(e) = fs::create_dir_all(parent) {
                out.skipped
                    .push(format!("{}: cannot create folder: {e}", file.rel_path));
                continue;
            }
        }
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o644);
        }
        let written = options.open(&path).and_then(|mut f| f.write_all(&bytes));
        match written {
            Ok(()) => {
                out.files += 1;
                out.bytes += bytes.len() as u64;
            }
            Err(e) => out
                .skipped
                .push(format!("{}: cannot create: {e}", file.rel_path)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use std::path::Path;

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
        assert!(
            reasons.contains("../evil: a path that climbs out with `..`"),
            "{reasons}"
        );
        assert!(
            reasons.contains("/tmp/abs-evil: an absolute path"),
            "{reasons}"
        );
        assert!(
            reasons.contains("link: symbolic link to /etc/passwd"),
            "{reasons}"
        );
    }

    #[test]
    fn tar_gz_keeps_plain_files_and_refuses_escapes_and_links() {
        let root = tempfile::tempdir().unwrap();
        let archive = root.path().join("a.tgz");
        fs::write(&archive, hostile_tar_gz()).unwrap();
        let out = unpack_file(&archive, &root.path().join("out"), &Limits::default()).unwrap();
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
        let archive = root.path().join("a.tgz");
        fs::write(&archive, hostile_tar_gz()).unwrap();
        let small = Limits {
            max_total_bytes: 10,
            ..Limits::default()
        };
        let err = unpack_file(&archive, &root.path().join("o1"), &small).unwrap_err();
        assert!(err.contains("limit"), "{err}");
        let few = Limits {
            max_entries: 2,
            ..Limits::default()
        };
        let err = unpack_file(&archive, &root.path().join("o2"), &few).unwrap_err();
        assert!(err.contains("more than 2 entries"), "{err}");
        fs::write(&archive, b"<html>").unwrap();
        assert!(unpack_file(&archive, &root.path().join("o3"), &few).is_err());
    }
}

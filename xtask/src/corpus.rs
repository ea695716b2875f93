//! `cargo xtask corpus --dir DIR [--mirrors DIR] [--only SOURCE] [--set fresh|fresh3|fresh4|fresh5|fresh6]`: materialises the training
//! corpus of real malicious and benign packages and skills **outside the repository** (`DIR`, or
//! `$SKILL_SCAN_TRAINING`).
//!
//! Sources are pinned in `xtask/training-sources.tsv` (a git repository at a commit, read from a bare mirror
//! brought by the session's `fetch` tool, `MIRRORS/owner+name/repo`) and `xtask/training-benign.tsv`
//! (registry archives pinned by sha256). `--set fresh` builds the second, never-tuned-on batch instead
//! (`training-sources-2.tsv`, `training-benign-2.tsv`): a generalisation check kept in its own folder;
//! `--set fresh3` the third (`training-benign-3.tsv`, registry packages only), pinned once the second was
//! being tuned on; `--set fresh4` the fourth (`training-benign-4.tsv`, registry packages only), pinned at the
//! start of session 11 once the third had been looked at; `--set fresh5` the fifth (`training-benign-5.tsv`),
//! pinned at the start of session 13 before any change of that session; `--set fresh6` the sixth
//! (`training-benign-6.tsv`, 292 packages), pinned at the start of session 14 as a batch to tune on, so that
//! the third to fifth stay never-tuned checks.
//! Every name goes through the train / held-out split ([`crate::split`]) on the raw listing before anything
//! is stored. Git blobs are read as bytes ([`crate::gitobj`]); archives are unpacked in memory and every
//! file is written inert ([`crate::inert`]: mode 0644, no links, nothing outside its folder). Nothing is
//! checked out, installed, built, imported or run. `DIR/manifest.tsv` lists every target with the sha256 of
//! what it came from.

use crate::corpus_layout::Layout;
use crate::gitobj::{Mirror, TreeBlob};
use crate::inert::{write_inert, MAX_FILE_BYTES};
use crate::manifest::{self, Entry, Label};
use crate::memunpack::{self, Bounds};
use crate::registry::{self, Cache};
use crate::split::is_training;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const SOURCES_HEADER: &str = "source\tecosystem\tlabel\trepo\tcommit\tlayout";
/// Largest archive unpacked, and largest total of one target's files (bytes).
const MAX_TARGET_BYTES: u64 = 256 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    pub ecosystem: String,
    pub label: Label,
    /// `owner/name` on GitHub.
    pub repo: String,
    pub commit: String,
    pub layout: Layout,
}

pub fn parse_sources(text: &str) -> Result<Vec<Source>, String> {
    let mut rows = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    match rows.next() {
        Some((_, header)) if header == SOURCES_HEADER => {}
        _ => return Err("training sources: the header line is missing".to_string()),
    }
    let mut sources = Vec::new();
    for (index, line) in rows {
        let number = index + 1;
        let fields: Vec<&str> = line.split('\t').collect();
        let [id, ecosystem, label, repo, commit, layout] = fields[..] else {
            return Err(format!("sources line {number}: expected 6 fields"));
        };
        let label =
            Label::parse(label).ok_or_else(|| format!("sources line {number}: bad label"))?;
        let Some(layout) = Layout::parse(layout) else {
            return Err(format!("sources line {number}: unknown layout `{layout}`"));
        };
        if commit.len() != 40 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "sources line {number}: commit must be 40 hex digits"
            ));
        }
        let repo_ok = repo.split_once('/').is_some_and(|(o, n)| {
            !o.is_empty() && !n.is_empty() && !n.contains('/') && !repo.contains("..")
        });
        if !repo_ok {
            return Err(format!("sources line {number}: repo must be owner/name"));
        }
        sources.push(Source {
            id: id.to_string(),
            ecosystem: ecosystem.to_string(),
            label,
            repo: repo.to_string(),
            commit: commit.to_string(),
            layout,
        });
    }
    Ok(sources)
}

fn is_archive_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".tar.gz", ".tgz", ".whl", ".zip", ".tar", ".egg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// One target to build from git blobs: either one archive blob, or a set of plain blobs.
struct Plan {
    target: String,
    /// `(path below the target, blob)`; one entry with an empty path for an archive.
    blobs: Vec<(String, TreeBlob)>,
    archive: bool,
}

/// Groups the (already split) blobs of a source into targets.
fn plan_git(layout: &Layout, prefix: &str, repo_name: &str, blobs: Vec<TreeBlob>) -> Vec<Plan> {
    let mut plans: BTreeMap<String, Plan> = BTreeMap::new();
    match layout {
        Layout::NameArchives => {
            for blob in blobs {
                let Some((name, rest)) = blob.path.split_once('/') else {
                    continue;
                };
                let (target, rel, archive) = if is_archive_name(rest) {
                    (format!("{prefix}/{}", blob.path), String::new(), true)
                } else {
                    (format!("{prefix}/{name}/+files"), rest.to_string(), false)
                };
                let plan = plans.entry(target.clone()).or_insert(Plan {
                    target,
                    blobs: Vec::new(),
                    archive,
                });
                plan.blobs.push((rel, blob));
            }
        }
        Layout::Skills => {
            let roots: Vec<String> = blobs
                .iter()
                .filter_map(|b| {
                    let (dir, file) = b.path.rsplit_once('/')?;
                    (file == "SKILL.md").then(|| dir.to_string())
                })
                .collect();
            for blob in blobs {
                // The deepest skill folder holding the file.
                let Some(root) = roots
                    .iter()
                    .filter(|r| blob.path.starts_with(&format!("{r}/")))
                    .max_by_key(|r| r.len())
                else {
                    continue;
                };
                let rel = blob.path[root.len() + 1..].to_string();
                let target = format!("{prefix}/{root}");
                let plan = plans.entry(target.clone()).or_insert(Plan {
                    target,
                    blobs: Vec::new(),
                    archive: false,
                });
                plan.blobs.push((rel, blob));
            }
        }
        Layout::Dirs(_) | Layout::Paths(_) => {
            for blob in blobs {
                let Some((name, below)) = layout.folder_target(&blob.path, repo_name) else {
                    continue;
                };
                let (target, rel) = (format!("{prefix}/{name}"), below.to_string());
                let plan = plans.entry(target.clone()).or_insert(Plan {
                    target,
                    blobs: Vec::new(),
                    archive: false,
                });
                plan.blobs.push((rel, blob));
            }
        }
    }
    plans.into_values().collect()
}

/// The package name of a raw path of a `name/…` repository, the key the split is applied to.
pub fn package_of(path: &str) -> Option<&str> {
    path.split_once('/').map(|(name, _)| name)
}

fn hex(bytes: &[u8]) -> String {
    crate::fetch::hex(bytes)
}

fn materialise_git(source: &Source, mirrors: &Path, root: &Path) -> Result<Vec<Entry>, String> {
    let git_dir = mirrors.join(source.repo.replace('/', "+")).join("repo");
    let mirror = Mirror::open(&git_dir)?;
    mirror.has_commit(&source.commit)?;
    let layout = &source.layout;
    let repo_name = source.repo.rsplit('/').next().unwrap_or(&source.repo);
    let blobs = match layout {
        Layout::NameArchives => mirror.list(&source.commit, &|path| {
            package_of(path).is_some_and(is_training)
        })?,
        Layout::Skills => {
            // A skill is named by its folder: keep a file only if every folder on its way that holds a
            // SKILL.md is a training name. The roots are found from the paths of SKILL.md files alone.
            let skill_dirs = mirror.list(&source.commit, &|path| path.ends_with("/SKILL.md"))?;
            let roots: Vec<String> = skill_dirs
                .iter()
                .filter_map(|b| b.path.rsplit_once('/').map(|(d, _)| d.to_string()))
                .collect();
            mirror.list(&source.commit, &|path| {
                let mut held_out = false;
                let mut inside = false;
                for r in &roots {
                    if path.starts_with(&format!("{r}/")) {
                        inside = true;
                        let name = r.rsplit('/').next().unwrap_or(r);
                        held_out |= !is_training(name);
                    }
                }
                inside && !held_out
            })?
        }
        // MCP servers and listed folders: the split is applied to the target's folder name.
        Layout::Dirs(_) | Layout::Paths(_) => mirror.list(&source.commit, &|path| {
            layout
                .folder_target(path, repo_name)
                .is_some_and(|(name, _)| is_training(name))
        })?,
    };
    let prefix = format!("{}/{}", source.label, source.id);
    let out_dir = root.join(&prefix);
    if fs::symlink_metadata(&out_dir).is_ok() {
        fs::remove_dir_all(&out_dir)
            .map_err(|e| format!("cannot remove {}: {e}", out_dir.display()))?;
    }
    let plans = plan_git(layout, &prefix, repo_name, blobs);
    let mut batch = mirror.batch()?;
    let mut entries = Vec::new();
    let (mut missing, mut failed) = (0usize, 0usize);
    for plan in plans {
        let dest = crate::inert::safe_join(root, &plan.target)?;
        let origin_of = |b: &TreeBlob| format!("git:{}@{}:{}", source.repo, source.commit, b.path);
        if plan.archive {
            let (_, blob) = &plan.blobs[0];
            let Some(bytes) = batch.read(&blob.oid, MAX_TARGET_BYTES)? else {
                missing += 1;
                continue;
            };
            let sha = hex(&Sha256::digest(&bytes));
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            let bounds = Bounds {
                max_total_bytes: MAX_TARGET_BYTES,
                max_entries: 100_000,
            };
            match memunpack::unpack(&bytes, &dest, &bounds) {
                Ok(_) => entries.push(Entry {
                    label: source.label,
                    ecosystem: source.ecosystem.clone(),
                    source: source.id.clone(),
                    category: "-".to_string(),
                    target: plan.target.clone(),
                    sha256: sha,
                    origin: origin_of(blob),
                }),
                Err(_) => {
                    failed += 1;
                    let _ = fs::remove_dir_all(&dest);
                }
            }
            continue;
        }
        fs::create_dir_all(&dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
        let mut hashes = Vec::new();
        let mut total = 0u64;
        for (rel, blob) in &plan.blobs {
            let Some(bytes) = batch.read(&blob.oid, MAX_FILE_BYTES as u64)? else {
                missing += 1;
                continue;
            };
            total += bytes.len() as u64;
            if total > MAX_TARGET_BYTES {
                break;
            }
            hashes.push(format!("{}  {rel}", hex(&Sha256::digest(&bytes))));
            if write_inert(&dest, rel, &bytes).is_err() {
                failed += 1;
            }
        }
        if hashes.is_empty() {
            continue;
        }
        hashes.sort();
        let tree_path = plan.target[prefix.len() + 1..].to_string();
        entries.push(Entry {
            label: source.label,
            ecosystem: source.ecosystem.clone(),
            source: source.id.clone(),
            category: "-".to_string(),
            target: plan.target.clone(),
            sha256: hex(&Sha256::digest(hashes.join("\n").as_bytes())),
            origin: format!("git:{}@{}:{tree_path}/", source.repo, source.commit),
        });
    }
    eprintln!(
        "{}: {} targets ({missing} blobs absent from the mirror, {failed} archives or files refused)",
        source.id,
        entries.len()
    );
    Ok(entries)
}

/// The pinned benign registry packages in the training half, fetched (or found) in the archive cache
/// `DIR/registry/archives/<sha256>` and laid out in `DIR/benign/<ecosystem>/<name-version-hash>`.
fn materialise_benign(list: &Path, root: &Path, source: &str) -> Result<Vec<Entry>, String> {
    let Ok(text) = fs::read_to_string(list) else {
        eprintln!("warning: no {}, skipped", list.display());
        return Ok(Vec::new());
    };
    let pins = registry::parse_list(&text).map_err(|e| format!("{}: {e}", list.display()))?;
    let cache = Cache::open(&root.join("registry"))?;
    let http = crate::fetch::Http::new();
    let mut entries = Vec::new();
    for pin in pins.iter().filter(|p| is_training(&p.name)) {
        let target = format!("benign/{}/{}", pin.ecosystem, pin.slug());
        let dest = crate::inert::safe_join(root, &target)?;
        let laid_out = cache.archive(&http, pin).and_then(|(archive, _)| {
            if fs::symlink_metadata(&dest).is_ok() {
                fs::remove_dir_all(&dest).map_err(|e| format!("cannot remove: {e}"))?;
            }
            let bytes = fs::read(&archive).map_err(|e| format!("cannot read: {e}"))?;
            let bounds = Bounds {
                max_total_bytes: MAX_TARGET_BYTES,
                max_entries: 100_000,
            };
            memunpack::unpack(&bytes, &dest, &bounds)
        });
        match laid_out {
            Ok(_) => entries.push(Entry {
                label: Label::Benign,
                ecosystem: pin.ecosystem.to_string(),
                source: source.to_string(),
                category: "-".to_string(),
                target,
                sha256: pin.sha256.clone(),
                origin: format!("registry:{pin}"),
            }),
            Err(e) => {
                let _ = fs::remove_dir_all(&dest);
                eprintln!("warning: {pin}: {e}");
            }
        }
    }
    eprintln!("{}: {} benign targets", list.display(), entries.len());
    Ok(entries)
}

/// `path` made absolute, with `.` and `..` folded away without touching the disk.
fn lexical_absolute(path: &Path) -> Result<PathBuf, String> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("cannot read the current folder: {e}"))?
            .join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The training folder (`--dir`, else `$SKILL_SCAN_TRAINING`), created if missing. Refused inside the
/// workspace, checked before anything is created and again once links are resolved.
pub fn training_dir(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    let dir = flag
        .or_else(|| std::env::var_os("SKILL_SCAN_TRAINING").map(PathBuf::from))
        .ok_or("no training folder: pass --dir DIR or set SKILL_SCAN_TRAINING")?;
    let workspace = crate::workspace()
        .canonicalize()
        .map_err(|e| format!("cannot resolve the workspace: {e}"))?;
    let inside = "the training corpus holds live malware: keep it outside the repository";
    if lexical_absolute(&dir)?.starts_with(&workspace) {
        return Err(inside.into());
    }
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let dir = dir
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", dir.display()))?;
    if dir.starts_with(&workspace) {
        return Err(inside.into());
    }
    Ok(dir)
}

/// Which pinned batch `corpus` builds: the first (tuned on) or the fresh one (a generalisation check).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CorpusSet {
    First,
    Fresh,
    /// The third batch (session 10): registry packages only, pinned before the fresh batch was tuned on,
    /// so that it stays a never-tuned-on check once the second is not.
    Fresh3,
    /// The fourth batch (session 11): registry packages only, pinned before any change of that session.
    Fresh4,
    /// The fifth batch (session 13): registry packages only, pinned before any change of that session.
    Fresh5,
    /// The sixth batch (session 14): registry packages only, a batch to tune on, so that the third to fifth
    /// stay never tuned on.
    Fresh6,
}

impl CorpusSet {
    fn parse(text: &str) -> Result<Self, String> {
        match text {
            "first" => Ok(Self::First),
            "fresh" => Ok(Self::Fresh),
            "fresh3" => Ok(Self::Fresh3),
            "fresh4" => Ok(Self::Fresh4),
            "fresh5" => Ok(Self::Fresh5),
            "fresh6" => Ok(Self::Fresh6),
            other => Err(format!(
                "unknown set `{other}` (first, fresh, fresh3, fresh4, fresh5 or fresh6)"
            )),
        }
    }

    fn sources_file(self) -> &'static str {
        match self {
            Self::First => "training-sources.tsv",
            Self::Fresh => "training-sources-2.tsv",
            Self::Fresh3 => "training-sources-3.tsv",
            Self::Fresh4 => "training-sources-4.tsv",
            Self::Fresh5 => "training-sources-5.tsv",
            Self::Fresh6 => "training-sources-6.tsv",
        }
    }

    fn benign_files(self) -> &'static [&'static str] {
        match self {
            Self::First => &["benign-registry.tsv", "training-benign.tsv"],
            Self::Fresh => &["training-benign-2.tsv"],
            Self::Fresh3 => &["training-benign-3.tsv"],
            Self::Fresh4 => &["training-benign-4.tsv"],
            Self::Fresh5 => &["training-benign-5.tsv"],
            Self::Fresh6 => &["training-benign-6.tsv"],
        }
    }

    /// The manifest's source id of the set's registry packages.
    fn benign_source(self) -> &'static str {
        match self {
            Self::First => "benign-registry",
            Self::Fresh => "benign-registry-2",
            Self::Fresh3 => "benign-registry-3",
            Self::Fresh4 => "benign-registry-4",
            Self::Fresh5 => "benign-registry-5",
            Self::Fresh6 => "benign-registry-6",
        }
    }
}

pub fn run(args: &[String]) -> ExitCode {
    match run_inner(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: &[String]) -> Result<(), String> {
    if args.first().is_some_and(|a| a == "pin") {
        let (mut dir, mut names, mut out) = (None, None, None);
        let mut args = args[1..].iter();
        while let Some(arg) = args.next() {
            let value = args.next().map(PathBuf::from);
            match arg.as_str() {
                "--dir" => dir = value,
                "--names" => names = value,
                "--out" => out = value,
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        let root = training_dir(dir)?;
        let (Some(names), Some(out)) = (names, out) else {
            return Err("corpus pin needs --names FILE and --out FILE".to_string());
        };
        return crate::pin::run(&root, &names, &out);
    }
    let (mut dir, mut mirrors, mut only) = (None, PathBuf::from("/work/.mirror"), None);
    let mut set = CorpusSet::First;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--dir" => dir = Some(PathBuf::from(value()?)),
            "--mirrors" => mirrors = PathBuf::from(value()?),
            "--only" => only = Some(value()?),
            "--set" => set = CorpusSet::parse(&value()?)?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let root = training_dir(dir)?;
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sources_path = here.join(set.sources_file());
    let sources = parse_sources(
        &fs::read_to_string(&sources_path)
            .map_err(|e| format!("cannot read {}: {e}", sources_path.display()))?,
    )?;
    let manifest_path = root.join("manifest.tsv");
    let mut entries: Vec<Entry> = match fs::read_to_string(&manifest_path) {
        Ok(text) => manifest::parse(&text)?,
        Err(_) => Vec::new(),
    };
    let wanted = |id: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|w| w == id))
    };
    for source in sources.iter().filter(|s| wanted(&s.id)) {
        let built = materialise_git(source, &mirrors, &root)?;
        entries.retain(|e| e.source != source.id);
        entries.extend(built);
    }
    let benign_id = set.benign_source();
    if wanted(benign_id) {
        let mut built = Vec::new();
        for list in set.benign_files() {
            built.extend(materialise_benign(&here.join(list), &root, benign_id)?);
        }
        built.sort_by(|a, b| a.target.cmp(&b.target));
        built.dedup_by(|a, b| a.target == b.target);
        entries.retain(|e| e.source != benign_id);
        entries.extend(built);
    }
    entries.sort_by(|a, b| (&a.source, &a.target).cmp(&(&b.source, &b.target)));
    fs::write(&manifest_path, manifest::format(&entries))
        .map_err(|e| format!("cannot write {}: {e}", manifest_path.display()))?;
    eprintln!(
        "wrote {} ({} targets)",
        manifest_path.display(),
        entries.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(path: &str) -> TreeBlob {
        TreeBlob {
            path: path.to_string(),
            oid: "0".repeat(40),
            size: Some(1),
        }
    }

    #[test]
    fn name_archives_make_one_target_per_archive_and_one_for_loose_files() {
        let plans = plan_git(
            &Layout::NameArchives,
            "malicious/src",
            "repo",
            vec![
                blob("pkg/1.0/pkg-1.0.tar.gz"),
                blob("pkg/1.1/pkg-1.1.whl"),
                blob("pkg/1.1/setup.py"),
                blob("README.md"),
            ],
        );
        let targets: Vec<&str> = plans.iter().map(|p| p.target.as_str()).collect();
        assert_eq!(
            targets,
            [
                "malicious/src/pkg/+files",
                "malicious/src/pkg/1.0/pkg-1.0.tar.gz",
                "malicious/src/pkg/1.1/pkg-1.1.whl"
            ]
        );
        assert!(!plans[0].archive && plans[1].archive);
        assert_eq!(plans[0].blobs[0].0, "1.1/setup.py");
    }

    #[test]
    fn skills_are_folders_with_a_skill_md() {
        let plans = plan_git(
            &Layout::Skills,
            "benign/s",
            "repo",
            vec![
                blob("skills/one/SKILL.md"),
                blob("skills/one/scripts/run.py"),
                blob("skills/two/SKILL.md"),
                blob("README.md"),
            ],
        );
        let targets: Vec<&str> = plans.iter().map(|p| p.target.as_str()).collect();
        assert_eq!(targets, ["benign/s/skills/one", "benign/s/skills/two"]);
        assert_eq!(plans[0].blobs.len(), 2);
    }

    #[test]
    fn folder_layouts_make_one_target_per_listed_or_child_folder() {
        let dirs = Layout::parse("dirs:src").unwrap();
        let plans = plan_git(
            &dirs,
            "benign/m",
            "repo",
            vec![
                blob("src/alpha/server.py"),
                blob("src/alpha/pkg/tools.py"),
                blob("src/beta/index.ts"),
                blob("src/loose.md"),
                blob("docs/x.md"),
            ],
        );
        let targets: Vec<&str> = plans.iter().map(|p| p.target.as_str()).collect();
        assert_eq!(targets, ["benign/m/alpha", "benign/m/beta"]);
        assert_eq!(
            (plans[0].blobs[0].0.as_str(), plans[0].blobs[1].0.as_str()),
            ("server.py", "pkg/tools.py")
        );
        let paths = Layout::parse("paths:examples/poisoned;.").unwrap();
        assert_eq!(
            paths.folder_target("examples/poisoned/index.js", "repo"),
            Some(("poisoned", "index.js"))
        );
        assert_eq!(
            Layout::parse("paths:lab/x")
                .unwrap()
                .folder_target("lab/xy/a.js", "r"),
            None
        );
        assert_eq!(
            paths.folder_target("README.md", "repo"),
            Some(("repo", "README.md"))
        );
        for bad in [
            "dirs:",
            "dirs:.",
            "dirs:a/../b",
            "paths:",
            "paths:a;;b",
            "other:x",
        ] {
            assert_eq!(Layout::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_sources_and_refuses_bad_rows() {
        let good = format!(
            "{SOURCES_HEADER}\nsrc\tpypi\tmalicious\towner/name\t{}\tname-archives\n",
            "a".repeat(40)
        );
        let sources = parse_sources(&good).unwrap();
        assert_eq!(sources[0].layout, Layout::NameArchives);
        assert!(parse_sources(&good.replace("owner/name", "../x")).is_err());
        assert!(parse_sources(&good.replace(&"a".repeat(40), "abc")).is_err());
        assert!(parse_sources(&good.replace("name-archives", "other")).is_err());
    }

    #[test]
    fn the_committed_sources_parse() {
        let text = include_str!("../training-sources.tsv");
        assert!(!parse_sources(text).unwrap().is_empty());
        let fresh = parse_sources(include_str!("../training-sources-2.tsv")).unwrap();
        assert!(!fresh.is_empty());
        // The fresh batch is a generalisation check: none of its repositories may be one we tuned on.
        let first = parse_sources(text).unwrap();
        assert!(fresh.iter().all(|f| first.iter().all(|s| s.repo != f.repo)));
    }

    #[test]
    fn the_fresh_set_reads_its_own_files() {
        let fresh = CorpusSet::parse("fresh").unwrap();
        assert_eq!(fresh.sources_file(), "training-sources-2.tsv");
        assert_eq!(fresh.benign_files(), ["training-benign-2.tsv"]);
        assert_ne!(fresh.benign_source(), CorpusSet::First.benign_source());
        let third = CorpusSet::parse("fresh3").unwrap();
        assert_eq!(third.sources_file(), "training-sources-3.tsv");
        assert_eq!(third.benign_files(), ["training-benign-3.tsv"]);
        assert!(parse_sources(include_str!("../training-sources-3.tsv"))
            .unwrap()
            .is_empty());
        assert_ne!(third.benign_source(), fresh.benign_source());
        let fourth = CorpusSet::parse("fresh4").unwrap();
        assert_eq!(fourth.benign_files(), ["training-benign-4.tsv"]);
        assert!(parse_sources(include_str!("../training-sources-4.tsv"))
            .unwrap()
            .is_empty());
        assert_ne!(fourth.benign_source(), third.benign_source());
        let fifth = CorpusSet::parse("fresh5").unwrap();
        assert_eq!(fifth.benign_files(), ["training-benign-5.tsv"]);
        assert!(parse_sources(include_str!("../training-sources-5.tsv"))
            .unwrap()
            .is_empty());
        assert_ne!(fifth.benign_source(), fourth.benign_source());
        let sixth = CorpusSet::parse("fresh6").unwrap();
        assert_eq!(sixth.benign_files(), ["training-benign-6.tsv"]);
        assert!(parse_sources(include_str!("../training-sources-6.tsv"))
            .unwrap()
            .is_empty());
        assert_ne!(sixth.benign_source(), fifth.benign_source());
        assert!(CorpusSet::parse("second").is_err());
    }

    #[test]
    fn refuses_a_training_folder_inside_the_repository() {
        let workspace = crate::workspace().canonicalize().unwrap();
        let inside = workspace.join("target/training-test");
        assert!(training_dir(Some(inside.clone())).is_err());
        // Refused before anything is created.
        assert!(!inside.exists());
        let sneaky = workspace.join("target/../target/training-test");
        assert!(training_dir(Some(sneaky)).is_err());
        let outside = tempfile::tempdir().unwrap();
        let ok = training_dir(Some(outside.path().join("t"))).unwrap();
        assert!(ok.is_dir());
    }
}

/// End to end on a throwaway bare repository: a training name is laid out, a held-out name never is.
#[cfg(test)]
mod mirror_tests {
    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    fn git(dir: &Path, args: &[&str], input: Option<&[u8]>) -> String {
        let mut child = Command::new("git")
            .arg("--git-dir")
            .arg(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.unwrap_or_default())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn tgz(files: &[(&str, &[u8])]) -> Vec<u8> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut builder = tar::Builder::new(gz);
        for (name, data) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o755);
            builder.append_data(&mut header, name, *data).unwrap();
        }
        builder.into_inner().unwrap().finish().unwrap()
    }

    /// A tree object from `(mode, type, oid, name)` rows.
    fn tree(dir: &Path, rows: &[(&str, &str, String, &str)]) -> String {
        let text: String = rows
            .iter()
            .map(|(mode, kind, oid, name)| format!("{mode} {kind} {oid}\t{name}\n"))
            .collect();
        git(dir, &["mktree"], Some(text.as_bytes()))
    }

    #[test]
    fn lays_out_training_names_only_as_inert_files() {
        let tmp = tempfile::tempdir().unwrap();
        let mirrors = tmp.path().join("mirrors");
        let git_dir = mirrors.join("owner+repo/repo");
        fs::create_dir_all(&git_dir).unwrap();
        git(&git_dir, &["init", "--bare", "-q"], None);
        // "hello" is a training name (sha256 2cf2…), "bar" a held-out one (fcde…).
        assert!(is_training("hello") && !is_training("bar"));
        let archive = tgz(&[("hello-1.0/setup.py", b"print('x')\n")]);
        let blob = git(&git_dir, &["hash-object", "-w", "--stdin"], Some(&archive));
        let version = tree(
            &git_dir,
            &[("100644", "blob", blob.clone(), "hello-1.0.tar.gz")],
        );
        let hello = tree(&git_dir, &[("040000", "tree", version, "1.0")]);
        let held = tree(&git_dir, &[("100644", "blob", blob, "bar-1.0.tar.gz")]);
        let held = tree(&git_dir, &[("040000", "tree", held, "1.0")]);
        let root_tree = tree(
            &git_dir,
            &[
                ("040000", "tree", held, "bar"),
                ("040000", "tree", hello, "hello"),
            ],
        );
        let commit = git(&git_dir, &["commit-tree", &root_tree, "-m", "t"], None);
        let source = Source {
            id: "test-src".into(),
            ecosystem: "pypi".into(),
            label: Label::Malicious,
            repo: "owner/repo".into(),
            commit,
            layout: Layout::NameArchives,
        };
        let out = tmp.path().join("out");
        fs::create_dir_all(&out).unwrap();
        let entries = materialise_git(&source, &mirrors, &out).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            entries[0].target,
            "malicious/test-src/hello/1.0/hello-1.0.tar.gz"
        );
        assert_eq!(
            entries[0].sha256,
            crate::fetch::hex(&Sha256::digest(&archive))
        );
        let setup = out.join(&entries[0].target).join("setup.py");
        assert_eq!(fs::read(&setup).unwrap(), b"print('x')\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&setup).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
        assert!(!out.join("malicious/test-src/bar").exists());
        // Skills: one target per training-named folder with a SKILL.md, its files written inert.
        let md = git(
            &git_dir,
            &["hash-object", "-w", "--stdin"],
            Some(b"# A skill\n"),
        );
        let skill = tree(&git_dir, &[("100644", "blob", md.clone(), "SKILL.md")]);
        let held_skill = tree(&git_dir, &[("100644", "blob", md, "SKILL.md")]);
        let skills = tree(
            &git_dir,
            &[
                ("040000", "tree", held_skill, "bar"),
                ("040000", "tree", skill, "hello"),
            ],
        );
        let top = tree(&git_dir, &[("040000", "tree", skills, "skills")]);
        let skills_commit = git(&git_dir, &["commit-tree", &top, "-m", "s"], None);
        let skills_source = Source {
            id: "test-skills".into(),
            ecosystem: "skill".into(),
            label: Label::Benign,
            commit: skills_commit,
            layout: Layout::Skills,
            ..source.clone()
        };
        let entries = materialise_git(&skills_source, &mirrors, &out).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].target, "benign/test-skills/skills/hello");
        assert_eq!(
            fs::read(out.join("benign/test-skills/skills/hello/SKILL.md")).unwrap(),
            b"# A skill\n"
        );
        assert!(!out.join("benign/test-skills/skills/bar").exists());
        // A commit that is not in the mirror is an error, not an empty corpus.
        let missing = Source {
            commit: "0".repeat(40),
            ..source
        };
        assert!(materialise_git(&missing, &mirrors, &out).is_err());
    }
}

//! Projects as targets (issue #18): a lockfile or requirement set, an installed tree (`node_modules`,
//! `site-packages`, a folder of agent skills or of packages side by side) or an MCP client config is
//! expanded into the packages it installs or runs, each scanned with a verdict of its own; the project's
//! verdict is the worst of them.
//! The command line hands every target here ([`scan_all`]); a target that is none of these is scanned as
//! before.

mod cache_use;
mod changed;
mod eggs;
mod findings;
mod folder;
mod lockfile_scan;
mod loose;
mod mcp_clients;
mod plain;
mod resolve;
mod sarif;
mod table;
mod trees;

pub(crate) use sarif::point_dependencies_at_lockfiles;
pub(crate) use table::render_text;

use crate::inputs::scan_target;
use crate::registry_input::RegistryOptions;
use crate::{ScanOptions, Scanner};
use cache_use::ResultCache;
use clap::Args;
use lockfile_scan::{scan_lockfile, Context};
use rayon::prelude::*;
use skill_scan_cache::Cache;
use skill_scan_lockfile::Format;
use skill_scan_model::TargetReport;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Args)]
pub(crate) struct ProjectArgs {
    /// Scan FILE as a lockfile or requirement set whatever its name (package-lock.json, pnpm-lock.yaml,
    /// yarn.lock, requirements*.txt, poetry.lock, uv.lock, Pipfile.lock and pylock.toml are recognised by
    /// name when given as targets).
    #[arg(long, value_name = "FILE")]
    lockfile: Vec<PathBuf>,

    /// Requirements not pinned to one version: scan the newest release that matches instead of refusing.
    #[arg(long)]
    resolve: bool,

    /// Lockfiles: scan only the dependencies added or changed since this git ref (`git show REF:FILE`).
    #[arg(long, value_name = "REF")]
    changed_since: Option<String>,

    /// Keep scan results in a content cache and reuse them for packages whose bytes, rules and settings
    /// are unchanged. DIR defaults to `skill-scan` under the user's cache folder; config key `cache`.
    #[arg(long, value_name = "DIR", num_args = 0..=1, default_missing_value = "")]
    cache: Option<PathBuf>,

    /// Do not use the content cache, whatever the config says (`pre-commit` uses it by default).
    #[arg(long, conflicts_with = "cache")]
    no_cache: bool,

    /// The cache is on unless the user or the config says otherwise (the pre-commit hook).
    #[arg(skip)]
    cache_by_default: bool,

    /// Largest size the content cache may grow to (K, M, G suffixes).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = crate::units::parse_size)]
    cache_size: u64,
}

impl ProjectArgs {
    /// `--changed-since` when the user gave none (the pre-commit hook's staged lockfiles: `HEAD`).
    pub(crate) fn changed_since_or(&mut self, reference: Option<String>) {
        if self.changed_since.is_none() {
            self.changed_since = reference;
        }
    }

    /// Uses the content cache unless `--no-cache` or the config's `cache = false` turns it off.
    pub(crate) fn cache_by_default(&mut self) {
        self.cache_by_default = true;
    }

    /// The lockfiles named with `--lockfile`, as targets.
    pub(crate) fn extra_targets(&self) -> Vec<String> {
        self.lockfile
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    }
}

/// One dependency or installed package of a project, and how it came out.
pub(crate) struct Row {
    pub name: String,
    pub version: String,
    /// Its line in the lockfile or config, when it has one.
    pub line: Option<usize>,
    pub outcome: Result<TargetReport, String>,
    /// The result came from the content cache.
    pub cached: bool,
}

pub(crate) struct Project {
    pub target: String,
    /// What the target was read as (`package-lock.json`, `node_modules`, …).
    pub kind: String,
    pub rows: Vec<Row>,
}

/// A project's table once its reports are in the run's list: each row's report by index, or its error.
pub(crate) struct Table {
    pub target: String,
    pub kind: String,
    pub rows: Vec<TableRow>,
}

pub(crate) struct TableRow {
    pub name: String,
    pub version: String,
    pub line: Option<usize>,
    pub report: Result<usize, String>,
    pub cached: bool,
}

/// Everything a run produced.
pub(crate) struct Outcome {
    pub reports: Vec<TargetReport>,
    pub tables: Vec<Table>,
    /// One line each: targets or dependencies that could not be scanned (exit 2).
    pub errors: Vec<String>,
    /// Cache notes (corrupt entries ignored) and its hit counts.
    pub notes: Vec<String>,
}

/// What a target is, by its name and a look at its content.
enum Kind {
    Lockfile(Format),
    Tree(trees::TreeKind),
    McpConfig,
    Package,
}

fn kind_of(target: &str, forced_lockfile: bool) -> Kind {
    let path = Path::new(target);
    if skill_scan_registry::parse_spec(target).is_some() {
        return Kind::Package;
    }
    if path.is_file() {
        let head = read_head(path);
        if let Some(format) = Format::detect(path, &head) {
            return Kind::Lockfile(format);
        }
        if forced_lockfile {
            return Kind::Lockfile(sniff_format(&head));
        }
        if mcp_clients::is_client_config(path) {
            return Kind::McpConfig;
        }
        return Kind::Package;
    }
    match trees::tree_kind(path) {
        Some(tree) => Kind::Tree(tree),
        None => Kind::Package,
    }
}

/// The first 64 KiB, enough to tell formats apart.
fn read_head(path: &Path) -> String {
    use std::io::Read;
    let mut head = Vec::new();
    let _ = std::fs::File::open(path).and_then(|f| f.take(64 << 10).read_to_end(&mut head));
    String::from_utf8_lossy(&head).into_owned()
}

/// `--lockfile` on a file whose name says nothing: the format its content shows.
fn sniff_format(head: &str) -> Format {
    let trimmed = head.trim_start();
    if trimmed.starts_with('{') {
        if head.contains("\"_meta\"") {
            Format::PipfileLock
        } else {
            Format::NpmLock
        }
    } else if head.contains("__metadata:") {
        Format::YarnBerry
    } else if head.contains("# yarn lockfile v1") {
        Format::YarnClassic
    } else if head.contains("lockfileVersion") {
        Format::Pnpm
    } else if head.contains("[[packages]]") {
        Format::Pylock
    } else if head.contains("[[package]]") && head.contains("source = {") {
        Format::UvLock
    } else if head.contains("[[package]]") {
        Format::PoetryLock
    } else {
        Format::Requirements
    }
}

/// Scans every target, expanding projects; reports keep the order targets were given in.
#[allow(clippy::too_many_arguments)]
pub(crate) fn scan_all(
    scanner: &Scanner,
    targets: &[String],
    args: &ProjectArgs,
    registry: &RegistryOptions,
    options: &ScanOptions,
    cache_dir: Option<PathBuf>,
    policy_digest: Option<String>,
) -> Outcome {
    let mut notes = Vec::new();
    let cache = match (cache_dir, policy_digest) {
        (Some(dir), Some(policy)) => match Cache::open(&dir, args.cache_size.max(1 << 20)) {
            Ok(cache) => Some(ResultCache::new(
                cache,
                scanner.rules(),
                options,
                &policy,
                &format!("wheel:{}", registry.wheel),
            )),
            Err(e) => {
                notes.push(format!("{e}; scanning without the cache"));
                None
            }
        },
        (Some(_), None) => {
            notes.push("the content cache is not used with a baseline".to_string());
            None
        }
        (None, _) => None,
    };
    let ctx = Context {
        scanner,
        registry,
        options,
        cache: cache.as_ref(),
        resolve: args.resolve,
    };
    let forced: Vec<String> = args.extra_targets();
    let results: Vec<Result<Expanded, String>> = targets
        .par_iter()
        .map(|target| expand(&ctx, target, forced.contains(target), args))
        .collect();

    let mut outcome = Outcome {
        reports: Vec::new(),
        tables: Vec::new(),
        errors: Vec::new(),
        notes,
    };
    for result in results {
        match result {
            Ok(Expanded::One(report)) => outcome.reports.push(*report),
            Ok(Expanded::Project(project)) => {
                let mut rows = Vec::new();
                for row in project.rows {
                    let cell = match row.outcome {
                        Ok(report) => {
                            outcome.reports.push(report);
                            Ok(outcome.reports.len() - 1)
                        }
                        Err(why) => {
                            outcome.errors.push(why.clone());
                            Err(why)
                        }
                    };
                    rows.push(TableRow {
                        name: row.name,
                        version: row.version,
                        line: row.line,
                        report: cell,
                        cached: row.cached,
                    });
                }
                outcome.tables.push(Table {
                    target: project.target,
                    kind: project.kind,
                    rows,
                });
            }
            Err(why) => outcome.errors.push(why),
        }
    }
    if let Some(cache) = &cache {
        cache.finish();
        use std::sync::atomic::Ordering;
        if let Ok(mut corrupt) = cache.notes.lock() {
            outcome.notes.append(&mut corrupt);
        }
        outcome.notes.push(format!(
            "content cache {}: {} hit(s), {} miss(es)",
            cache_display(&ctx),
            cache.hits.load(Ordering::Relaxed),
            cache.misses.load(Ordering::Relaxed)
        ));
    }
    outcome
}

fn cache_display(ctx: &Context) -> String {
    ctx.cache
        .map(|c| c.dir().display().to_string())
        .unwrap_or_default()
}

enum Expanded {
    One(Box<TargetReport>),
    Project(Project),
}

fn expand(
    ctx: &Context,
    target: &str,
    forced_lockfile: bool,
    args: &ProjectArgs,
) -> Result<Expanded, String> {
    match kind_of(target, forced_lockfile) {
        Kind::Lockfile(format) => {
            let text = std::fs::read_to_string(target)
                .map_err(|e| format!("cannot read the lockfile {target}: {e}"))?;
            let previous = match &args.changed_since {
                Some(reference) => Some(changed::dependencies_at(
                    Path::new(target),
                    format,
                    reference,
                )?),
                None => None,
            };
            scan_lockfile(ctx, target, format, &text, previous.as_ref()).map(Expanded::Project)
        }
        Kind::Tree(tree) => trees::scan_tree(ctx, target, tree).map(Expanded::Project),
        Kind::McpConfig => mcp_clients::scan_config(ctx, target).map(Expanded::Project),
        Kind::Package => match ctx.cache {
            Some(cache) if skill_scan_registry::parse_spec(target).is_none() => {
                plain::scan_cached(ctx, cache, target)
            }
            _ => scan_target(ctx.scanner, target, ctx.registry, ctx.options)
                .map_err(|e| e.to_string()),
        }
        .map(|report| Expanded::One(Box::new(report))),
    }
}

/// The cache folder: `--cache DIR`, else `--cache` alone or the config's `cache = true` for the default
/// folder, else the config's `cache = "DIR"` (relative to the config file's folder); `None` when the cache
/// is off: `--no-cache`, the config's `cache = false`, or no word at all (unless the command uses the
/// cache by default, as `pre-commit` does).
pub(crate) fn cache_dir(
    args: &ProjectArgs,
    config: Option<&crate::config::Config>,
) -> Option<PathBuf> {
    use crate::config::CacheSetting;
    let default = || Cache::default_dir(&|key| std::env::var(key).ok());
    if args.no_cache {
        return None;
    }
    match (&args.cache, config.and_then(|c| c.cache.as_ref())) {
        (Some(dir), _) if !dir.as_os_str().is_empty() => Some(dir.clone()),
        (Some(_), _) | (None, Some(CacheSetting::On(true))) => default(),
        (None, Some(CacheSetting::Dir(dir))) => {
            let folder = config
                .and_then(|c| c.path.parent())
                .unwrap_or(Path::new(""));
            Some(folder.join(dir))
        }
        (None, Some(CacheSetting::On(false))) => None,
        (None, None) if args.cache_by_default => default(),
        (None, None) => None,
    }
}

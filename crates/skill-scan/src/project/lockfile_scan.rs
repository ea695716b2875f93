//! A lockfile or requirement set as a project: every dependency fetched from its registry, checked against
//! the lockfile's hash and the registry's, scanned (in parallel) with a verdict of its own. A dependency
//! that bypasses the registry (git, URL, another host) or whose download does not match the lockfile is a
//! finding at its line of the lockfile instead.

use super::cache_use::{hex, ResultCache};
use super::findings::SiteNotice;
use super::resolve::satisfies;
use super::{Project, Row};
use crate::registry_input::{release_notices, RegistryOptions};
use crate::{ScanOptions, Scanner};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use skill_scan_lockfile::{Dependency, Ecosystem as LockEcosystem, Format, Hash, Lockfile, Source};
use skill_scan_model::{ProjectCheckKind, TargetReport};
use skill_scan_registry::{redact, Ecosystem, Registry, Spec};
use std::collections::HashSet;
use std::path::Path;

/// Dependencies fetched and scanned at once.
const FETCH_THREADS: usize = 8;

pub(crate) struct Context<'a> {
    pub scanner: &'a Scanner,
    pub registry: &'a RegistryOptions,
    pub options: &'a ScanOptions,
    pub cache: Option<&'a ResultCache>,
    /// Resolve unpinned requirements to the newest matching release instead of refusing them.
    pub resolve: bool,
}

/// Reads `given` as a lockfile of `format` and scans its dependencies; with `previous` (the dependencies
/// of the lockfile at `--changed-since`), only those added or changed since.
pub(crate) fn scan_lockfile(
    ctx: &Context,
    given: &str,
    format: Format,
    text: &str,
    previous: Option<&HashSet<DependencyKey>>,
) -> Result<Project, String> {
    let lockfile = skill_scan_lockfile::parse_file(format, Path::new(given), text)
        .map_err(|e| format!("{given}: {e}"))?;
    let Lockfile {
        mut dependencies,
        unpinned,
        ..
    } = lockfile;
    let registry = Registry::new(ctx.registry.config.clone(), ctx.registry.timeout);
    let mut rows = Vec::new();
    if !unpinned.is_empty() {
        if !ctx.resolve {
            let lines: Vec<String> = unpinned
                .iter()
                .map(|u| {
                    format!(
                        "{given}:{}: `{}` is not pinned to one version",
                        u.line, u.text
                    )
                })
                .collect();
            return Err(format!(
                "{}\n  pin each requirement (name==version, ideally with --hash), or pass --resolve to scan the newest release that matches",
                lines.join("\n")
            ));
        }
        for requirement in &unpinned {
            match resolve_newest(&registry, ctx, &requirement.name, &requirement.specifier) {
                Ok(version) => dependencies.push(Dependency {
                    ecosystem: LockEcosystem::Pypi,
                    name: requirement.name.clone(),
                    version,
                    source: Source::Registry { url: None },
                    hashes: Vec::new(),
                    line: requirement.line,
                }),
                Err(why) => rows.push(Row::failed(&requirement.name, "", requirement.line, why)),
            }
        }
    }
    if let Some(previous) = previous {
        dependencies.retain(|dep| !previous.contains(&DependencyKey::of(dep)));
    }
    let file = Path::new(given)
        .file_name()
        .map_or_else(|| given.to_string(), |n| n.to_string_lossy().into_owned());
    let hosts = registry_hosts(ctx.registry);
    let work = || -> Vec<Row> {
        dependencies
            .par_iter()
            .map(|dep| scan_dependency(ctx, &registry, &hosts, given, &file, dep))
            .collect()
    };
    // Downloads wait on the network, not the CPU: more of them in flight than there are cores (each
    // thread downloads then scans, so at most this many archives are held at once).
    let scanned = match rayon::ThreadPoolBuilder::new()
        .num_threads(FETCH_THREADS)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    };
    rows.extend(scanned);
    rows.sort_by_key(|row| row.line);
    Ok(Project {
        target: given.to_string(),
        kind: format.as_str().to_string(),
        rows,
    })
}

/// What `--changed-since` compares: a dependency is the same when its name, version and source are.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct DependencyKey((LockEcosystem, String, String), String);

impl DependencyKey {
    pub(crate) fn of(dep: &Dependency) -> DependencyKey {
        let source = match &dep.source {
            Source::Registry { .. } => String::new(),
            Source::Git(s) | Source::Path(s) | Source::Url(s) => s.clone(),
        };
        DependencyKey(dep.identity(), source)
    }
}

fn scan_dependency(
    ctx: &Context,
    registry: &Registry,
    hosts: &[String],
    given: &str,
    file: &str,
    dep: &Dependency,
) -> Row {
    let notice = |kind: ProjectCheckKind, message: String, evidence: String| {
        let report = ctx.scanner.notice_report(
            given,
            &[SiteNotice {
                kind,
                file: file.to_string(),
                line: dep.line,
                message,
                evidence,
            }],
            ctx.options,
        );
        Row::judged(dep, report, false)
    };
    let label = dep.label();
    match &dep.source {
        Source::Git(url) => {
            return notice(
                ProjectCheckKind::DependencyFromGit,
                format!(
                    "{label} is installed from the git repository {}",
                    redact(url)
                ),
                redact(url),
            )
        }
        Source::Url(url) => {
            return notice(
                ProjectCheckKind::DependencyFromUrl,
                format!("{label} is installed from {} (not a registry)", redact(url)),
                redact(url),
            )
        }
        Source::Path(path) => {
            return notice(
                ProjectCheckKind::DependencyFromLocalPath,
                format!("{label} is installed from the local path {path}"),
                path.clone(),
            )
        }
        Source::Registry { url: Some(url) } => {
            let host = host_of(url);
            if !hosts.contains(&host) {
                return notice(
                    ProjectCheckKind::DependencyResolvedOffRegistry,
                    format!(
                        "{label} is a registry package, but the lockfile downloads it from {host}"
                    ),
                    redact(url),
                );
            }
        }
        Source::Registry { url: None } => {}
    }
    if dep.version.is_empty() {
        return Row::failed(
            &dep.name,
            "",
            dep.line,
            format!("{label}: no version in the lockfile"),
        );
    }
    let spec = Spec {
        ecosystem: match dep.ecosystem {
            LockEcosystem::Npm => Ecosystem::Npm,
            LockEcosystem::Pypi => Ecosystem::Pypi,
        },
        name: dep.name.clone(),
        version: Some(dep.version.clone()),
    };
    let target = spec.to_string();
    let pinned_key = ctx
        .cache
        .filter(|_| !dep.hashes.is_empty())
        .map(|cache| cache.key(&pinned_content(dep, ctx.registry.wheel)));
    if let (Some(cache), Some(key)) = (ctx.cache, &pinned_key) {
        if let Some(report) = cache.get(key, &target) {
            return Row::judged(dep, report, true);
        }
    }
    let fetched = registry
        .resolve(&spec, ctx.registry.wheel)
        .and_then(|release| {
            registry
                .download(&release)
                .map(|(bytes, verified)| (release, bytes, verified))
        });
    let (release, bytes, verified) = match fetched {
        Ok(fetched) => fetched,
        Err(why) => return Row::failed(&dep.name, &dep.version, dep.line, why.to_string()),
    };
    if skill_scan_lockfile::check(&dep.hashes, &bytes) == Some(false) {
        let pinned: Vec<String> = dep.hashes.iter().map(Hash::display).collect();
        return notice(
            ProjectCheckKind::LockfileHashMismatch,
            format!(
                "{label}: the registry serves {} (its own hash {verified} matches), but the lockfile pins {}",
                release.file_name,
                pinned.join(" or ")
            ),
            format!("sha256:{}", hex(&Sha256::digest(&bytes))),
        );
    }
    let notices = release_notices(&release, ctx.registry.now);
    let signal_ids: Vec<&str> = notices.iter().map(|n| n.detector).collect();
    let content_key = ctx.cache.map(|cache| {
        cache.key(&format!(
            "sha256:{} {} signals:{}",
            hex(&Sha256::digest(&bytes)),
            release.file_name,
            signal_ids.join(",")
        ))
    });
    if let (Some(cache), Some(key)) = (ctx.cache, &content_key) {
        if let Some(report) = cache.get(key, &target) {
            if let Some(pinned) = &pinned_key {
                cache.put(std::slice::from_ref(pinned), &report);
            }
            return Row::judged(dep, report, true);
        }
    }
    if let Some(cache) = ctx.cache {
        cache.count_miss();
    }
    match ctx
        .scanner
        .scan_downloaded(&target, &release, bytes, verified, notices, ctx.options)
    {
        Ok(report) => {
            if let Some(cache) = ctx.cache {
                let keys: Vec<_> = pinned_key.into_iter().chain(content_key).collect();
                cache.put(&keys, &report);
            }
            Row::judged(dep, report, false)
        }
        Err(err) => Row::failed(&dep.name, &dep.version, dep.line, err.to_string()),
    }
}

/// The cache's name for "the bytes this lockfile entry pins".
fn pinned_content(dep: &Dependency, wheel: bool) -> String {
    let mut hashes: Vec<String> = dep.hashes.iter().map(Hash::key).collect();
    hashes.sort();
    format!(
        "lock {} {} wheel:{wheel} {}",
        dep.label(),
        matches!(dep.ecosystem, LockEcosystem::Npm),
        hashes.join(",")
    )
}

/// The newest release of `name` and check that it meets `specifier`.
fn resolve_newest(
    registry: &Registry,
    ctx: &Context,
    name: &str,
    specifier: &str,
) -> Result<String, String> {
    let spec = Spec {
        ecosystem: Ecosystem::Pypi,
        name: name.to_string(),
        version: None,
    };
    let release = registry
        .resolve(&spec, ctx.registry.wheel)
        .map_err(|e| e.to_string())?;
    match satisfies(&release.version, specifier) {
        Some(true) => Ok(release.version),
        Some(false) => Err(format!(
            "{name}: the newest release {} does not meet `{specifier}`; pin the version to scan",
            release.version
        )),
        None => Err(format!(
            "{name}: `{specifier}` is not a specifier --resolve understands; pin the version to scan"
        )),
    }
}

/// The hosts a registry dependency may be downloaded from: the configured registries and the public ones.
fn registry_hosts(options: &RegistryOptions) -> Vec<String> {
    let mut hosts: Vec<String> = [
        "registry.npmjs.org",
        "registry.yarnpkg.com",
        "pypi.org",
        "files.pythonhosted.org",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    hosts.push(host_of(&options.config.npm));
    hosts.push(host_of(&options.config.pypi_json));
    hosts.extend(options.config.npm_scopes.values().map(|url| host_of(url)));
    hosts
}

/// The host (without user, password or port) of `url`, lower case, as the WHATWG URL parser (Node's,
/// so npm's) reads it; empty when `url` has none. Hand-splitting at `@` and `/` disagreed with installers
/// on backslashes and other odd spellings, and the host decides whether a download is off the registry.
pub(crate) fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .map(|host| {
            host.trim_start_matches('[')
                .trim_end_matches(']')
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

impl Row {
    pub(crate) fn judged(dep: &Dependency, report: TargetReport, cached: bool) -> Row {
        Row {
            name: if dep.name.is_empty() {
                dep.label()
            } else {
                dep.name.clone()
            },
            version: dep.version.clone(),
            line: Some(dep.line),
            outcome: Ok(report),
            cached,
        }
    }

    pub(crate) fn failed(name: &str, version: &str, line: usize, why: String) -> Row {
        Row {
            name: name.to_string(),
            version: version.to_string(),
            line: Some(line),
            outcome: Err(why),
            cached: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_taken_from_urls() {
        assert_eq!(
            host_of("https://registry.npmjs.org/a/-/a-1.tgz"),
            "registry.npmjs.org"
        );
        assert_eq!(host_of("http://user:pw@127.0.0.1:4873/a"), "127.0.0.1");
        assert_eq!(host_of("https://[::1]:8080/x"), "::1");
        assert_eq!(
            host_of("HTTPS://Mirror.Example.invalid"),
            "mirror.example.invalid"
        );
        // npm fetches this from registry.npmjs.org (a backslash ends the authority), not from the text
        // after the `@`.
        assert_eq!(
            host_of("https://registry.npmjs.org\\@evil.example.invalid/a.tgz"),
            "registry.npmjs.org"
        );
        assert_eq!(host_of("not a url"), "");
    }
}

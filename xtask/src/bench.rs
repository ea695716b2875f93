//! `cargo xtask bench`: how fast skill-scan is, against the physical floor of reading the bytes and
//! running the regexes once, measured in the same run: ripgrep searching the same files with the union
//! of the rules' regex patterns.
//!
//! Sets: a small skill (start-up dominates), the labelled corpus, a pinned set of large real packages
//! (`xtask/bench-packages.tsv`: typescript, axios, esbuild, a big minified bundle, botocore) one by one
//! and together, 5×/50×/250× hard-linked copies of a ~2 MB base to show cost grows with bytes, and "many
//! packages": the benign registry packages (`xtask/benign-registry.tsv`) side by side in one folder, as a
//! `node_modules` or `site-packages` is. Only the sets `--only` picks are prepared (fetched, unpacked).
//! Single pinned packages are also scanned by GuardDog, a peer scanner, when it can be installed.
//! Each measurement is the median of several runs (wall, CPU, peak RSS from `wait4`). Never a test.
//! A second baseline, ripgrep looking for one literal that never occurs, is the floor of reading the bytes.
//! The union-of-regexes baseline runs only with `--union`: its DFA blows up (5 s and 6 GiB of memory on a
//! three-file skill, over 40 s and 12 GiB on one package), so beating it says little and it made the whole
//! bench take the better part of an hour and most of the machine's memory.

use crate::peer;
use crate::registry::{self, Pinned};
use skill_scan_rules::{Matcher, RuleSet};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// What the floor run searches for: a literal no file holds, so ripgrep only reads and scans bytes.
const FLOOR_LITERAL: &str = "skill-scan-bench-floor-7f3a9c";

/// Longest a single ripgrep baseline run may take.
const RG_LIMIT: Duration = Duration::from_secs(120);

struct Options {
    runs: usize,
    /// Only sets whose name contains this.
    only: Option<String>,
    cache: PathBuf,
    /// Also time ripgrep with the union of the rule regexes (slow, memory-hungry; off by default).
    union: bool,
}

struct BenchSet {
    name: String,
    targets: Vec<PathBuf>,
}

/// One process run.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: Duration,
    peak_rss_kib: u64,
    exit: i32,
}

pub fn run(workspace: &Path, args: &[String]) -> ExitCode {
    let options = match parse_args(args) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("error: {e}\nusage: cargo xtask bench [--runs N] [--only SET] [--cache DIR] [--union]");
            return ExitCode::from(2);
        }
    };
    match bench(workspace, &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut runs = 5;
    let mut only = None;
    let mut cache =
        registry::default_cache().ok_or("no cache folder: set HOME or pass --cache DIR")?;
    let mut union = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--union" {
            union = true;
            continue;
        }
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--runs" => {
                runs = value
                    .parse()
                    .map_err(|_| format!("--runs takes a number, not {value:?}"))?
            }
            "--cache" => cache = PathBuf::from(value),
            "--only" => only = Some(value.clone()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    Ok(Options {
        runs,
        only,
        cache,
        union,
    })
}

/// What a set measures; its folders are prepared (fetched, unpacked, linked) only when it is measured.
enum Source {
    SmallSkill,
    Corpus,
    /// One pinned package of `xtask/bench-packages.tsv`.
    Package(Pinned),
    /// All of them at once.
    LargeSet,
    /// Hard-linked copies of the scaling base.
    Scaling(usize),
    /// The benign registry packages side by side in one folder, as a `node_modules` or `site-packages`.
    ManyPackages,
    /// The pinned packages scanned again with the content cache on (`--cache`), against the first scan.
    CacheRepeat,
}

/// Folders of packages already prepared in this run, by pin.
struct Prepared<'a> {
    cache: &'a Path,
    dirs: Vec<(Pinned, PathBuf)>,
}

impl Prepared<'_> {
    fn dirs(&mut self, pins: &[Pinned]) -> Result<Vec<PathBuf>, String> {
        let missing: Vec<Pinned> = pins
            .iter()
            .filter(|p| !self.dirs.iter().any(|(q, _)| q == *p))
            .cloned()
            .collect();
        if !missing.is_empty() {
            self.dirs
                .extend(registry::prepare_pins(missing, self.cache)?);
        }
        Ok(pins
            .iter()
            .filter_map(|p| self.dirs.iter().find(|(q, _)| q == p))
            .map(|(_, d)| d.clone())
            .collect())
    }
}

fn bench(workspace: &Path, options: &Options) -> Result<(), String> {
    eprintln!("building skill-scan (release)…");
    run_checked(
        Command::new(env!("CARGO"))
            .args(["build", "--release", "--quiet", "-p", "skill-scan"])
            .current_dir(workspace),
    )?;
    let skill_scan = workspace.join("target/release/skill-scan");
    let pinned = registry::read_list(&workspace.join("xtask/bench-packages.tsv"))?;
    let registry_pins = registry::read_list(&workspace.join("xtask/benign-registry.tsv"))?;
    let corpus = skill_scan::corpus::load_labels(&workspace.join("corpus"))?;
    let mut sets: Vec<(String, Source)> = vec![
        ("small skill".into(), Source::SmallSkill),
        (format!("corpus ({} samples)", corpus.len()), Source::Corpus),
    ];
    for pin in &pinned {
        sets.push((
            format!("{} {}", pin.name, pin.version),
            Source::Package(pin.clone()),
        ));
    }
    sets.push((
        format!("large set ({} packages)", pinned.len()),
        Source::LargeSet,
    ));
    for copies in [5usize, 50, 250] {
        sets.push((format!("scaling ×{copies}"), Source::Scaling(copies)));
    }
    sets.push((
        format!("many packages ({} registry packages)", registry_pins.len()),
        Source::ManyPackages,
    ));
    sets.push((
        format!("content cache, second scan ({} packages)", pinned.len()),
        Source::CacheRepeat,
    ));
    sets.retain(|(name, _)| {
        options
            .only
            .as_ref()
            .is_none_or(|only| name.contains(only.as_str()))
    });
    if sets.is_empty() {
        return Err(format!("no set's name contains {:?}", options.only));
    }
    let rg = ensure_ripgrep(&options.cache)?;
    let patterns = match options.union {
        true => Some(pattern_file(&rg, &options.cache)?),
        false => None,
    };
    // The peer is installed only when a set it is compared on is measured.
    let guarddog = sets
        .iter()
        .any(|(_, source)| matches!(source, Source::Package(_)))
        .then(|| peer::guarddog(&options.cache))
        .flatten();
    let mut prepared = Prepared {
        cache: &options.cache,
        dirs: Vec::new(),
    };
    // The scaling base: axios and esbuild, ~2.2 MB of ordinary package code (the minified bundle would
    // measure one huge file hundreds of times over); 5×, 50× and 250× copies give ~10, ~100, ~500 MB.
    let base: Vec<Pinned> = pinned
        .iter()
        .filter(|p| p.name == "axios" || p.name == "esbuild")
        .cloned()
        .collect();

    println!("| set | files | MiB | skill-scan wall | CPU | peak RSS | MiB/s | files/s | rg wall | rg peak RSS | skill-scan / rg | rg one literal, wall (CPU) | skill-scan / rg one literal | GuardDog wall | GuardDog CPU | skill-scan CPU / GuardDog CPU |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, source) in &sets {
        let targets = match source {
            Source::SmallSkill => vec![workspace.join("corpus/benign/skill/changelog-formatter")],
            Source::Corpus => corpus.iter().map(|s| s.path.clone()).collect(),
            Source::Package(pin) => prepared.dirs(std::slice::from_ref(pin))?,
            Source::LargeSet | Source::CacheRepeat => prepared.dirs(&pinned)?,
            Source::Scaling(copies) => {
                let dirs = prepared.dirs(&base)?;
                vec![linked_copies(
                    &options.cache.join("bench-scale"),
                    &dirs,
                    *copies,
                )?]
            }
            Source::ManyPackages => {
                let dirs = prepared.dirs(&registry_pins)?;
                vec![side_by_side(&options.cache.join("bench-many"), &dirs)?]
            }
        };
        let set = BenchSet {
            name: name.clone(),
            targets,
        };
        let (files, bytes) = size_of(&set.targets);
        let mut scan_args: Vec<OsString> = ["-q".into()]
            .into_iter()
            .chain(set.targets.iter().map(|t| t.clone().into_os_string()))
            .collect();
        // Sets over 100 MB are measured once (after a warm-up run): each run takes seconds. Sets under
        // 1 MiB take milliseconds, where one scheduling hiccup moves a median of five: they get more runs.
        let runs = if bytes > 100 << 20 {
            1
        } else if bytes < 1 << 20 {
            options.runs.max(SMALL_RUNS)
        } else {
            options.runs
        };
        let cold = match source {
            Source::CacheRepeat => {
                let (args, cold) = cached_scan_args(&skill_scan, &options.cache, &scan_args)?;
                scan_args = args;
                Some(cold)
            }
            _ => None,
        };
        // The physical floor: ripgrep reading the same files for one literal that never occurs.
        let mut floor_args: Vec<OsString> = [
            "--no-ignore",
            "--hidden",
            "--no-messages",
            "--count",
            "-F",
            "-e",
            FLOOR_LITERAL,
        ]
        .iter()
        .map(OsString::from)
        .collect();
        floor_args.extend(set.targets.iter().map(|t| t.clone().into_os_string()));
        // The scanner and the floor take turns, the same number of runs each.
        let measured =
            medians_taking_turns(runs, &[(&skill_scan, &scan_args), (&rg, &floor_args)])?;
        let (ours, floor) = (measured[0], measured[1]);
        if ours.exit == 2 {
            return Err(format!("skill-scan failed on {}", set.name));
        }
        let theirs = match &patterns {
            Some(patterns) => Some({
                let mut rg_args: Vec<OsString> =
                    ["--no-ignore", "--hidden", "--no-messages", "--count", "-f"]
                        .iter()
                        .map(OsString::from)
                        .collect();
                rg_args.push(patterns.clone().into_os_string());
                rg_args.extend(set.targets.iter().map(|t| t.clone().into_os_string()));
                // ripgrep with a hundred-odd alternated regexes can take minutes on large inputs; it is run once,
                // under a time limit, when the first run already shows that.
                let mut timed_args: Vec<OsString> = vec![
                    format!("{}", RG_LIMIT.as_secs()).into(),
                    rg.clone().into_os_string(),
                ];
                timed_args.extend(rg_args);
                let first = measure(Path::new("timeout"), &timed_args)?;
                if first.exit == 124 || first.wall > Duration::from_secs(20) {
                    first
                } else {
                    median_of(options.runs, Path::new("timeout"), &timed_args)?
                }
            }),
            None => None,
        };
        // The peer, on the same folder, for a single registry package (what GuardDog scans).
        let peer = match (source, &guarddog) {
            (Source::Package(pin), Some(guarddog)) => {
                let (program, args) = guarddog.command(pin.ecosystem, &set.targets[0]);
                let sample = median_of(options.runs.min(3), &program, &args)?;
                format!(
                    "{} | {} | {:.2}×",
                    ms(sample.wall),
                    ms(sample.cpu),
                    ours.cpu.as_secs_f64() / sample.cpu.as_secs_f64().max(1e-6)
                )
            }
            _ => "– | – | –".to_string(),
        };
        let mib = bytes as f64 / (1024.0 * 1024.0);
        let secs = ours.wall.as_secs_f64();
        let (rg_wall, rg_rss, ratio) = match theirs {
            None => ("–".to_string(), "–".to_string(), "–".to_string()),
            Some(theirs) if theirs.exit == 124 => (
                format!("> {} s (stopped)", RG_LIMIT.as_secs()),
                format!("{:.1} MiB", theirs.peak_rss_kib as f64 / 1024.0),
                format!("< {:.3}×", secs / RG_LIMIT.as_secs_f64()),
            ),
            Some(theirs) => (
                ms(theirs.wall),
                format!("{:.1} MiB", theirs.peak_rss_kib as f64 / 1024.0),
                format!("{:.2}×", secs / theirs.wall.as_secs_f64().max(1e-6)),
            ),
        };
        println!(
            "| {} | {files} | {mib:.1} | {} | {} | {:.1} MiB | {:.1} | {:.0} | {rg_wall} | {rg_rss} | {ratio} | {} ({}) | {:.1}× | {peer} |",
            set.name,
            ms(ours.wall),
            ms(ours.cpu),
            ours.peak_rss_kib as f64 / 1024.0,
            mib / secs,
            files as f64 / secs,
            ms(floor.wall),
            ms(floor.cpu),
            secs / floor.wall.as_secs_f64().max(1e-6),
        );
        if let Some(cold) = cold {
            println!(
                "| ↳ first scan, filling the cache | | | {} | {} | {:.1} MiB | second scan: {:.1} % of its wall, {:.1} % of its CPU | | | | | | | | | |",
                ms(cold.wall),
                ms(cold.cpu),
                cold.peak_rss_kib as f64 / 1024.0,
                100.0 * ours.wall.as_secs_f64() / cold.wall.as_secs_f64().max(1e-6),
                100.0 * ours.cpu.as_secs_f64() / cold.cpu.as_secs_f64().max(1e-6),
            );
        }
    }
    let union = match &patterns {
        Some(patterns) => format!(
            "rg searches the same files with the union of {} rule regexes ({})",
            count_lines(patterns),
            patterns.display()
        ),
        None => "the union-of-regexes columns need --union".to_string(),
    };
    println!("\nMedian of {} runs each ({SMALL_RUNS} for sets under 1 MiB; skill-scan and rg one literal take turns); {union}. Load average (1, 5, 15 min) at the end: {}.", options.runs, load_average());
    Ok(())
}

/// Runs of a set under 1 MiB (at least).
const SMALL_RUNS: usize = 21;

/// The arguments of a scan with the content cache on, in a folder emptied first, and the first (cold)
/// scan that fills it; the table's figures are then the second (warm) scans.
fn cached_scan_args(
    skill_scan: &Path,
    cache: &Path,
    scan_args: &[OsString],
) -> Result<(Vec<OsString>, Sample), String> {
    let folder = cache.join("bench-content-cache");
    let _ = fs::remove_dir_all(&folder);
    let mut args: Vec<OsString> = vec!["--cache".into(), folder.into_os_string()];
    args.extend(scan_args.iter().cloned());
    let cold = measure(skill_scan, &args)?;
    Ok((args, cold))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn count_lines(path: &Path) -> usize {
    fs::read_to_string(path)
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

fn run_checked(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed: {status}"))
    }
}

/// ripgrep from crates.io, built once into the cache (the one on `PATH` if there is none yet: building it
/// takes minutes on a busy machine, and the first figure should not wait for it).
fn ensure_ripgrep(cache: &Path) -> Result<PathBuf, String> {
    let root = cache.join("tools");
    let rg = root.join("bin/rg");
    if !rg.is_file() {
        let on_path = Command::new("rg")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if on_path {
            return Ok(PathBuf::from("rg"));
        }
        eprintln!("installing ripgrep into {} (once)…", root.display());
        run_checked(
            Command::new(env!("CARGO"))
                .args(["install", "--quiet", "--locked", "ripgrep", "--root"])
                .arg(&root),
        )?;
    }
    Ok(rg)
}

/// The rules' regexes, one per line, keeping those ripgrep accepts (it refuses patterns that could match
/// a line break, which line-oriented search cannot do).
fn pattern_file(rg: &Path, cache: &Path) -> Result<PathBuf, String> {
    let rules = RuleSet::embedded(&skill_scan::DETECTORS).map_err(|e| e.to_string())?;
    let mut accepted = Vec::new();
    for rule in &rules.rules {
        let Matcher::Regex { pattern, .. } = &rule.matcher else {
            continue;
        };
        let status = Command::new(rg)
            .args(["--quiet", "-e", &pattern.source, "--", "/dev/null"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run rg: {e}"))?;
        if status.code() != Some(2) {
            accepted.push(pattern.source.clone());
        }
    }
    let path = cache.join("bench-patterns.txt");
    fs::write(&path, accepted.join("\n") + "\n")
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// `copies` hard-linked copies of `sources` under one folder (hard links: no extra disk, same bytes read).
fn linked_copies(root: &Path, sources: &[PathBuf], copies: usize) -> Result<PathBuf, String> {
    // The folder is named for its sources too, so a changed base never reuses stale copies.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(sources, &mut hasher);
    let name = format!("x{copies}-{:016x}", std::hash::Hasher::finish(&hasher));
    let dir = root.join(&name);
    let done = root.join(format!("{name}.done"));
    if dir.is_dir() && done.is_file() {
        return Ok(dir);
    }
    let _ = fs::remove_dir_all(&dir);
    for copy in 0..copies {
        for (n, source) in sources.iter().enumerate() {
            link_tree(source, &dir.join(format!("copy{copy}/pkg{n}")))?;
        }
    }
    fs::write(&done, "").map_err(|e| e.to_string())?;
    Ok(dir)
}

fn link_tree(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            link_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            fs::hard_link(entry.path(), &target)
                .map_err(|e| format!("cannot link {}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// One folder holding each of `dirs` side by side (hard links again), as an installed tree of many packages.
fn side_by_side(root: &Path, dirs: &[PathBuf]) -> Result<PathBuf, String> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(dirs, &mut hasher);
    let name = format!("{:016x}", std::hash::Hasher::finish(&hasher));
    let dir = root.join(&name);
    let done = root.join(format!("{name}.done"));
    if dir.is_dir() && done.is_file() {
        return Ok(dir);
    }
    let _ = fs::remove_dir_all(&dir);
    for source in dirs {
        let folder = source
            .file_name()
            .ok_or_else(|| format!("{} has no folder name", source.display()))?;
        link_tree(source, &dir.join(folder))?;
    }
    fs::write(&done, "").map_err(|e| e.to_string())?;
    Ok(dir)
}

/// Regular files and their bytes under the targets (what both tools read).
fn size_of(targets: &[PathBuf]) -> (u64, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack: Vec<PathBuf> = targets.to_vec();
    while let Some(path) = stack.pop() {
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = fs::read_dir(&path) {
                stack.extend(entries.filter_map(Result::ok).map(|e| e.path()));
            }
        } else if meta.is_file() {
            files += 1;
            bytes += meta.len();
        }
    }
    (files, bytes)
}

/// `/proc/loadavg`'s first three fields: wall times mean little without the load they were taken at.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| "unknown".into())
}

fn median_of(runs: usize, program: &Path, args: &[OsString]) -> Result<Sample, String> {
    Ok(medians_taking_turns(runs, &[(program, args)])?[0])
}

/// Runs each command `runs` times, taking turns, so load that comes and goes weighs on each alike (the
/// scanner and its floor are then compared in the same moments); the median of each measure apart (the
/// median wall's run need not have the median CPU).
fn medians_taking_turns(
    runs: usize,
    commands: &[(&Path, &[OsString])],
) -> Result<Vec<Sample>, String> {
    let mut samples: Vec<Vec<Sample>> = vec![Vec::with_capacity(runs); commands.len()];
    for (program, args) in commands {
        measure(program, args)?; // warm the page cache
    }
    for _ in 0..runs {
        for ((program, args), own) in commands.iter().zip(&mut samples) {
            own.push(measure(program, args)?);
        }
    }
    Ok(samples
        .into_iter()
        .map(|mut own| {
            let middle = own.len() / 2;
            own.sort_by_key(|s| s.cpu);
            let cpu = own[middle].cpu;
            own.sort_by_key(|s| s.peak_rss_kib);
            let peak_rss_kib = own[middle].peak_rss_kib;
            own.sort_by_key(|s| s.wall);
            Sample {
                cpu,
                peak_rss_kib,
                ..own[middle]
            }
        })
        .collect())
}

/// Runs a program to completion and reads its own resource use from the kernel.
fn measure(program: &Path, args: &[OsString]) -> Result<Sample, String> {
    let started = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, so all-zero is a valid value for wait4 to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (std never waits unless asked), and both out-pointers
    // point at live locals.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if reaped != pid {
        return Err(format!("wait4 failed for {}", program.display()));
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    Ok(Sample {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        peak_rss_kib: usage.ru_maxrss as u64,
        exit: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_take_turns_and_each_gets_its_own_medians() {
        let quiet: Vec<OsString> = Vec::new();
        let failing: Vec<OsString> = ["-c", "exit 3"].iter().map(OsString::from).collect();
        let samples = medians_taking_turns(
            3,
            &[(Path::new("true"), &quiet), (Path::new("sh"), &failing)],
        )
        .unwrap();
        assert_eq!(samples.len(), 2);
        assert_eq!((samples[0].exit, samples[1].exit), (0, 3));
        assert!(samples.iter().all(|s| s.peak_rss_kib > 0));
        assert!(!load_average().is_empty());
    }

    #[test]
    fn arguments() {
        let options = parse_args(&[
            "--runs".into(),
            "3".into(),
            "--cache".into(),
            "/tmp/c".into(),
        ])
        .unwrap();
        assert_eq!(options.runs, 3);
        assert_eq!(options.cache, PathBuf::from("/tmp/c"));
        assert!(!options.union, "the union baseline is opt-in");
        let union = parse_args(&["--union".into(), "--only".into(), "axios".into()]).unwrap();
        assert!(union.union);
        assert_eq!(union.only.as_deref(), Some("axios"));
        assert!(parse_args(&["--runs".into(), "0".into()]).is_err());
        assert!(parse_args(&["--runs".into()]).is_err());
        assert!(parse_args(&["--fast".into(), "1".into()]).is_err());
    }

    #[test]
    fn measures_a_real_process() {
        let sample = measure(Path::new("/bin/sh"), &["-c".into(), "exit 3".into()]).unwrap();
        assert_eq!(sample.exit, 3);
        assert!(sample.peak_rss_kib > 0);
    }

    #[test]
    fn the_cache_row_starts_from_an_empty_cache_folder() {
        let cache = tempfile::tempdir().unwrap();
        let stale = cache.path().join("bench-content-cache/ab/stale");
        fs::create_dir_all(stale.parent().unwrap()).unwrap();
        fs::write(&stale, "old entry").unwrap();
        let (args, cold) = cached_scan_args(
            Path::new("/bin/true"),
            cache.path(),
            &["-q".into(), "dir".into()],
        )
        .unwrap();
        assert!(
            !stale.exists(),
            "an old cache would make the first scan warm"
        );
        assert_eq!(cold.exit, 0);
        assert_eq!(
            args,
            [
                OsString::from("--cache"),
                cache.path().join("bench-content-cache").into_os_string(),
                "-q".into(),
                "dir".into()
            ]
        );
    }

    #[test]
    fn copies_are_hard_links_with_the_same_bytes() {
        let source = tempfile::tempdir().unwrap();
        fs::create_dir_all(source.path().join("lib")).unwrap();
        fs::write(source.path().join("lib/a.js"), "x".repeat(100)).unwrap();
        let cache = tempfile::tempdir().unwrap();
        let dir = linked_copies(cache.path(), &[source.path().to_path_buf()], 3).unwrap();
        assert_eq!(size_of(&[dir]), (3, 300));
    }
}

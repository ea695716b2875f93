//! `cargo xtask simulate`: skill-scan at registry scale on loopback, with its faults.
//!
//! Starts `nats-server -js` (file storage, installed by `.ci/install-nats-server.sh` when missing), the
//! simulated registry and feeds of `sim_registry.rs`, `skill-scan feed` and N `skill-scan worker`
//! processes. Three quarters of a recorded day are published at once (throughput: packages per second,
//! and per CPU-second of the workers, which is per core), the last quarter at half that pace
//! (publish-to-verdict latency p50/p99). During the burst: a worker is killed with SIGKILL while it holds
//! the slow release, archive downloads answer 500 for 2.5 seconds, nats-server is restarted, and a
//! poison archive fails every delivery. Then it checks: every release has exactly one result, every
//! malicious one is blocked, the poison archive is dead-lettered (and only it), the killed worker's job was
//! redelivered and finished, the queue is empty. Exit 1 when a check fails.

use crate::sim_nats::{self, Observer, ResultEntry};
use crate::sim_registry::{self, Kind, Registry};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// npm changes per feed page.
const NPM_PAGE: usize = 500;
/// Jobs a feed stopped with SIGTERM and started again may queue a second time: PyPI releases of the second it
/// stored (it finishes its poll and stores its positions before it stops). One that started over would queue
/// every release so far again.
const RESUME_SLACK: usize = 20;

struct Args {
    versions: usize,
    malicious: usize,
    workers: usize,
    concurrency: usize,
    rate: f64,
    timeout: Duration,
    /// Workers sign every verdict, and every result's attestation is checked.
    sign: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args {
        versions: 3000,
        malicious: 8,
        workers: 2,
        concurrency: 2,
        rate: 0.0,
        timeout: Duration::from_secs(1200),
        sign: true,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<f64>()
                .map_err(|_| format!("{flag} {value}: not a number"))
        };
        match flag.as_str() {
            "--versions" => parsed.versions = number()? as usize,
            "--malicious" => parsed.malicious = number()? as usize,
            "--workers" => parsed.workers = number()? as usize,
            "--concurrency" => parsed.concurrency = number()? as usize,
            "--rate" => parsed.rate = number()?,
            "--timeout" => parsed.timeout = Duration::from_secs_f64(number()?.max(1.0)),
            "--sign" => parsed.sign = number()? != 0.0,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if parsed.versions < 40 || parsed.workers == 0 {
        return Err("--versions must be at least 40 and --workers at least 1".into());
    }
    Ok(parsed)
}

pub fn run(workspace: &Path, args: &[String]) -> ExitCode {
    let args = match parse(args) {
        Ok(args) => args,
        Err(why) => {
            eprintln!("error: {why}\nusage: cargo xtask simulate [--versions N] [--malicious N] [--workers N] [--concurrency N] [--rate PER_S] [--timeout S] [--sign 1|0]");
            return ExitCode::from(2);
        }
    };
    match simulate(workspace, &args) {
        Ok(failures) if failures.is_empty() => {
            println!("simulate: every check passed");
            ExitCode::SUCCESS
        }
        Ok(failures) => {
            for failure in &failures {
                println!("FAILED: {failure}");
            }
            ExitCode::from(1)
        }
        Err(why) => {
            eprintln!("error: {why}");
            ExitCode::from(2)
        }
    }
}

/// The processes the simulation started, stopped (by their ids) when it ends however it ends.
struct Procs {
    dir: PathBuf,
    bin: PathBuf,
    registry_base: String,
    nats_port: u16,
    nats: Option<Child>,
    workers: Vec<(usize, Child)>,
    feed: Option<Child>,
    lines: mpsc::Sender<(usize, String)>,
    concurrency: usize,
    next_worker: usize,
    /// The workers' signing key, when they sign.
    key: Option<PathBuf>,
}

impl Drop for Procs {
    fn drop(&mut self) {
        for (_, child) in &mut self.workers {
            let _ = child.kill();
            let _ = child.wait();
        }
        for child in self.feed.iter_mut().chain(self.nats.iter_mut()) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: kill(2) on the id of a child this process started and has not yet waited for.
    unsafe {
        libc::kill(child.id() as i32, sig);
    }
}

/// User plus system CPU seconds a live process has used so far (Linux `/proc`).
fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start at state: utime is the 12th of them.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
        .sum();
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    ticks / hz
}

impl Procs {
    fn nats_url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.nats_port)
    }

    fn start_nats(&mut self) -> Result<(), String> {
        let log =
            std::fs::File::create(self.dir.join("nats-server.log")).map_err(|e| e.to_string())?;
        let child = Command::new("nats-server")
            .args([
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                &self.nats_port.to_string(),
                "-sd",
            ])
            .arg(self.dir.join("jetstream"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start nats-server: {e}"))?;
        self.nats = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.nats_port)).is_err() {
            if Instant::now() > deadline {
                return Err("nats-server did not start listening".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }

    /// SIGTERM (a restart, as an operator or Kubernetes does it), then the same port and store again.
    fn restart_nats(&mut self) -> Result<(), String> {
        if let Some(mut child) = self.nats.take() {
            signal(&child, libc::SIGTERM);
            let _ = child.wait();
        }
        std::thread::sleep(Duration::from_millis(500));
        self.start_nats()
    }

    fn command(&self, sub: &str) -> Command {
        let home = self.dir.join("home");
        let mut command = Command::new(&self.bin);
        command
            .arg(sub)
            .args(["--server", &self.nats_url()])
            .args([
                "--ack-wait",
                "3",
                "--max-deliver",
                "6",
                "--duplicate-window",
                "3600",
            ])
            .env_clear()
            .env("HOME", &home)
            .env(
                "npm_config_registry",
                format!("{}/npm/", self.registry_base),
            )
            .env("PIP_INDEX_URL", format!("{}/simple", self.registry_base))
            .current_dir(&home)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        command
    }

    fn forward(&self, id: usize, child: &mut Child, log: &str) -> Result<(), String> {
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let mut file = std::fs::File::create(self.dir.join(log)).map_err(|e| e.to_string())?;
        let lines = self.lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = writeln!(file, "{line}");
                let _ = lines.send((id, line));
            }
        });
        Ok(())
    }

    fn start_worker(&mut self) -> Result<usize, String> {
        let id = self.next_worker;
        self.next_worker += 1;
        let mut command = self.command("worker");
        if let Some(key) = &self.key {
            command.arg("--key").arg(key);
        }
        let mut child = command
            .args(["--concurrency", &self.concurrency.to_string()])
            .args(["--backoff", "0.5", "--backoff-max", "4", "--grace", "5"])
            .args([
                "--http-timeout",
                "10",
                "--job-timeout",
                "60",
                "--name",
                &format!("w{id}"),
            ])
            .spawn()
            .map_err(|e| format!("cannot start a worker: {e}"))?;
        self.forward(id, &mut child, &format!("worker-{id}.log"))?;
        self.workers.push((id, child));
        Ok(id)
    }

    fn start_feed(&mut self, log: &str) -> Result<(), String> {
        let base = &self.registry_base;
        let mut child = self
            .command("feed")
            .args(["--npm-changes", &format!("{base}/feed/npm/_changes")])
            .args(["--pypi-rss", &format!("{base}/feed/pypi/updates.xml")])
            .args(["--skills", &format!("{base}/feed/skills/listing.json")])
            .args([
                "--interval",
                "0.2",
                "--npm-page",
                &NPM_PAGE.to_string(),
                "--http-timeout",
                "10",
            ])
            .spawn()
            .map_err(|e| format!("cannot start the feed: {e}"))?;
        self.forward(usize::MAX, &mut child, log)?;
        self.feed = Some(child);
        Ok(())
    }

    fn workers_cpu(&self) -> f64 {
        self.workers.iter().map(|(_, c)| cpu_seconds(c.id())).sum()
    }
}

fn ensure_nats_server(workspace: &Path) -> Result<(), String> {
    let found = Command::new("nats-server")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Ok(());
    }
    eprintln!("simulate: nats-server not found; installing it (.ci/install-nats-server.sh)");
    let status = Command::new("bash")
        .arg(workspace.join(".ci/install-nats-server.sh"))
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err("could not install nats-server".into())
    }
}

/// The `skill-scan` binary beside this xtask binary (same profile), built when missing.
fn skill_scan_binary(workspace: &Path) -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir = me.parent().ok_or("no folder for xtask")?;
    let bin = dir.join("skill-scan");
    let release = dir.ends_with("release");
    let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    build.current_dir(workspace).args([
        // With xtask selected too, features resolve as for `cargo run -p xtask` (which turns `worker` on), so
        // nothing already built for xtask is built again.
        "build",
        "--quiet",
        "-p",
        "xtask",
        "-p",
        "skill-scan",
        "--bins",
    ]);
    if release {
        build.arg("--release");
    }
    let status = build.status().map_err(|e| e.to_string())?;
    if !status.success() || !bin.exists() {
        return Err(format!("cannot build {}", bin.display()));
    }
    Ok(bin)
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// What the faults did, for the checks.
#[derive(Default)]
struct Faults {
    killed: Option<(usize, String)>,
    restarted_nats: bool,
    restarted_feed: bool,
    failing_from: Option<Instant>,
}

fn simulate(workspace: &Path, args: &Args) -> Result<Vec<String>, String> {
    ensure_nats_server(workspace)?;
    let bin = skill_scan_binary(workspace)?;
    let dir = std::env::temp_dir().join(format!("skill-scan-simulate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("home")).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let releases = sim_registry::day(&workspace.join("corpus"), args.versions, args.malicious)?;
    let registry = Registry::start(releases, Duration::from_secs(4))?;
    let burst = args.versions * 3 / 4;
    eprintln!(
        "simulate: {} releases made from corpus samples in {:.1} s; logs in {}",
        args.versions,
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    let (tx, rx) = mpsc::channel();
    let mut procs = Procs {
        dir: dir.clone(),
        bin,
        registry_base: registry.base.clone(),
        nats_port: free_port()?,
        nats: None,
        workers: Vec::new(),
        feed: None,
        lines: tx,
        concurrency: args.concurrency,
        next_worker: 0,
        key: None,
    };
    let public_key = if args.sign {
        let key = dir.join("sim.key");
        let made = Command::new(&procs.bin)
            .args(["key", "generate"])
            .arg(&key)
            .stdout(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if !made.success() {
            return Err("skill-scan key generate failed".into());
        }
        let public = skill_scan_attest::keys::PublicKey::load(
            &skill_scan_attest::keys::public_path_for(&key),
        )
        .map_err(|e| e.to_string())?;
        procs.key = Some(key);
        Some(public)
    } else {
        None
    };
    procs.start_nats()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let observer = rt.block_on(Observer::connect(&procs.nats_url()))?;
    for _ in 0..args.workers {
        procs.start_worker()?;
    }
    let deadline = Instant::now() + args.timeout;
    let expected = |upto: usize| {
        registry.releases()[..upto]
            .iter()
            .filter(|r| r.kind != Kind::Poison)
            .count() as u64
    };

    // The burst: three quarters of the day at once.
    let slow_key = registry
        .releases()
        .iter()
        .find(|r| r.kind == Kind::Slow)
        .map(|r| r.key());
    let mut faults = Faults::default();
    let mut killed_cpu = 0.0;
    registry.reveal(burst);
    let burst_start = Instant::now();
    procs.start_feed("feed.log")?;
    let burst_expected = expected(burst);
    let mut results = 0;
    while results < burst_expected || rt.block_on(observer.count(sim_nats::DEAD)) < 1 {
        if Instant::now() > deadline {
            return Err(format!(
                "timed out in the burst at {results} of {burst_expected} results"
            ));
        }
        while let Ok((id, line)) = rx.try_recv() {
            let holds_slow = slow_key
                .as_ref()
                .is_some_and(|k| line.contains(&format!("start {k} ")));
            if holds_slow && faults.killed.is_none() {
                if let Some(pos) = procs.workers.iter().position(|(w, _)| *w == id) {
                    let (_, mut child) = procs.workers.remove(pos);
                    killed_cpu += cpu_seconds(child.id());
                    signal(&child, libc::SIGKILL);
                    let _ = child.wait();
                    eprintln!(
                        "simulate: killed worker w{id} (SIGKILL) while it held {}",
                        slow_key.as_deref().unwrap_or("")
                    );
                    faults.killed = Some((id, line));
                    procs.start_worker()?;
                }
            }
        }
        results = rt.block_on(observer.count(sim_nats::RESULTS));
        if faults.failing_from.is_none() && results * 10 >= burst_expected * 3 {
            eprintln!("simulate: archive downloads answer 500 for 2.5 s");
            registry.fail_until(Instant::now() + Duration::from_millis(2500));
            faults.failing_from = Some(Instant::now());
        }
        if !faults.restarted_nats && results * 20 >= burst_expected * 11 {
            eprintln!("simulate: restarting nats-server at {results} results");
            procs.restart_nats()?;
            faults.restarted_nats = true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let burst_wall = burst_start.elapsed().as_secs_f64();
    let burst_cpu = procs.workers_cpu() + killed_cpu;
    let throughput = burst_expected as f64 / burst_wall;
    eprintln!(
        "simulate: burst of {burst_expected} done in {burst_wall:.1} s ({throughput:.1}/s, workers {burst_cpu:.1} CPU-s)"
    );

    // The paced quarter: latency when the workers keep up.
    let rate = if args.rate > 0.0 {
        args.rate
    } else {
        (throughput / 2.0).max(1.0)
    };
    let paced_start = Instant::now();
    let mut revealed = burst;
    while results < expected(args.versions) {
        if Instant::now() > deadline {
            return Err(format!("timed out in the paced phase at {results} results"));
        }
        let due = burst + (paced_start.elapsed().as_secs_f64() * rate) as usize;
        if !faults.restarted_feed && due >= burst + (args.versions - burst) / 2 {
            // The feed restarts halfway: it must resume from its stored position, not from the start.
            if let Some(mut feed) = procs.feed.take() {
                signal(&feed, libc::SIGTERM);
                let _ = feed.wait();
            }
            procs.start_feed("feed-2.log")?;
            faults.restarted_feed = true;
        }
        if due > revealed {
            revealed = due.min(args.versions);
            registry.reveal(revealed);
        }
        while rx.try_recv().is_ok() {}
        results = rt.block_on(observer.count(sim_nats::RESULTS));
        std::thread::sleep(Duration::from_millis(50));
    }

    let paced_wall = paced_start.elapsed().as_secs_f64();

    // Graceful stop: SIGTERM; each worker finishes or gives back the jobs in hand.
    let workers_cpu = procs.workers_cpu() + killed_cpu;
    let nats_cpu = procs.nats.as_ref().map_or(0.0, |c| cpu_seconds(c.id()));
    let feed_cpu = procs.feed.as_ref().map_or(0.0, |c| cpu_seconds(c.id()));
    for child in procs
        .workers
        .iter()
        .map(|(_, c)| c)
        .chain(procs.feed.iter())
    {
        signal(child, libc::SIGTERM);
    }
    let mut unclean = Vec::new();
    if let Some(mut feed) = procs.feed.take() {
        let _ = feed.wait();
    }
    for (id, child) in &mut procs.workers {
        match child.wait() {
            Ok(status) if status.success() => {}
            other => unclean.push(format!(
                "worker w{id} did not stop cleanly on SIGTERM: {other:?}"
            )),
        }
    }
    let outcome = rt.block_on(observer.outcome())?;
    let answered_500 = registry
        .answered_500
        .load(std::sync::atomic::Ordering::Relaxed);
    let mut failures = check(&registry, &outcome, &faults, answered_500);
    if let Some(public) = &public_key {
        failures.extend(crate::sim_attest::check(&registry, &outcome, public));
    }
    failures.extend(unclean);
    failures.extend(check_feed_resumed(&dir.join("feed-2.log"), RESUME_SLACK));

    let mut latencies: Vec<f64> = outcome
        .results
        .iter()
        .filter(|r| paced_keys(&registry, burst).contains_key(r.key.as_str()))
        .filter_map(|r| Some(r.done_ms?.checked_sub(r.published_ms?)? as f64))
        .collect();
    latencies.sort_by(f64::total_cmp);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("## cargo xtask simulate");
    println!(
        "- {} releases ({} skills; {} malicious: {}; 1 poison), {} workers x {} jobs, {} cores, load average {}{}",
        args.versions,
        registry
            .releases()
            .iter()
            .filter(|r| r.eco == sim_registry::Eco::Skill)
            .count(),
        registry
            .releases()
            .iter()
            .filter(|r| r.kind == Kind::Malicious)
            .count(),
        [
            ("npm", sim_registry::Eco::Npm),
            ("PyPI", sim_registry::Eco::Pypi),
            ("skill", sim_registry::Eco::Skill)
        ]
        .iter()
        .map(|(name, eco)| {
            let n = registry
                .releases()
                .iter()
                .filter(|r| r.kind == Kind::Malicious && r.eco == *eco)
                .count();
            format!("{n} {name}")
        })
        .collect::<Vec<_>>()
        .join(", "),
        args.workers,
        args.concurrency,
        cores,
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        if public_key.is_some() {
            "; every verdict signed and checked"
        } else {
            ""
        }
    );
    println!(
        "- burst: {burst_expected} releases in {burst_wall:.1} s wall = {throughput:.1} packages/s; workers used {burst_cpu:.1} CPU-s = {:.1} packages per CPU-second (per core)",
        burst_expected as f64 / burst_cpu.max(0.001)
    );
    println!(
        "- paced: {} releases at {rate:.1}/s in {paced_wall:.1} s; publish-to-verdict latency p50 {:.0} ms, p99 {:.0} ms",
        latencies.len(),
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0)
    );
    println!(
        "- CPU over the run: workers {workers_cpu:.1} s, nats-server {nats_cpu:.1} s, feed {feed_cpu:.1} s"
    );
    let verdicts = outcome
        .results
        .iter()
        .fold(HashMap::new(), |mut m: HashMap<&str, usize>, r| {
            *m.entry(r.verdict.as_str()).or_default() += 1;
            m
        });
    println!(
        "- verdicts: {verdicts:?}; redelivered results: {}; archive answers 500: {answered_500}; dead-lettered: {}",
        outcome.results.iter().filter(|r| r.deliveries > 1).count(),
        outcome.dead.len()
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(failures)
}

/// The restarted feed's exit line (`feed: N new jobs, M already queued`): it resumed from its stored position if
/// it queued no more than `page` jobs a second time.
fn check_feed_resumed(log: &Path, page: usize) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let again = text.lines().rev().find_map(|line| {
        let rest = line.strip_prefix("feed: ")?;
        let (_, tail) = rest.split_once(" new jobs, ")?;
        tail.strip_suffix(" already queued")?.parse::<usize>().ok()
    });
    match again {
        Some(again) if again <= page => {
            eprintln!("simulate: the restarted feed resumed ({again} jobs seen again)");
            Vec::new()
        }
        Some(again) => vec![format!(
            "the restarted feed queued {again} jobs again: it did not resume from its position"
        )],
        None => vec![format!(
            "the restarted feed did not report ({})",
            log.display()
        )],
    }
}

fn paced_keys(registry: &Registry, burst: usize) -> HashMap<String, ()> {
    registry.releases()[burst..]
        .iter()
        .map(|r| (r.key(), ()))
        .collect()
}

/// Every check of the "done when", one failure line each.
fn check(
    registry: &Registry,
    outcome: &sim_nats::Outcome,
    faults: &Faults,
    answered_500: u64,
) -> Vec<String> {
    let mut failures = Vec::new();
    let mut by_key: HashMap<&str, Vec<&ResultEntry>> = HashMap::new();
    for result in &outcome.results {
        by_key.entry(result.key.as_str()).or_default().push(result);
    }
    let mut expected = 0;
    for release in registry.releases() {
        let key = release.key();
        let found = by_key.remove(key.as_str()).unwrap_or_default();
        if release.kind == Kind::Poison {
            if !found.is_empty() {
                failures.push(format!("poison archive {key} has a result"));
            }
            let dead = outcome
                .dead
                .iter()
                .filter(|d| d.as_deref() == Some(key.as_str()))
                .count();
            if dead != 1 {
                failures.push(format!(
                    "poison archive {key} dead-lettered {dead} times, not once"
                ));
            }
            continue;
        }
        expected += 1;
        if found.len() != 1 {
            failures.push(format!("{key}: {} results, not exactly one", found.len()));
            continue;
        }
        if !outcome.in_bucket.contains(&key) {
            failures.push(format!("{key}: no entry in the results bucket"));
        }
        if release.kind == Kind::Malicious && found[0].verdict != "block" {
            failures.push(format!(
                "{key} (malicious, from {}) is {}, not block",
                release.sample.display(),
                found[0].verdict
            ));
        }
        // The killed worker never finished it: another worker did, after the redelivery. (The delivery count
        // is not checked: a server restart may renumber the deliveries of a job it had handed out.)
        let killed = faults.killed.as_ref().map(|(id, _)| format!("w{id}"));
        if release.kind == Kind::Slow && killed.is_some_and(|w| w == found[0].worker) {
            failures.push(format!(
                "{key}: the result came from the worker that was killed"
            ));
        }
    }
    if !by_key.is_empty() {
        failures.push(format!("{} results for keys no job named", by_key.len()));
    }
    if outcome.dead.len() != 1 {
        failures.push(format!(
            "{} dead-lettered jobs, not only the poison archive",
            outcome.dead.len()
        ));
    }
    if outcome.jobs_left != 0 {
        failures.push(format!("{} jobs still on the queue", outcome.jobs_left));
    }
    if faults.killed.is_none() {
        failures.push("no worker was killed while holding the slow release".into());
    }
    if !faults.restarted_feed {
        failures.push("the feed was not restarted".into());
    }
    if !faults.restarted_nats {
        failures.push("nats-server was not restarted".into());
    }
    if faults.failing_from.is_none() || answered_500 == 0 {
        failures.push("the registry never answered 500".into());
    }
    eprintln!("simulate: checked {expected} expected results");
    failures
}

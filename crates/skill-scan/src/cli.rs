//! The command line, as a library function so the `skill-scan` binary and the pre-commit hook binary (the
//! root package, which pre-commit's `cargo install --path .` builds) share it.

use crate::baseline::render_baseline;
use crate::config::{OutputFormat as Format, Profile};
use crate::inputs::{read_target_list, InputArgs};
use crate::pre_commit::package_roots;
use crate::rules_doc::{find_rule, rule_docs, Lookup};
use crate::setup::{prepare, ConfigChoice, SetupRequest};
use crate::terminal::{ColorChoice, Progress};
use crate::units::{parse_budget, parse_duration, parse_size, Budget};
use crate::{RuleSet, ScanLimits, ScanOptions, Scanner};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use skill_scan_model::{TargetReport, VerdictLevel};
use skill_scan_render::{
    render, render_rule_explain, render_rule_list_json, render_rule_list_text, sarif_uri_prefix,
    RenderInput, RenderOptions, ToolInfo,
};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Tells you, before you install it, whether an AI-agent skill, an MCP server or an npm/PyPI package is
/// safe. Reads files as bytes; never runs, imports or installs anything it scans.
#[derive(Debug, Parser)]
#[command(
    name = "skill-scan",
    version,
    about,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// What to scan, each one package with its own verdict: a folder, a file, an archive (.tgz, .tar.gz,
    /// .tar, .zip, .whl, .skill, .crate; read in memory), or a registry package (npm:NAME[@VERSION],
    /// pypi:NAME[==VERSION]; downloaded into memory and checked against the registry's hash).
    #[arg(required_unless_present_any = ["from_file", "lockfile"], value_name = "TARGET")]
    paths: Vec<String>,

    /// Also scan every target listed in this file (one a line; `#` starts a comment line).
    #[arg(long, value_name = "FILE")]
    from_file: Option<PathBuf>,

    #[command(flatten)]
    scan: ScanArgs,
}

const AFTER_HELP: &str = "\
Exit codes: 0 = every verdict below --fail-on; 1 = a verdict at or above it; 2 = usage or fatal error.
A folder named like a command (`rules`, `explain`, `pre-commit`) is scanned when written as a path: ./rules";

#[derive(Debug, Subcommand)]
enum Command {
    /// List every rule: id, name, category, action and MITRE ATT&CK techniques.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Also load every *.yaml rule pack in this folder.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Print one rule's documentation: why it matters, how to fix it, and its examples.
    Explain {
        /// A rule id such as RCE001 (or its name, such as curl-piped-to-shell).
        #[arg(value_name = "RULE_ID")]
        rule_id: String,
        /// Also load every *.yaml rule pack in this folder.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Scan the packages that the given files belong to (what the pre-commit hook runs).
    ///
    /// Each file maps to the nearest folder above it holding SKILL.md, package.json, pyproject.toml,
    /// setup.py or an MCP config, or else to the current folder (the repository root); each of those
    /// packages is scanned once, whole.
    PreCommit {
        /// Files, relative to the repository root (pre-commit passes the staged ones).
        #[arg(value_name = "FILE")]
        files: Vec<String>,
        #[command(flatten)]
        scan: ScanArgs,
    },
    /// Record accepted findings (`create`), or scan failing only on findings not recorded (`check`).
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Make the ed25519 key that signs attestations (`key generate`).
    #[command(subcommand)]
    Key(crate::prove_commands::KeyCommand),
    /// Check a signed attestation (`--attest`): its signature, its subject against TARGET, what it decided.
    Verify(crate::prove_commands::VerifyArgs),
    /// Check the decision log (`--log`): `log verify FILE`.
    #[command(subcommand)]
    Log(crate::prove_commands::LogCommand),
    /// Scan TARGET and record its digest in skill-scan.lock as accepted at `review` (who, why, until when).
    Accept {
        #[arg(value_name = "TARGET")]
        target: String,
        #[command(flatten)]
        accept: crate::lockfile::AcceptArgs,
        #[command(flatten)]
        scan: ScanArgs,
    },
    /// Print shell completions (bash, zsh, fish, elvish, powershell) or the man page, from these definitions.
    #[command(subcommand)]
    Generate(crate::generate::Generate),
    /// Scan jobs from a NATS JetStream work queue, publishing each result (docs/scale.md).
    #[cfg(feature = "worker")]
    Worker(crate::worker_cli::WorkerArgs),
    /// Turn npm's and PyPI's change feeds into scan jobs on NATS JetStream (docs/scale.md).
    #[cfg(feature = "worker")]
    Feed(crate::worker_cli::FeedArgs),
}

#[derive(Debug, Subcommand)]
enum BaselineCommand {
    /// Scan the paths and write every finding's fingerprint to FILE (exit 0 unless the scan fails).
    Create {
        /// The baseline file to write (JSON).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        #[command(flatten)]
        scan: ScanArgs,
    },
    /// Scan the paths with the findings recorded in FILE suppressed (the same as `--baseline FILE`).
    Check {
        /// The baseline file `baseline create` wrote.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        #[command(flatten)]
        scan: ScanArgs,
    },
}

#[derive(Debug, Args)]
struct ScanArgs {
    /// Output format [default: the config's `format`, else text].
    #[arg(long, value_parser = format_parser())]
    format: Option<Format>,

    /// Write the output to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Exit with 1 when a verdict is at or above this level [default: the config's `fail_on`, else the
    /// profile's: review for strict, block otherwise].
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,

    /// Print only one line per target (text format).
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,

    /// Also list log-level findings and notes on files that were only partly analysed.
    #[arg(short, long)]
    verbose: bool,

    /// Largest file to read; larger files are listed as skipped (8MB = 8,000,000 bytes, 8MiB = 8 × 2²⁰).
    #[arg(long, value_name = "SIZE", default_value = "8MiB", value_parser = parse_size)]
    max_file_size: u64,

    /// Also load every *.yaml rule pack in this folder (on top of the built-in rules).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,

    /// Largest code segment tree-sitter parses; larger ones get regex rules only (noted per file).
    #[arg(long, value_name = "SIZE", default_value = "4MiB", value_parser = parse_size)]
    max_parse_size: u64,

    /// Longest one parse may take (e.g. 1500ms, 3s); a slower parse is abandoned, regex rules still run.
    #[arg(long, value_name = "DURATION", default_value = "1500ms", value_parser = parse_duration)]
    max_parse_time: Duration,

    /// Findings of one rule in one file beyond this are counted in a note, not listed.
    #[arg(long, value_name = "N", default_value_t = ScanLimits::DEFAULT_MAX_HITS_PER_RULE)]
    max_hits_per_rule: usize,

    /// Wall time one target may take (e.g. 60s, 5m, or `none`). Files not reached are listed as skipped
    /// and the scan is marked incomplete, which is never `allow`.
    #[arg(long, value_name = "DURATION", default_value = "300s", value_parser = parse_budget)]
    time_budget: Budget,

    /// SARIF: prefix every URI with its target's path even for a single target, so URIs are relative to
    /// the current folder (the repository root in CI) rather than to the target.
    #[arg(long)]
    sarif_prefix_targets: bool,

    #[command(flatten)]
    inputs: InputArgs,

    #[command(flatten)]
    project: crate::project::ProjectArgs,

    /// Use this configuration file instead of looking for skill-scan.toml / .skill-scan.yaml upwards from
    /// the current folder.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Use no configuration file.
    #[arg(long)]
    no_config: bool,

    /// Weighing profile: strict, default or permissive [default: the config's, else default].
    #[arg(long, value_enum)]
    profile: Option<Profile>,

    /// Do not count findings recorded in this baseline (see `skill-scan baseline`).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,

    /// Colour the text output: auto (only on a terminal, and not when NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,

    /// Honour `skill-scan: ignore RULE reason` comments in the scanned code. Only for code you own: in any
    /// other scan such a comment suppresses nothing and is itself a finding.
    #[arg(long)]
    allow_inline_suppressions: bool,

    #[command(flatten)]
    prove: crate::prove::ProveArgs,

    #[command(flatten)]
    conventions: crate::conventions::ConventionArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Allow,
    Review,
    Block,
}

impl FailOn {
    fn level(self) -> VerdictLevel {
        match self {
            FailOn::Allow => VerdictLevel::Allow,
            FailOn::Review => VerdictLevel::Review,
            FailOn::Block => VerdictLevel::Block,
        }
    }
}

const TOOL: ToolInfo = ToolInfo {
    name: "skill-scan",
    version: env!("CARGO_PKG_VERSION"),
};

/// Parses `args` (the program name first) and runs the command.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = Cli::parse_from(args);
    match cli.command {
        Some(Command::Rules { format, rules }) => list_rules(format, rules.as_deref()),
        Some(Command::Generate(what)) => {
            exit_code(write_output(&what.render(Cli::command()), None))
        }
        Some(Command::Explain { rule_id, rules }) => explain(&rule_id, rules.as_deref()),
        #[cfg(feature = "worker")]
        Some(Command::Worker(args)) => crate::worker_cli::run_worker(&args),
        #[cfg(feature = "worker")]
        Some(Command::Feed(args)) => crate::worker_cli::run_feed(&args),
        Some(Command::PreCommit { files, mut scan }) => {
            let (lockfiles, files) = crate::pre_commit::split_lockfiles(&files, Path::new("."));
            let mut roots = package_roots(&files, Path::new("."));
            if !lockfiles.is_empty() {
                scan.project
                    .changed_since_or(crate::pre_commit::staged_base(Path::new(".")));
            }
            roots.extend(lockfiles);
            if roots.is_empty() {
                return ExitCode::SUCCESS;
            }
            // The hook scans the user's own repository: their inline comments and their config count.
            scan.allow_inline_suppressions = true;
            // A commit rescans packages that mostly did not change: their results come from the cache.
            scan.project.cache_by_default();
            scan_targets(&roots, &scan, Mode::OwnCode)
        }
        Some(Command::Baseline(BaselineCommand::Create { file, paths, scan })) => {
            scan_targets(&paths, &scan, Mode::CreateBaseline(&file))
        }
        Some(Command::Baseline(BaselineCommand::Check {
            file,
            paths,
            mut scan,
        })) => {
            scan.baseline = Some(file);
            scan_targets(&paths, &scan, Mode::Scan)
        }
        Some(Command::Key(command)) => crate::prove_commands::key(&command),
        Some(Command::Verify(args)) => crate::prove_commands::verify_attestation(&args),
        Some(Command::Log(command)) => crate::prove_commands::log(&command),
        Some(Command::Accept {
            target,
            accept,
            scan,
        }) => scan_targets(&[target], &scan, Mode::Accept(&accept)),
        None => {
            if let Some(word) = cli.paths.iter().find(|p| Cli::is_command_word(p)) {
                eprintln!(
                    "error: `{word}` is a command, and scan options and commands do not mix: \
                     write `skill-scan {word} …` for the command or `./{word}` to scan a folder of that name"
                );
                return ExitCode::from(2);
            }
            let mut targets = cli.paths;
            targets.extend(cli.scan.project.extra_targets());
            if let Some(list) = &cli.from_file {
                match read_target_list(list) {
                    Ok(listed) => targets.extend(listed),
                    Err(why) => {
                        eprintln!("error: {why}");
                        return ExitCode::from(2);
                    }
                }
            }
            scan_targets(&targets, &cli.scan, Mode::Scan)
        }
    }
}

impl Cli {
    /// A target spelled exactly like a subcommand (`rules`), which the user most likely meant as one.
    fn is_command_word(target: &str) -> bool {
        // Building the command line's definition to list the names cost a small skill's scan 1.5 %; a
        // path with a slash or a dot (most targets) cannot be one.
        Cli::could_be_command_word(target)
            && Cli::command()
                .get_subcommands()
                .any(|command| command.get_name() == target)
    }

    /// Whether `target` has the shape of a subcommand name (letters, digits, `-` and `_`).
    fn could_be_command_word(target: &str) -> bool {
        target
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }
}

/// What a scan is for.
#[derive(Debug, Clone, Copy)]
enum Mode<'a> {
    /// Third-party code: the default.
    Scan,
    /// The user's own code (pre-commit): a configuration inside the targets is theirs.
    OwnCode,
    /// Write every finding's fingerprint to this file.
    CreateBaseline(&'a Path),
    /// Record the targets as accepted in the lock file.
    Accept(&'a crate::lockfile::AcceptArgs),
}

/// The rules `skill-scan rules` and `explain` document, with their examples.
fn load_rules(dir: Option<&Path>) -> Result<RuleSet, ExitCode> {
    let rules = match dir {
        Some(dir) => RuleSet::embedded_with_dir(dir, &skill_scan_detectors::DETECTORS),
        None => RuleSet::embedded(&skill_scan_detectors::DETECTORS),
    };
    rules
        .and_then(RuleSet::with_embedded_examples)
        .map_err(|err| {
            eprintln!("error: {err}");
            ExitCode::from(2)
        })
}

fn list_rules(format: ListFormat, dir: Option<&Path>) -> ExitCode {
    let rules = match load_rules(dir) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let docs = match rule_docs(&rules) {
        Ok(docs) => docs,
        Err(err) => return fatal(&err),
    };
    let output = match format {
        ListFormat::Text => render_rule_list_text(&docs),
        ListFormat::Json => render_rule_list_json(&docs),
    };
    exit_code(write_output(&output, None))
}

fn explain(rule_id: &str, dir: Option<&Path>) -> ExitCode {
    let rules = match load_rules(dir) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let docs = match rule_docs(&rules) {
        Ok(docs) => docs,
        Err(err) => return fatal(&err),
    };
    match find_rule(&docs, rule_id) {
        Lookup::Found(doc) => exit_code(write_output(&render_rule_explain(doc), None)),
        Lookup::Missing { suggestions } => {
            let hint = if suggestions.is_empty() {
                "`skill-scan rules` lists every rule".to_string()
            } else {
                format!("did you mean {}?", suggestions.join(" or "))
            };
            eprintln!("error: no rule {rule_id:?}; {hint}");
            ExitCode::from(2)
        }
    }
}

fn scan_targets(paths: &[String], args: &ScanArgs, mode: Mode) -> ExitCode {
    let conventions = &args.conventions;
    let (paths, stdin) = match conventions.read_stdin(paths, args.max_file_size) {
        Ok(read) => read,
        Err(why) => return fatal(&why),
    };
    let paths = &paths[..];
    conventions.set_jobs(paths);
    let setup = match prepare(&SetupRequest {
        config: ConfigChoice {
            explicit: args.config.clone(),
            disabled: args.no_config,
            targets_trusted: matches!(mode, Mode::OwnCode),
        },
        targets: paths,
        rules_dir: args.rules.as_deref(),
        baseline: args.baseline.as_deref(),
        allow_inline: args.allow_inline_suppressions,
        profile: args.profile,
    }) {
        Ok(setup) => setup,
        Err(message) => {
            eprint!("{message}");
            return ExitCode::from(2);
        }
    };
    let setup = match conventions.add_excludes(setup) {
        Ok(setup) => setup,
        Err(why) => return fatal(&why),
    };
    let signing_key = match args.prove.signing_key(setup.config.as_ref()) {
        Ok(key) => key,
        Err(why) => return fatal(&why),
    };
    let format = setup.format(args.format);
    let fail_on = setup.fail_on(args.fail_on.map(FailOn::level));
    let cache_dir = crate::project::cache_dir(&args.project, setup.config.as_ref());
    // One scan per process: the compiled rules live until it exits, and freeing their automata and
    // queries one by one before that cost a small skill's scan 3 % of its instructions.
    let scanner = std::mem::ManuallyDrop::new(Scanner::new(setup.rules));
    let progress = Arc::new(Progress::for_stderr());
    let options = ScanOptions {
        max_file_size: args.max_file_size,
        limits: ScanLimits {
            max_parse_bytes: usize::try_from(args.max_parse_size).unwrap_or(usize::MAX),
            max_parse_time: args.max_parse_time,
            max_hits_per_rule: args.max_hits_per_rule,
            deadline: None,
        },
        time_budget: args.time_budget.0,
        policy: Arc::new(setup.policy),
        progress: Some(Arc::clone(&progress)),
        archive: args.inputs.archive_limits(),
    };
    let registry = args.inputs.registry_options();

    // Targets in parallel (each also scans its files in parallel), projects expanded into their packages;
    // the order given is kept. A file given on standard input (`-`) is scanned on its own, after them.
    let policy_digest = options.policy.cache_digest();
    let (from_stdin, listed): (Vec<String>, Vec<String>) = paths
        .iter()
        .cloned()
        .partition(|target| stdin.is_some() && target == "-");
    let mut outcome = crate::project::scan_all(
        &scanner,
        &listed,
        &args.project,
        &registry,
        &options,
        cache_dir,
        policy_digest,
    );
    if let Some(bytes) = &stdin {
        for _ in &from_stdin {
            outcome
                .reports
                .push(conventions.scan_stdin(&scanner, bytes, &options));
        }
    }
    progress.finish();
    for err in &outcome.errors {
        eprintln!("error: {err}");
    }
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    let failed = !outcome.errors.is_empty();
    let reports: Vec<TargetReport> = outcome.reports;

    if let Mode::CreateBaseline(file) = mode {
        return create_baseline(file, &reports, failed);
    }
    let lock = args.prove.lock.as_deref();
    if let Mode::Accept(accept) = mode {
        return crate::lockfile::accept(accept, lock, &reports, failed);
    }
    let gate =
        match crate::lockfile::gate_levels(crate::lockfile::find(lock, paths).as_deref(), &reports)
        {
            Ok(levels) => levels,
            Err(why) => return fatal(&why),
        };
    let context = crate::prove::ScanContext {
        version: TOOL.version,
        rules: scanner.rules(),
        profile: setup.profile,
        config: setup.config.as_ref(),
    };
    if let Err(why) = args.prove.record(signing_key.as_ref(), &reports, &context) {
        return fatal(&why);
    }

    // Only SARIF describes the rules it names.
    let sarif_wanted = format == Format::Sarif || conventions.output_sarif.is_some();
    let docs = if sarif_wanted {
        match rule_docs(scanner.rules()) {
            Ok(docs) => docs,
            Err(err) => return fatal(&err),
        }
    } else {
        Vec::new()
    };
    let render_options = RenderOptions {
        verbose: args.verbose,
        quiet: args.quiet,
        color: args.color.for_stdout(args.output.is_some()),
        width: crate::conventions::output_width(args.output.is_some()),
        uri_prefixes: if sarif_wanted {
            sarif_prefixes(&reports, args)
        } else {
            Vec::new()
        },
    };
    let input = RenderInput {
        tool: TOOL,
        reports: &reports,
        rules: &docs,
        options: &render_options,
    };
    let mut output = if format == Format::Text && !outcome.tables.is_empty() {
        crate::project::render_text(&input, &outcome.tables)
    } else if format == Format::Sarif && !outcome.tables.is_empty() {
        crate::project::point_dependencies_at_lockfiles(
            &render(format, &input),
            &outcome.tables,
            &reports,
        )
    } else {
        render(format, &input)
    };
    if format == Format::Text && args.verbose && !args.quiet {
        output = format!("{output}\n{}\n", options.describe_limits());
    }
    let mut written = write_output(&output, args.output.as_deref());
    if let Some(file) = &conventions.output_sarif {
        // A second output of the same scan (the job summary on stdout, SARIF for code scanning).
        written &= write_output(&render(Format::Sarif, &input), Some(file));
    }
    if !written || failed {
        ExitCode::from(2)
    } else if !conventions.exit_zero && gate.iter().any(|level| *level >= fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes every target's findings (those that count and those suppressed by config or inline comments) as a
/// baseline: exit 0, or 2 when a target could not be scanned or the file not written.
fn create_baseline(file: &Path, reports: &[TargetReport], failed: bool) -> ExitCode {
    let lists: Vec<Vec<skill_scan_model::Finding>> =
        reports.iter().map(crate::baseline::all_findings).collect();
    let text = render_baseline(
        &format!("{} {}", TOOL.name, TOOL.version),
        lists.iter().map(Vec::as_slice),
    );
    if failed || !write_output(&text, Some(file)) {
        return ExitCode::from(2);
    }
    let count: usize = lists.iter().map(Vec::len).sum();
    println!(
        "recorded {} from {} in {}",
        skill_scan_render::count(count, "finding"),
        skill_scan_render::count(reports.len(), "target"),
        file.display()
    );
    ExitCode::SUCCESS
}

/// Each target's SARIF URI prefix: none for a lone target unless asked; a registry package is named as a
/// path (`npm:x@1` would read as a URI scheme); an archive's paths are inside it, not beside it.
fn sarif_prefixes(reports: &[TargetReport], args: &ScanArgs) -> Vec<String> {
    let prefixed = reports.len() > 1 || args.sarif_prefix_targets;
    reports
        .iter()
        .enumerate()
        .map(
            |(n, report)| match report.origin.as_ref().and_then(|o| o.registry.as_ref()) {
                Some(registry) if prefixed => {
                    format!(
                        "{}/{}@{}",
                        registry.ecosystem, registry.name, registry.version
                    )
                }
                _ => {
                    let single_file =
                        report.origin.is_none() && Path::new(&report.target).is_file();
                    sarif_uri_prefix(&report.target, single_file, n, prefixed)
                }
            },
        )
        .collect()
}

/// `--format NAME`: the render crate's formats, each with its help line.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(
        Format::ALL
            .iter()
            .map(|(format, help)| PossibleValue::new(format.as_str()).help(*help)),
    )
    .try_map(|name| name.parse::<Format>())
}

/// Says why, and gives the usage-or-fatal exit code.
fn fatal(err: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(2)
}

fn exit_code(written: bool) -> ExitCode {
    if written {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// Writes to the file, or to standard output; false (after saying why) when that failed.
fn write_output(output: &str, file: Option<&Path>) -> bool {
    let result = match file {
        Some(path) => std::fs::write(path, output).map_err(|e| {
            eprintln!("error: cannot write {}: {e}", path.display());
        }),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(output.as_bytes())
                .and_then(|_| stdout.flush())
                .map_err(|_| ())
        }
    };
    result.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn subcommands_and_paths_do_not_mix() {
        let parsed = Cli::try_parse_from(["skill-scan", "rules", "--format", "json"]).unwrap();
        assert!(matches!(
            parsed.command,
            Some(Command::Rules {
                format: ListFormat::Json,
                ..
            })
        ));
        let parsed = Cli::try_parse_from(["skill-scan", "./rules"]).unwrap();
        assert!(parsed.command.is_none());
        assert_eq!(parsed.paths, ["./rules"]);
        let parsed = Cli::try_parse_from(["skill-scan", "pkg", "rules"]).unwrap();
        assert_eq!(parsed.paths, ["pkg", "rules"]);
        // …which `run` refuses: a bare command word after options is a usage error (README, Usage).
        assert!(Cli::is_command_word("rules") && Cli::is_command_word("pre-commit"));
        assert!(!Cli::is_command_word("./rules"));
        for command in Cli::command().get_subcommands() {
            assert!(
                Cli::could_be_command_word(command.get_name()),
                "{} is a command word",
                command.get_name()
            );
        }
        assert!(Cli::try_parse_from(["skill-scan"]).is_err());
        let parsed =
            Cli::try_parse_from(["skill-scan", "pre-commit", "a/SKILL.md", "--format", "json"])
                .unwrap();
        assert!(matches!(parsed.command, Some(Command::PreCommit { .. })));
    }
}

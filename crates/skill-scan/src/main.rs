//! `skill-scan`: the command line.

use clap::{Parser, ValueEnum};
use skill_scan::{RuleSet, ScanOptions, Scanner};
use skill_scan_model::{TargetReport, VerdictLevel};
use skill_scan_render::{render_json, render_quiet, render_text, TextOptions, ToolInfo};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Tells you, before you install it, whether an AI-agent skill, an MCP server or an npm/PyPI package is
/// safe. Reads files as bytes; never runs, imports or installs anything it scans.
#[derive(Debug, Parser)]
#[command(name = "skill-scan", version, about, after_help = EXIT_CODES)]
struct Cli {
    /// Folders (or single files) to scan; each is one package with its own verdict.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Exit with 1 when a verdict is at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Block, value_name = "LEVEL")]
    fail_on: FailOn,

    /// Print only one line per target (text format).
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,

    /// Also list log-level findings and notes on files that were only partly analysed.
    #[arg(short, long)]
    verbose: bool,

    /// Largest file to read; larger files are listed as skipped. Accepts K, M, G suffixes (KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "8M", value_parser = parse_size)]
    max_file_size: u64,

    /// Also load every *.yaml rule pack in this folder (on top of the built-in rules).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

const EXIT_CODES: &str = "Exit codes: 0 = every verdict below --fail-on; 1 = a verdict at or above it; 2 = usage or fatal error.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
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

fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("{text:?} is not a size like 8M or 500000"))?;
    let factor = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        other => return Err(format!("unknown size unit {other:?}; use K, M or G")),
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("{text:?} is too large"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let rules = match &cli.rules {
        Some(dir) => RuleSet::embedded_with_dir(dir),
        None => RuleSet::embedded(),
    };
    let rules = match rules {
        Ok(rules) => rules,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let scanner = Scanner::new(rules);
    let options = ScanOptions {
        max_file_size: cli.max_file_size,
    };

    let mut reports: Vec<TargetReport> = Vec::new();
    let mut failed = false;
    for target in &cli.paths {
        match scanner.scan_path(target, &options) {
            Ok(report) => reports.push(report),
            Err(err) => {
                eprintln!("error: {err}");
                failed = true;
            }
        }
    }

    let tool = ToolInfo {
        name: "skill-scan",
        version: env!("CARGO_PKG_VERSION"),
    };
    let output = match cli.format {
        Format::Json => render_json(tool, &reports),
        Format::Text if cli.quiet => render_quiet(&reports),
        Format::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            render_text(
                tool,
                &reports,
                TextOptions {
                    color,
                    verbose: cli.verbose,
                },
            )
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(output.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }

    if failed {
        ExitCode::from(2)
    } else if reports.iter().any(|r| r.verdict >= cli.fail_on.level()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("8M"), Ok(8 << 20));
        assert_eq!(parse_size("500000"), Ok(500_000));
        assert_eq!(parse_size("2 KiB"), Ok(2048));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5T").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }
}

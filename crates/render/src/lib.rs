//! Output formats. Every string that came from a scanned package is escaped before it reaches a terminal.
//!
//! One entry point, [`render`]: a format and one [`RenderInput`] (the reports, the rule documentation and
//! the options). Renderers are pure functions of that input: everything they print (snippets, line
//! fingerprints) was computed at scan time and stored in the report, so none reads a scanned file again.
//! To add a format: a variant of [`OutputFormat`], a module with its renderer, and an arm in [`render`].

mod html;
mod json;
mod markdown;
mod rule_doc;
mod sarif;
mod skipped;
mod snippet_source;
#[cfg(test)]
mod test_support;
mod text;

pub use json::JSON_SCHEMA_VERSION;
pub use rule_doc::{
    render_rule_explain, render_rule_list_json, render_rule_list_text, render_rules_markdown,
    RuleDoc, RuleExample, RuleKind,
};
pub use sarif::sarif_uri_prefix;
pub use skipped::count;

use serde::Deserialize;
use skill_scan_model::TargetReport;
use std::fmt;
use std::str::FromStr;

/// The tool's name and version, as shown in every format.
#[derive(Debug, Clone, Copy)]
pub struct ToolInfo<'a> {
    pub name: &'a str,
    pub version: &'a str,
}

/// Every output format (the command line and the configuration file name them the same way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// A Markdown report for pull-request comments.
    Markdown,
    /// One self-contained HTML page to look at.
    Html,
}

impl OutputFormat {
    /// Every format, with a one-line description for help text.
    pub const ALL: [(OutputFormat, &'static str); 5] = [
        (OutputFormat::Text, "Diagnostics for a terminal"),
        (OutputFormat::Json, "The versioned JSON contract"),
        (OutputFormat::Sarif, "SARIF 2.1.0, for GitHub code scanning"),
        (
            OutputFormat::Markdown,
            "A Markdown report for pull-request comments",
        ),
        (
            OutputFormat::Html,
            "One self-contained HTML page (no external requests)",
        ),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Text => "text",
            OutputFormat::Json => "json",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Markdown => "markdown",
            OutputFormat::Html => "html",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not an [`OutputFormat`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = OutputFormat::ALL.iter().map(|(f, _)| f.as_str()).collect();
        write!(
            f,
            "unknown format {:?} (one of {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for OutputFormat {
    type Err = UnknownFormat;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        OutputFormat::ALL
            .iter()
            .map(|(format, _)| *format)
            .find(|format| format.as_str().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| UnknownFormat(name.to_string()))
    }
}

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Also show log-level findings no reason cites (text, SARIF).
    pub verbose: bool,
    /// Only one line per target (text).
    pub quiet: bool,
    /// ANSI colours (text).
    pub color: bool,
    /// Columns the text output wraps at: the terminal's width; `None` for the default of 120 (a pipe or a file).
    pub width: Option<usize>,
    /// SARIF: what to put before each target's paths (one per report, see [`sarif_uri_prefix`]); missing
    /// entries mean none.
    pub uri_prefixes: Vec<String>,
}

/// Text wraps here when the output is not a terminal and `COLUMNS` is unset.
pub const DEFAULT_WIDTH: usize = 120;

/// Everything a renderer reads.
#[derive(Debug, Clone, Copy)]
pub struct RenderInput<'a> {
    pub tool: ToolInfo<'a>,
    pub reports: &'a [TargetReport],
    /// The documentation of every rule a report can name (SARIF's `tool.driver.rules`).
    pub rules: &'a [RuleDoc],
    pub options: &'a RenderOptions,
}

/// The reports in one format.
pub fn render(format: OutputFormat, input: &RenderInput) -> String {
    let options = input.options;
    match format {
        OutputFormat::Json => json::render_json(input.tool, input.reports),
        OutputFormat::Markdown => markdown::render_markdown(input.tool, input.reports),
        OutputFormat::Html => html::render_html(input.tool, input.reports),
        OutputFormat::Text if options.quiet => text::render_quiet(input.reports),
        OutputFormat::Text => text::render_text(
            input.tool,
            input.reports,
            text::TextOptions {
                color: options.color,
                verbose: options.verbose,
                width: options.width.unwrap_or(DEFAULT_WIDTH).max(40),
            },
        ),
        OutputFormat::Sarif => {
            let targets: Vec<sarif::SarifTarget> = input
                .reports
                .iter()
                .enumerate()
                .map(|(n, report)| sarif::SarifTarget {
                    report,
                    uri_prefix: options.uri_prefixes.get(n).map_or("", String::as_str),
                })
                .collect();
            sarif::render_sarif(
                input.tool,
                input.rules,
                &targets,
                sarif::SarifOptions {
                    verbose: options.verbose,
                },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_from_their_names_and_print_them_back() {
        for (format, help) in OutputFormat::ALL {
            assert_eq!(format.as_str().parse::<OutputFormat>(), Ok(format));
            assert!(!help.is_empty());
        }
        assert_eq!("SARIF".parse::<OutputFormat>(), Ok(OutputFormat::Sarif));
        let err = "xml".parse::<OutputFormat>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format \"xml\" (one of text, json, sarif, markdown, html)"
        );
    }

    #[test]
    fn every_format_renders_through_the_one_entry_point() {
        let reports = [test_support::blocked_report(
            test_support::curl_finding("a.sh", "curl x | sh"),
            "Runs code fetched at run time",
        )];
        let options = RenderOptions::default();
        let input = RenderInput {
            tool: ToolInfo {
                name: "skill-scan",
                version: "1.2.3",
            },
            reports: &reports,
            rules: &[],
            options: &options,
        };
        for (format, _) in OutputFormat::ALL {
            let out = render(format, &input);
            assert!(out.contains("a.sh"), "{format}: {out}");
        }
    }
}

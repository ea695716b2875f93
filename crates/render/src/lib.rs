//! Output formats. Every string that came from a scanned package is escaped before it reaches a terminal.

mod fingerprint;
mod json;
mod markdown;
mod rule_doc;
mod sarif;
mod snippet_source;
#[cfg(test)]
mod test_support;
mod text;

pub use fingerprint::line_hashes;
pub use json::{render_json, JSON_SCHEMA_VERSION};
pub use markdown::render_markdown;
pub use rule_doc::{
    render_rule_explain, render_rule_list_json, render_rule_list_text, render_rules_markdown,
    RuleDoc, RuleExample,
};
pub use sarif::{render_sarif, sarif_uri_prefix, SarifOptions, SarifTarget, SourceReader};
pub use text::{render_quiet, render_text, TextOptions};

/// The tool's name and version, as shown in every format.
#[derive(Debug, Clone, Copy)]
pub struct ToolInfo<'a> {
    pub name: &'a str,
    pub version: &'a str,
}

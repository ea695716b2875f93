//! Output formats. Every string that came from a scanned package is escaped before it reaches a terminal.

mod json;
mod snippet_source;
mod text;

pub use json::{render_json, JSON_SCHEMA_VERSION};
pub use text::{render_quiet, render_text, TextOptions};

/// The tool's name and version, as shown in every format.
#[derive(Debug, Clone, Copy)]
pub struct ToolInfo<'a> {
    pub name: &'a str,
    pub version: &'a str,
}

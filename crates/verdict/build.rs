//! Embeds `rules/verdict/compounds.yaml` as JSON: the same data, but every scan reads it at start-up to
//! build the compound detectors, and parsing the JSON costs a fraction of parsing the YAML. A file whose
//! YAML does not parse is embedded as written, so the run reports its error with the YAML's position.
// A build script reports a broken file by failing the build with the message: `expect` is its error path.
#![allow(clippy::expect_used)]

use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let source = Path::new(&manifest_dir).join("../../rules/verdict/compounds.yaml");
    println!("cargo:rerun-if-changed={}", source.display());
    let text = fs::read_to_string(&source).expect("rules/verdict/compounds.yaml is readable");
    let json = serde_yaml::from_str::<serde_yaml::Value>(&text)
        .ok()
        .and_then(|value| serde_json::to_string(&value).ok());
    let out = match json {
        Some(json) => format!("const EMBEDDED: (&str, bool) = ({json:?}, true);\n"),
        None => format!("const EMBEDDED: (&str, bool) = ({text:?}, false);\n"),
    };
    let out_path =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("compounds.rs");
    fs::write(out_path, out).expect("write compounds.rs");
}

//! A bounded property test of the cross-file constants (`imported_constants`), standing in for the
//! `imported_constants` fuzz target where cargo-fuzz is not at hand: the same invariants (bounded import
//! and constant counts, the rebound text keeps every line) on the fuzz seeds, on deterministic mutations
//! of them, and on hostile shapes (deep nesting, a huge string array, alias cycles, thousands of imports),
//! each within a time bound.

use skill_scan_detectors::imported_constants::{
    exported_strings, local_imports, with_constants, MAX_CONSTANTS, MAX_IMPORTS,
};
use skill_scan_model::Language;
use std::time::{Duration, Instant};

const SEEDS: [&str; 2] = [
    include_str!("../../../fuzz/seeds/imported_constants/setup_from_config.py"),
    include_str!("../../../fuzz/seeds/imported_constants/install_require.js"),
];

/// Mutated inputs per seed.
const MUTATIONS: usize = 150;
/// Generous on a loaded debug build; an unbounded walk would take far longer.
const TIME_BOUND: Duration = Duration::from_secs(30);

/// What the fuzz target checks, for one text, as both languages.
fn check(text: &str) {
    for (language, path) in [
        (Language::Python, "setup.py"),
        (Language::Javascript, "install.js"),
    ] {
        let started = Instant::now();
        let imports = local_imports(text, language, path);
        assert!(imports.len() <= MAX_IMPORTS);
        let strings = exported_strings(text, language, path);
        assert!(strings.len() <= MAX_CONSTANTS);
        let bindings: Vec<(usize, Vec<(String, String)>)> = imports
            .iter()
            .map(|import| (import.end, import.bound(&strings)))
            .collect();
        let bound = with_constants(text, language, &bindings);
        assert_eq!(
            bound.lines().count(),
            text.lines().count(),
            "{path}: lines moved in {bound:?}"
        );
        assert!(
            started.elapsed() < TIME_BOUND,
            "{path}: {:?} on {} bytes",
            started.elapsed(),
            text.len()
        );
    }
}

/// xorshift64: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces spliced in: syntax that opens, closes and binds, quotes, escapes, line ends.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "`",
    "${",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\u{2028}",
    ";",
    ",",
    " as ",
    "import ",
    "from ",
    "require('./m')",
    "module.exports = ",
    "export ",
    "= ",
    "+ ",
    ".join(",
    "f\"",
    "{x}",
    "*",
    "\\x41",
    "\u{85}",
    "#",
    "//",
    "/*",
    "*/",
    "\"\"\"",
    "\t",
];

fn mutate(seed: &str, rng: &mut Rng) -> String {
    let mut text = seed.to_string();
    for _ in 0..1 + rng.below(6) {
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|i| text.is_char_boundary(*i))
            .collect();
        let at = boundaries[rng.below(boundaries.len())];
        match rng.below(4) {
            0 | 1 => text.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            2 => {
                let end = boundaries[rng.below(boundaries.len())].max(at);
                text.replace_range(at..end, "");
            }
            _ => {
                let end = boundaries[rng.below(boundaries.len())].max(at);
                let copy = text[at..end].to_string();
                text.insert_str(end, &copy);
            }
        }
    }
    text
}

#[test]
fn seeds_and_their_mutations_keep_the_bounds_and_the_lines() {
    let mut rng = Rng(0x5eed_1014);
    for seed in SEEDS {
        check(seed);
        for _ in 0..MUTATIONS {
            check(&mutate(seed, &mut rng));
        }
    }
}

#[test]
fn hostile_shapes_end_within_their_bounds() {
    let deep_python = format!(
        "from .c import A\nX = {}A{}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let deep_js = format!(
        "const {{ A }} = require('./c');\nexport const X = {}A{};\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let array: String = (0..60_000).map(|i| format!("'s{i}',")).collect();
    let huge_array = format!("const T = [{array}];\nmodule.exports = {{ X: T.join('') }};\n");
    let cycle_python = "from .c import A\nA = B\nB = A\nX = A + B\n".repeat(500);
    let cycle_js =
        "const { A } = require('./c');\nlet B = A;\nexport const X = B + A;\n".repeat(500);
    let many_imports: String = (0..5_000)
        .map(|i| format!("from .m{i} import N{i}\n"))
        .collect();
    let many_constants: String = (0..5_000).map(|i| format!("K{i} = 'v{i}'\n")).collect();
    let long_value = format!("V = '{}'\n", "x".repeat(2 * 1024 * 1024));
    for text in [
        deep_python,
        deep_js,
        huge_array,
        cycle_python,
        cycle_js,
        many_imports,
        many_constants,
        long_value,
    ] {
        check(&text);
    }
}

#[test]
fn exported_names_and_values_cannot_add_lines() {
    // A name or value with a line break in it must not start a line in the importer's rebound text.
    for module in [
        "module.exports = { 'a\\nb': 'v', \"c\\u2028d\": 'w', e: 'x\\ny\\rz\\u2028' };\n",
        "A = 'one\\ntwo\\r\\nthree\\x85'\nB = \"\"\"multi\nline\"\"\"\n",
    ] {
        for (language, path, importer) in [
            (
                Language::Javascript,
                "install.js",
                "const m = require('./m'); run(m.e);\n",
            ),
            (
                Language::Python,
                "setup.py",
                "import m\nfrom m import A, B\nrun(A, B)\n",
            ),
        ] {
            let strings = exported_strings(module, language, path);
            let imports = local_imports(importer, language, path);
            let bindings: Vec<(usize, Vec<(String, String)>)> = imports
                .iter()
                .map(|import| (import.end, import.bound(&strings)))
                .collect();
            let bound = with_constants(importer, language, &bindings);
            assert_eq!(bound.lines().count(), importer.lines().count(), "{bound:?}");
        }
    }
}

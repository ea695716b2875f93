//! The tree-sitter grammars the engine parses with, and which language each one reads.

use skill_scan_model::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grammar {
    Javascript,
    Typescript,
    Tsx,
    Python,
    /// Shell scripts and shell code blocks (bash, sh, zsh: close enough for what rules ask).
    Bash,
}

impl Grammar {
    /// The grammar for a segment, if we have one. `.tsx` files need the TSX grammar for their JSX.
    pub fn for_segment(language: Language, rel_path: &str) -> Option<Grammar> {
        match language {
            Language::Javascript => Some(Grammar::Javascript),
            Language::Typescript if rel_path.ends_with(".tsx") => Some(Grammar::Tsx),
            Language::Typescript => Some(Grammar::Typescript),
            Language::Python => Some(Grammar::Python),
            Language::Shell => Some(Grammar::Bash),
            _ => None,
        }
    }

    /// Grammars a query written for `language` runs on: JavaScript queries also run on TypeScript.
    pub fn for_query_language(language: Language) -> &'static [Grammar] {
        match language {
            Language::Javascript => &[Grammar::Javascript, Grammar::Typescript, Grammar::Tsx],
            Language::Typescript => &[Grammar::Typescript, Grammar::Tsx],
            Language::Python => &[Grammar::Python],
            Language::Shell => &[Grammar::Bash],
            _ => &[],
        }
    }

    pub fn ts_language(self) -> tree_sitter::Language {
        match self {
            Grammar::Javascript => tree_sitter_javascript::LANGUAGE.into(),
            Grammar::Typescript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Grammar::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::Bash => tree_sitter_bash::LANGUAGE.into(),
        }
    }
}

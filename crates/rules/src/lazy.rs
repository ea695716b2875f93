//! Patterns are checked when a pack loads but compiled only when a file first needs them. Start-up then
//! costs what parsing the packs costs, and a package with no TypeScript never builds a TypeScript query.

use crate::embedded::{precomputed, CHECKED_REGEXES};
use crate::syntax::Grammar;
use regex_automata::meta::Regex;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use std::sync::OnceLock;
use tree_sitter::Query;

const REGEX_SIZE_LIMIT: usize = 8 * 1024 * 1024;

/// A regex searched over bytes. Patterns compile in ASCII mode (much cheaper to build, and the rules
/// match ASCII syntax: commands, paths, API names); a pattern that needs Unicode classes gets them.
/// Rules only ask where a match is, never for its groups, so groups are not compiled into the automaton:
/// that alone makes building one about a third cheaper, which is most of a small scan's cost.
pub struct LazyRegex {
    pub source: String,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// Checks the pattern's syntax now (unless `build.rs` already did, for an embedded pattern); compiles
    /// it on first use.
    pub fn new(source: String) -> Result<LazyRegex, String> {
        if precomputed(CHECKED_REGEXES, &source).is_none() {
            regex_syntax::ParserBuilder::new()
                .build()
                .parse(&source)
                .map_err(|e| e.to_string())?;
        }
        Ok(LazyRegex {
            source,
            compiled: OnceLock::new(),
        })
    }

    pub fn get(&self) -> Option<&Regex> {
        self.compiled.get_or_init(|| compile(&self.source)).as_ref()
    }

    /// Compiles now; used to validate user packs and in tests.
    pub fn force(&self) -> Result<(), String> {
        match self.get() {
            Some(_) => Ok(()),
            None => Err(format!(
                "regex {:?} does not compile (too large?)",
                self.source
            )),
        }
    }
}

fn compile(source: &str) -> Option<Regex> {
    let build = |unicode: bool| {
        Regex::builder()
            .configure(
                Regex::config()
                    .which_captures(WhichCaptures::Implicit)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
            )
            .syntax(syntax::Config::new().unicode(unicode).utf8(unicode))
            .build(source)
            .ok()
    };
    build(false).or_else(|| build(true))
}

/// A tree-sitter query, compiled per grammar on first use. The first grammar is the query's own language;
/// the others (TypeScript for a JavaScript query) are a bonus and may not compile.
pub struct LazyQuery {
    pub source: String,
    pub capture: Option<String>,
    pub grammars: &'static [Grammar],
    compiled: Vec<OnceLock<Option<(Query, u32)>>>,
}

impl LazyQuery {
    pub fn new(source: String, capture: Option<String>, grammars: &'static [Grammar]) -> LazyQuery {
        let compiled = grammars.iter().map(|_| OnceLock::new()).collect();
        LazyQuery {
            source,
            capture,
            grammars,
            compiled,
        }
    }

    /// The query for `grammar` and the index of the capture to report, if it runs there.
    pub fn get(&self, grammar: Grammar) -> Option<(&Query, u32)> {
        let slot = self.grammars.iter().position(|g| *g == grammar)?;
        self.compiled[slot]
            .get_or_init(|| self.compile(grammar).ok())
            .as_ref()
            .map(|(query, capture)| (query, *capture))
    }

    /// Compiles for the query's own grammar now, reporting what is wrong.
    pub fn force(&self) -> Result<(), String> {
        let primary = *self.grammars.first().ok_or("query has no grammar")?;
        self.compile(primary)?;
        for grammar in self.grammars {
            self.get(*grammar);
        }
        Ok(())
    }

    fn compile(&self, grammar: Grammar) -> Result<(Query, u32), String> {
        let query = Query::new(&grammar.ts_language(), &self.source)
            .map_err(|e| format!("bad query: {e}"))?;
        let wanted = self.capture.as_deref().unwrap_or("hit");
        let names = query.capture_names();
        if names.is_empty() {
            return Err("query needs a capture, e.g. @hit".into());
        }
        let index = match names.iter().position(|n| *n == wanted) {
            Some(index) => index,
            None if self.capture.is_some() => {
                return Err(format!("query has no capture @{wanted}"))
            }
            None => 0,
        };
        Ok((query, index as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_surface_at_load_compilation_waits() {
        assert!(LazyRegex::new("(unclosed".into()).is_err());
        let lazy = LazyRegex::new(r"(?i)\bcurl\b".into()).unwrap();
        assert!(lazy.compiled.get().is_none());
        assert!(lazy.get().unwrap().is_match(b"CURL x"));
    }

    #[test]
    fn unicode_patterns_still_compile() {
        let lazy = LazyRegex::new(r"[\x{E0000}-\x{E007F}]".into()).unwrap();
        assert!(lazy.get().unwrap().is_match("tag\u{E0041}".as_bytes()));
    }

    #[test]
    fn queries_compile_per_grammar_on_demand() {
        let query = LazyQuery::new(
            "(call_expression function: (identifier) @f (#eq? @f \"eval\")) @hit".into(),
            None,
            Grammar::for_query_language(skill_scan_model::Language::Javascript),
        );
        assert!(query.force().is_ok());
        assert_eq!(query.get(Grammar::Javascript).unwrap().1, 1);
        assert!(query.get(Grammar::Python).is_none());
        let broken = LazyQuery::new("(no_such_node) @hit".into(), None, &[Grammar::Python]);
        assert!(broken.force().is_err());
    }
}

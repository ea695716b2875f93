//! Patterns are checked when a pack loads but compiled only when a file first needs them. Start-up then
//! costs what parsing the packs costs, and a package with no TypeScript never builds a TypeScript query.

use crate::ascii_classes::ascii_classes;
use crate::embedded::{precomputed, CHECKED_REGEXES};
use crate::syntax::Grammar;
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex_automata::meta::Regex;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use std::sync::OnceLock;
use tree_sitter::Query;

const REGEX_SIZE_LIMIT: usize = 8 * 1024 * 1024;

/// A regex searched over bytes. Patterns compile in ASCII mode (much cheaper to build, and the rules
/// match ASCII syntax: commands, paths, API names); a pattern with a non-ASCII literal keeps ASCII
/// classes (see [`ascii_classes`]); one that needs Unicode classes gets them.
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
    let build = |pattern: &str, unicode: bool| {
        Regex::builder()
            .configure(
                Regex::config()
                    .which_captures(WhichCaptures::Implicit)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
            )
            .syntax(syntax::Config::new().unicode(unicode).utf8(unicode))
            .build(pattern)
            .ok()
    };
    // A pattern that fails in ASCII mode holds a non-ASCII literal or a Unicode class: keep those, but
    // give its Perl classes their ASCII meaning (a fifth of the build cost); a pattern that still fails
    // gets full Unicode.
    build(source, false)
        .or_else(|| ascii_classes(source).and_then(|rewritten| build(&rewritten, true)))
        .or_else(|| build(source, true))
}

/// A rule's path globs: checked when the pack loads, built into one matcher (which compiles a regex) only
/// when a file the rule could match first asks.
pub struct LazyGlobs {
    globs: Vec<Glob>,
    compiled: OnceLock<Option<GlobSet>>,
}

impl LazyGlobs {
    /// Parses every glob now; the error names the first that does not parse.
    pub fn new(sources: &[String]) -> Result<LazyGlobs, String> {
        let globs = sources
            .iter()
            .map(|glob| Glob::new(glob).map_err(|e| format!("bad path glob {glob:?}: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(LazyGlobs {
            globs,
            compiled: OnceLock::new(),
        })
    }

    /// Whether `path` matches one of the globs. A set that fails to build (globs that each parse
    /// always build) matches nothing, so the rule is skipped rather than run everywhere.
    pub fn is_match(&self, path: &str) -> bool {
        self.compiled
            .get_or_init(|| {
                let mut builder = GlobSetBuilder::new();
                for glob in &self.globs {
                    builder.add(glob.clone());
                }
                builder.build().ok()
            })
            .as_ref()
            .is_some_and(|set| set.is_match(path))
    }
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
        let quoted = LazyRegex::new(r#"(?i)(?:^|[^"“\w])never\s+tell\b"#.into()).unwrap();
        let quoted = quoted.get().unwrap();
        assert!(quoted.is_match("so never tell".as_bytes()));
        assert!(!quoted.is_match("“never tell".as_bytes()));
        assert!(!quoted.is_match("whenever tell".as_bytes()));
        let letters = LazyRegex::new(r"\p{Greek}+\s".into()).unwrap();
        assert!(letters.get().unwrap().is_match("αβγ ".as_bytes()));
    }

    #[test]
    fn globs_parse_at_load_and_build_on_first_match() {
        assert!(LazyGlobs::new(&["src/[".into()]).is_err());
        let globs = LazyGlobs::new(&["**/*.service".into(), "etc/**".into()]).unwrap();
        assert!(globs.compiled.get().is_none());
        assert!(globs.is_match("deploy/agent.service"));
        assert!(globs.is_match("etc/cron.d/job"));
        assert!(!globs.is_match("src/main.rs"));
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

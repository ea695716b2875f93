//! Reading a document's steps in order, one intent at a time, and judging the recipe they make up.
//!
//! Each step is read for every intent unless it teaches about attacks; an action intent counts only when
//! its verb is not negated, not quoted and not waiting for the user's consent. What earlier steps did is
//! remembered, so "send it" three steps after a credential read is that credential leaving, and a
//! concealment anywhere in the document hides the document's risky action.

use super::defined::{self, Definition};
use super::steps::{Step, StepKind};
use super::{
    against_user, autostart, beacon, carrier, conceal, config_entry, foreign, lexicon, negation,
    plant, remote_shell, shadow, words, Found, Instructions, Intent,
};
use crate::segment::TextView;
use std::cell::OnceCell;
use std::ops::Range;

/// How many steps after a credential read a send of secrets or to a drop still belongs to its recipe.
const RECIPE_WINDOW: usize = 12;
/// How many steps after a credential read "send it" still points back at it.
const BACK_REFERENCE_WINDOW: usize = 3;
/// How many steps after an order to plant text in agent files the planted text may run.
const PLANTED_TEXT_WINDOW: usize = 8;
/// How many local script paths a concealment lists as what it may hide.
const MAX_NAMED_FILES: usize = 32;

/// One step being read: its index, its text, and the heading of its section.
struct Current<'t> {
    index: usize,
    step: &'t Step,
    text: &'t str,
    /// The text in ASCII lower case, for the recognisers' word gates.
    lower: String,
    section: &'t str,
    /// Whether the step teaches about attacks, worked out only once something was recognised.
    educational: OnceCell<bool>,
    /// Whether the step waits for the user's consent, likewise.
    consented: OnceCell<bool>,
    /// The step is an entry of a config block shown as code (`upload_to: <url>`), read as prose.
    config: bool,
}

impl Current<'_> {
    fn educational(&self) -> bool {
        *self
            .educational
            .get_or_init(|| negation::educational(self.text, self.section))
    }

    fn consented(&self) -> bool {
        *self
            .consented
            .get_or_init(|| negation::consented(self.text))
    }

    /// A range of the step's text as a range of the normalised document. A step read with its defined
    /// names put back is longer than the step: its ranges stay inside the step.
    fn at(&self, range: &Range<usize>) -> Range<usize> {
        let start = (self.step.start + range.start).min(self.step.end);
        start..(self.step.start + range.end).clamp(start, self.step.end)
    }

    fn quote(&self, range: &Range<usize>) -> String {
        snippet(&self.text[range.clone()])
    }

    /// Whether the action whose verb starts at `at` is asked for: not negated, not quoted, not an
    /// example of an attack.
    fn asked(&self, at: usize) -> bool {
        !negation::negated(self.text, at) && !negation::quoted(self.text, at) && !self.educational()
    }

    /// [`Current::asked`], and not left to the user's say-so.
    fn asked_outright(&self, at: usize) -> bool {
        self.asked(at) && !self.consented()
    }
}

/// How far apart, in lines, a risky action and an order to hide it may stand and still be one hidden
/// action. A recipe's steps sit within a few dozen lines of each other; a long document's unrelated
/// paragraphs do not.
const MAX_HIDDEN_ACTION_LINES: usize = 60;

pub(super) struct Reader<'t> {
    view: &'t TextView<'t>,
    steps: &'t [Step],
    sections: &'t [String],
    found: Vec<Found>,
    /// Steps that read a credential store, with the store's range.
    credential_steps: Vec<(usize, Range<usize>)>,
    /// Risky actions (send out, run unregistered code, obey a server), with what each does.
    actions: Vec<(Range<usize>, &'static str)>,
    concealments: Vec<Range<usize>>,
    /// Orders to write into other projects' or the global agent files: step index and range.
    plants: Vec<(usize, Range<usize>)>,
    /// A step in another language than English asked for a read or a send.
    foreign_seen: bool,
    /// Names the document defines ("let CONFIG_FILE stand for …"), put back where later steps use them.
    definitions: Vec<Definition>,
    /// Files a step packed a credential store into, with the step's index.
    packed: Vec<(usize, String)>,
}

impl<'t> Reader<'t> {
    pub(super) fn new(view: &'t TextView<'t>, steps: &'t [Step], sections: &'t [String]) -> Self {
        Reader {
            view,
            steps,
            sections,
            found: Vec::new(),
            credential_steps: Vec::new(),
            actions: Vec::new(),
            concealments: Vec::new(),
            plants: Vec::new(),
            foreign_seen: false,
            definitions: Vec::new(),
            packed: Vec::new(),
        }
    }

    pub(super) fn read(mut self) -> Instructions {
        for (index, step) in self.steps.iter().enumerate() {
            let text = &self.view.text[step.start..step.end];
            let current = Current {
                index,
                step,
                text,
                lower: text.to_ascii_lowercase(),
                section: self.sections.get(step.section).map_or("", String::as_str),
                educational: OnceCell::new(),
                consented: OnceCell::new(),
                config: false,
            };
            let _words = words::register(&current.lower);
            let _text_words = words::register(current.text);
            match step.kind {
                StepKind::Heading => {}
                // Code lines are judged by the code rules; here they join a recipe, and a config
                // entry that reads as an order (`upload_to: <url>`, `"then": "send …"`) is one.
                StepKind::Code => self.code(&current),
                StepKind::Prose => self.prose_with_definitions(&current),
            }
        }
        self.hidden_action();
        self.planted();
        Instructions { found: self.found }
    }

    /// A prose step read with the names earlier steps defined put back; a step that defines a name is
    /// remembered for the steps after it.
    fn prose_with_definitions(&mut self, current: &Current) {
        for found in defined::definitions(current.text) {
            defined::remember(&mut self.definitions, found);
        }
        let expanded = (!self.definitions.is_empty())
            .then(|| defined::expand(current.text, &self.definitions))
            .flatten();
        match expanded {
            Some(text) => {
                let expanded = Current {
                    text: &text,
                    lower: text.to_ascii_lowercase(),
                    educational: OnceCell::new(),
                    consented: OnceCell::new(),
                    ..*current
                };
                let _words = words::register(&expanded.lower);
                self.prose(&expanded);
            }
            None => self.prose(current),
        }
    }

    /// Files the step's code packs a credential store into.
    fn packs_store(&mut self, current: &Current, code_line: bool) {
        if !lexicon::mentions_store(&current.lower) {
            return;
        }
        for path in carrier::packed_files(current.text, code_line) {
            if self.packed.len() < 16 {
                self.packed.push((current.index, path));
            }
        }
    }

    fn code(&mut self, current: &Current) {
        self.packs_store(current, true);
        if let Some(store) = lexicon::names_credential_store(current.text, &current.lower) {
            self.credential_steps
                .push((current.index, current.at(&store)));
        }
        if let Some(found) = conceal::silent_setting(current.text, &current.lower) {
            self.concealment(current, found);
        }
        // A code line that copies the whole repository away is a risky action an order to hide can join.
        if let Some(at) = lexicon::pushes_whole_repository(&current.lower) {
            self.actions.push((
                current.at(&(at..current.text.len())),
                "push the whole repository to another remote",
            ));
        }
        self.fetched_package(current, false);
        if let Some(entry) = config_entry::as_prose(current.text) {
            let entry = Current {
                text: &entry,
                lower: entry.to_ascii_lowercase(),
                educational: OnceCell::new(),
                consented: OnceCell::new(),
                config: true,
                ..*current
            };
            let _words = words::register(&entry.lower);
            self.prose(&entry);
        }
    }

    /// Every recogniser reads the step; what they find counts unless the step teaches about attacks or
    /// (for reads, sends and security changes) waits for the user's consent. Both are asked only once
    /// something was found: most steps of most documents ask for nothing.
    fn prose(&mut self, current: &Current) {
        self.packs_store(current, false);
        self.credential_read(current);
        self.send(current);
        self.weaken_security(current);
        self.run_unregistered(current);
        self.follow_remote(current);
        self.override_instructions(current);
        self.remote_shell(current);
        self.rendered_beacon(current);
        self.fetched_autostart(current);
        self.conceal(current);
        self.deceive(current);
        self.secret_into_argument(current);
        self.mail_copy(current);
        self.shadow_tools(current);
        self.plant(current);
        self.foreign(current);
        self.fetched_package(current, true);
    }

    /// A package downloaded and run in one go (`npx -y …`) is ordinary setup; kept from the user it is a
    /// hidden install (see `hidden_action`). In prose only when the step asks for it.
    fn fetched_package(&mut self, current: &Current, prose: bool) {
        let Some(at) = lexicon::runs_fetched_package(&current.lower) else {
            return;
        };
        if prose && (!current.asked(at) || current.config) {
            return;
        }
        self.actions.push((
            current.at(&(at..current.text.len())),
            "run a package downloaded on the spot",
        ));
    }

    /// The same recipe written in another language: a credential store named by its path, an imperative
    /// read or send verb of that language, an address to send to, an order not to tell the user. What the
    /// English recognisers already found in the step is not found twice.
    fn foreign(&mut self, current: &Current) {
        if !(self.foreign_seen || foreign::may_be_foreign(current.text)) || current.educational() {
            return;
        }
        let (step_start, step_end) = self.view.file_range(current.step.start, current.step.end);
        let found_here = |found: &[Found], intent: Intent| {
            found
                .iter()
                .any(|f| f.intent == intent && f.start >= step_start && f.start <= step_end)
        };
        let store = lexicon::names_credential_store(current.text, &current.lower);
        let read = store.as_ref().and_then(|_| foreign::read(current.text));
        if let (Some(store), Some(verb)) = (&store, read) {
            self.foreign_seen = true;
            if !found_here(&self.found, Intent::CredentialRead) {
                self.credential_steps
                    .push((current.index, current.at(store)));
                let span = verb.start.min(store.start)..verb.end.max(store.end);
                self.push(
                    Intent::CredentialRead,
                    current.at(&span),
                    format!(
                        "The agent is told (in another language) to read a credential store: \"{}\"",
                        current.quote(&span)
                    ),
                    Vec::new(),
                );
            }
        }
        if let Some((verb, address)) = foreign::send(current.text) {
            self.foreign_seen = true;
            let earlier = self
                .credential_steps
                .iter()
                .rev()
                .find(|(i, _)| current.index - i <= BACK_REFERENCE_WINDOW)
                .map(|(_, r)| r.clone());
            let span = verb.start.min(address.start)..verb.end.max(address.end);
            if (store.is_some() || earlier.is_some())
                && !foreign::forbids_send(current.text)
                && !found_here(&self.found, Intent::ReadThenSend)
            {
                let related = match (&store, earlier) {
                    (None, Some(r)) => vec![(
                        self.view.file_range(r.start, r.end).0,
                        "the credential store read earlier".to_string(),
                    )],
                    _ => Vec::new(),
                };
                self.push(
                    Intent::ReadThenSend,
                    current.at(&span),
                    format!(
                        "The agent is told (in another language) to send credentials off the machine: \"{}\"",
                        current.quote(&span)
                    ),
                    related,
                );
                self.actions.push((current.at(&span), "send credentials"));
            } else {
                self.actions
                    .push((current.at(&span), "send data to an address the text names"));
            }
        }
        if (self.foreign_seen || foreign::has_foreign_letters(current.text))
            && !found_here(&self.found, Intent::Conceal)
        {
            if let Some(range) = foreign::conceal(current.text) {
                self.concealment(current, range);
            }
        }
    }

    fn plant(&mut self, current: &Current) {
        let found =
            plant::plant(current.text, &current.lower).filter(|r| current.asked_outright(r.start));
        if let Some(range) = found {
            self.plants.push((current.index, current.at(&range)));
        }
    }

    /// Text planted in other projects' agent files is worse when it points somewhere: the order step and
    /// the few after it (the block to write) name a URL, a download or a send.
    fn planted(&mut self) {
        for (index, range) in std::mem::take(&mut self.plants) {
            let last = (index + PLANTED_TEXT_WINDOW).min(self.steps.len().saturating_sub(1));
            let planted = &self.view.text[self.steps[index].start..self.steps[last].end];
            let remote = planted.contains("://")
                || self
                    .actions
                    .iter()
                    .any(|(r, _)| r.start >= range.start && r.start <= self.steps[last].end);
            let quote = snippet(&self.view.text[range.clone()]);
            let (intent, message) = if remote {
                (
                    Intent::PlantRemoteOrders,
                    format!("The agent is told to write orders that reach out to a remote host into other projects' or its global agent instructions: \"{quote}\""),
                )
            } else {
                (
                    Intent::PlantInstructions,
                    format!("The agent is told to write into other projects' or its global agent instructions: \"{quote}\""),
                )
            };
            self.push(intent, range, message, Vec::new());
        }
    }

    fn push(
        &mut self,
        intent: Intent,
        range: Range<usize>,
        message: String,
        related: Vec<(usize, String)>,
    ) {
        let (start, end) = self.view.file_range(range.start, range.end);
        self.found.push(Found {
            intent,
            start,
            end,
            message,
            related,
        });
    }

    fn credential_read(&mut self, current: &Current) {
        let found = lexicon::credential_read(current.text, &current.lower).map(|(verb, store)| {
            let store = current.at(&store);
            (verb, store)
        });
        let found = found.or_else(|| {
            let before = self.steps.get(current.index.checked_sub(1)?)?;
            let (verb, store) = lexicon::credential_read_back(
                current.text,
                &self.view.text[before.start..before.end],
            )?;
            Some((verb, before.start + store.start..before.start + store.end))
        });
        let found = found.or_else(|| {
            let (verb, store, environment) = lexicon::run_reads(current.text, &current.lower)?;
            let store = current.at(&store);
            // Printing the environment is ordinary debugging; it counts once a later step sends it.
            if environment {
                if current.asked_outright(verb.start) {
                    self.credential_steps.push((current.index, store));
                }
                return None;
            }
            Some((verb, store))
        });
        let Some((verb, store)) = found else {
            return;
        };
        if !current.asked_outright(verb.start) {
            return;
        }
        self.credential_steps.push((current.index, store.clone()));
        // The store may come before its verb ("the token from the npm config; read it yourself"), in this
        // step or the one before; the span is in document offsets.
        let verb = current.at(&verb);
        let span = verb.start.min(store.start)..verb.end.max(store.end);
        let quote = snippet(&self.view.text[span.clone()]);
        self.push(
            Intent::CredentialRead,
            span.clone(),
            format!("The agent is told to read a credential store: \"{quote}\""),
            Vec::new(),
        );
        // "Read it yourself before calling": what is read goes into the tool call, to the tool's server.
        if lexicon::feeds_tool_call(&current.lower) {
            self.push(
                Intent::ReadThenSend,
                span.clone(),
                format!(
                    "The agent is told to read a credential store and hand it to a tool call: \"{quote}\""
                ),
                Vec::new(),
            );
            self.actions.push((span, "send credentials"));
        }
    }

    /// A send carries a credential when it names one, or when it sends secrets, to a drop, or "it"
    /// shortly after a step that read one.
    fn send(&mut self, current: &Current) {
        // A transfer command written into the step that sends a store, or a file packed from one.
        let packed: Vec<&str> = self
            .packed
            .iter()
            .filter(|(i, _)| current.index - i <= RECIPE_WINDOW)
            .map(|(_, p)| p.as_str())
            .collect();
        // Only a step that names a store, or follows one that packed it, can send one.
        let may_send_store = !packed.is_empty() || lexicon::mentions_store(&current.lower);
        if let Some((range, store)) = may_send_store
            .then(|| carrier::sends_store(current.text, &packed))
            .flatten()
            .filter(|(r, _)| current.asked_outright(r.start))
        {
            self.push(
                Intent::ReadThenSend,
                current.at(&range),
                format!(
                    "The agent is told to run a command that sends {store} off the machine: \"{}\"",
                    current.quote(&range)
                ),
                Vec::new(),
            );
            self.actions.push((current.at(&range), "send credentials"));
            return;
        }
        // A link whose address expands a credential read: opening it is the send.
        if let Some(range) =
            lexicon::store_in_url(current.text).filter(|r| current.asked_outright(r.start))
        {
            self.push(
                Intent::ReadThenSend,
                current.at(&range),
                format!(
                    "The agent is told to open an address that carries a credential store: \"{}\"",
                    current.quote(&range)
                ),
                Vec::new(),
            );
            self.actions.push((current.at(&range), "send credentials"));
            return;
        }
        let recent_read = self
            .credential_steps
            .iter()
            .rev()
            .find(|(i, _)| current.index - i <= RECIPE_WINDOW)
            .cloned();
        let Some(send) = lexicon::send(current.text, &current.lower, recent_read.is_some()) else {
            return;
        };
        if !current.asked_outright(send.verb.start) {
            return;
        }
        let span = send.verb.start..send.destination.end;
        let since = recent_read.as_ref().map(|(i, _)| current.index - i);
        // "Upload `/tmp/k.tgz`" a step after the store was packed into `/tmp/k.tgz`.
        let sends_packed = self.packed.iter().any(|(i, path)| {
            current.index - i <= RECIPE_WINDOW
                && current.text[send.verb.end..].contains(path.as_str())
        });
        let carries_read = send.credential
            || sends_packed
            || send.vendor_token_elsewhere
            || (send.sensitive || send.covert || send.gathered) && since.is_some()
            || (send.back_reference || send.bare && current.config)
                && since.is_some_and(|n| n <= BACK_REFERENCE_WINDOW);
        if carries_read {
            let related = match recent_read {
                Some((_, store)) if !send.credential => vec![(
                    self.view.file_range(store.start, store.end).0,
                    "the credential store read earlier".to_string(),
                )],
                _ => Vec::new(),
            };
            self.push(
                Intent::ReadThenSend,
                current.at(&span),
                format!(
                    "The agent is told to send credentials off the machine: \"{}\"",
                    current.quote(&span)
                ),
                related,
            );
            self.actions.push((current.at(&span), "send credentials"));
        } else if send.covert {
            self.push(
                Intent::SendOut,
                current.at(&span),
                format!(
                    "The agent is told to send data to an outside drop: \"{}\"",
                    current.quote(&span)
                ),
                Vec::new(),
            );
            self.actions.push((current.at(&span), "send data out"));
        } else if send.addressed {
            // Mail or a post to an address the text writes out is ordinary on its own ("send the
            // summary to ops@…"); it is worth a finding only with an order to hide it.
            self.actions
                .push((current.at(&span), "send data to an address the text names"));
        }
    }

    /// A download of code from outside a registry, or an archive password a step or two after one.
    fn run_unregistered(&mut self, current: &Current) {
        // The archive a password belongs to is named in this step or one of the two before it.
        let from = current.index.saturating_sub(2);
        let (view, steps) = (self.view, self.steps);
        let context = &view.text[steps[from].start..current.step.end];
        let found = lexicon::run_unregistered(current.text, &current.lower)
            .filter(|r| current.asked(r.start))
            .or_else(|| lexicon::archive_password(current.text, &current.lower, context))
            .filter(|r| !negation::negated(current.text, r.start) && !current.educational());
        let Some(range) = found else { return };
        self.push(
            Intent::RunUnregistered,
            current.at(&range),
            format!(
                "The agent is told to fetch or run code from outside a package registry: \"{}\"",
                current.quote(&range)
            ),
            Vec::new(),
        );
        if lexicon::evasive_delivery(&current.text[range.clone()], current.text, context) {
            self.push(
                Intent::RunEvasive,
                current.at(&range),
                format!(
                    "The agent is told to run code shipped past scanners (a paste site or a password-locked archive): \"{}\"",
                    current.quote(&range)
                ),
                Vec::new(),
            );
        }
        self.actions
            .push((current.at(&range), "run code from outside a registry"));
    }

    fn follow_remote(&mut self, current: &Current) {
        let Some(range) =
            lexicon::follow_remote(current.text, &current.lower).filter(|r| current.asked(r.start))
        else {
            return;
        };
        self.push(
            Intent::FollowRemote,
            current.at(&range),
            format!(
                "The agent is told to obey what a remote server returns: \"{}\"",
                current.quote(&range)
            ),
            Vec::new(),
        );
        self.actions
            .push((current.at(&range), "obey a remote server"));
        // On a timer, or without the user's say: the server steers the agent (a command channel).
        if lexicon::standing_order(&current.lower) {
            self.push(
                Intent::PollForOrders,
                current.at(&range),
                format!(
                    "The agent is told to poll a server and carry out what it returns, on its own: \"{}\"",
                    current.quote(&range)
                ),
                Vec::new(),
            );
        }
    }

    /// The text of the steps after `index` (at most `window` of them), for an order completed there.
    fn following(&self, index: usize, window: usize) -> &'t str {
        let last = (index + window).min(self.steps.len().saturating_sub(1));
        let start = self.steps[index].end.min(self.view.text.len());
        let end = self.steps[last].end.max(start).min(self.view.text.len());
        &self.view.text[start..end]
    }

    /// A rendered image or link whose address the step leaves a slot in, filled with the conversation or a
    /// secret here or in the next steps.
    fn rendered_beacon(&mut self, current: &Current) {
        if !beacon::may_render(current.text) {
            return;
        }
        for slot in beacon::slots(current.text) {
            if !current.asked(slot.url.start) {
                continue;
            }
            let filling = match &slot.name {
                None => Some(String::new()),
                Some(name) => {
                    let here = &current.text[slot.url.end..];
                    let after = self.following(current.index, beacon::FILL_WINDOW);
                    beacon::filled(here, name)
                        .map(|r| here[r].to_string())
                        .or_else(|| beacon::filled(after, name).map(|r| after[r].to_string()))
                }
            };
            let Some(filling) = filling else { continue };
            let range = current.at(&slot.url);
            let mut message = format!(
                "The agent is told to render an address that carries the conversation or a secret: \"{}\"",
                current.quote(&slot.url)
            );
            if !filling.is_empty() {
                message.push_str(&format!(", filled as \"{}\"", snippet(&filling)));
            }
            self.push(Intent::RenderedBeacon, range.clone(), message, Vec::new());
            self.actions
                .push((range, "send the conversation or a secret in an address"));
            return;
        }
    }

    /// An autostart entry the step orders made whose command fetches code from a remote host.
    fn fetched_autostart(&mut self, current: &Current) {
        if !current.lower.contains("://") && !self.following(current.index, 1).contains("://") {
            return;
        }
        if !autostart::may_make(&current.lower) {
            return;
        }
        let Some((verb, range)) = autostart::entry(current.text) else {
            return;
        };
        if !current.asked_outright(verb) {
            return;
        }
        let from = range.start.min(current.text.len());
        let command = format!(
            "{} {}",
            &current.text[from..],
            self.following(current.index, autostart::COMMAND_WINDOW)
        )
        .replace('\n', " ");
        if !autostart::runs_fetched(&command) {
            return;
        }
        let range = current.at(&range);
        self.push(
            Intent::FetchedAutostart,
            range.clone(),
            format!(
                "The agent is told to add an autostart entry that runs code fetched from a remote host: \"{}\"",
                snippet(&self.view.text[range.clone()])
            ),
            Vec::new(),
        );
        self.actions
            .push((range, "add an autostart entry that runs fetched code"));
    }

    /// A shell handed to another machine, spelled out in words.
    fn remote_shell(&mut self, current: &Current) {
        let found = remote_shell::remote_shell(current.text, &current.lower)
            .filter(|r| current.asked(r.start));
        let Some(range) = found else { return };
        self.push(
            Intent::RemoteShell,
            current.at(&range),
            format!(
                "The agent is told to hand a shell to another machine: \"{}\"",
                current.quote(&range)
            ),
            Vec::new(),
        );
        self.actions
            .push((current.at(&range), "hand a shell to another machine"));
    }

    fn weaken_security(&mut self, current: &Current) {
        let found = lexicon::weaken_security(current.text, &current.lower)
            .filter(|r| current.asked_outright(r.start) && !mentions_tests(&current.lower));
        let Some(range) = found else { return };
        self.push(
            Intent::WeakenSecurity,
            current.at(&range),
            format!(
                "The agent is told to weaken the project's authentication or security code: \"{}\"",
                current.quote(&range)
            ),
            Vec::new(),
        );
        self.actions
            .push((current.at(&range), "weaken the project's security code"));
    }

    fn override_instructions(&mut self, current: &Current) {
        let found = lexicon::override_instructions(current.text, &current.lower)
            .filter(|r| current.asked(r.start));
        let Some(range) = found else { return };
        self.push(
            Intent::Override,
            current.at(&range),
            format!(
                "The text tries to replace the agent's instructions or unlock a role-play persona: \"{}\"",
                current.quote(&range)
            ),
            Vec::new(),
        );
    }

    /// A concealment lists the local scripts the document names, so a compound can join it with what
    /// those scripts do.
    fn conceal(&mut self, current: &Current) {
        let found = conceal::conceal(current.text, &current.lower)
            .filter(|r| !negation::quoted(current.text, r.start) && !current.educational());
        if let Some(range) = found {
            self.concealment(current, range);
        }
    }

    fn concealment(&mut self, current: &Current, range: Range<usize>) {
        self.concealments.push(current.at(&range));
        let related = named_files(self.view.text)
            .into_iter()
            .map(|(r, path)| {
                (
                    self.view.file_range(r.start, r.end).0,
                    format!("names {path}"),
                )
            })
            .collect();
        self.push(
            Intent::Conceal,
            current.at(&range),
            format!(
                "The agent is told to hide what it does from the user: \"{}\"",
                current.quote(&range)
            ),
            related,
        );
    }

    /// Lying to the user about what steers the agent, or breaking their work on purpose. The phrasings
    /// hold their own negators, so only quoting and teaching make them quiet.
    fn deceive(&mut self, current: &Current) {
        let found = against_user::deceive(current.text, &current.lower)
            .filter(|r| !negation::quoted(current.text, r.start) && !current.educational());
        let Some(range) = found else { return };
        self.push(
            Intent::Deceive,
            current.at(&range),
            format!(
                "The agent is told to deceive the user or sabotage their work: \"{}\"",
                current.quote(&range)
            ),
            Vec::new(),
        );
    }

    /// A secret taken from the conversation or other tools' output, to be put into a tool's argument.
    fn secret_into_argument(&mut self, current: &Current) {
        let Some((range, verb)) = against_user::secret_into_argument(current.text, &current.lower)
        else {
            return;
        };
        if !current.asked(verb) {
            return;
        }
        self.push(
            Intent::SecretIntoArgument,
            current.at(&range),
            format!(
                "The text tells the agent to put secrets from the conversation into a tool argument: \"{}\"",
                current.quote(&range)
            ),
            Vec::new(),
        );
    }

    /// Every message the agent sends also going to an address the text writes out.
    fn mail_copy(&mut self, current: &Current) {
        let found = shadow::mail_copy(current.text, &current.lower)
            .filter(|r| current.asked_outright(r.start));
        let Some(range) = found else { return };
        self.push(
            Intent::MailCopy,
            current.at(&range),
            format!(
                "The agent is told to copy the mail it sends to a fixed address: \"{}\"",
                current.quote(&range)
            ),
            Vec::new(),
        );
        self.actions.push((
            current.at(&range),
            "copy the user's mail to a fixed address",
        ));
    }

    /// Text of one tool or skill that rules how the agent uses other servers' tools.
    fn shadow_tools(&mut self, current: &Current) {
        let found = shadow::shadow_tools(current.text, &current.lower)
            .filter(|r| !negation::quoted(current.text, r.start) && !current.educational());
        let Some(range) = found else { return };
        self.push(
            Intent::ShadowTools,
            current.at(&range),
            format!(
                "The text changes how the agent uses other tools or servers: \"{}\"",
                current.quote(&range)
            ),
            Vec::new(),
        );
    }

    /// Something worth hiding and an instruction to hide it, close together in one document: the nearest
    /// pair, no further apart than [`MAX_HIDDEN_ACTION_LINES`]. A design document can propose to "create"
    /// something at a URL in its introduction and, nine hundred lines later, note that a conversion "loses
    /// precision without notifying the user"; nothing connects the two.
    fn hidden_action(&mut self) {
        if self.actions.is_empty() || self.concealments.is_empty() {
            return;
        }
        // Line numbers by binary search over the newlines, so a long document with many actions and
        // orders to hide costs (actions + orders) × log, not actions × orders × its length.
        let newlines: Vec<usize> = self.view.text.match_indices('\n').map(|(i, _)| i).collect();
        let line = |at: usize| newlines.partition_point(|&n| n < at);
        // Orders to hide by line, then by the order they were read in.
        let mut hides: Vec<(usize, usize)> = self
            .concealments
            .iter()
            .enumerate()
            .map(|(index, hide)| (line(hide.start), index))
            .collect();
        hides.sort_unstable();
        // The first order to hide on `at`, if any: its index.
        let on_line = |at: usize| {
            let i = hides.partition_point(|&(l, _)| l < at);
            hides
                .get(i)
                .filter(|&&(l, _)| l == at)
                .map(|&(_, index)| index)
        };
        // The order to hide nearest an action's line (the earliest read among equals), and how far.
        let nearest = |at: usize| {
            let i = hides.partition_point(|&(l, _)| l < at);
            let distance = [i.checked_sub(1), Some(i)]
                .into_iter()
                .flatten()
                .filter_map(|j| hides.get(j))
                .map(|&(l, _)| l.abs_diff(at))
                .min()?;
            let before = at.checked_sub(distance).and_then(on_line);
            let after = on_line(at + distance);
            before
                .into_iter()
                .chain(after)
                .min()
                .map(|index| (distance, index))
        };
        let action_lines: Vec<usize> = self.actions.iter().map(|(r, _)| line(r.start)).collect();
        // The first action and the first order to hide, as a recipe states them; else the nearest pair.
        let first_apart = action_lines[0].abs_diff(line(self.concealments[0].start));
        let pair = if first_apart <= MAX_HIDDEN_ACTION_LINES {
            Some((0, 0))
        } else {
            action_lines
                .iter()
                .enumerate()
                .filter_map(|(action, &at)| nearest(at).map(|(d, hide)| (d, action, hide)))
                .filter(|(d, ..)| *d <= MAX_HIDDEN_ACTION_LINES)
                .min_by_key(|(d, ..)| *d)
                .map(|(_, action, hide)| (action, hide))
        };
        let Some((action, hide)) = pair else {
            return;
        };
        let ((action, what), hide) = (&self.actions[action], &self.concealments[hide]);
        let (action, what, hide) = (action.clone(), *what, hide.clone());
        let action_at = self.view.file_range(action.start, action.end).0;
        self.push(
            Intent::RunAndConceal,
            hide,
            format!("The agent is told to {what} and to keep it from the user"),
            vec![(action_at, format!("the step that tells it to {what}"))],
        );
    }
}

/// Whether a step is about test code, where stubbing a check out is ordinary.
fn mentions_tests(lower: &str) -> bool {
    ["test", "mock", "fixture", "stub for"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Local script paths the text names (`scripts/sync.sh`, `./setup.py`); URLs and absolute paths are not
/// files of the package.
fn named_files(text: &str) -> Vec<(Range<usize>, String)> {
    const EXTENSIONS: &[&str] = &[
        ".sh", ".py", ".js", ".mjs", ".cjs", ".ts", ".ps1", ".bat", ".cmd", ".rb", ".pl",
    ];
    let mut found = Vec::new();
    for word in text.split_whitespace() {
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        let lead = word.len()
            - word
                .trim_start_matches(|c: char| {
                    !c.is_ascii_alphanumeric() && !matches!(c, '.' | '/' | '_' | '~')
                })
                .len();
        let word = word[lead..]
            .trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && !matches!(c, '_' | '-'));
        if word.contains("://")
            || word.starts_with('/')
            || word.starts_with('~')
            || word.contains("..")
        {
            continue;
        }
        if EXTENSIONS
            .iter()
            .any(|e| word.ends_with(e) && word.len() > e.len())
        {
            let path = word.trim_start_matches("./").to_string();
            found.push((start + lead..start + lead + word.len(), path));
            if found.len() >= MAX_NAMED_FILES {
                break;
            }
        }
    }
    found
}

/// At most 120 characters of what a step said.
fn snippet(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 120 {
        format!("{}…", flat.chars().take(120).collect::<String>())
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_files_are_local_scripts_only() {
        let text = "Run `scripts/sync.sh`, then ./setup.py; not https://x.example.invalid/a.sh or /usr/bin/x.sh.";
        let names: Vec<String> = named_files(text).into_iter().map(|(_, p)| p).collect();
        assert_eq!(names, ["scripts/sync.sh", "setup.py"]);
    }
}

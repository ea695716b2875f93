//! What the command line does to the user's terminal: colour (only where it can be seen, never with
//! `NO_COLOR`), and a progress bar on stderr for scans that take more than about a second.
//!
//! Whether colour can be seen comes from the supports-color crate (the conventions every CLI shares:
//! `FORCE_COLOR` and `CLICOLOR_FORCE` not `0` force it, `NO_COLOR`, `TERM=dumb` and a stream that is not a
//! terminal turn it off, `CLICOLOR` and CI logs count); miette's themes do the painting.

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to standard output (`to_file`: it goes to `--output` instead).
    pub fn for_stdout(self, to_file: bool) -> bool {
        self.decide(to_file, || {
            supports_color::on(supports_color::Stream::Stdout).is_some()
        })
    }

    /// `--color` first, then the file, then what the environment and the terminal say (`detected`).
    fn decide(self, to_file: bool, detected: impl FnOnce() -> bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if to_file => false,
            ColorChoice::Auto => detected(),
        }
    }
}

/// How long a scan runs before the progress bar appears: short scans never flash one.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Files scanned out of files found, on stderr. Hidden until the scan has run for [`SHOW_AFTER`], and
/// always when stderr is not a terminal (pipes, CI logs, tests).
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    delay: Duration,
    enabled: bool,
    shown: AtomicBool,
}

impl Progress {
    /// A progress bar for this process's stderr.
    pub fn for_stderr() -> Progress {
        Progress::new(std::io::stderr().is_terminal(), SHOW_AFTER)
    }

    fn new(enabled: bool, delay: Duration) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} scanning {msg} [{bar:30}] {pos}/{len} files")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress {
            bar,
            started: Instant::now(),
            delay,
            enabled,
            shown: AtomicBool::new(false),
        }
    }

    /// A new target: its name (escaped: it can come from the command line) and its file count.
    pub fn start_target(&self, name: &str, files: usize) {
        self.bar
            .set_message(skill_scan_model::escape_for_terminal(name));
        self.bar.set_position(0);
        self.bar.set_length(files as u64);
        self.show_if_slow();
    }

    pub fn file_done(&self) {
        self.bar.inc(1);
        self.show_if_slow();
    }

    /// Removes the bar before the report is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    pub fn is_shown(&self) -> bool {
        self.shown.load(Ordering::Relaxed)
    }

    fn show_if_slow(&self) {
        if self.enabled && !self.is_shown() && self.started.elapsed() >= self.delay {
            self.shown.store(true, Ordering::Relaxed);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_and_the_file_come_before_the_environment() {
        assert!(ColorChoice::Auto.decide(false, || true));
        assert!(!ColorChoice::Auto.decide(false, || false));
        assert!(
            !ColorChoice::Auto.decide(true, || true),
            "--output FILE is never coloured"
        );
        assert!(ColorChoice::Always.decide(true, || false));
        assert!(!ColorChoice::Never.decide(false, || true));
    }

    #[test]
    fn the_bar_shows_only_on_a_terminal_and_only_after_the_delay() {
        let off_terminal = Progress::new(false, Duration::ZERO);
        off_terminal.start_target("pkg", 3);
        off_terminal.file_done();
        assert!(!off_terminal.is_shown());

        let slow_to_start = Progress::new(true, Duration::from_secs(3600));
        slow_to_start.start_target("pkg", 3);
        slow_to_start.file_done();
        assert!(!slow_to_start.is_shown());

        let immediate = Progress::new(true, Duration::ZERO);
        immediate.start_target("pkg", 3);
        assert!(immediate.is_shown());
        immediate.finish();
    }
}

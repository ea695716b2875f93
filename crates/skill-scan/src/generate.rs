//! `skill-scan generate completions SHELL` and `skill-scan generate man`: shell completions and the man
//! page, drawn from the one clap definition of the command line (as ripgrep and cargo do), so they never
//! drift from `--help`.

use clap::Subcommand;
use clap_complete::Shell;

#[derive(Debug, Clone, Subcommand)]
pub(crate) enum Generate {
    /// Shell completions: `skill-scan generate completions bash > /usr/share/bash-completion/completions/skill-scan`.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// The man page (roff): `skill-scan generate man > /usr/share/man/man1/skill-scan.1`.
    Man,
}

impl Generate {
    /// The text to print, for the command line `command` (the program's own clap definition).
    pub(crate) fn render(&self, mut command: clap::Command) -> String {
        let mut out = Vec::new();
        match self {
            Generate::Completions { shell } => {
                clap_complete::generate(*shell, &mut command, "skill-scan", &mut out);
            }
            Generate::Man => {
                if let Err(err) = clap_mangen::Man::new(command).render(&mut out) {
                    return format!("error: {err}\n");
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

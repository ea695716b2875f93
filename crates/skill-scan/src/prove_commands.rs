//! The commands that stand apart from a scan: `key generate`, `verify` (an attestation against its key and
//! the target's bytes) and `log verify` (walk the decision log's hash chain).

use clap::{Args, Subcommand};
use skill_scan_attest::digest::digest_path;
use skill_scan_attest::dsse::{verify, Envelope};
use skill_scan_attest::keys::{key_id, PublicKey, SecretKey};
use skill_scan_attest::log::verify_file;
use skill_scan_attest::statement::{Statement, PREDICATE_TYPE, STATEMENT_TYPE};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Make an ed25519 key pair: FILE (private, PKCS#8 PEM, mode 0600) and FILE.pub (public). The private
    /// key is never printed; give it to `--attest` with `--key FILE` or in $SKILL_SCAN_SIGNING_KEY.
    Generate {
        #[arg(value_name = "FILE", default_value = "skill-scan.key")]
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The attestation file `--attest` wrote (one DSSE envelope a line).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The archive, file or folder the attestation should be about: its digest must match a subject.
    #[arg(value_name = "TARGET")]
    pub target: Option<PathBuf>,
    /// The signer's public key (PEM; a private key file gives its public half).
    #[arg(long, value_name = "KEY")]
    pub public_key: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Walk the decision log's hash chain; name the first line that was edited, removed or reordered.
    Verify {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

pub fn key(command: &KeyCommand) -> ExitCode {
    match command {
        KeyCommand::Generate { file } => {
            let made = SecretKey::generate().and_then(|key| {
                let public = key.write_new(file)?;
                Ok((public, key_id(&key.public())))
            });
            match made {
                Ok((public, id)) => {
                    println!(
                        "wrote private key {} (mode 0600; keep it secret) and public key {}\nkey id {id}",
                        file.display(),
                        public.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
    }
}

/// Exit 0 when every envelope verifies and (with a target) one names the target's bytes; 1 when a check
/// fails; 2 when a file cannot be read.
pub fn verify_attestation(args: &VerifyArgs) -> ExitCode {
    let key = match PublicKey::load(&args.public_key) {
        Ok(key) => key,
        Err(e) => return fail(&e),
    };
    let text = match std::fs::read_to_string(&args.file) {
        Ok(text) => text,
        Err(e) => return fail(&format!("cannot read {}: {e}", args.file.display())),
    };
    match check(&text, &key, args.target.as_deref()) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(Failure::Fatal(why)) => fail(&why),
        Err(Failure::Rejected(why)) => {
            eprintln!("verification FAILED: {why}");
            ExitCode::from(1)
        }
    }
}

pub(crate) enum Failure {
    Fatal(String),
    Rejected(String),
}

/// Verifies every envelope in the bundle `text`; the report to print.
pub(crate) fn check(text: &str, key: &PublicKey, target: Option<&Path>) -> Result<String, Failure> {
    let mut statements = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let envelope: Envelope = serde_json::from_str(line).map_err(|e| {
            Failure::Rejected(format!("line {} is not a DSSE envelope ({e})", n + 1))
        })?;
        let payload = verify(&envelope, key)
            .map_err(|e| Failure::Rejected(format!("line {}: {e}", n + 1)))?;
        let statement: Statement = serde_json::from_slice(&payload).map_err(|e| {
            Failure::Rejected(format!(
                "line {}: the signed payload is not a verdict statement ({e})",
                n + 1
            ))
        })?;
        if statement.statement_type != STATEMENT_TYPE || statement.predicate_type != PREDICATE_TYPE
        {
            return Err(Failure::Rejected(format!(
                "line {}: not a skill-scan verdict ({} / {})",
                n + 1,
                statement.statement_type,
                statement.predicate_type
            )));
        }
        statements.push(statement);
    }
    if statements.is_empty() {
        return Err(Failure::Rejected("the file holds no attestation".into()));
    }
    let mut out = format!(
        "signature: good ({} statement(s), ed25519 key {})\n",
        statements.len(),
        key_id(key)
    );
    let shown: Vec<&Statement> = match target {
        Some(target) => {
            let digest = digest_path(target).map_err(|e| Failure::Fatal(e.to_string()))?;
            match statements.iter().find(|s| s.names(&digest)) {
                Some(found) => {
                    let _ = writeln!(out, "target: {} matches ({digest})", target.display());
                    vec![found]
                }
                None => {
                    let attested: Vec<String> = statements
                        .iter()
                        .flat_map(|s| &s.subject)
                        .flat_map(|s| s.digest.iter().map(|(a, v)| format!("{a}:{v}")))
                        .collect();
                    return Err(Failure::Rejected(format!(
                        "{} changed since it was attested: its digest is {digest}, the attestation names {}",
                        target.display(),
                        attested.join(", ")
                    )));
                }
            }
        }
        None => {
            out.push_str(
                "target: not checked (give TARGET to compare its bytes with the subject)\n",
            );
            statements.iter().collect()
        }
    };
    for statement in shown {
        describe(&mut out, statement);
    }
    Ok(out)
}

fn describe(out: &mut String, statement: &Statement) {
    let p = &statement.predicate;
    for subject in &statement.subject {
        let digests: Vec<String> = subject
            .digest
            .iter()
            .map(|(a, v)| format!("{a}:{v}"))
            .collect();
        let _ = writeln!(out, "subject: {} {}", subject.name, digests.join(" "));
    }
    let _ = writeln!(
        out,
        "decided: {} by {} {} at {}\n  rules: {} rule(s), sha256 {}\n  policy: profile {}{}, sha256 {}",
        p.verdict,
        p.scanner.name,
        p.scanner.version,
        p.scanned_at,
        p.rule_pack.rules,
        p.rule_pack.sha256,
        p.policy.profile,
        p.policy.config.as_deref().map(|c| format!(" with {c}")).unwrap_or_default(),
        p.policy.sha256
    );
    if let Some(why) = &p.incomplete {
        let _ = writeln!(out, "  incomplete: {why}");
    }
    for reason in &p.reasons {
        let _ = writeln!(
            out,
            "  reason: {} in {}: {} [{}]",
            reason.category,
            reason.scope,
            reason.rationale,
            reason.finding_ids.join(", ")
        );
    }
    let c = &p.finding_counts;
    let _ = writeln!(
        out,
        "  findings: {} block, {} review, {} log, {} suppressed",
        c.block, c.review, c.log, c.suppressed
    );
}

pub fn log(command: &LogCommand) -> ExitCode {
    match command {
        LogCommand::Verify { file } => match verify_file(file) {
            Ok(Ok(verified)) => {
                println!(
                    "{}: {} line(s) intact ({} verdict(s), {} policy change(s)); last hash {}",
                    file.display(),
                    verified.lines,
                    verified.verdicts,
                    verified.policies,
                    verified.head
                );
                ExitCode::SUCCESS
            }
            Ok(Err(broken)) => {
                eprintln!("{}: chain broken at {broken}", file.display());
                ExitCode::from(1)
            }
            Err(e) => fail(&e),
        },
    }
}

fn fail(why: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {why}");
    ExitCode::from(2)
}

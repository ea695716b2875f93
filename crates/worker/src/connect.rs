//! Connecting to NATS the way the `nats` command line does: a flag wins over an environment variable
//! (`NATS_URL`, `NATS_CREDS`, `NATS_USER`, `NATS_PASSWORD`, `NATS_CERT`, `NATS_KEY`, `NATS_CA`), which wins
//! over a `nats` context file (`--context FILE`, the JSON the `nats context` command writes: `url`, `creds`,
//! `user`, `password`, `cert`, `key`, `ca`), which wins over `nats://127.0.0.1:4222`.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DEFAULT_URL: &str = "nats://127.0.0.1:4222";

/// What the user gave on the command line (each `None` when not given).
#[derive(Debug, Clone, Default)]
pub struct NatsFlags {
    pub url: Option<String>,
    pub creds: Option<PathBuf>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub tls_ca: Option<PathBuf>,
    pub context: Option<PathBuf>,
}

/// The settings in force after flags, environment and context file are merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NatsSettings {
    pub url: String,
    pub creds: Option<PathBuf>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub tls_ca: Option<PathBuf>,
}

/// The keys of a `nats` context file this program reads (others are ignored).
#[derive(Debug, Default, Deserialize)]
struct Context {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    creds: Option<String>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    cert: Option<String>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    ca: Option<String>,
}

impl NatsFlags {
    /// Merges flags, `var` (the environment) and the context file.
    pub fn settings(&self, var: &dyn Fn(&str) -> Option<String>) -> Result<NatsSettings, String> {
        let context = match &self.context {
            Some(path) => read_context(path)?,
            None => Context::default(),
        };
        let env = |key: &str| var(key).filter(|v| !v.is_empty());
        let pick = |flag: &Option<String>, key: &str, ctx: &Option<String>| {
            flag.clone()
                .or_else(|| env(key))
                .or_else(|| ctx.clone().filter(|v| !v.is_empty()))
        };
        let path = |flag: &Option<PathBuf>, key: &str, ctx: &Option<String>| {
            let flag = flag.as_ref().map(|p| p.to_string_lossy().into_owned());
            pick(&flag, key, ctx).map(PathBuf::from)
        };
        Ok(NatsSettings {
            url: pick(&self.url, "NATS_URL", &context.url).unwrap_or_else(|| DEFAULT_URL.into()),
            creds: path(&self.creds, "NATS_CREDS", &context.creds),
            user: pick(&self.user, "NATS_USER", &context.user),
            password: pick(&self.password, "NATS_PASSWORD", &context.password),
            tls_cert: path(&self.tls_cert, "NATS_CERT", &context.cert),
            tls_key: path(&self.tls_key, "NATS_KEY", &context.key),
            tls_ca: path(&self.tls_ca, "NATS_CA", &context.ca),
        })
    }
}

fn read_context(path: &Path) -> Result<Context, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read NATS context {}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("NATS context {} is not valid: {e}", path.display()))
}

impl NatsSettings {
    /// Connects (retrying the first connection for up to `patience`: a worker may start before the server).
    pub async fn connect(
        &self,
        name: &str,
        patience: Duration,
    ) -> Result<async_nats::Client, String> {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            match self.connect_once(name).await {
                Ok(client) => return Ok(client),
                Err(e) if tokio::time::Instant::now() >= deadline => return Err(e),
                Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        }
    }

    async fn connect_once(&self, name: &str) -> Result<async_nats::Client, String> {
        let mut options = async_nats::ConnectOptions::new()
            .name(name)
            // Keep reconnecting for ever: a restarted server must not end a worker.
            .max_reconnects(None);
        if let Some(creds) = &self.creds {
            options = options
                .credentials_file(creds)
                .await
                .map_err(|e| format!("NATS credentials {}: {e}", creds.display()))?;
        }
        if let (Some(user), Some(password)) = (&self.user, &self.password) {
            options = options.user_and_password(user.clone(), password.clone());
        }
        if let Some(ca) = &self.tls_ca {
            options = options.add_root_certificates(ca.clone()).require_tls(true);
        }
        match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => {
                options = options
                    .add_client_certificate(cert.clone(), key.clone())
                    .require_tls(true);
            }
            (None, None) => {}
            _ => return Err("--tlscert and --tlskey go together".into()),
        }
        options
            .connect(self.url.as_str())
            .await
            .map_err(|e| format!("cannot connect to NATS at {}: {e}", self.url))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn flags_win_over_environment_which_wins_over_the_context_file() {
        let dir = std::env::temp_dir().join(format!("skill-scan-nats-ctx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ctx = dir.join("ctx.json");
        std::fs::write(
            &ctx,
            r#"{"url":"nats://ctx.invalid:4222","creds":"/ctx.creds","ca":"/ctx-ca.pem","description":"x"}"#,
        )
        .unwrap();
        let env: HashMap<&str, &str> =
            HashMap::from([("NATS_URL", "nats://env.invalid:4222"), ("NATS_CA", "")]);
        let var = |k: &str| env.get(k).map(|v| v.to_string());
        let flags = NatsFlags {
            creds: Some("/flag.creds".into()),
            context: Some(ctx),
            ..NatsFlags::default()
        };
        let settings = flags.settings(&var).unwrap();
        assert_eq!(settings.url, "nats://env.invalid:4222");
        assert_eq!(settings.creds, Some(PathBuf::from("/flag.creds")));
        // An empty variable is not a setting: the context's value stands.
        assert_eq!(settings.tls_ca, Some(PathBuf::from("/ctx-ca.pem")));
        let none = NatsFlags::default().settings(&|_| None).unwrap();
        assert_eq!(none.url, DEFAULT_URL);
        let missing = NatsFlags {
            context: Some(dir.join("absent.json")),
            ..NatsFlags::default()
        };
        assert!(missing
            .settings(&|_| None)
            .unwrap_err()
            .contains("cannot read"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

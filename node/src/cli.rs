//! Command-line parsing and the commands themselves.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use mochila_node::auth::{self, Role};
use mochila_node::config::Config;
use mochila_node::{app, key_guard, keys};

/// Mochila: microcredential node software for a network of higher-education institutions.
#[derive(Debug, Parser)]
#[command(name = "mochila", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (TOML). `MOCHILA_*` environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the node (with no configuration: a demo institution on http://localhost:8080,
    /// SQLite in ./mochila-data).
    Serve,
    /// Write a commented configuration file for a real institution.
    Init {
        /// Where to write it.
        #[arg(long, default_value = "mochila.toml")]
        output: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage admin API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage the institution's signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// The networks of institutions this node coordinates.
    #[command(subcommand)]
    Network(NetworkCommand),
    /// Sign, verify and inspect credentials offline (no configuration needed).
    Vc(crate::vc_cli::VcArgs),
}

#[derive(Debug, Subcommand)]
enum NetworkCommand {
    /// Make this node the coordinator (OpenID Federation trust anchor) of a new network.
    Init {
        /// The network's name.
        #[arg(long)]
        name: String,
        /// How long a statement about a member is valid, in seconds (60 to 604800).
        #[arg(long, default_value_t = mochila_node::network::DEFAULT_STATEMENT_LIFETIME_SECS)]
        statement_lifetime_secs: i32,
        /// Let members invite institutions (their applications still need approval).
        #[arg(long)]
        members_may_invite: bool,
        /// The charter: `majority` (the default: the coordinator plus a majority of the
        /// other members admit, remove, confirm suspensions and change the charter; the
        /// coordinator alone suspends for 14 days) or `coordinator` (the coordinator alone
        /// decides everything). Changed later through `PUT /api/v1/network/charter`.
        #[arg(long, default_value = "majority", value_parser = ["majority", "coordinator"])]
        charter: String,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Create a token (printed once; only its hash is stored).
    Create {
        /// admin, designer, issuer or viewer.
        #[arg(long)]
        role: Role,
        /// Who or what will use it.
        #[arg(long)]
        name: String,
    },
    /// Revoke a token by id or name.
    Revoke {
        /// The token's id or name.
        token: String,
    },
    /// List tokens (never their secrets).
    List,
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Make a new active Ed25519 key; the old one stays published for verification.
    /// Restart the node to start signing with it.
    Rotate,
    /// List the Ed25519 keys.
    List,
}

fn load_config(path: Option<&Path>) -> anyhow::Result<Config> {
    Ok(Config::load(path, std::env::vars())?)
}

/// Runs the parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = || load_config(cli.config.as_deref());
    match cli.command {
        Command::Init { output, force } => init(&output, force),
        Command::Vc(args) => Ok(crate::vc_cli::run(args).await),
        Command::Serve => serve(config()?, cli.config.as_deref()).await,
        Command::Migrate => {
            app::open_database(&config()?).await.context("migrating")?;
            println!("database is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::Token(cmd) => token(config()?, cmd).await,
        Command::Keys(cmd) => keys_cmd(&config()?, cmd).await,
        Command::Network(cmd) => network_cmd(&config()?, cmd).await,
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MOCHILA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let json = std::env::var("MOCHILA_LOG_FORMAT").is_ok_and(|v| v == "json");
    // Colour only for a person at a terminal: files, journald and pipes get plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout())
        && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn serve(config: Config, config_path: Option<&Path>) -> anyhow::Result<ExitCode> {
    init_tracing();
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let node = app::start(config, listener).await?;
    let state = &node.state;
    println!("Mochila node for \"{}\"", state.identity.did);
    println!("  listening on  http://{}", node.addr);
    println!("  public URL    {}", state.config.base_url);
    println!(
        "  DID document  {}",
        state.config.public_url(&state.identity.did_document_path)
    );
    println!("  API docs      {}", state.config.public_url("/api/docs"));
    if node.keys_created {
        println!(
            "  created keys in {}",
            state.config.data_dir.join("keys").display()
        );
    }
    if let Some(token) = &node.initial_admin_token {
        println!();
        println!("  First start: an admin API token was created. It is shown only now:");
        println!("    {token}");
        let config_arg = config_path
            .map(|p| format!("--config {} ", shell_word(&p.display().to_string())))
            .unwrap_or_default();
        println!("  Use it as `Authorization: Bearer <token>`; make your own with");
        println!(
            "  `mochila {config_arg}token create --role admin --name <you>`, then revoke this"
        );
        println!("  one with `mochila {config_arg}token revoke initial-admin`.");
    }
    node.serve_until(shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

/// `word` quoted for a POSIX shell when it needs it.
fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,".contains(c))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

async fn token(config: Config, cmd: TokenCommand) -> anyhow::Result<ExitCode> {
    let db = app::open_database(&config).await?;
    match cmd {
        TokenCommand::Create { role, name } => {
            let (token, id) = auth::create_token(&db, role, &name).await?;
            eprintln!("created {role} token `{name}` ({id}); it is shown only now:");
            println!("{token}");
        }
        TokenCommand::Revoke { token } => {
            let id = auth::revoke_token(&db, &token).await?;
            println!("revoked token {id}");
        }
        TokenCommand::List => {
            for t in auth::list_tokens(&db).await? {
                let state = t
                    .revoked_at
                    .map_or("active".to_owned(), |r| format!("revoked {r}"));
                println!(
                    "{}  {:<8}  {:<24}  created {}  {state}",
                    t.id, t.role, t.name, t.created_at
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn keys_cmd(config: &Config, cmd: KeysCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        KeysCommand::Rotate => {
            // The same start-up check as `serve` (keys made only for a new database), and
            // the new key recorded as this database's.
            let db = app::open_database(config).await?;
            key_guard::load_keys(&db, &config.data_dir).await?;
            let entry = keys::rotate(&config.data_dir)?;
            key_guard::load_keys(&db, &config.data_dir).await?;
            println!(
                "new active key {} (created {}); restart the node to sign with it",
                entry.id, entry.created
            );
        }
        KeysCommand::List => {
            for k in keys::list(&config.data_dir)? {
                let state = k
                    .retired
                    .map_or("active".to_owned(), |r| format!("retired {r}"));
                println!("{}  created {}  {state}", k.id, k.created);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn network_cmd(config: &Config, cmd: NetworkCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        NetworkCommand::Init {
            name,
            statement_lifetime_secs,
            members_may_invite,
            charter,
        } => {
            let db = app::open_database(config).await?;
            let rules = match charter.as_str() {
                "coordinator" => mochila_protocol::network::Rules::coordinator_alone(),
                _ => mochila_protocol::network::Rules::default(),
            };
            let new = mochila_node::network::NewNetwork {
                name,
                statement_lifetime_secs,
                members_may_invite,
                rules,
            };
            let net = mochila_node::network::create_network(&db, new).await?;
            let entity = config.base_url.as_str().trim_end_matches('/');
            println!(
                "this node now coordinates {:?}; members are checked at {entity}/federation/fetch",
                net.name
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

const CONFIG_TEMPLATE: &str = include_str!("../mochila.example.toml");

fn init(output: &Path, force: bool) -> anyhow::Result<ExitCode> {
    if output.exists() && !force {
        anyhow::bail!("{} exists; pass --force to overwrite it", output.display());
    }
    std::fs::write(output, CONFIG_TEMPLATE)
        .with_context(|| format!("cannot write {}", output.display()))?;
    println!(
        "wrote {}: edit it, then run `mochila serve --config {}`",
        output.display(),
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}

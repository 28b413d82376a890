//! A Mochila node as its own process, for tests that kill it (`kill -9`) and start it again
//! on the same data directory. Usage: `mochila-test-node <config.toml>`. The configuration
//! is loaded exactly as `mochila serve` loads it (file, then `MOCHILA_*` variables, then
//! validation). Prints one JSON line when it serves: `{"ready":true,"adminToken":...}`.

use std::path::PathBuf;

use mochila_node::app;
use mochila_node::config::Config;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: mochila-test-node <config.toml>")?;
    let config = Config::load(Some(&path), std::env::vars())?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let node = app::start(config, listener).await?;
    let ready = serde_json::json!({
        "ready": true,
        "addr": node.addr.to_string(),
        "adminToken": node.initial_admin_token,
    });
    println!("{ready}");
    node.serve_until(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

//! Restoring a node: a database restored without its `keys/` directory, or next to other
//! keys, refuses to start (new keys would make every credential issued fail verification);
//! the database file is private.

use mochila_node::app;
use sea_orm::ConnectionTrait;

use crate::issuance::{achievement, issue};
use crate::support::{Backend, TestNode, each_backend};

/// Starts a node on the test node's configuration and returns the error message.
async fn start_error(node: &TestNode) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    match app::start(node.config.clone(), listener).await {
        Ok(_) => panic!("the node started"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn a_database_restored_without_its_keys_refuses_to_start() {
    each_backend(|backend| async move {
        let mut node = TestNode::start(&backend).await;
        assert!(node.node.as_ref().unwrap().keys_created, "first start");
        let id = achievement(&node, "Restaurable").await;
        issue(&node, &id, "ana@uni.cl").await;
        node.node.take().unwrap().shutdown().await.unwrap();

        let keys = node.config.data_dir.join("keys");
        let saved = node.config.data_dir.join("keys-backup");
        std::fs::rename(&keys, &saved).unwrap();
        let message = start_error(&node).await;
        assert!(message.contains("keys.json"), "{message}");
        assert!(message.contains("ed25519-key-1.pem"), "{message}");
        assert!(message.contains("rsa.pem"), "{message}");
        assert!(message.contains("docs/operator-guide.md"), "{message}");
        assert!(message.contains("Backup and restore"), "{message}");
        assert!(!keys.join("keys.json").exists(), "no new keys were made");

        // Other keys (another node's, same ids) are refused too.
        let other = TestNode::start(&Backend::Sqlite).await;
        copy_dir(&other.config.data_dir.join("keys"), &keys);
        let message = start_error(&node).await;
        assert!(message.contains("key-1 is not the key"), "{message}");
        assert!(message.contains("Backup and restore"), "{message}");

        // The right keys start it again, with the same DID document.
        std::fs::remove_dir_all(&keys).unwrap();
        std::fs::rename(&saved, &keys).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let restarted = app::start(node.config.clone(), listener).await.unwrap();
        assert!(!restarted.keys_created);
        restarted.shutdown().await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_database_from_before_keys_were_recorded_is_checked_against_its_credentials() {
    let mut node = TestNode::start(&Backend::Sqlite).await;
    let id = achievement(&node, "Antigua").await;
    issue(&node, &id, "ana@uni.cl").await;
    let running = node.node.take().unwrap();
    running
        .state
        .db
        .execute_unprepared("DELETE FROM signing_key")
        .await
        .unwrap();
    running.shutdown().await.unwrap();
    let keys = node.config.data_dir.join("keys");
    std::fs::rename(&keys, node.config.data_dir.join("elsewhere")).unwrap();
    let message = start_error(&node).await;
    assert!(message.contains("ed25519-key-1.pem"), "{message}");
    assert!(!keys.exists(), "no new keys were made");
}

#[tokio::test]
async fn a_node_that_published_keys_but_issued_nothing_still_needs_them() {
    let mut node = TestNode::start(&Backend::Sqlite).await;
    node.node.take().unwrap().shutdown().await.unwrap();
    std::fs::remove_dir_all(node.config.data_dir.join("keys")).unwrap();
    let message = start_error(&node).await;
    assert!(message.contains("keys.json"), "{message}");
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_files_are_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let node = TestNode::start(&Backend::Sqlite).await;
    let id = achievement(&node, "Privada").await;
    issue(&node, &id, "ana@uni.cl").await;
    let mut seen = 0;
    for name in ["mochila.db", "mochila.db-wal", "mochila.db-shm"] {
        let path = node.config.data_dir.join(name);
        if let Ok(meta) = std::fs::metadata(&path) {
            seen += 1;
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{name}");
        }
    }
    assert!(seen >= 2, "the database and its WAL exist");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

//! Configuration loading: file, environment overlay, precise errors.

use std::path::Path;

use mochila_node::config::{Config, ConfigError};

fn write(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("mochila.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn no_env() -> Vec<(String, String)> {
    Vec::new()
}

#[test]
fn no_configuration_is_the_demo_on_localhost_8080() {
    let config = Config::load(None, no_env()).unwrap();
    assert_eq!(config.base_url.as_str(), "http://localhost:8080/");
    assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    assert!(config.is_sqlite());
}

#[test]
fn the_example_configuration_is_valid() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/mochila.example.toml");
    let config = Config::load(Some(Path::new(path)), no_env()).unwrap();
    assert_eq!(config.institution.country, "MX");
}

#[test]
fn unknown_keys_in_the_file_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "lsten = \"127.0.0.1:9000\"\n");
    let err = Config::load(Some(&path), no_env()).unwrap_err().to_string();
    assert!(err.contains("lsten"), "{err}");
    let path = write(dir.path(), "[institution]\nlegal_nmae = \"X\"\n");
    let err = Config::load(Some(&path), no_env()).unwrap_err().to_string();
    assert!(err.contains("legal_nmae"), "{err}");
}

#[test]
fn environment_overrides_the_file_and_unknown_variables_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "base_url = \"https://a.example.edu\"\n");
    let env = vec![
        (
            "MOCHILA_BASE_URL".to_owned(),
            "https://b.example.edu".to_owned(),
        ),
        ("MOCHILA_INSTITUTION__COUNTRY".to_owned(), "CL".to_owned()),
        (
            "MOCHILA_INSTITUTION__LANGUAGES".to_owned(),
            "[\"es\", \"en\"]".to_owned(),
        ),
        (
            "MOCHILA_HTTP__REQUEST_TIMEOUT_SECS".to_owned(),
            "5".to_owned(),
        ),
        ("MOCHILA_TEST_DATABASE_URL".to_owned(), "ignored".to_owned()),
        ("PATH".to_owned(), "/bin".to_owned()),
    ];
    let config = Config::load(Some(&path), env).unwrap();
    assert_eq!(config.base_url.as_str(), "https://b.example.edu/");
    assert_eq!(config.institution.country, "CL");
    assert_eq!(config.institution.languages, ["es", "en"]);
    assert_eq!(config.http.request_timeout_secs, 5);

    let env = vec![("MOCHILA_DATABSE_URL".to_owned(), "x".to_owned())];
    let err = Config::load(None, env).unwrap_err().to_string();
    assert!(err.contains("MOCHILA_DATABSE_URL"), "{err}");
}

#[test]
fn bad_values_name_their_key() {
    let cases = [
        ("base_url = \"http://127.0.0.1:8080\"", "base_url"),
        ("base_url = \"ftp://example.edu\"", "base_url"),
        ("base_url = \"not a url\"", "base_url"),
        ("database_url = \"mysql://x\"", "database_url"),
        ("listen = \"nowhere\"", "listen"),
        ("[institution]\ncountry = \"Mexico\"", "institution.country"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (text, key) in cases {
        let path = write(dir.path(), text);
        let err = Config::load(Some(&path), no_env()).unwrap_err();
        let message = err.to_string();
        let names_key = message.contains(key)
            || matches!(&err, ConfigError::Invalid { message, .. } if message.contains(key.rsplit('.').next().unwrap()));
        assert!(names_key, "{text}: {message}");
    }
}

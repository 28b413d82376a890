//! The states stored for peers and deliveries, as the strings the database and the admin
//! API use.

macro_rules! state_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// The stored string.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }

            /// Reads a stored string; unknown strings give `None`.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some(Self::$variant),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

state_enum! {
    /// A follow relationship, in either direction.
    Relation {
        /// No follow.
        None = "none",
        /// Requested, not yet answered.
        Pending = "pending",
        /// Accepted.
        Accepted = "accepted",
        /// Rejected by the followed side.
        Rejected = "rejected",
    }
}

state_enum! {
    /// Where one delivery stands.
    DeliveryState {
        /// Waiting for its next attempt (or in flight, while a worker holds it).
        Queued = "queued",
        /// Accepted by the peer.
        Delivered = "delivered",
        /// Refused for good (404, 410, or another 4xx than 408/429).
        Failed = "failed",
    }
}

state_enum! {
    /// The HTTP signature a peer accepts, learnt from its answers.
    KnownScheme {
        /// Not known yet: try RFC 9421 first.
        Unknown = "unknown",
        /// RFC 9421 (Ed25519).
        Rfc9421 = "rfc9421",
        /// draft-cavage-12 (RSA).
        Cavage = "cavage",
    }
}

impl From<mochila_protocol::httpsig::Scheme> for KnownScheme {
    fn from(scheme: mochila_protocol::httpsig::Scheme) -> Self {
        match scheme {
            mochila_protocol::httpsig::Scheme::Rfc9421 => Self::Rfc9421,
            mochila_protocol::httpsig::Scheme::Cavage => Self::Cavage,
        }
    }
}

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
    /// The HTTP signature scheme to sign a peer's deliveries with first, learnt from the
    /// peer's own signatures and from its answers (decision 0015).
    KnownScheme {
        /// Never heard from, never refused: try draft-cavage-12 first, which every
        /// deployed server verifies.
        Unknown = "unknown",
        /// RFC 9421 (`rsa-v1_5-sha256`).
        Rfc9421 = "rfc9421",
        /// draft-cavage-12 (`rsa-sha256`).
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

impl KnownScheme {
    /// What is known after the peer sent a request signed under `signed` that verified:
    /// a server signs with a scheme it verifies, so a peer signing RFC 9421 gets RFC 9421,
    /// and one never heard from gets what it signs. A peer known to take RFC 9421 keeps it
    /// when it signs cavage (servers that verify RFC 9421 still sign cavage as a fallback).
    pub fn after_signed_by(self, signed: mochila_protocol::httpsig::Scheme) -> Self {
        match self {
            Self::Rfc9421 => Self::Rfc9421,
            Self::Unknown | Self::Cavage => Self::from(signed),
        }
    }
}

#[cfg(test)]
mod tests {
    use mochila_protocol::httpsig::Scheme;

    use super::KnownScheme;

    #[test]
    fn a_peer_is_answered_in_the_scheme_it_signs() {
        use KnownScheme::{Cavage, Rfc9421, Unknown};
        let cases = [
            (Unknown, Scheme::Cavage, Cavage),
            (Unknown, Scheme::Rfc9421, Rfc9421),
            (Cavage, Scheme::Cavage, Cavage),
            (Cavage, Scheme::Rfc9421, Rfc9421),
            (Rfc9421, Scheme::Cavage, Rfc9421),
            (Rfc9421, Scheme::Rfc9421, Rfc9421),
        ];
        for (known, signed, after) in cases {
            assert_eq!(known.after_signed_by(signed), after, "{known} + {signed:?}");
        }
    }
}

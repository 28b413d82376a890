//! The DNS resolver the outbound client connects through: it resolves a host itself and hands
//! reqwest only the addresses the policy allows, so that the address checked is the address
//! connected to (a DNS answer that changes between check and connect cannot bypass it).

use std::net::{IpAddr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::address::{AddressClass, classify};

/// A connection to `host` was refused because of where it points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{}; the node fetches only from public addresses \
     (federation.allow_private_addresses is off)",
    describe(.host, .addr, .class)
)]
pub struct RefusedAddress {
    /// The host name (or IP literal) asked for.
    pub host: String,
    /// The first refused address.
    pub addr: IpAddr,
    /// Its kind.
    pub class: AddressClass,
}

/// "10.0.0.1 is a private address" for an IP literal, "x.edu resolves to 10.0.0.1, a
/// private address" for a name.
fn describe(host: &str, addr: &IpAddr, class: &AddressClass) -> String {
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if literal.parse::<IpAddr>().is_ok_and(|ip| ip == *addr) {
        format!("{addr} is {class} address")
    } else {
        format!("{host} resolves to {addr}, {class} address")
    }
}

/// Checks one address against the policy.
pub fn check_address(host: &str, addr: IpAddr, allow_private: bool) -> Result<(), RefusedAddress> {
    let class = classify(addr);
    if allow_private || class.is_public() {
        Ok(())
    } else {
        Err(RefusedAddress {
            host: host.to_owned(),
            addr,
            class,
        })
    }
}

/// The host name resolved to no address at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{host} could not be resolved: {reason}")]
pub struct UnresolvedHost {
    /// The host name.
    pub host: String,
    /// Why.
    pub reason: String,
}

/// Resolves with the system resolver and keeps only allowed addresses.
#[derive(Debug, Clone, Copy)]
pub struct CheckedResolver {
    /// Whether non-public addresses are allowed.
    pub allow_private: bool,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| UnresolvedHost {
                    host: host.clone(),
                    reason: e.to_string(),
                })?
                .collect();
            if found.is_empty() {
                return Err(UnresolvedHost {
                    host: host.clone(),
                    reason: "no addresses".to_owned(),
                }
                .into());
            }
            let mut allowed = Vec::with_capacity(found.len());
            let mut first_refused = None;
            for addr in found {
                match check_address(&host, addr.ip(), allow_private) {
                    Ok(()) => allowed.push(addr),
                    Err(refused) => {
                        first_refused.get_or_insert(refused);
                    }
                }
            }
            // A name with any non-public address is refused as a whole: a public address
            // beside a private one is a typical rebinding set-up.
            if let Some(refused) = first_refused {
                return Err(refused.into());
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn localhost_is_refused_unless_allowed() {
        let name: Name = "localhost".parse().unwrap();
        let err = match (CheckedResolver {
            allow_private: false,
        })
        .resolve(name)
        .await
        {
            Ok(_) => panic!("localhost must be refused"),
            Err(e) => e,
        };
        let refused = err.downcast_ref::<RefusedAddress>().unwrap();
        assert_eq!(refused.class, AddressClass::Loopback);
        assert!(refused.to_string().contains("allow_private_addresses"));
        let name: Name = "localhost".parse().unwrap();
        let allowed = (CheckedResolver {
            allow_private: true,
        })
        .resolve(name)
        .await
        .unwrap();
        assert!(allowed.into_iter().all(|a| a.ip().is_loopback()));
    }

    #[test]
    fn literal_addresses_are_checked() {
        assert!(check_address("x", "10.0.0.1".parse().unwrap(), false).is_err());
        assert!(check_address("x", "10.0.0.1".parse().unwrap(), true).is_ok());
        assert!(check_address("x", "8.8.4.4".parse().unwrap(), false).is_ok());
    }
}

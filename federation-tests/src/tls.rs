//! HTTPS for test nodes: a throwaway certificate authority made in the test, and a small
//! TLS front on 127.0.0.1 that terminates TLS with a certificate of that authority for
//! `localhost`, `127.0.0.1` and `::1` and passes the bytes on to a node's plain HTTP
//! listener. Clients are told to trust the authority: Node through `NODE_EXTRA_CA_CERTS`
//! ([`TestCa::cert_file`]), reqwest through [`TestCa::cert_pem`].

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use tempfile::TempDir;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::aws_lc_rs;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// Why the authority or the front could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// Making a key or certificate failed.
    #[error("certificate: {0}")]
    Certificate(#[from] rcgen::Error),
    /// rustls refused the configuration.
    #[error("TLS configuration: {0}")]
    Config(#[from] tokio_rustls::rustls::Error),
    /// Writing the CA file or binding failed.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
}

/// A certificate authority that exists only for one test, with its certificate in a file.
#[derive(Debug)]
pub struct TestCa {
    issuer: CertifiedIssuer<'static, KeyPair>,
    cert_file: PathBuf,
    _dir: TempDir,
}

impl TestCa {
    /// Makes a new authority (ECDSA P-256) and writes its certificate to a temporary file.
    pub fn new() -> Result<Self, TlsError> {
        let mut params = CertificateParams::default();
        params
            .distinguished_name
            .push(DnType::CommonName, "Mochila test CA (throwaway)");
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate()?)?;
        let dir = tempfile::tempdir()?;
        let cert_file = dir.path().join("mochila-test-ca.pem");
        std::fs::write(&cert_file, issuer.pem())?;
        Ok(Self {
            issuer,
            cert_file,
            _dir: dir,
        })
    }

    /// The authority's certificate, PEM.
    pub fn cert_pem(&self) -> String {
        self.issuer.pem()
    }

    /// The file holding [`TestCa::cert_pem`], e.g. for `NODE_EXTRA_CA_CERTS`.
    pub fn cert_file(&self) -> &Path {
        &self.cert_file
    }

    /// A server configuration with a fresh leaf certificate for the loopback names.
    fn server_config(&self) -> Result<ServerConfig, TlsError> {
        let names = ["localhost", "127.0.0.1", "::1"].map(str::to_owned);
        let mut params = CertificateParams::new(names)?;
        params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let key = KeyPair::generate()?;
        let cert = params.signed_by(&key, &self.issuer)?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let config = ServerConfig::builder_with_provider(Arc::new(aws_lc_rs::default_provider()))
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(vec![cert.der().clone()], key)?;
        Ok(config)
    }
}

/// A TLS-terminating front: every connection accepted on its listener is decrypted and
/// relayed, byte for byte, to `upstream`. Stops accepting when dropped.
#[derive(Debug)]
pub struct TlsFront {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl TlsFront {
    /// Serves TLS on `listener` (already bound, so that its port can be put in a base URL
    /// first) with a certificate of `ca`, relaying to `upstream`.
    pub fn start(
        listener: TcpListener,
        ca: &TestCa,
        upstream: SocketAddr,
    ) -> Result<Self, TlsError> {
        let addr = listener.local_addr()?;
        let acceptor = TlsAcceptor::from(Arc::new(ca.server_config()?));
        let task = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // a client that fails the handshake or leaves early just ends its relay
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let Ok(mut plain) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                });
            }
        });
        Ok(Self { addr, task })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `https://localhost:<port>`.
    pub fn origin(&self) -> String {
        format!("https://localhost:{}", self.addr.port())
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

//! Prometheus metrics, one registry per node (no global recorder, so that several nodes
//! can run in one test process): requests by route and status, request latency, and the
//! database pool.

use std::sync::Arc;
use std::sync::atomic::AtomicI64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Labels of the request counter.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// HTTP method.
    pub method: String,
    /// The matched route template (e.g. `/api/v1/institution`), or `unmatched`.
    pub route: String,
    /// Response status code.
    pub status: u16,
}

/// Labels of the latency histogram.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// The matched route template.
    pub route: String,
}

/// The node's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Requests by method, route and status.
    pub requests: Family<RequestLabels, Counter>,
    /// Request latency in seconds by route.
    pub latency: Family<RouteLabels, Histogram>,
    /// Open database connections.
    pub db_connections: Gauge<i64, AtomicI64>,
    /// Idle database connections.
    pub db_idle: Gauge<i64, AtomicI64>,
    /// Credentials this process signed (one at a time, in batches, wallet copies).
    pub credentials_signed: Counter,
}

fn latency_histogram() -> Histogram {
    Histogram::new([
        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
    ])
}

impl Metrics {
    /// A fresh registry with every metric registered.
    pub fn new() -> Arc<Self> {
        let mut registry = Registry::with_prefix("mochila");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let db_connections = Gauge::<i64, AtomicI64>::default();
        let db_idle = Gauge::<i64, AtomicI64>::default();
        let credentials_signed = Counter::default();
        registry.register(
            "http_requests",
            "HTTP requests by method, route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route",
            latency.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Open database connections",
            db_connections.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Idle database connections",
            db_idle.clone(),
        );
        registry.register(
            "credentials_signed",
            "Credentials this process signed (one at a time, in batches, wallet copies)",
            credentials_signed.clone(),
        );
        Arc::new(Self {
            registry,
            requests,
            latency,
            db_connections,
            db_idle,
            credentials_signed,
        })
    }

    /// The metrics in the Prometheus text format.
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

//! The verify page and its report.

use serde_json::json;

use super::super::*;
use super::{HOSTILE, LANGS};

fn report() -> serde_json::Value {
    json!({
        "verified": false,
        "status": "revoked",
        "checks": [
            {"check": "json", "outcome": "pass", "detail": "ok"},
            {"check": "proof", "outcome": "pass", "detail": "eddsa-rdfc-2022"},
            {"check": "status:revocation", "outcome": "fail", "detail": "revoked <b>now</b>"},
            {"check": "status:suspension", "outcome": "skipped", "detail": ""},
            {"check": "x-custom<i>", "outcome": "weird\"", "detail": 3}
        ],
        "credential": {"name": "Ciencia <de> datos", "issuer": {"id": "did:web:uni.example", "name": "Universidad Demo"},
            "validFrom": "2026-11-29T10:00:00Z", "validUntil": null}
    })
}

/// A report as the node's verifier writes it for a microcredential of the standard profile.
fn full_report() -> serde_json::Value {
    json!({
        "verified": true, "status": "valid",
        "checks": [
            {"check": "proof", "outcome": "pass", "detail": "eddsa-rdfc-2022 proof verified"},
            {"check": "status:revocation", "outcome": "pass", "detail": "bit 7 is clear"},
            {"check": "status:refresh", "outcome": "unknown", "detail": "list unreachable"}
        ],
        "credential": {"id": "urn:uuid:1", "name": "Análisis de datos", "issuer": "did:web:uni.example",
            "issuerName": "Universidad de Chile", "issuerCountry": "CL", "learner": "Ana Pérez",
            "validFrom": "2026-07-01T00:00:00Z", "validUntil": null,
            "activityStartDate": "2026-03-02T00:00:00Z", "activityEndDate": "2026-06-26T00:00:00Z",
            "result": ["6.4"],
            "achievement": {"name": "Análisis de datos", "achievementType": "MicroCredential",
                "workload": "5 SCT-Chile", "levels": ["EQF nivel 6"],
                "participationForm": {"code": "online", "name": "En línea"},
                "qualityAssurance": [{"code": "InternalQualityAssurance", "name": "Universidad de Chile"}]}}
    })
}

#[test]
fn the_report_says_who_by_whom_and_what_in_the_page_language_result_first() {
    let pages = Pages::new().unwrap();
    let view = VerifyView {
        report: Some(full_report()),
        ..VerifyView::default()
    };
    let en = pages.verify(&Lang::En.into(), &view).unwrap();
    for needle in [
        "<dt>Awarded to</dt><dd>Ana Pérez</dd>",
        "<dt>Institution</dt><dd>Universidad de Chile</dd>",
        "<dt>Country</dt><dd>Chile</dd>",
        "<dd>Microcredential</dd>",
        "<dd>5 SCT-Chile</dd>",
        "<dd>EQF nivel 6</dd>",
        "<dt>Form of participation</dt><dd>Online</dd>",
        "<dd>Internal quality assurance: Universidad de Chile</dd>",
        "<dt>Grade</dt><dd>6.4</dd>",
        "<dd>2 March 2026 – 26 June 2026</dd>",
        "<dd>1 July 2026</dd>",
        "The digital signature is valid",
        "The issuer has not revoked it",
        "The issuer&#x27;s status list could not be read",
        "<p lang=\"en\">eddsa-rdfc-2022 proof verified</p>",
    ] {
        assert!(en.contains(needle), "en: {needle}");
    }
    let result = en.find("id=\"verify-result\"").unwrap();
    let form = en.find("id=\"verify-form\"").unwrap();
    assert!(result < form, "the result comes before the form (phones)");
    let es = pages.verify(&Lang::Es.into(), &view).unwrap();
    for needle in [
        "<dt>Otorgada a</dt><dd>Ana Pérez</dd>",
        "<dt>País</dt><dd>Chile</dd>",
        "<dd>En línea</dd>",
        "<dd>Aseguramiento interno de la calidad: Universidad de Chile</dd>",
        "La firma digital es válida",
        "El emisor no la ha revocado",
        "No se pudo consultar la lista de estado del emisor",
        "<dd>1 de julio de 2026</dd>",
        "Detalle técnico (en inglés)",
    ] {
        assert!(es.contains(needle), "es: {needle}");
    }
    let pt = pages.verify(&Lang::Pt.into(), &view).unwrap();
    for needle in [
        "A assinatura digital é válida",
        "<dd>On-line</dd>",
        "1 de julho de 2026",
    ] {
        assert!(pt.contains(needle), "pt: {needle}");
    }
}

#[test]
fn verify_page_form_and_report_in_every_language() {
    let pages = Pages::new().unwrap();
    for lang in LANGS {
        let empty = pages.verify(&lang.into(), &VerifyView::default()).unwrap();
        for needle in [
            "enctype=\"multipart/form-data\"",
            "method=\"post\"",
            "name=\"credential\"",
            "name=\"file\"",
            "name=\"url\"",
            "/static/verify.js",
        ] {
            assert!(empty.contains(needle), "{needle}");
        }
        assert!(!empty.contains("class=\"report\""));
        let view = VerifyView {
            report: Some(report()),
            error: None,
            url: Some("https://uni.example/c/1".into()),
        };
        let html = pages.verify(&lang.into(), &view).unwrap();
        assert!(html.contains("class=\"status status-revoked\""));
        assert!(html.contains("value=\"https://uni.example/c/1\""));
        assert!(
            html.contains("<tr class=\"outcome-fail\">")
                && html.contains("<tr class=\"outcome-skipped\">")
        );
        assert!(html.contains("revoked &lt;b&gt;now&lt;&#x2f;b&gt;"));
        assert!(
            html.contains("x-custom&lt;i&gt;"),
            "raw id is the fallback name"
        );
        assert!(!html.contains("outcome-weird"));
        assert!(html.contains("Universidad Demo") && html.contains("Ciencia &lt;de&gt; datos"));
    }
    let es = pages
        .verify(
            &Lang::Es.into(),
            &VerifyView {
                report: Some(report()),
                ..VerifyView::default()
            },
        )
        .unwrap();
    for needle in [
        "Revocada",
        "Firma digital",
        "Revocación",
        "Suspensión",
        "JSON bien formado",
        "Omitida",
        "29 de noviembre de 2026",
    ] {
        assert!(es.contains(needle), "{needle}");
    }
    let pt = pages
        .verify(
            &Lang::Pt.into(),
            &VerifyView {
                report: Some(report()),
                ..VerifyView::default()
            },
        )
        .unwrap();
    assert!(
        pt.contains("Assinatura digital") && pt.contains("Revogação") && pt.contains("Revogada")
    );
}

#[test]
fn verify_page_shows_input_errors_escaped() {
    let pages = Pages::new().unwrap();
    let view = VerifyView {
        report: None,
        error: Some(format!("not JSON: {HOSTILE}")),
        url: Some(HOSTILE.into()),
    };
    for lang in LANGS {
        let html = pages.verify(&lang.into(), &view).unwrap();
        assert!(html.contains("role=\"alert\"") && html.contains("not JSON"));
        assert!(!html.contains("<script>alert"));
    }
    let valid = json!({"verified": true, "status": "valid", "checks": []});
    let html = pages
        .verify(
            &Lang::En.into(),
            &VerifyView {
                report: Some(valid),
                ..VerifyView::default()
            },
        )
        .unwrap();
    assert!(html.contains("status status-valid") && html.contains("Credential verified"));
    let odd = json!({"verified": false, "status": "<evil>"});
    let html = pages
        .verify(
            &Lang::En.into(),
            &VerifyView {
                report: Some(odd),
                ..VerifyView::default()
            },
        )
        .unwrap();
    assert!(html.contains("status status-invalid") && !html.contains("<evil>"));
}

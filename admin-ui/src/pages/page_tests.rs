//! Rendering every public page in every language, with hostile input.

use serde_json::json;

use super::*;

const LANGS: [Lang; 3] = [Lang::Es, Lang::En, Lang::Pt];
const HOSTILE: &str = "<script>alert(1)</script>\"'&";

fn credential(status: CredentialStatus) -> CredentialView {
    CredentialView {
        credential_url: "https://uni.example/credentials/0b3c6f0e".into(),
        json_download_url: "https://uni.example/credentials/0b3c6f0e.json".into(),
        png_download_url: "https://uni.example/credentials/0b3c6f0e.png".into(),
        svg_download_url: "https://uni.example/credentials/0b3c6f0e.svg".into(),
        verify_url: "/verify?url=https%3A%2F%2Funi.example%2Fcredentials%2F0b3c6f0e".into(),
        title: "Ciencia de datos aplicada".into(),
        description: "Análisis de datos con Python".into(),
        criteria: Some("Aprobar el proyecto final".into()),
        achievement_type: Some("MicroCredential".into()),
        workload: Some("5 ECTS".into()),
        level: Some("EQF 5".into()),
        learning_outcomes: vec!["Limpiar datos".into(), "Visualizar datos".into()],
        issuer_name: "Universidad Demo".into(),
        issuer_url: "https://uni.example/".into(),
        issuer_country: "MX".into(),
        learner_name: "Ana Pérez".into(),
        valid_from: "2026-11-29T10:00:00Z".into(),
        valid_until: Some("2028-11-29T10:00:00Z".into()),
        status,
        image_url: None,
        linkedin_url:
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Ciencia".into(),
        wallet: None,
    }
}

fn wallet() -> WalletOffer {
    WalletOffer {
        wallet_url: "https://lcw.app/request.html?issuer=uni.example&auth_type=bearer&challenge=c1&vc_request_url=https%3A%2F%2Funi.example%2Fexchanges%2Fe1".into(),
        exchange_url: "https://uni.example/exchanges/e1".into(),
        expires_at: "2026-11-29T10:15:00Z".into(),
    }
}

fn statuses() -> [CredentialStatus; 5] {
    [
        CredentialStatus::Active,
        CredentialStatus::Revoked {
            since: Some("2026-12-01T09:00:00Z".into()),
        },
        CredentialStatus::Suspended { since: None },
        CredentialStatus::Expired,
        CredentialStatus::Unknown,
    ]
}

#[test]
fn credential_page_renders_in_every_language_with_everything() {
    let pages = Pages::new().unwrap();
    for lang in LANGS {
        let html = pages
            .credential(lang, &credential(CredentialStatus::Active))
            .unwrap();
        assert!(html.contains(&format!("<html lang=\"{}\">", lang.tag())));
        assert!(html.contains(r#"<link rel="alternate" type="application/ld+json" href="https://uni.example/credentials/0b3c6f0e.json">"#));
        for needle in [
            "Ciencia de datos aplicada",
            "Ana Pérez",
            "5 ECTS",
            "EQF 5",
            "Visualizar datos",
            "0b3c6f0e.png",
            "0b3c6f0e.svg",
            "href=\"https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&amp;name=Ciencia\"",
            "/verify?url=https%3A%2F%2Funi.example",
            "class=\"qr\"",
            "?lang=pt",
            "<time datetime=\"2026-11-29T10:00:00Z\">",
        ] {
            assert!(html.contains(needle), "{lang:?}: {needle}");
        }
    }
    let es = pages
        .credential(Lang::Es, &credential(CredentialStatus::Active))
        .unwrap();
    assert!(es.contains("29 de noviembre de 2026") && es.contains("Resultados de aprendizaje"));
    assert!(es.contains("<dd>Microcredencial</dd>"));
    let en = pages
        .credential(Lang::En, &credential(CredentialStatus::Active))
        .unwrap();
    assert!(en.contains("29 November 2026") && en.contains("Add to my LinkedIn profile"));
    let pt = pages
        .credential(Lang::Pt, &credential(CredentialStatus::Active))
        .unwrap();
    assert!(pt.contains("29 de novembro de 2026") && pt.contains("Verificar esta credencial"));
}

#[test]
fn each_status_renders_distinctly() {
    let pages = Pages::new().unwrap();
    for lang in LANGS {
        let mut labels = Vec::new();
        for status in statuses() {
            let key = status.key();
            let html = pages.credential(lang, &credential(status)).unwrap();
            assert!(
                html.contains(&format!("class=\"status status-{key}\"")),
                "{key}"
            );
            let label = html
                .split("<strong class=\"status-label\">")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_owned();
            labels.push(label);
            if key == "revoked" {
                assert!(html.contains("<time datetime=\"2026-12-01T09:00:00Z\">"));
            }
            let sharing = !matches!(key, "revoked" | "suspended");
            assert_eq!(html.contains("linkedin.com"), sharing, "{key}");
        }
        let mut unique = labels.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 5, "{lang:?}: {labels:?}");
    }
}

#[test]
fn credential_page_escapes_hostile_input() {
    let pages = Pages::new().unwrap();
    let mut view = credential(CredentialStatus::Revoked {
        since: Some(HOSTILE.into()),
    });
    view.title = HOSTILE.into();
    view.learner_name = HOSTILE.into();
    view.description = HOSTILE.into();
    view.learning_outcomes = vec![HOSTILE.into()];
    view.issuer_url = "javascript:alert(1)".into();
    view.linkedin_url = "\" onmouseover=\"alert(1)".into();
    view.image_url = Some("https://uni.example/i.png\" onerror=\"alert(1)".into());
    view.credential_url = format!("https://uni.example/{HOSTILE}");
    let html = pages.credential(Lang::En, &view).unwrap();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(!html.contains("javascript:"));
    assert!(!html.contains("\" onmouseover") && !html.contains("\" onerror"));
    // generated badge (no image) escapes too
    view.image_url = None;
    let html = pages.credential(Lang::En, &view).unwrap();
    assert!(!html.contains("<script>alert"));
}

#[test]
fn a_wallet_offer_is_shown_only_while_the_credential_may_be_shared() {
    let pages = Pages::new().unwrap();
    for lang in LANGS {
        let mut view = credential(CredentialStatus::Active);
        view.wallet = Some(wallet());
        let html = pages.credential(lang, &view).unwrap();
        assert!(html.contains("class=\"wallet\""), "{lang:?}");
        assert!(html.contains("href=\"https://lcw.app/request.html?issuer=uni.example&amp;auth_type=bearer&amp;challenge=c1&amp;vc_request_url=https%3A%2F%2Funi.example%2Fexchanges%2Fe1\""));
        assert_eq!(
            html.matches("class=\"qr\"").count(),
            2,
            "page and wallet QR codes"
        );
        assert!(html.contains("https://uni.example/exchanges/e1"));
        assert!(html.contains("10:15 UTC"));
        for status in [
            CredentialStatus::Revoked { since: None },
            CredentialStatus::Suspended {
                since: Some("2026-12-01T09:00:00Z".into()),
            },
        ] {
            view.status = status;
            let html = pages.credential(lang, &view).unwrap();
            assert!(!html.contains("class=\"wallet\"") && !html.contains("lcw.app"));
            assert!(!html.contains("linkedin.com"));
            assert_eq!(html.matches("class=\"qr\"").count(), 1);
        }
    }
}

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

#[test]
fn verify_page_form_and_report_in_every_language() {
    let pages = Pages::new().unwrap();
    for lang in LANGS {
        let empty = pages.verify(lang, &VerifyView::default()).unwrap();
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
        let html = pages.verify(lang, &view).unwrap();
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
            Lang::Es,
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
            Lang::Pt,
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
        let html = pages.verify(lang, &view).unwrap();
        assert!(html.contains("role=\"alert\"") && html.contains("not JSON"));
        assert!(!html.contains("<script>alert"));
    }
    let valid = json!({"verified": true, "status": "valid", "checks": []});
    let html = pages
        .verify(
            Lang::En,
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
            Lang::En,
            &VerifyView {
                report: Some(odd),
                ..VerifyView::default()
            },
        )
        .unwrap();
    assert!(html.contains("status status-invalid") && !html.contains("<evil>"));
}

#[test]
fn achievements_catalogue_pages() {
    let pages = Pages::new().unwrap();
    let item = |n: u32, image: Option<&str>| AchievementSummary {
        id_url: format!("https://uni.example/achievements/{n}"),
        name: format!("Logro {n} {HOSTILE}"),
        description: "Descripción".into(),
        achievement_type: Some("Course".into()),
        workload: Some("30 horas".into()),
        level: None,
        image_url: image.map(str::to_owned),
    };
    let view = AchievementsView {
        institution: "Universidad Demo".into(),
        query: None,
        items: vec![item(1, None), item(2, Some("/images/2.svg"))],
        page: 2,
        next_page_url: Some("/achievements?page=3".into()),
        prev_page_url: Some("/achievements?page=1".into()),
    };
    for lang in LANGS {
        let html = pages.achievements(lang, &view).unwrap();
        assert!(html.contains("href=\"https://uni.example/achievements/1\""));
        assert!(html.contains("src=\"/images/2.svg\""));
        assert!(html.contains("rel=\"next\" href=\"/achievements?page=3\""));
        assert!(html.contains("rel=\"prev\" href=\"/achievements?page=1\""));
        assert!(html.contains("30 horas") && html.contains("<svg"));
        assert!(!html.contains("<script>alert"));
        let empty = AchievementsView {
            items: vec![],
            page: 1,
            next_page_url: None,
            prev_page_url: None,
            ..view.clone()
        };
        let html = pages.achievements(lang, &empty).unwrap();
        assert!(!html.contains("rel=\"next\"") && !html.contains("class=\"catalogue\""));
        let searched = AchievementsView {
            query: Some(format!("robótica {HOSTILE}")),
            ..empty.clone()
        };
        let html = pages.achievements(lang, &searched).unwrap();
        assert!(
            html.contains("«robótica "),
            "an empty search names what was searched"
        );
        assert!(!html.contains("<script>alert"));
    }
    let empty_search = AchievementsView {
        items: vec![],
        query: Some("robótica".into()),
        ..view.clone()
    };
    let es = pages.achievements(Lang::Es, &empty_search).unwrap();
    assert!(es.contains("No hay resultados para «robótica»") && !es.contains("Todavía no hay"));
    let es = pages.achievements(Lang::Es, &view).unwrap();
    assert!(es.contains("Catálogo de credenciales") && es.contains("Siguiente"));
    assert!(es.contains("Tipo: Curso"));
}

#[test]
fn achievement_page() {
    let pages = Pages::new().unwrap();
    let view = crate::AchievementView {
        institution: "Universidad Demo".into(),
        id_url: "https://uni.example/achievements/1".into(),
        catalogue_url: "/achievements?lang=es".into(),
        name: format!("Análisis de datos {HOSTILE}"),
        description: "Limpia y analiza datos.".into(),
        achievement_type: Some("MicroCredential".into()),
        field_of_study: Some("Ciencia de datos".into()),
        workload: Some("5 SCT-Chile".into()),
        level: Some("EQF 6".into()),
        criteria: Some("Aprobar el proyecto final.".into()),
        learning_outcomes: vec!["Limpia datos tabulares.".into()],
        assessment: vec!["Project".into()],
        participation: Some("blended".into()),
        quality_assurance: vec!["ExternalAccreditation: CNA-Chile".into()],
        prerequisites: vec![],
        image_url: None,
        version: 3,
    };
    for lang in LANGS {
        let html = pages.achievement(lang, &view).unwrap();
        assert!(html.contains("rel=\"alternate\" type=\"application/ld+json\" href=\"https://uni.example/achievements/1\""));
        assert!(
            html.contains("5 SCT-Chile") && html.contains("EQF 6") && html.contains("CNA-Chile")
        );
        assert!(html.contains("Limpia datos tabulares.") && html.contains("<svg"));
        assert!(!html.contains("<script>alert"));
    }
    let es = pages.achievement(Lang::Es, &view).unwrap();
    assert!(es.contains("Aseguramiento de la calidad") && es.contains("Versión"));
}

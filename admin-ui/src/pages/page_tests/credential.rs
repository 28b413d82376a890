//! The learner's credential page.

use super::super::*;
use super::{HOSTILE, LANGS};
use crate::i18n::Term;

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
        result: vec!["6.4".into()],
        activity_start: Some("2026-03-02T00:00:00Z".into()),
        activity_end: Some("2026-06-26T00:00:00Z".into()),
        participation: Some(Term {
            code: Some("blended".into()),
            name: "Mixta".into(),
        }),
        quality_assurance: vec![Term {
            code: Some("ExternalAccreditation".into()),
            name: "CNA-Chile".into(),
        }],
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
        networks: vec!["Red Andina".into()],
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
            .credential(&lang.into(), &credential(CredentialStatus::Active))
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
        .credential(&Lang::Es.into(), &credential(CredentialStatus::Active))
        .unwrap();
    assert!(es.contains("29 de noviembre de 2026") && es.contains("Resultados de aprendizaje"));
    assert!(es.contains("<dd>Microcredencial</dd>"));
    assert!(
        es.contains(
            "<dt>Red de instituciones</dt><dd><span class=\"network-badge\">Red Andina</span></dd>"
        ),
        "the network badge of membership"
    );
    let en = pages
        .credential(&Lang::En.into(), &credential(CredentialStatus::Active))
        .unwrap();
    assert!(en.contains("29 November 2026") && en.contains("Add to my LinkedIn profile"));
    let pt = pages
        .credential(&Lang::Pt.into(), &credential(CredentialStatus::Active))
        .unwrap();
    assert!(pt.contains("29 de novembro de 2026") && pt.contains("Verificar esta credencial"));
}

#[test]
fn credential_page_shows_grade_dates_participation_quality_and_country_by_name() {
    let pages = Pages::new().unwrap();
    let page = |lang: Lang| {
        pages
            .credential(&lang.into(), &credential(CredentialStatus::Active))
            .unwrap()
    };
    let es = page(Lang::Es);
    for needle in [
        "<dt>Calificación</dt><dd>6.4</dd>",
        "<dd>2 de marzo de 2026 – 26 de junio de 2026</dd>",
        "<dt>Forma de participación</dt><dd>Mixta</dd>",
        "<dd>Acreditación externa: CNA-Chile</dd>",
        "<dt>País</dt><dd>México</dd>",
    ] {
        assert!(es.contains(needle), "es: {needle}");
    }
    let en = page(Lang::En);
    for needle in [
        "<dt>Grade</dt><dd>6.4</dd>",
        "<dd>2 March 2026 – 26 June 2026</dd>",
        "<dd>Blended</dd>",
        "<dd>External accreditation: CNA-Chile</dd>",
        "<dd>Mexico</dd>",
    ] {
        assert!(en.contains(needle), "en: {needle}");
    }
    let pt = page(Lang::Pt);
    assert!(pt.contains("<dd>Híbrida</dd>") && pt.contains("<dt>Nota</dt>"));
    assert!(
        !en.contains("<dd>MX</dd>"),
        "a code is never shown for a known country"
    );
}

#[test]
fn each_status_renders_distinctly() {
    let pages = Pages::new().unwrap();
    for lang in LANGS {
        let mut labels = Vec::new();
        for status in statuses() {
            let key = status.key();
            let html = pages.credential(&lang.into(), &credential(status)).unwrap();
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
    let html = pages.credential(&Lang::En.into(), &view).unwrap();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(!html.contains("javascript:"));
    assert!(!html.contains("\" onmouseover") && !html.contains("\" onerror"));
    // generated badge (no image) escapes too
    view.image_url = None;
    let html = pages.credential(&Lang::En.into(), &view).unwrap();
    assert!(!html.contains("<script>alert"));
}

#[test]
fn a_wallet_offer_is_shown_only_while_the_credential_may_be_shared() {
    let pages = Pages::new().unwrap();
    for lang in LANGS {
        let mut view = credential(CredentialStatus::Active);
        view.wallet = Some(wallet());
        let html = pages.credential(&lang.into(), &view).unwrap();
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
            let html = pages.credential(&lang.into(), &view).unwrap();
            assert!(!html.contains("class=\"wallet\"") && !html.contains("lcw.app"));
            assert!(!html.contains("linkedin.com"));
            assert_eq!(html.matches("class=\"qr\"").count(), 1);
        }
    }
}

//! The network catalogue page.

use super::super::*;
use super::{HOSTILE, LANGS};

#[test]
fn network_catalogue_page_fills_the_form_and_escapes_everything() {
    let pages = Pages::new().unwrap();
    let view = NetworkCatalogueView {
        q: HOSTILE.into(),
        eqf_level: "6".into(),
        participation_form: "blended".into(),
        items: vec![NetworkItem {
            id_url: "https://uni.example/achievements/1/versions/1".into(),
            name: format!("Datos {HOSTILE}"),
            description: "Descripción".into(),
            institution: "Universidad Demo".into(),
            workload: Some("5 SCT-Chile".into()),
            level: Some("EQF 6".into()),
        }],
        total: 21,
        page: 1,
        next_page_url: Some("/network/achievements?page=2".into()),
        ..Default::default()
    };
    for lang in LANGS {
        let html = pages.network_catalogue(&lang.into(), &view).unwrap();
        assert!(html.contains("href=\"https://uni.example/achievements/1/versions/1\""));
        assert!(html.contains("<option value=\"6\" selected>"));
        assert!(html.contains("<option value=\"blended\" selected>"));
        assert!(html.contains("rel=\"next\" href=\"/network/achievements?page=2\""));
        assert!(html.contains("5 SCT-Chile") && html.contains("21 "));
        assert!(html.contains("<label for=\"q\">"));
        assert!(!html.contains("<script>alert"));
    }
}

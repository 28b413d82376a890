//! The catalogue and achievement pages.

use super::super::*;
use super::{HOSTILE, LANGS};

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
        let html = pages.achievements(&lang.into(), &view).unwrap();
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
        let html = pages.achievements(&lang.into(), &empty).unwrap();
        assert!(!html.contains("rel=\"next\"") && !html.contains("class=\"catalogue\""));
        let searched = AchievementsView {
            query: Some(format!("robótica {HOSTILE}")),
            ..empty.clone()
        };
        let html = pages.achievements(&lang.into(), &searched).unwrap();
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
    let es = pages.achievements(&Lang::Es.into(), &empty_search).unwrap();
    assert!(es.contains("No hay resultados para «robótica»") && !es.contains("Todavía no hay"));
    let es = pages.achievements(&Lang::Es.into(), &view).unwrap();
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
        let html = pages.achievement(&lang.into(), &view).unwrap();
        assert!(html.contains("rel=\"alternate\" type=\"application/ld+json\" href=\"https://uni.example/achievements/1\""));
        assert!(
            html.contains("5 SCT-Chile") && html.contains("EQF 6") && html.contains("CNA-Chile")
        );
        assert!(html.contains("Limpia datos tabulares.") && html.contains("<svg"));
        assert!(!html.contains("<script>alert"));
    }
    let es = pages.achievement(&Lang::Es.into(), &view).unwrap();
    assert!(es.contains("Aseguramiento de la calidad") && es.contains("Versión"));
}

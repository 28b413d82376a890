//! A minimal `/verify` page (form and report) in Spanish, English or Portuguese, until the
//! `admin-ui` template takes its place; everything interpolated is HTML-escaped.

use std::fmt::Write as _;

use mochila_admin_ui::Lang;
use serde_json::Value;

/// What the page shows: the form (with `url` prefilled), and a report or an error.
#[derive(Debug, Clone, Default)]
pub struct VerifyView {
    /// The verification report (the JSON of [`crate::verification::VerificationResult`]).
    pub report: Option<Value>,
    /// Why the input could not be verified.
    pub error: Option<String>,
    /// The URL the credential was fetched from.
    pub url: Option<String>,
}

/// The page's texts, by key.
fn t(lang: Lang, key: &str) -> &'static str {
    let (es, en, pt) = match key {
        "title" => (
            "Verificar una credencial",
            "Verify a credential",
            "Verificar uma credencial",
        ),
        "intro" => (
            "Pegue el JSON de una credencial, suba el archivo o indique su URL. Se comprueban el contexto, el esquema, la firma, la identidad del emisor, las fechas y el estado de revocación.",
            "Paste a credential's JSON, upload its file or give its URL. The context, schema, signature, issuer identity, dates and revocation status are checked.",
            "Cole o JSON de uma credencial, envie o arquivo ou informe a URL. São verificados o contexto, o esquema, a assinatura, a identidade do emissor, as datas e o estado de revogação.",
        ),
        "paste" => (
            "Credencial (JSON)",
            "Credential (JSON)",
            "Credencial (JSON)",
        ),
        "file" => (
            "Archivo (JSON o imagen con la insignia)",
            "File (JSON or baked badge image)",
            "Arquivo (JSON ou imagem com o selo)",
        ),
        "url" => (
            "URL de la credencial",
            "Credential URL",
            "URL da credencial",
        ),
        "submit" => ("Verificar", "Verify", "Verificar"),
        "error" => (
            "No se pudo verificar",
            "Could not verify",
            "Não foi possível verificar",
        ),
        "check" => ("Comprobación", "Check", "Verificação"),
        "outcome" => ("Resultado", "Outcome", "Resultado"),
        "detail" => ("Detalle", "Detail", "Detalhe"),
        "name" => ("Nombre", "Name", "Nome"),
        "issuer" => ("Emisor", "Issuer", "Emissor"),
        "validFrom" => ("Válida desde", "Valid from", "Válida desde"),
        "validUntil" => ("Válida hasta", "Valid until", "Válida até"),
        "valid" => (
            "Válida: todas las comprobaciones pasaron",
            "Valid: every check passed",
            "Válida: todas as verificações passaram",
        ),
        "invalid" => ("No válida", "Not valid", "Inválida"),
        "revoked" => (
            "Revocada por el emisor",
            "Revoked by the issuer",
            "Revogada pelo emissor",
        ),
        "suspended" => (
            "Suspendida por el emisor",
            "Suspended by the issuer",
            "Suspensa pelo emissor",
        ),
        "expired" => ("Vencida", "Expired", "Expirada"),
        "status_unknown" => (
            "Estado desconocido: no se pudo consultar la lista de estado (no se sabe si fue revocada)",
            "Status unknown: the status list could not be checked (it may have been revoked)",
            "Estado desconhecido: a lista de estado não pôde ser consultada (pode ter sido revogada)",
        ),
        "pass" => ("correcto", "pass", "correto"),
        "fail" => ("falla", "fail", "falha"),
        "unknown" => ("desconocido", "unknown", "desconhecido"),
        "skipped" => ("no comprobado", "skipped", "não verificado"),
        _ => ("", "", ""),
    };
    match lang {
        Lang::Es => es,
        Lang::En => en,
        Lang::Pt => pt,
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn str_at<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

fn report_html(lang: Lang, report: &Value, out: &mut String) {
    let status = str_at(report, "status");
    let _ = write!(
        out,
        "<section class=\"report status-{}\"><h2>{}</h2>",
        escape(status),
        escape(t(lang, status))
    );
    if let Some(credential) = report.get("credential").filter(|c| c.is_object()) {
        out.push_str("<dl>");
        for key in ["name", "issuer", "validFrom", "validUntil"] {
            let value = str_at(credential, key);
            if !value.is_empty() {
                let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", t(lang, key), escape(value));
            }
        }
        out.push_str("</dl>");
    }
    let _ = write!(
        out,
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t(lang, "check"),
        t(lang, "outcome"),
        t(lang, "detail")
    );
    for check in report
        .get("checks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let outcome = str_at(check, "outcome");
        let _ = write!(
            out,
            "<tr class=\"outcome-{}\"><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            escape(outcome),
            escape(str_at(check, "check")),
            escape(t(lang, outcome)),
            escape(str_at(check, "detail"))
        );
    }
    out.push_str("</tbody></table></section>");
}

/// The whole page.
pub fn render(lang: Lang, view: &VerifyView) -> String {
    let tag = lang.tag();
    let mut out = String::with_capacity(8 * 1024);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{tag}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · Mochila</title>\n\
         <link rel=\"stylesheet\" href=\"/static/mochila.css\">\n</head>\n<body>\n\
         <header><nav><a href=\"/verify?lang=es\" hreflang=\"es\">Español</a> · \
         <a href=\"/verify?lang=en\" hreflang=\"en\">English</a> · \
         <a href=\"/verify?lang=pt\" hreflang=\"pt\">Português</a></nav></header>\n<main>\n\
         <h1>{title}</h1>\n<p>{intro}</p>\n",
        title = t(lang, "title"),
        intro = t(lang, "intro"),
    );
    if let Some(error) = &view.error {
        let _ = writeln!(
            out,
            "<p class=\"error\" role=\"alert\"><strong>{}:</strong> {}</p>",
            t(lang, "error"),
            escape(error)
        );
    }
    if let Some(report) = &view.report {
        report_html(lang, report, &mut out);
    }
    let url = view.url.as_deref().map(escape).unwrap_or_default();
    let _ = write!(
        out,
        "<form method=\"post\" action=\"/verify?lang={tag}\" enctype=\"multipart/form-data\">\n\
         <p><label for=\"credential\">{paste}</label><br>\
         <textarea id=\"credential\" name=\"credential\" rows=\"10\" cols=\"80\"></textarea></p>\n\
         <p><label for=\"file\">{file}</label><br>\
         <input type=\"file\" id=\"file\" name=\"file\" \
         accept=\".json,.jsonld,.png,.svg,application/json,application/ld+json,image/png,image/svg+xml\"></p>\n\
         <p><label for=\"url\">{url_label}</label><br>\
         <input type=\"url\" id=\"url\" name=\"url\" size=\"80\" value=\"{url}\"></p>\n\
         <p><button type=\"submit\">{submit}</button></p>\n</form>\n\
         </main>\n<footer>Mochila</footer>\n</body>\n</html>\n",
        paste = t(lang, "paste"),
        file = t(lang, "file"),
        url_label = t(lang, "url"),
        submit = t(lang, "submit"),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_is_rendered_and_escaped() {
        let view = VerifyView {
            report: Some(serde_json::json!({
                "verified": false, "status": "revoked",
                "checks": [{"check": "status:revocation", "outcome": "fail",
                            "detail": "bit <5> set"}],
                "credential": {"name": "Rust & Co", "issuer": "did:web:x"}
            })),
            error: None,
            url: Some("https://x.edu/c?a=1&b=\"2\"".to_owned()),
        };
        let html = render(Lang::En, &view);
        assert!(html.contains("Revoked by the issuer"));
        assert!(html.contains("bit &lt;5&gt; set"));
        assert!(html.contains("Rust &amp; Co"));
        assert!(html.contains("value=\"https://x.edu/c?a=1&amp;b=&quot;2&quot;\""));
        assert!(!html.contains("<5>"));
        let es = render(Lang::Es, &VerifyView::default());
        assert!(es.contains("lang=\"es\"") && es.contains("Verificar una credencial"));
    }
}

//! SVG baking, extraction and the active-content checks of inspection.

use super::*;

#[test]
fn svg_round_trip_follows_the_spec_form() {
    assert_eq!(extract_svg(SVG).unwrap(), None);
    let baked = bake_svg(SVG, CREDENTIAL).unwrap();
    assert!(
        baked.contains(
            r#"viewBox="0 0 200 100" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">"#
        ),
        "{baked}"
    );
    let first_child = format!(
        "<openbadges:credential><![CDATA[{CREDENTIAL}]]></openbadges:credential>\n  <defs>"
    );
    assert!(baked.contains(&first_child), "{baked}");
    assert_eq!(extract_svg(&baked).unwrap().as_deref(), Some(CREDENTIAL));
    // the rest is untouched and the result still passes inspection
    assert!(
        baked.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a badge -->\n<svg ")
    );
    assert!(baked.ends_with("<text x=\"10\" y=\"90\">Programación &amp; más</text>\n</svg>\n"));
    let info = inspect_image(baked.as_bytes()).unwrap();
    assert_eq!(
        (info.kind, info.width, info.height),
        (ImageKind::Svg, Some(200), Some(100))
    );
}

#[test]
fn rebaking_an_svg_replaces_and_handles_cdata_ends() {
    let tricky = r#"{"name":"a]]>b"}"#;
    let once = bake_svg(SVG, CREDENTIAL).unwrap();
    let twice = bake_svg(&once, tricky).unwrap();
    assert_eq!(twice.matches("<openbadges:credential>").count(), 1);
    assert_eq!(twice.matches("xmlns:openbadges=").count(), 1);
    assert_eq!(extract_svg(&twice).unwrap().as_deref(), Some(tricky));
    // self-closing root
    let tiny = bake_svg(r#"<svg xmlns="http://www.w3.org/2000/svg"/>"#, "{}").unwrap();
    assert_eq!(
        tiny,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{}]]></openbadges:credential></svg>"#
    );
    // many stale credential elements are all removed, in linear time
    let stale = "<openbadges:credential><![CDATA[{}]]></openbadges:credential>".repeat(20_000);
    let crowded = once.replace("<defs>", &format!("{stale}<defs>"));
    let cleaned = bake_svg(&crowded, CREDENTIAL).unwrap();
    assert_eq!(cleaned.matches("<openbadges:credential>").count(), 1);
    assert!(matches!(
        bake_svg(SVG, "{\"a\":\"\u{1}\"}"),
        Err(BakeError::XmlChar { code: 1, .. })
    ));
}

#[test]
fn svg_extraction_accepts_verify_attribute_and_text_forms() {
    let jwt = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="eyJh.eyJz.c2ln"></openbadges:credential></svg>"#;
    assert_eq!(extract_svg(jwt).unwrap().as_deref(), Some("eyJh.eyJz.c2ln"));
    let text = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential>
        {&quot;id&quot;:&quot;x&quot;}
    </ob:credential><circle r="1"/></svg>"#;
    assert_eq!(extract_svg(text).unwrap().as_deref(), Some(r#"{"id":"x"}"#));
    let empty = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential/></svg>"#;
    assert!(matches!(
        extract_svg(empty),
        Err(BakeError::EmptyCredential { .. })
    ));
}

#[test]
fn malformed_and_foreign_documents_are_rejected() {
    for (bad, needle) in [
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>",
            "does not match",
        ),
        ("<svg xmlns=\"http://www.w3.org/2000/svg\">", "not closed"),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" a=1/>",
            "not quoted",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\" a=\"1\" a=\"2\"/>",
            "duplicate",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/><svg/>",
            "more than one root",
        ),
        ("<svg/>", "not <svg> in http://www.w3.org/2000/svg"),
        (
            "<x:svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "`x` is not declared",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\">&bogus;</svg>",
            "",
        ),
    ] {
        let err = bake_svg(bad, "{}")
            .and_then(|s| extract_svg(&s))
            .unwrap_err();
        assert!(err.to_string().contains(needle), "{bad}: {err}");
    }
}

#[test]
fn inspect_refuses_everything_that_is_not_a_png_or_svg() {
    for bytes in [
        &b"\xFF\xD8\xFF\xE0\x00\x10JFIF"[..],
        b"<!doctype html><html><body>hi</body></html>",
        b"<html><body>hi</body></html>",
        b"GIF89a",
        b"",
        b"hello",
        b"\x00\x01\x02",
    ] {
        let err = inspect_image(bytes).unwrap_err();
        assert!(
            err.to_string().starts_with("not a PNG or SVG image")
                || matches!(err, BakeError::Xml { .. }),
            "{:?}: {err}",
            String::from_utf8_lossy(bytes)
        );
    }
    let jpeg = inspect_image(b"\xFF\xD8\xFF\xE0").unwrap_err();
    assert_eq!(jpeg.to_string(), "not a PNG or SVG image (JPEG data)");
    let html = inspect_image(b"<html><body>hi</body></html>").unwrap_err();
    assert!(
        html.to_string()
            .starts_with("not a PNG or SVG image (the root element is <html>"),
        "{html}"
    );
}

#[test]
fn inspect_refuses_active_svg_content() {
    let wrap = |inner: &str| {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{inner}</svg>"#
        )
    };
    for (inner, needle) in [
        ("<script>alert(1)</script>", "<script>"),
        ("<SCRIPT>alert(1)</SCRIPT>", "<SCRIPT>"),
        (
            "<circle r=\"1\" onload=\"alert(1)\"/>",
            "event attribute `onload`",
        ),
        ("<circle r=\"1\" ONCLICK=\"x()\"/>", "ONCLICK"),
        (
            "<a href=\"javascript:alert(1)\"><text>x</text></a>",
            "javascript:",
        ),
        (
            "<a xlink:href=\"&#106;ava&#x09;script:alert(1)\"/>",
            "javascript:",
        ),
        ("<foreignObject><div/></foreignObject>", "foreignObject"),
        (
            "<image href=\"https://evil.example/x.png\"/>",
            "external reference",
        ),
        (
            "<use xlink:href=\"//evil.example/s.svg#a\"/>",
            "external reference",
        ),
        (
            "<style>@import url(https://evil.example/a.css);</style>",
            "@import",
        ),
        (
            "<style><![CDATA[ rect { fill: url(https://evil.example/t) } ]]></style>",
            "external url",
        ),
        (
            "<rect style=\"fill: url('http://evil.example/t')\"/>",
            "external url",
        ),
        (
            "<rect fill=\"url(https://evil.example/p#x)\"/>",
            "external url",
        ),
        (
            "<set attributeName=\"href\" to=\"https://evil.example\"/>",
            "animating",
        ),
        ("<iframe/>", "<iframe>"),
    ] {
        let err = inspect_image(wrap(inner).as_bytes()).unwrap_err();
        assert!(
            matches!(err, BakeError::ActiveContent { .. }),
            "{inner}: {err}"
        );
        assert!(err.to_string().contains(needle), "{inner}: {err}");
    }
    let escaped =
        wrap(r"<style>rect { fill: \75 rl(https://evil.example/t) } @\69mport 'x';</style>");
    assert!(matches!(
        inspect_image(escaped.as_bytes()),
        Err(BakeError::ActiveContent { .. })
    ));
    let deep = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg">{}{}</svg>"#,
        "<g>".repeat(300),
        "</g>".repeat(300)
    );
    let err = inspect_image(deep.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("nested deeper than 256"), "{err}");
    let entity = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>"#;
    assert!(
        inspect_image(entity.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("internal subset")
    );
    let pi = r#"<?xml-stylesheet href="https://evil.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>"#;
    assert!(inspect_image(pi.as_bytes()).is_err());
    // inline images and fragments are fine
    let ok = wrap(r##"<image href="data:image/png;base64,iVBORw0KGgo="/><use xlink:href="#a"/>"##);
    assert!(inspect_image(ok.as_bytes()).is_ok());
}

//! Reading the body as an activity: JSON, then `id`, `type` and `actor` present and of the
//! right shape, each failure naming its JSON pointer.

use mochila_protocol::activity::Activity;
use serde_json::Value;

use super::InboxError;

fn invalid(field: &str, reason: impl Into<String>) -> InboxError {
    InboxError::Invalid {
        field: field.to_owned(),
        reason: reason.into(),
    }
}

/// Parses `body` as an activity: the document as received and its typed view.
pub fn parse_activity(body: &[u8]) -> Result<(Value, Activity), InboxError> {
    let document: Value = serde_json::from_slice(body).map_err(|e| {
        invalid(
            "/",
            format!(
                "the body is not valid JSON (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        )
    })?;
    let object = document
        .as_object()
        .ok_or_else(|| invalid("/", "the activity must be a JSON object"))?;
    let is_url = |v: &Value| {
        v.as_str()
            .and_then(|s| url::Url::parse(s).ok())
            .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
    };
    match object.get("id") {
        None => return Err(invalid("/id", "the activity has no id")),
        Some(id) if !is_url(id) => {
            return Err(invalid("/id", "the activity id must be an http(s) URL"));
        }
        Some(_) => {}
    }
    match object.get("type") {
        None => return Err(invalid("/type", "the activity has no type")),
        Some(Value::String(t)) if !t.is_empty() => {}
        Some(_) => return Err(invalid("/type", "the activity type must be a string")),
    }
    match object.get("actor") {
        None => return Err(invalid("/actor", "the activity has no actor")),
        Some(actor) if is_url(actor) || actor.get("id").is_some_and(is_url) => {}
        Some(_) => {
            return Err(invalid(
                "/actor",
                "the actor must be an http(s) URL or an object with one as id",
            ));
        }
    }
    let activity = serde_path_to_error::deserialize(&document).map_err(|e| {
        let field = crate::error::to_pointer(e.path());
        let reason = e.into_inner().to_string();
        invalid(&field, format!("{field}: {reason}"))
    })?;
    Ok((document, activity))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(body: &str) -> String {
        match parse_activity(body.as_bytes()) {
            Err(InboxError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_failure_names_its_pointer() {
        assert_eq!(field("{"), "/");
        assert_eq!(field("[]"), "/");
        assert_eq!(
            field(r#"{"type":"Follow","actor":"https://a.example/"}"#),
            "/id"
        );
        assert_eq!(
            field(r#"{"id":"urn:x","type":"Follow","actor":"https://a.example/"}"#),
            "/id"
        );
        assert_eq!(
            field(r#"{"id":"https://a.example/1","actor":"https://a.example/"}"#),
            "/type"
        );
        assert_eq!(
            field(r#"{"id":"https://a.example/1","type":"Follow"}"#),
            "/actor"
        );
        assert_eq!(
            field(
                r#"{"id":"https://a.example/1","type":"Follow","actor":"https://a.example/","to":7}"#
            ),
            "/to"
        );
    }

    #[test]
    fn an_activity_parses() {
        let (doc, activity) = parse_activity(
            br#"{"id":"https://a.example/1","type":"Like","actor":{"id":"https://a.example/"},"object":"https://b.example/x"}"#,
        )
        .unwrap();
        assert_eq!(activity.actor.id(), Some("https://a.example/"));
        assert_eq!(doc["type"], "Like");
    }
}

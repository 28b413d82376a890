//! What a verification request carries: a credential (itself, wrapped, or as a JSON string),
//! or the URL of one.

use serde_json::Value;

use crate::error::ApiError;

/// What to verify.
#[derive(Debug, Clone, PartialEq)]
pub enum VerifyInput {
    /// A credential given in the request.
    Credential(Value),
    /// The URL of a credential to fetch.
    Url(String),
}

const FORMS: &str = "send the credential itself (a JSON object with @context), \
     {\"credential\": <the credential, or a JSON string holding it>} or {\"url\": \"https://...\"}";

/// Reads the JSON body of `POST /api/v1/verify`; a 400 naming the field when it is neither
/// form.
pub fn from_body(body: Value) -> Result<VerifyInput, ApiError> {
    let Value::Object(mut map) = body else {
        return Err(ApiError::invalid(
            "body",
            format!("the body must be a JSON object: {FORMS}"),
        ));
    };
    if map.contains_key("@context") {
        return Ok(VerifyInput::Credential(Value::Object(map)));
    }
    match (map.remove("credential"), map.remove("url")) {
        (Some(_), Some(_)) => Err(ApiError::invalid(
            "/url",
            "give either credential or url, not both",
        )),
        (Some(credential), None) => credential_value(credential).map(VerifyInput::Credential),
        (None, Some(Value::String(url))) if !url.trim().is_empty() => {
            Ok(VerifyInput::Url(url.trim().to_owned()))
        }
        (None, Some(_)) => Err(ApiError::invalid(
            "/url",
            "/url: must be a non-empty string holding the credential's https URL",
        )),
        (None, None) => Err(ApiError::invalid(
            "body",
            format!("the body has no @context, credential or url: {FORMS}"),
        )),
    }
}

fn credential_value(credential: Value) -> Result<Value, ApiError> {
    match credential {
        Value::Object(_) => Ok(credential),
        Value::String(text) => parse_credential(&text)
            .map_err(|message| ApiError::invalid("/credential", format!("/credential: {message}"))),
        _ => Err(ApiError::invalid(
            "/credential",
            "/credential: must be the credential object, or a JSON string holding it",
        )),
    }
}

/// Parses pasted credential text: JSON holding an object.
pub fn parse_credential(text: &str) -> Result<Value, String> {
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        format!(
            "not valid JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        )
    })?;
    if value.is_object() {
        Ok(value)
    } else {
        Err("the JSON is not an object; a credential is a JSON object".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn field_of(result: Result<VerifyInput, ApiError>) -> String {
        result.unwrap_err().problem().field.unwrap()
    }

    #[test]
    fn the_three_forms_are_read() {
        let vc = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "x"});
        assert_eq!(
            from_body(vc.clone()).unwrap(),
            VerifyInput::Credential(vc.clone())
        );
        assert_eq!(
            from_body(json!({"credential": vc})).unwrap(),
            VerifyInput::Credential(vc.clone())
        );
        assert_eq!(
            from_body(json!({"credential": vc.to_string()})).unwrap(),
            VerifyInput::Credential(vc)
        );
        assert_eq!(
            from_body(json!({"url": " https://x.edu/c/1 "})).unwrap(),
            VerifyInput::Url("https://x.edu/c/1".to_owned())
        );
    }

    #[test]
    fn unusable_bodies_name_the_field() {
        assert_eq!(field_of(from_body(json!([1]))), "body");
        assert_eq!(field_of(from_body(json!({"foo": 1}))), "body");
        assert_eq!(field_of(from_body(json!({"credential": 5}))), "/credential");
        assert_eq!(
            field_of(from_body(json!({"credential": "{oops"}))),
            "/credential"
        );
        assert_eq!(
            field_of(from_body(json!({"credential": "[1]"}))),
            "/credential"
        );
        assert_eq!(field_of(from_body(json!({"url": 5}))), "/url");
        assert_eq!(field_of(from_body(json!({"url": ""}))), "/url");
    }
}

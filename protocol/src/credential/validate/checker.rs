//! The bookkeeping of validation: collecting errors and checking member shapes.

use serde_json::{Map, Value};

use super::ValidationError;
use crate::credential::dates::parse_date_time;

#[derive(Default)]
pub(super) struct Checker {
    pub(super) errors: Vec<ValidationError>,
}

pub(super) fn type_names(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

impl Checker {
    pub(super) fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(ValidationError {
            path: path.into(),
            message: message.into(),
        });
    }

    /// A required string member.
    pub(super) fn string(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<String> {
        match obj.get(key) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::String(_)) => {
                self.err(format!("{path}.{key}"), "must not be empty");
                None
            }
            Some(_) => {
                self.err(format!("{path}.{key}"), "must be a string");
                None
            }
            None => {
                self.err(format!("{path}.{key}"), "is required");
                None
            }
        }
    }

    /// An optional string member.
    pub(super) fn opt_string(&mut self, obj: &Map<String, Value>, path: &str, key: &str) {
        if let Some(v) = obj.get(key)
            && !v.is_string()
        {
            self.err(format!("{path}.{key}"), "must be a string");
        }
    }

    /// An optional number member.
    pub(super) fn opt_number(&mut self, obj: &Map<String, Value>, path: &str, key: &str) {
        if let Some(v) = obj.get(key)
            && !v.as_f64().is_some_and(|n| n >= 0.0)
        {
            self.err(format!("{path}.{key}"), "must be a non-negative number");
        }
    }

    /// An optional (or required) XSD dateTimeStamp member.
    pub(super) fn date(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        key: &str,
        required: bool,
    ) -> Option<time::OffsetDateTime> {
        let p = format!("{path}.{key}");
        match obj.get(key) {
            None if required => {
                self.err(p, "is required");
                None
            }
            None => None,
            Some(Value::String(s)) => {
                let parsed = parse_date_time(s);
                if parsed.is_none() {
                    self.err(p, format!("{s:?} is not an XSD dateTimeStamp (e.g. 2026-01-01T00:00:00Z, with a timezone)"));
                }
                parsed
            }
            Some(_) => {
                self.err(p, "must be a dateTimeStamp string");
                None
            }
        }
    }

    /// `type` must include `name`.
    pub(super) fn type_includes(&mut self, obj: &Map<String, Value>, path: &str, names: &[&str]) {
        let types = type_names(obj.get("type"));
        if obj.get("type").is_none() {
            self.err(
                format!("{path}.type"),
                format!("is required (must include {:?})", names[0]),
            );
        } else if !names.iter().any(|n| types.contains(n)) {
            self.err(
                format!("{path}.type"),
                format!("must include {:?}", names[0]),
            );
        }
    }

    /// A required object member.
    pub(super) fn object<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<&'a Map<String, Value>> {
        match obj.get(key) {
            Some(Value::Object(o)) => Some(o),
            Some(_) => {
                self.err(format!("{path}.{key}"), "must be an object");
                None
            }
            None => {
                self.err(format!("{path}.{key}"), "is required");
                None
            }
        }
    }

    /// An optional member holding objects (one or an array); yields `(path, object)`.
    pub(super) fn objects<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Vec<(String, &'a Map<String, Value>)> {
        let p = format!("{path}.{key}");
        let mut out = Vec::new();
        match obj.get(key) {
            None => {}
            Some(Value::Object(o)) => out.push((p, o)),
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Object(o) => out.push((format!("{p}[{i}]"), o)),
                        _ => self.err(format!("{p}[{i}]"), "must be an object"),
                    }
                }
            }
            Some(_) => self.err(p, "must be an object or an array of objects"),
        }
        out
    }

    pub(super) fn image(&mut self, obj: &Map<String, Value>, path: &str) {
        match obj.get("image") {
            None | Some(Value::String(_)) => {}
            Some(Value::Object(img)) => {
                let p = format!("{path}.image");
                self.string(img, &p, "id");
                if type_names(img.get("type")) != ["Image"] {
                    self.err(format!("{p}.type"), "must be \"Image\"");
                }
            }
            Some(_) => self.err(format!("{path}.image"), "must be a URL or an Image object"),
        }
    }
}

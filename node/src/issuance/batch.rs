//! Cohort issuance: a CSV or JSON list of learners is validated row by row (each bad row
//! reported with its line, column and reason), the valid rows are stored as durable jobs in
//! the same transaction as the batch, and a background worker issues them in chunks. A
//! credential and its row's completion commit together, and the credential table's unique
//! (batch, line) index makes a row issue at most once, even across a crash and restart.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::csv_rows::{Rows, byte_offset};
use super::learner::LearnerRequest;

/// Most rows in one batch.
pub const MAX_ROWS: usize = 50_000;

/// A JSON batch.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchRequest {
    /// The achievement to issue (its current version).
    pub achievement_id: String,
    /// The language of the credentials (`es`, `en`, `pt`).
    #[serde(default)]
    pub lang: Option<String>,
    /// The learners (each a `LearnerRequest`).
    #[schema(value_type = Vec<LearnerRequest>)]
    pub learners: Vec<Value>,
}

/// A row that was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RowError {
    /// Line in the CSV file (the header is line 1), or position in `learners` (from 1).
    pub line: usize,
    /// The column (CSV) or field (JSON) at fault.
    pub column: String,
    /// What is wrong.
    pub reason: String,
}

/// A parsed batch: the valid rows with their lines, and the rejected ones.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Valid rows (line, learner).
    pub rows: Vec<(usize, LearnerRequest)>,
    /// Rejected rows.
    pub rejected: Vec<RowError>,
}

/// Why a whole file is unusable (nothing is issued).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FileError {
    /// Where (e.g. `line 1` or `header`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

fn file_error(field: impl Into<String>, message: impl Into<String>) -> FileError {
    FileError {
        field: field.into(),
        message: message.into(),
    }
}

fn accept(parsed: &mut Parsed, line: usize, learner: LearnerRequest) {
    let learner = learner.normalized();
    let problems = learner.problems();
    if problems.is_empty() {
        parsed.rows.push((line, learner));
    } else {
        parsed
            .rejected
            .extend(problems.into_iter().map(|p| RowError {
                line,
                column: match p.item {
                    Some(i) => format!("{}[{i}]", p.field),
                    None => p.field.to_owned(),
                },
                reason: p.reason,
            }));
    }
}

/// Validates the learners of a JSON batch.
pub fn parse_json(learners: Vec<Value>) -> Result<Parsed, FileError> {
    if learners.is_empty() {
        return Err(file_error("/learners", "must list at least one learner"));
    }
    if learners.len() > MAX_ROWS {
        return Err(file_error(
            "/learners",
            format!("at most {MAX_ROWS} learners per batch"),
        ));
    }
    let mut parsed = Parsed::default();
    for (i, value) in learners.into_iter().enumerate() {
        match serde_path_to_error::deserialize::<_, LearnerRequest>(value) {
            Ok(learner) => accept(&mut parsed, i + 1, learner),
            Err(e) => parsed.rejected.push(RowError {
                line: i + 1,
                column: e.path().to_string(),
                reason: e.inner().to_string(),
            }),
        }
    }
    Ok(parsed)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Email,
    Did,
    Result,
    Start,
    End,
    Evidence,
}

const KNOWN_COLUMNS: &str = "name, email (several addresses separated by ';' or more email columns), did, result, activityStartDate, activityEndDate, evidenceUrl";

fn column(header: &str) -> Option<Column> {
    let h: String = header
        .trim()
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    Some(match h.as_str() {
        "name" | "fullname" | "nombre" | "nome" => Column::Name,
        "did" => Column::Did,
        "result" | "grade" | "nota" | "calificacion" => Column::Result,
        "activitystartdate" | "startdate" => Column::Start,
        "activityenddate" | "enddate" => Column::End,
        "evidenceurl" | "evidence" => Column::Evidence,
        h if h.starts_with("email") || h.starts_with("correo") => Column::Email,
        _ => return None,
    })
}

/// Validates a CSV file: a header line naming the columns, then one learner per line.
/// The delimiter is `,` or, when the header has `;` and no `,`, `;` (spreadsheets in
/// Spanish locales).
pub fn parse_csv(bytes: &[u8]) -> Result<Parsed, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = Rows::of(bytes, b',').line_at(e.valid_up_to());
        file_error(
            format!("line {line}"),
            format!("the file is not UTF-8 text (line {line}); export it as CSV UTF-8"),
        )
    })?;
    let first = text.split(['\r', '\n']).next().unwrap_or("");
    let delimiter = if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    let rows = Rows::of(text.as_bytes(), delimiter);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| file_error("line 1", format!("unreadable header line: {e}")))?
        .clone();
    let mut columns = Vec::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let c = column(h).ok_or_else(|| {
            file_error(
                format!("line 1, column {}", i + 1),
                format!("unknown column {h:?}; known columns: {KNOWN_COLUMNS}"),
            )
        })?;
        columns.push(c);
    }
    if !columns.contains(&Column::Name) {
        return Err(file_error(
            "line 1",
            format!("the header has no name column; known columns: {KNOWN_COLUMNS}"),
        ));
    }
    let mut parsed = Parsed::default();
    let mut count = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| rows.line_at(byte_offset(p)));
            file_error(
                format!("line {line}"),
                format!("malformed CSV at line {line}: {e}"),
            )
        })?;
        let line = record
            .position()
            .map_or(0, |p| rows.line_at(byte_offset(p)));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        count += 1;
        if count > MAX_ROWS {
            return Err(file_error(
                "body",
                format!("at most {MAX_ROWS} rows per batch"),
            ));
        }
        if record.len() != columns.len() {
            parsed.rejected.push(RowError {
                line,
                column: "*".into(),
                reason: format!(
                    "has {} fields, the header has {}",
                    record.len(),
                    columns.len()
                ),
            });
            continue;
        }
        accept(&mut parsed, line, learner_of(&columns, &record));
    }
    if count == 0 {
        return Err(file_error("body", "the file has a header but no learners"));
    }
    Ok(parsed)
}

fn learner_of(columns: &[Column], record: &csv::StringRecord) -> LearnerRequest {
    let mut l = LearnerRequest {
        name: String::new(),
        emails: Vec::new(),
        did: None,
        result: None,
        activity_start_date: None,
        activity_end_date: None,
        evidence_url: None,
    };
    for (c, value) in columns.iter().zip(record.iter()) {
        let v = Some(value.to_owned());
        match c {
            Column::Name => l.name = value.to_owned(),
            Column::Email => l.emails.extend(value.split([';', ' ']).map(str::to_owned)),
            Column::Did => l.did = v,
            Column::Result => l.result = v,
            Column::Start => l.activity_start_date = v,
            Column::End => l.activity_end_date = v,
            Column::Evidence => l.evidence_url = v,
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_validated_with_line_and_column() {
        let csv = "name,email,result\nAna Pérez,ana@uni.cl,6.4\n,bob@uni.cl,\n\"Carla, Q\",not-an-email,5\nDan,dan@uni.cl\n";
        let p = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].0, 2);
        let got: Vec<_> = p
            .rejected
            .iter()
            .map(|r| (r.line, r.column.as_str()))
            .collect();
        assert_eq!(got, [(3, "name"), (4, "emails[0]"), (5, "*")]);
    }

    #[test]
    fn semicolon_csv_with_bom_and_unknown_columns() {
        let p = parse_csv("\u{feff}Nombre;Correo\nAna;ana@uni.cl\n".as_bytes()).unwrap();
        assert_eq!(p.rows.len(), 1);
        let e = parse_csv(b"name,phone\nAna,123\n").unwrap_err();
        assert_eq!(e.field, "line 1, column 2");
        assert!(parse_csv(b"email\nana@uni.cl\n").is_err());
        assert!(parse_csv(b"name,email\n").is_err());
        assert!(
            parse_csv(b"name,email\n\xff\xfe,x\n")
                .unwrap_err()
                .message
                .contains("UTF-8")
        );
    }

    /// Rows as a spreadsheet numbers them: header 1, a valid row 2, a bad one 3, an empty
    /// row 4, a row with a line break inside a quoted cell 5, a bad row 6.
    fn sheet(newline: &str, bom: bool) -> Vec<u8> {
        let rows = [
            "name,email",
            "Ana,ana@uni.cl",
            ",bob@uni.cl",
            "",
            "\"Carla\nQuiroga\",carla@uni.cl",
            "Dan,not-an-email",
        ];
        let mut text = String::new();
        if bom {
            text.push('\u{feff}');
        }
        text.push_str(&rows.join(newline));
        text.push_str(newline);
        text.into_bytes()
    }

    fn lines(csv: &[u8]) -> (Vec<usize>, Vec<usize>) {
        let p = parse_csv(csv).unwrap();
        let ok = p.rows.iter().map(|r| r.0).collect();
        let bad = p.rejected.iter().map(|r| r.line).collect();
        (ok, bad)
    }

    #[test]
    fn lf_rows_are_numbered_as_in_the_spreadsheet() {
        assert_eq!(lines(&sheet("\n", false)), (vec![2, 5], vec![3, 6]));
        assert_eq!(lines(&sheet("\n", true)), (vec![2, 5], vec![3, 6]));
    }

    #[test]
    fn crlf_rows_are_numbered_as_in_the_spreadsheet() {
        assert_eq!(lines(&sheet("\r\n", false)), (vec![2, 5], vec![3, 6]));
        assert_eq!(lines(&sheet("\r\n", true)), (vec![2, 5], vec![3, 6]));
    }

    #[test]
    fn cr_rows_are_numbered_as_in_the_spreadsheet() {
        assert_eq!(lines(&sheet("\r", false)), (vec![2, 5], vec![3, 6]));
        assert_eq!(lines(&sheet("\r", true)), (vec![2, 5], vec![3, 6]));
    }

    #[test]
    fn a_semicolon_crlf_file_and_a_bad_byte_are_numbered_as_in_the_spreadsheet() {
        let p = parse_csv(b"Nombre;Correo\r\nAna;ana@uni.cl\r\n;x@uni.cl\r\n").unwrap();
        assert_eq!(p.rejected[0].line, 3);
        let e = parse_csv(b"name,email\r\nAna,a@uni.cl\r\n\xff,x\r\n").unwrap_err();
        assert_eq!(e.field, "line 3");
    }

    #[test]
    fn json_rows_report_the_field() {
        let p = parse_json(vec![
            serde_json::json!({"name": "Ana", "emails": ["ana@uni.cl"]}),
            serde_json::json!({"name": "Bob", "emails": "bob@uni.cl"}),
            serde_json::json!({"name": "Eve", "phone": "1"}),
        ])
        .unwrap();
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rejected[0].line, 2);
        assert_eq!(p.rejected[0].column, "emails");
        assert_eq!(p.rejected[1].line, 3);
    }
}

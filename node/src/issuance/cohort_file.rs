//! A cohort file, read: a CSV or JSON list of learners validated row by row, each bad row
//! reported with its line, column and reason. What becomes of the valid rows is the stored
//! batch's business (`issuance::batch`); the PostgreSQL bulk writer of issued rows is
//! `issuance::bulk_copy`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::columns::{self, Column, Mapping};
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
    #[schema(value_type = Option<String>)]
    pub lang: Option<crate::catalogue::Lang>,
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

/// A parsed batch: the valid rows with their lines, the rejected ones, and warnings
/// (ignored columns; rows accepted that deserve a look).
#[derive(Debug, Default)]
pub struct Parsed {
    /// Valid rows (line, learner).
    pub rows: Vec<(usize, LearnerRequest)>,
    /// Rejected rows.
    pub rejected: Vec<RowError>,
    /// Warnings (same shape as errors; `line` 1 for the header).
    pub warnings: Vec<RowError>,
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

/// Validates a CSV file: a header line naming the columns (see `columns`; unknown ones are
/// ignored with a warning), then one learner per line. The delimiter is `,` or, when the
/// header has `;` and no `,`, `;` (spreadsheets in Spanish locales).
pub fn parse_csv(bytes: &[u8], mapping: &Mapping) -> Result<Parsed, FileError> {
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
    let (columns, mut parsed) = header_columns(&headers, mapping)?;
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

/// The column of each header, and a warning for each ignored one.
fn header_columns(
    headers: &csv::StringRecord,
    mapping: &Mapping,
) -> Result<(Vec<Column>, Parsed), FileError> {
    let mut parsed = Parsed::default();
    let mut columns = Vec::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let column = mapping.column(h).unwrap_or(Column::Ignored);
        if column == Column::Ignored {
            parsed.warnings.push(RowError {
                line: 1,
                column: if h.trim().is_empty() {
                    format!("column {}", i + 1)
                } else {
                    h.to_owned()
                },
                reason: "column not used: ignored".to_owned(),
            });
        } else if column != Column::Email && columns.contains(&column) {
            return Err(file_error(
                format!("line 1, column {}", i + 1),
                format!(
                    "{h:?} is a second {column:?} column; name the one to use with the columns parameter (e.g. columns={h}=ignore)"
                ),
            ));
        }
        columns.push(column);
    }
    if !columns.contains(&Column::Name) {
        return Err(file_error(
            "line 1",
            format!(
                "the header has no name column; known columns: {}; or name yours with the columns parameter (e.g. columns=Estudiante=name)",
                columns::KNOWN
            ),
        ));
    }
    Ok((columns, parsed))
}

fn learner_of(columns: &[Column], record: &csv::StringRecord) -> LearnerRequest {
    let mut family = String::new();
    let mut l = LearnerRequest {
        name: String::new(),
        external_id: None,
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
            Column::FamilyName => family = value.trim().to_owned(),
            Column::Email => l.emails.extend(value.split([';', ',']).map(str::to_owned)),
            Column::Did => l.did = v,
            Column::ExternalId => l.external_id = v,
            Column::Result => l.result = v,
            Column::Start => l.activity_start_date = v,
            Column::End => l.activity_end_date = v,
            Column::Evidence => l.evidence_url = v,
            Column::Ignored => {}
        }
    }
    if !family.is_empty() && !l.name.trim().ends_with(&family) {
        l.name = format!("{} {family}", l.name.trim());
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Result<Parsed, FileError> {
        parse_csv(bytes, &Mapping::default())
    }

    #[test]
    fn csv_rows_are_validated_with_line_and_column() {
        let csv = "name,email,result\nAna Pérez,ana@uni.cl,6.4\n,bob@uni.cl,\n\"Carla, Q\",not-an-email,5\nDan,dan@uni.cl\n";
        let p = parse(csv.as_bytes()).unwrap();
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
        let p = parse("\u{feff}Nombre;Correo\nAna;ana@uni.cl\n".as_bytes()).unwrap();
        assert_eq!(p.rows.len(), 1);
        let p = parse(b"name,phone,,Apellido,email\nAna,123,,Rojas,a@uni.cl\n").unwrap();
        assert_eq!(p.rows[0].1.name, "Ana Rojas");
        let ignored: Vec<_> = p
            .warnings
            .iter()
            .map(|w| (w.line, w.column.as_str()))
            .collect();
        assert_eq!(ignored, [(1, "phone"), (1, "column 3")]);
        let e = parse(b"name,Nombre\nAna,Ana\n").unwrap_err();
        assert_eq!(e.field, "line 1, column 2");
        assert!(parse(b"email\nana@uni.cl\n").is_err());
        assert!(parse(b"name,email\n").is_err());
        assert!(
            parse(b"name,email\n\xff\xfe,x\n")
                .unwrap_err()
                .message
                .contains("UTF-8")
        );
    }

    /// Rows as a spreadsheet numbers them: header 1, a valid row 2, a bad one 3, an empty
    /// row 4, a row with a line break inside a quoted cell 5, a bad row 6.
    fn sheet(newline: &str, bom: bool) -> Vec<u8> {
        let rows = [
            "name,email,notes",
            "Ana,ana@uni.cl,",
            ",bob@uni.cl,",
            ",,",
            "Carla,carla@uni.cl,\"dos\nlíneas\"",
            "Dan,not-an-email,",
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
        let p = parse(csv).unwrap();
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
        let p = parse(b"Nombre;Correo\r\nAna;ana@uni.cl\r\n;x@uni.cl\r\n").unwrap();
        assert_eq!(p.rejected[0].line, 3);
        let e = parse(b"name,email\r\nAna,a@uni.cl\r\n\xff,x\r\n").unwrap_err();
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

    #[test]
    fn a_real_export_with_extra_columns_and_a_mapping() {
        let export = "N°;RUT;Nombre completo;Correo electrónico;Calificación;Carrera;\r\n\
                      1;12.345.678-9;Ana Pérez;pepe @gmail.com;6,4;Ing.;\r\n\
                      2;9.876.543-2;Bruno Díaz;bruno@uni.cl; 5,8 ;Ing.;\r\n";
        let p = parse(export.as_bytes()).unwrap();
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].0, 3);
        assert_eq!(p.rows[0].1.external_id.as_deref(), Some("9.876.543-2"));
        assert_eq!(p.rows[0].1.result.as_deref(), Some("5,8"));
        assert_eq!(
            p.rejected.len(),
            1,
            "one bad address, not two: {:?}",
            p.rejected
        );
        assert_eq!(p.rejected[0].line, 2);
        assert!(p.rejected[0].reason.contains("\"pepe @gmail.com\""));
        let ignored: Vec<_> = p.warnings.iter().map(|w| w.column.as_str()).collect();
        assert_eq!(ignored, ["N°", "Carrera", "column 7"]);
        let mapped = parse_csv(
            b"Estudiante,Mail\nAna,ana@uni.cl\n",
            &Mapping::parse("Estudiante=name").unwrap(),
        )
        .unwrap();
        assert_eq!(mapped.rows[0].1.name, "Ana");
    }
}

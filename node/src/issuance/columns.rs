//! The columns of a cohort spreadsheet: header names in Spanish, Portuguese and English
//! recognised whatever their case, accents, spaces or punctuation, an explicit mapping
//! the upload may give, and unknown columns ignored (reported as warnings).

use std::collections::BTreeMap;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The full name (or the given names, when a family-name column follows).
    Name,
    /// Family names, appended to the name.
    FamilyName,
    /// One or more e-mail addresses (separated by `;`).
    Email,
    /// The learner's DID.
    Did,
    /// The institution's id of the learner (student number, RUT, CURP, ...).
    ExternalId,
    /// Result or grade.
    Result,
    /// Activity start date.
    Start,
    /// Activity end date.
    End,
    /// Evidence URL.
    Evidence,
    /// Not used.
    Ignored,
}

/// The field names a mapping may use, with the column each means.
const FIELDS: [(&str, Column); 11] = [
    ("name", Column::Name),
    ("familyName", Column::FamilyName),
    ("email", Column::Email),
    ("emails", Column::Email),
    ("did", Column::Did),
    ("externalId", Column::ExternalId),
    ("result", Column::Result),
    ("activityStartDate", Column::Start),
    ("activityEndDate", Column::End),
    ("evidenceUrl", Column::Evidence),
    ("ignore", Column::Ignored),
];

/// Header names recognised (folded: lower case, no accents, no spaces or punctuation).
const SYNONYMS: [(Column, &[&str]); 9] = [
    (
        Column::Name,
        &[
            "name",
            "fullname",
            "learnername",
            "studentname",
            "nombre",
            "nombres",
            "nombrecompleto",
            "nombreyapellido",
            "nombreyapellidos",
            "nombredelestudiante",
            "estudiante",
            "alumno",
            "alumna",
            "participante",
            "nome",
            "nomecompleto",
            "aluno",
            "estudante",
        ],
    ),
    (
        Column::FamilyName,
        &[
            "surname",
            "lastname",
            "familyname",
            "apellido",
            "apellidos",
            "sobrenome",
        ],
    ),
    (
        Column::Email,
        &[
            "email",
            "emails",
            "mail",
            "emailaddress",
            "correo",
            "correos",
            "correoelectronico",
            "correoinstitucional",
            "email1",
            "email2",
            "correo1",
            "correo2",
        ],
    ),
    (Column::Did, &["did", "walletdid"]),
    (
        Column::ExternalId,
        &[
            "externalid",
            "id",
            "studentid",
            "studentnumber",
            "rut",
            "run",
            "curp",
            "cui",
            "dni",
            "cpf",
            "matricula",
            "numerodematricula",
            "numeromatricula",
            "numerodeestudiante",
            "numeroestudiante",
            "numerodealumno",
            "codigo",
            "codigoestudiante",
            "codigodeestudiante",
            "carne",
            "carnet",
            "legajo",
            "documento",
            "numerodedocumento",
        ],
    ),
    (
        Column::Result,
        &[
            "result",
            "grade",
            "score",
            "finalgrade",
            "nota",
            "notafinal",
            "calificacion",
            "calificacionfinal",
            "resultado",
            "puntaje",
            "conceito",
        ],
    ),
    (
        Column::Start,
        &[
            "activitystartdate",
            "startdate",
            "start",
            "fechainicio",
            "fechadeinicio",
            "inicio",
            "datainicio",
            "datadeinicio",
        ],
    ),
    (
        Column::End,
        &[
            "activityenddate",
            "enddate",
            "end",
            "fechafin",
            "fechadefin",
            "fechatermino",
            "fechadetermino",
            "termino",
            "fin",
            "datafim",
            "datatermino",
            "datadetermino",
            "fechadefinalizacion",
        ],
    ),
    (
        Column::Evidence,
        &[
            "evidenceurl",
            "evidence",
            "evidencia",
            "urlevidencia",
            "urldeevidencia",
        ],
    ),
];

/// The recognised header names, for the documentation and error messages.
pub const KNOWN: &str = "name (nombre, nombre completo, nome), familyName (apellidos, \
    sobrenome), email (correo; several addresses separated by ';', or several email columns), \
    externalId (RUT, matrícula, número de estudiante, CURP, CPF, id), result (nota, \
    calificación, resultado), activityStartDate (fecha de inicio), activityEndDate (fecha de \
    término), evidenceUrl (evidencia), did";

/// `header` folded for comparison: lower case, accents removed, only letters and digits.
pub fn fold(header: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    header
        .nfd()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// The column a header names, if any.
pub fn recognise(header: &str) -> Option<Column> {
    let folded = fold(header);
    SYNONYMS
        .iter()
        .find(|(_, names)| names.contains(&folded.as_str()))
        .map(|(c, _)| *c)
        .or_else(|| {
            (folded.starts_with("email") || folded.starts_with("correo")).then_some(Column::Email)
        })
}

/// An upload's own mapping: `Header=field` pairs separated by `,` (e.g.
/// `Nombre completo=name,RUT=externalId,Observaciones=ignore`), keyed by folded header.
#[derive(Debug, Clone, Default)]
pub struct Mapping(BTreeMap<String, Column>);

impl Mapping {
    /// Parses the `columns` query parameter; the error says which pair is wrong.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut map = BTreeMap::new();
        for pair in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let (header, field) = pair
                .rsplit_once('=')
                .ok_or_else(|| format!("{pair:?} is not Header=field"))?;
            let column = FIELDS
                .iter()
                .find(|(f, _)| f.eq_ignore_ascii_case(field.trim()))
                .map(|(_, c)| *c)
                .ok_or_else(|| {
                    let names: Vec<&str> = FIELDS.iter().map(|(f, _)| *f).collect();
                    format!("{field:?} is not a field; use one of {}", names.join(", "))
                })?;
            map.insert(fold(header), column);
        }
        Ok(Self(map))
    }

    /// The column `header` holds: the mapping's, else a recognised name.
    pub fn column(&self, header: &str) -> Option<Column> {
        self.0
            .get(&fold(header))
            .copied()
            .or_else(|| recognise(header))
    }
}

#[cfg(test)]
mod tests {
    use super::{Column, Mapping, recognise};

    #[test]
    fn headers_are_recognised_in_three_languages_whatever_their_accents_and_case() {
        for (header, column) in [
            ("Nombre completo", Column::Name),
            ("NOME", Column::Name),
            ("full_name", Column::Name),
            ("Apellidos", Column::FamilyName),
            ("Correo electrónico", Column::Email),
            ("E-mail", Column::Email),
            ("email 2", Column::Email),
            ("RUT", Column::ExternalId),
            ("Matrícula", Column::ExternalId),
            ("Número de estudiante", Column::ExternalId),
            ("Calificación", Column::Result),
            ("Nota final", Column::Result),
            ("Fecha de inicio", Column::Start),
            ("Fecha de término", Column::End),
            ("evidenceUrl", Column::Evidence),
        ] {
            assert_eq!(recognise(header), Some(column), "{header}");
        }
        for unknown in ["Teléfono", "", "Observaciones", "Carrera"] {
            assert_eq!(recognise(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn an_upload_may_name_its_columns() {
        let m =
            Mapping::parse("Estudiante (apellidos y nombre)=name, Rol UC=externalId,Nota=ignore")
                .unwrap();
        assert_eq!(
            m.column("estudiante (Apellidos y Nombre)"),
            Some(Column::Name)
        );
        assert_eq!(m.column("Rol UC"), Some(Column::ExternalId));
        assert_eq!(m.column("nota"), Some(Column::Ignored));
        assert_eq!(m.column("correo"), Some(Column::Email));
        assert!(Mapping::parse("RUT").unwrap_err().contains("Header=field"));
        assert!(
            Mapping::parse("RUT=rut")
                .unwrap_err()
                .contains("externalId")
        );
    }
}

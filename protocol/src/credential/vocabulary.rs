//! The controlled vocabularies that a microcredential's EU Annex I elements are aligned to
//! in the standard credential profile (docs/protocol/credential-profile.md): the European
//! Learning Model's (`http://data.europa.eu/snb/...`) where it has the concept, and the
//! Mochila reference framework's items for the rest (Latin American credit systems,
//! assessment types, quality assurance, supervision, stackability).
//!
//! Every concept has a stable IRI, a code (the value a definition uses) and a label in
//! Spanish, English and Portuguese.

/// The Mochila reference framework (version 1): the namespace of its item IRIs.
pub const REFERENCE_FRAMEWORK: &str = "https://w3id.org/mochila/framework/v1";
/// The reference framework's name, as `targetFramework` of an alignment.
pub const REFERENCE_FRAMEWORK_NAME: &str = "Mochila reference framework v1";
/// The European Learning Model's name, as `targetFramework` of an alignment.
pub const ELM_NAME: &str = "European Learning Model";
/// The European Qualifications Framework's name, as `targetFramework` of an alignment.
pub const EQF_NAME: &str = "European Qualifications Framework";
/// The IRI of an EQF level concept (`1` to `8`).
pub fn eqf_level_iri(level: &str) -> String {
    format!("http://data.europa.eu/snb/eqf/{level}")
}

/// The kind of Annex I element a concept belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Credit system and workload unit (ECTS, SCT-Chile, SATCA, hours).
    CreditSystem,
    /// Form of participation.
    ParticipationForm,
    /// Type of assessment.
    AssessmentType,
    /// Type of quality assurance.
    QualityAssurance,
    /// Supervision during assessment.
    Supervision,
    /// Identity verification during assessment.
    IdentityVerification,
    /// Stand-alone or stackable.
    Stackability,
}

impl Scheme {
    /// Every scheme.
    pub const ALL: [Scheme; 7] = [
        Self::CreditSystem,
        Self::ParticipationForm,
        Self::AssessmentType,
        Self::QualityAssurance,
        Self::Supervision,
        Self::IdentityVerification,
        Self::Stackability,
    ];

    /// The scheme an alignment's `targetType` names, if any.
    pub fn of_target_type(target_type: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.target_type() == target_type)
    }

    /// The alignment `targetType` for this element (an OB `ext:` value).
    pub fn target_type(self) -> &'static str {
        match self {
            Self::CreditSystem => "ext:Workload",
            Self::ParticipationForm => "ext:ParticipationForm",
            Self::AssessmentType => "ext:AssessmentType",
            Self::QualityAssurance => "ext:QualityAssurance",
            Self::Supervision => "ext:Supervision",
            Self::IdentityVerification => "ext:IdentityVerification",
            Self::Stackability => "ext:Stackability",
        }
    }
}

/// One concept of a controlled vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concept {
    /// The element it belongs to.
    pub scheme: Scheme,
    /// The value a definition uses, e.g. `SCT-Chile`, `blended`.
    pub code: &'static str,
    /// Its IRI.
    pub iri: &'static str,
    /// Labels in es, en, pt.
    pub labels: [&'static str; 3],
}

impl Concept {
    /// Its label in `lang` (es, en or pt; English otherwise).
    pub fn label(&self, lang: &str) -> &'static str {
        match lang {
            "es" => self.labels[0],
            "pt" => self.labels[2],
            _ => self.labels[1],
        }
    }

    /// The name of the framework that defines it.
    pub fn framework_name(&self) -> &'static str {
        if self.iri.starts_with(REFERENCE_FRAMEWORK) {
            REFERENCE_FRAMEWORK_NAME
        } else {
            ELM_NAME
        }
    }
}

const fn c(
    scheme: Scheme,
    code: &'static str,
    iri: &'static str,
    labels: [&'static str; 3],
) -> Concept {
    Concept {
        scheme,
        code,
        iri,
        labels,
    }
}

use Scheme::*;

/// Every concept the standard profile aligns to.
#[rustfmt::skip]
pub const CONCEPTS: &[Concept] = &[
    c(CreditSystem, "ECTS", "http://data.europa.eu/snb/education-credit/6fcec5c5af",
        ["Sistema Europeo de Transferencia de Créditos (ECTS)", "European Credit Transfer and Accumulation System (ECTS)", "Sistema Europeu de Transferência de Créditos (ECTS)"]),
    c(CreditSystem, "SCT-Chile", "https://w3id.org/mochila/framework/v1/credit-system/sct-chile",
        ["Sistema de Créditos Transferibles (SCT-Chile)", "Chilean Transferable Credit System (SCT-Chile)", "Sistema de Créditos Transferíveis do Chile (SCT-Chile)"]),
    c(CreditSystem, "SATCA", "https://w3id.org/mochila/framework/v1/credit-system/satca",
        ["Sistema de Asignación y Transferencia de Créditos Académicos (SATCA)", "Mexican Academic Credit Assignment and Transfer System (SATCA)", "Sistema Mexicano de Atribuição e Transferência de Créditos (SATCA)"]),
    c(CreditSystem, "Hours", "https://w3id.org/mochila/framework/v1/credit-system/hours",
        ["Horas de trabajo", "Notional hours", "Horas de trabalho"]),
    c(ParticipationForm, "online", "http://data.europa.eu/snb/learning-assessment/920fbb3cbe",
        ["En línea", "Online", "On-line"]),
    c(ParticipationForm, "onsite", "http://data.europa.eu/snb/learning-assessment/9191af2ed9",
        ["Presencial", "Onsite", "Presencial"]),
    c(ParticipationForm, "blended", "http://data.europa.eu/snb/learning-assessment/e92d221e4d",
        ["Mixta", "Blended", "Híbrida"]),
    c(ParticipationForm, "volunteering", "https://w3id.org/mochila/framework/v1/participation-form/volunteering",
        ["Voluntariado", "Volunteering", "Voluntariado"]),
    c(ParticipationForm, "workExperience", "http://data.europa.eu/snb/learning-assessment/729f3bed4b",
        ["Experiencia laboral", "Work experience", "Experiência de trabalho"]),
    c(AssessmentType, "SupervisedOnsiteExam", "https://w3id.org/mochila/framework/v1/assessment-type/supervised-onsite-exam",
        ["Examen presencial supervisado", "Supervised onsite exam", "Exame presencial supervisionado"]),
    c(AssessmentType, "OnlineProctoredExam", "https://w3id.org/mochila/framework/v1/assessment-type/online-proctored-exam",
        ["Examen en línea supervisado", "Online proctored exam", "Exame on-line supervisionado"]),
    c(AssessmentType, "Project", "https://w3id.org/mochila/framework/v1/assessment-type/project",
        ["Proyecto", "Project", "Projeto"]),
    c(AssessmentType, "Portfolio", "https://w3id.org/mochila/framework/v1/assessment-type/portfolio",
        ["Portafolio", "Portfolio", "Portfólio"]),
    c(AssessmentType, "Practical", "https://w3id.org/mochila/framework/v1/assessment-type/practical",
        ["Evaluación práctica", "Practical assessment", "Avaliação prática"]),
    c(AssessmentType, "Presentation", "https://w3id.org/mochila/framework/v1/assessment-type/presentation",
        ["Presentación", "Presentation", "Apresentação"]),
    c(AssessmentType, "Interview", "https://w3id.org/mochila/framework/v1/assessment-type/interview",
        ["Entrevista", "Interview", "Entrevista"]),
    c(AssessmentType, "Participation", "https://w3id.org/mochila/framework/v1/assessment-type/participation",
        ["Participación", "Participation", "Participação"]),
    c(AssessmentType, "Other", "https://w3id.org/mochila/framework/v1/assessment-type/other",
        ["Otra", "Other", "Outra"]),
    c(QualityAssurance, "InternalQualityAssurance", "https://w3id.org/mochila/framework/v1/quality-assurance/internal",
        ["Aseguramiento interno de la calidad", "Internal quality assurance", "Garantia interna da qualidade"]),
    c(QualityAssurance, "ExternalAccreditation", "https://w3id.org/mochila/framework/v1/quality-assurance/external-accreditation",
        ["Acreditación externa", "External accreditation", "Acreditação externa"]),
    c(QualityAssurance, "NationalAuthorisation", "https://w3id.org/mochila/framework/v1/quality-assurance/national-authorisation",
        ["Autorización nacional", "National authorisation", "Autorização nacional"]),
    c(Supervision, "Supervised", "https://w3id.org/mochila/framework/v1/supervision/supervised",
        ["Supervisada", "Supervised", "Supervisionada"]),
    c(Supervision, "Unsupervised", "https://w3id.org/mochila/framework/v1/supervision/unsupervised",
        ["Sin supervisión", "Unsupervised", "Sem supervisão"]),
    c(Supervision, "OnlineSupervised", "https://w3id.org/mochila/framework/v1/supervision/online-supervised",
        ["Supervisada en línea", "Supervised online", "Supervisionada on-line"]),
    c(IdentityVerification, "None", "https://w3id.org/mochila/framework/v1/identity-verification/none",
        ["Sin verificación de identidad", "No identity verification", "Sem verificação de identidade"]),
    c(IdentityVerification, "OnsiteIdentityCheck", "https://w3id.org/mochila/framework/v1/identity-verification/onsite",
        ["Verificación de identidad presencial", "Onsite identity check", "Verificação de identidade presencial"]),
    c(IdentityVerification, "OnlineIdentityCheck", "https://w3id.org/mochila/framework/v1/identity-verification/online",
        ["Verificación de identidad en línea", "Online identity check", "Verificação de identidade on-line"]),
    c(Stackability, "standAlone", "https://w3id.org/mochila/framework/v1/stackability/stand-alone",
        ["Independiente", "Stand-alone", "Independente"]),
    c(Stackability, "stackable", "https://w3id.org/mochila/framework/v1/stackability/stackable",
        ["Acumulable hacia otra credencial", "Stackable towards another credential", "Acumulável para outra credencial"]),
];

/// The concept of `scheme` with `code`, if there is one.
pub fn concept(scheme: Scheme, code: &str) -> Option<&'static Concept> {
    CONCEPTS
        .iter()
        .find(|c| c.scheme == scheme && c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_types_name_their_scheme() {
        for scheme in Scheme::ALL {
            assert_eq!(Scheme::of_target_type(scheme.target_type()), Some(scheme));
        }
        assert_eq!(Scheme::of_target_type("ext:EQFLevel"), None);
    }

    #[test]
    fn codes_and_iris_are_unique() {
        for (i, a) in CONCEPTS.iter().enumerate() {
            for b in &CONCEPTS[i + 1..] {
                assert_ne!(a.iri, b.iri);
                assert!(!(a.scheme == b.scheme && a.code == b.code), "{}", a.code);
            }
        }
    }

    #[test]
    fn reference_items_live_in_the_framework_namespace() {
        for c in CONCEPTS {
            assert!(
                c.iri.starts_with(REFERENCE_FRAMEWORK)
                    || c.iri.starts_with("http://data.europa.eu/snb/"),
                "{}",
                c.iri
            );
        }
        assert_eq!(
            concept(Scheme::CreditSystem, "ECTS")
                .unwrap()
                .framework_name(),
            ELM_NAME
        );
        assert_eq!(
            concept(Scheme::CreditSystem, "SATCA").unwrap().label("es"),
            "Sistema de Asignación y Transferencia de Créditos Académicos (SATCA)"
        );
    }
}

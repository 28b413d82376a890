//! The closed vocabularies a definition's fields are checked against: languages, workload
//! units, assessment types, participation forms, quality assurance, supervision, identity
//! verification and Open Badges achievement types.

/// The languages a definition's texts may be written in.
pub const LANGUAGES: [&str; 3] = ["es", "en", "pt"];
/// `workloadUnit` values (docs/protocol/microcredential-extension.md).
pub const WORKLOAD_UNITS: [&str; 4] = ["ECTS", "SCT-Chile", "SATCA", "Hours"];
/// `assessmentType` values.
pub const ASSESSMENT_TYPES: [&str; 9] = [
    "SupervisedOnsiteExam",
    "OnlineProctoredExam",
    "Project",
    "Portfolio",
    "Practical",
    "Presentation",
    "Interview",
    "Participation",
    "Other",
];
/// `participationForm` values.
pub const PARTICIPATION_FORMS: [&str; 5] = [
    "online",
    "onsite",
    "blended",
    "volunteering",
    "workExperience",
];
/// `qualityAssuranceType` values.
pub const QUALITY_ASSURANCE_TYPES: [&str; 3] = [
    "InternalQualityAssurance",
    "ExternalAccreditation",
    "NationalAuthorisation",
];
/// `supervision` values.
pub const SUPERVISION: [&str; 3] = ["Supervised", "Unsupervised", "OnlineSupervised"];
/// `identityVerification` values.
pub const IDENTITY_VERIFICATION: [&str; 3] = ["None", "OnsiteIdentityCheck", "OnlineIdentityCheck"];
/// Open Badges 3.0 `achievementType` values accepted (the spec's enumeration; extensions
/// start with `ext:`).
pub const ACHIEVEMENT_TYPES: [&str; 26] = [
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "MicroCredential",
    "MasterDegree",
];

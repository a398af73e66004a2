// "Health data" (Restricted): ICD-10 diagnosis codes and named medical conditions, each only
// next to a diagnosis or patient word (a bare "E11" or "cancer" says nothing about a person).
import type { CatalogueRule } from './catalogue-types.ts';

const DIAGNOSIS_WORDS = ['diagnosis', 'diagnoses', 'diagnosed', 'diagnose', 'diagnostic', 'ICD', 'ICD-10', 'ICD-10-CM', 'ICD10', 'Dx', 'Befund', 'diagnóstico'];
const PATIENT_WORDS = [...DIAGNOSIS_WORDS, 'patient', 'treated for', 'treatment for', 'prescribed', 'medical history', 'suffers from', 'paciente'];

export const HEALTH_DATA: CatalogueRule = {
  rule: {
    name: 'Health data',
    description: 'Diagnoses: ICD-10 codes and medical conditions in a patient or diagnosis context.',
    label: 'Restricted',
    priority: 50,
    category: 'health',
    conditions: {
      // Vitamin B12 is written like an ICD-10 code but is not one.
      exclusions: { values: ['B12'], patterns: [], stop_words: [] },
    },
  },
  detectors: [
    {
      pattern: {
        id: 'icd10-code',
        regex: '\\b[A-Z][0-9][0-9AB](?:\\.[0-9A-Z]{1,4})?\\b',
        confidence: 'low',
        context: { keywords: DIAGNOSIS_WORDS, window: 80, required: true },
      },
      summary: 'ICD-10 (and ICD-10-CM) diagnosis codes such as E11.9, J45 or F32.1, next to a diagnosis word.',
      notes: 'A diagnosis word (diagnosis, diagnosed, ICD-10, Dx, Befund, …) within 80 characters is required.',
      examples: {
        match: ['Diagnosis: type 2 diabetes mellitus (E11.9)', 'ICD-10: F32.1, J45.909'],
        no_match: [
          { text: 'Diagnosis of the outage: see room B12', why: 'B12 is allow-listed (vitamin B12, a room)' },
          { text: 'Flight A320 from gate E11', why: 'no diagnosis word nearby' },
        ],
      },
    },
    {
      pattern: {
        id: 'medical-condition',
        regex:
          "\\b(?:diabetes|hypertension|asthma|HIV|hepatitis|depression|depressive\\s\\s?disorder|schizophrenia|bipolar\\s\\s?disorder|epilepsy|cancer|carcinoma|leuka?emia|lymphoma|melanoma|dementia|Alzheimer|Parkinson|multiple\\s\\s?sclerosis|tuberculosis|COPD|anorexia|bulimia|PTSD|ADHD|Bluthochdruck|Demenz|Krebserkrankung)\\b",
        flags: 'i',
        confidence: 'low',
        context: { keywords: PATIENT_WORDS, window: 100, required: true },
      },
      summary: 'Named medical conditions (diabetes, cancer, depression, HIV, …) next to a patient or diagnosis word.',
      notes: 'A patient or diagnosis word within 100 characters is required: "cancer research" in a newsletter does not count.',
      examples: {
        match: ['The patient was diagnosed with type 2 diabetes in 2019.', 'Medical history: epilepsy, asthma.'],
        no_match: [
          { text: 'Our cancer research charity run raised 12,000 EUR.', why: 'no patient or diagnosis word nearby' },
          { text: 'The great depression of the 1930s', why: 'no patient or diagnosis word nearby' },
        ],
      },
    },
  ],
};

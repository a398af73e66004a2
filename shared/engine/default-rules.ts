// The starter rule set every new workspace gets. Labels refer to the default scheme.
import { type RuleDefinition, type RuleDefinitionInput, ruleDefinitionSchema } from './rule-definition.ts';

const STARTER_RULES: RuleDefinitionInput[] = [
  {
    name: 'Credentials',
    description: 'Private keys and cloud access keys.',
    label: 'Restricted',
    priority: 5,
    category: 'credentials',
    conditions: {
      patterns: [
        { id: 'pem-private-key', regex: '-----BEGIN (?:[A-Z0-9]+ )?PRIVATE KEY-----' },
        { id: 'aws-access-key-id', regex: '\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b' },
      ],
    },
  },
  {
    name: 'Marked confidential',
    description: 'Documents carrying a confidentiality marking.',
    label: 'Confidential',
    priority: 10,
    category: 'marking',
    conditions: {
      keywords: [
        'confidential',
        'strictly confidential',
        'NDA',
        'non-disclosure agreement',
        'do not distribute',
        'vertraulich',
        'streng vertraulich',
        'confidentiel',
        'confidencial',
      ],
    },
  },
  {
    name: 'Financial data',
    description: 'IBANs and payment card numbers.',
    label: 'Confidential',
    priority: 20,
    category: 'financial',
    conditions: {
      patterns: [
        { id: 'iban', regex: '\\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b' },
        { id: 'payment-card', regex: '\\b(?:4[0-9]{3}|5[1-5][0-9]{2}|2[2-7][0-9]{2}|3[47][0-9]{2}|6011)(?:[ -]?[0-9]{4}){2}[ -]?[0-9]{3,4}\\b' },
      ],
    },
  },
  {
    name: 'Internal use only',
    description: 'Documents marked for internal use.',
    label: 'Internal',
    priority: 30,
    category: 'marking',
    conditions: {
      keywords: ['internal use only', 'for internal use', 'nur für den internen Gebrauch', 'usage interne'],
    },
  },
  {
    name: 'Contact data',
    description: 'E-mail addresses.',
    label: 'Internal',
    priority: 40,
    category: 'personal',
    conditions: {
      patterns: [{ id: 'email', regex: "\\b[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}\\b" }],
    },
  },
];

/** A fresh copy of the starter rules, validated and with defaults filled in. */
export function defaultRules(): RuleDefinition[] {
  return STARTER_RULES.map((r) => ruleDefinitionSchema.parse(r));
}

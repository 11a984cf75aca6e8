/**
 * gitleaks' catalogue with its matcher: the rules' patterns and re2js (most of `secrets/leak`'s weight). Node loads it
 * with the rules (`secret-catalogue.ts`); the writing page's worker imports it as its own chunk, only for a text
 * holding one of the rules' keywords (lib/client/rule-dependencies.ts).
 */
export { findSecrets } from './find-secrets.ts';
export { GITLEAKS } from './gitleaks/rules.ts';

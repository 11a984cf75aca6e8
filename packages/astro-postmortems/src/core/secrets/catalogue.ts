/**
 * The shape of a credential catalogue: gitleaks' configuration format, as `scripts/update-secret-rules.ts`
 * writes it from `config/gitleaks.toml` (packages/astro-postmortems/src/core/secrets/gitleaks/rules.ts). Patterns are RE2 syntax.
 */

/** An allowlist as gitleaks applies it to a finding: regexes on `regexTarget`, stopwords in the secret. */
export interface CatalogueAllowlist {
  description?: string;
  /** `OR`: a matching regex or stopword allows the finding; `AND`: every check present must hold. */
  condition: 'OR' | 'AND';
  /** What the regexes test: the secret (default), the whole match, or the line it is on. */
  regexTarget: 'secret' | 'match' | 'line';
  regexes: readonly string[];
  /** Lower case; a secret containing one is allowed. */
  stopwords: readonly string[];
  /** File-path and commit checks: a postmortem's text has neither, so under `AND` they never hold, as in gitleaks for a path that does not match. */
  paths: readonly string[];
  commits: readonly string[];
}

export interface CatalogueRule {
  /** gitleaks' rule id, such as `github-pat`. */
  id: string;
  /** gitleaks' description: the kind of credential and what it exposes. */
  description: string;
  /** RE2 syntax. */
  regex: string;
  /** Lower case; the rule runs only near one of them (none: everywhere). */
  keywords: readonly string[];
  /** Shannon entropy (bits per character) the secret must exceed. */
  entropy?: number;
  /** The capture group that is the secret (default: the first non-empty group, else the whole match). */
  secretGroup?: number;
  /** A file-path condition (gitleaks' `path`): such a rule applies only to files of that name, never to a postmortem. */
  path?: string;
  allowlists: readonly CatalogueAllowlist[];
}

export interface Catalogue {
  /** Where `config/gitleaks.toml` was read: repository, commit, path, and the commit date when known. */
  source: { repository: string; commit: string; path?: string; date?: string };
  allowlists: readonly CatalogueAllowlist[];
  rules: readonly CatalogueRule[];
}

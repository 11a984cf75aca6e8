/** The hostile-input generators of the property tests, shared with `scripts/reliability.ts`: `scripts/shared/mutations.ts`. */
export * from '../../scripts/shared/mutations.ts';

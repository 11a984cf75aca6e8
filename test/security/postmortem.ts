/** A short postmortem that passes every rule, shared with the benchmarks: `scripts/shared/postmortem.ts`. */
export * from '../../scripts/shared/postmortem.ts';

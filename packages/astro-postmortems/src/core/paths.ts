/** Where a repository keeps its postmortems, relative to its root. */
export const POSTMORTEMS_DIR = 'postmortems';

/** A postmortem's id (its file name without `.mdx`): the incident's day, then a kebab-case slug. Group 1 is the day. */
export const ID_PATTERN = /^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$/;

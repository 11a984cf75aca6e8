/** Where a repository keeps its postmortems, relative to its root. */
export const POSTMORTEMS_DIR = 'postmortems';

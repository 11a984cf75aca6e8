// The postmortem rules for `remark` and the remark language server in editors: the same rules `npm run check` runs.
import { repositoryPreset } from 'astro-postmortems/remark-preset';

export default await repositoryPreset();

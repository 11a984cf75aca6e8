// The postmortem rules for `remark` and the remark language server in editors:
// the same rules `npm run check` runs (see src/remark/preset.ts).
import { loadConfig } from './src/core/load-config.ts';
import { createPreset } from './src/remark/preset.ts';

export default createPreset(await loadConfig(process.cwd()));

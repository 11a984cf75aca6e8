/**
 * zod compiles a fast parser for each object schema with `new Function` when it may, and finds out whether it may by
 * calling `Function('')` when the schema is created: under the site's CSP (no `'unsafe-eval'`) that probe is refused
 * and reported as a violation. Imported first by the writing page's scripts, before any schema module is evaluated,
 * so zod never tries.
 */
import { z } from 'astro/zod';

z.config({ jitless: true });

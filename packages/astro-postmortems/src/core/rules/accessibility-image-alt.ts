import type { Image, ImageReference } from 'mdast';
import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { startOf, writtenTarget } from '../utils/mdast.ts';

/**
 * An image with no description: published with `alt=""`, which tells a screen reader to skip it. That is right for
 * decoration, and a postmortem has none: its images are charts, screenshots and diagrams, the evidence a reader who
 * cannot see them then never gets (WCAG 1.1.1). A warning, since the image itself is sound and the fix is words.
 */
export const accessibilityImageAlt: Rule = {
  id: 'accessibility/image-alt',
  level: 'warning',
  description: 'An image with no description (`![](…)`): a screen reader skips it.',
  docs: {
    meaning:
      'An image written with empty brackets (`![](./chart.png)`, or a reference `![][chart]` whose brackets are empty). It is published with `alt=""`, which tells a screen reader to skip it as decoration; a postmortem’s images are charts, screenshots and diagrams, so a reader who cannot see them loses the evidence (WCAG 1.1.1).',
    fix: 'Write what the image shows between the brackets, as you would say it to someone on a call: `![Error rate, 10:00–11:00: 2 % rising to 18 % at 10:40](./error-rate.png)`. The figure that matters belongs in the text too.',
    trigger: '`![](./error-rate.png)`',
    ok: [{ fixture: 'ok-described' }],
    notOk: [
      {
        fixture: 'not-ok-no-description',
        message:
          'Unexpected image `./error-rate.png` with no description, expected words that say what it shows (a screen reader skips an image without them); write them between the brackets: `![What the chart shows](./error-rate.png)`',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    for (const node of ctx.nodes()) {
      if (node.type !== 'image' && node.type !== 'imageReference') continue;
      const image = node as Image | ImageReference;
      if ((image.alt ?? '').trim()) continue;
      const target = writtenTarget(image);
      const example = image.type === 'image' ? `![What the chart shows](${image.url})` : `![What the chart shows]${target}`;
      ctx.report(
        startOf(node),
        `Unexpected image ${code(target)} with no description, expected words that say what it shows (a screen reader skips an image without them); write them between the brackets: ${code(example)}`,
      );
    }
  },
};

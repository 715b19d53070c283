// missing-image: a container without an image (absent, null or ""). The API
// server's validation rejects it with `…image: Required value`.

import { describeSite } from './describe';
import type { Rule } from './types';

export const missingImage: Rule = {
  id: 'missing-image',
  defaultSeverity: 'error',
  description: 'A container has no image, so the API server rejects the object.',
  check({ site, source }) {
    // An image volume's reference may be left to higher-level tooling in templates;
    // only a bare Pod must carry it.
    if (site.kind === 'imageVolume' && site.objectKind !== 'Pod') return [];
    const image = site.image;
    if (image && image.shape !== 'null' && image.value !== '') return [];
    const message = `${describeSite(site)} has no ${site.imageKey}. The API server rejects the object with "${site.fieldPath}.${site.imageKey}: Required value"; add the image to run.`;
    return [{ span: image ? image.keySpan : firstLine(source.text, site.mapSpan[0], site.mapSpan[1]), message }];
  },
};

function firstLine(text: string, start: number, end: number): readonly [number, number] {
  const newline = text.indexOf('\n', start);
  return [start, newline < 0 ? end : Math.min(newline, end)];
}

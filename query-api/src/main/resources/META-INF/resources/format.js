// Small pure helpers shared by the views. Hit fields come from indexed events that anyone may publish, so they
// are only ever written as text or as vetted URLs, never as HTML.

const LABEL_KEYS = ['title', 'caption', 'alt', 'description', 'name'];

/** An http(s) URL for src/href, resolved against this page; null for anything else (javascript:, data:, file:). */
export function safeUrl(value) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The picture to show large: the original when the browser can fetch it itself, else the server's thumbnail. */
export function fullImageUrl(hit) {
  const original = /^https?:\/\//i.test(hit.url ?? '') ? safeUrl(hit.url) : null;
  return original ?? thumbnailUrl(hit);
}

export function thumbnailUrl(hit) {
  return safeUrl(hit.thumbnailUrl) ?? safeUrl(`/v1/images/${encodeURIComponent(hit.imageId)}/thumbnail`);
}

export function originalUrl(hit) {
  return /^https?:\/\//i.test(hit.url ?? '') ? safeUrl(hit.url) : null;
}

/** What the picture shows, as far as its metadata says; the image id otherwise. */
export function label(hit) {
  const metadata = hit.metadata ?? {};
  for (const key of LABEL_KEYS) {
    const value = metadata[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return `Image ${hit.imageId}`;
}

export function score(value) {
  return typeof value === 'number' ? value.toFixed(4) : String(value ?? '');
}

export function modelName(model) {
  if (!model || !model.baseModelId) return '';
  return `model ${model.baseModelId} v${model.version ?? 0}`;
}

/** "encode 1.2 ms · search 3.4 ms · total 18 ms": the server's own timings, then the round trip seen here. */
export function timings(serverTimings, roundTripMs) {
  const parts = Object.entries(serverTimings ?? {})
    .filter(([, ms]) => typeof ms === 'number')
    .map(([name, ms]) => `${name.replace(/Ms$/, '')} ${ms.toFixed(1)} ms`);
  if (typeof roundTripMs === 'number') parts.push(`total ${Math.round(roundTripMs)} ms`);
  return parts.join(' · ');
}

/**
 * A weighted query as the summary shows it: “beach” · not “people” · “sunset” ×0.5 (weights other than 1 after
 * ×, images by id or as "an uploaded image").
 */
export function describeTerms(terms) {
  return terms.map((term) => {
    const what = term.text !== undefined ? `“${term.text}”`
      : term.imageId !== undefined ? `image ${term.imageId}` : 'an uploaded image';
    const weight = Math.abs(term.weight);
    return `${term.weight < 0 ? 'not ' : ''}${what}${weight === 1 ? '' : ` ×${weight}`}`;
  }).join(' · ');
}

/** UTF-16 offsets in `text` of a range the API gives in code points (its problems' position and length). */
export function codePointRange(text, position, length) {
  const chars = Array.from(text);
  const start = chars.slice(0, position).join('').length;
  return [start, start + chars.slice(position, position + length).join('').length];
}

export function dateTime(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

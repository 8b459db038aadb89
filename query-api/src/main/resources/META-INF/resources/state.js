// What is being searched, and its place in the address bar: a text search or "more like this" is a link
// (?q=...&page=2, ?similar=ID) that can be shared, reloaded and walked with back/forward. An uploaded image
// cannot travel in a URL; it is remembered for this tab under a token (?upload=TOKEN).

export const DEFAULT_K = 20;

const uploads = new Map();

/**
 * A query: kind 'text' (text, and mode: 'vector', 'keyword' or 'hybrid'), 'similar' (imageId) or 'upload' (token);
 * 1-based page; page size k; collapse: 'near' to show one image per near-duplicate group, or null.
 */
export function textQuery(text, k, mode = 'vector', collapse = null) {
  return { kind: 'text', text, page: 1, k, mode, collapse };
}

export function similarQuery(imageId, k, collapse = null) {
  return { kind: 'similar', imageId, page: 1, k, collapse };
}

export function uploadQuery(file, k, collapse = null) {
  const token = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  uploads.set(token, file);
  return { kind: 'upload', token, name: file.name, page: 1, k, collapse };
}

export function uploadedFile(query) {
  return uploads.get(query.token) ?? null;
}

export function withPage(query, page) {
  return { ...query, page };
}

export function offsetOf(query) {
  return (query.page - 1) * query.k;
}

/** The same search, whatever the page: pages of one search share its searchId. */
export function sameSearch(a, b) {
  if (!a || !b || a.kind !== b.kind || a.k !== b.k) return false;
  return a.text === b.text && a.imageId === b.imageId && a.token === b.token
    && (a.mode ?? 'vector') === (b.mode ?? 'vector') && (a.collapse ?? null) === (b.collapse ?? null);
}

export function toUrl(query) {
  const params = new URLSearchParams();
  if (query) {
    if (query.kind === 'text') params.set('q', query.text);
    if (query.kind === 'text' && query.mode && query.mode !== 'vector') params.set('mode', query.mode);
    if (query.kind === 'similar') params.set('similar', query.imageId);
    if (query.kind === 'upload') params.set('upload', query.token);
    if (query.page > 1) params.set('page', String(query.page));
    if (query.k !== DEFAULT_K) params.set('k', String(query.k));
    if (query.collapse) params.set('collapse', query.collapse);
  }
  const search = params.toString();
  return search ? `?${search}` : location.pathname;
}

/** The query a URL describes, or null for the start page. k and page are passed on as given: the API judges them. */
export function fromUrl(search) {
  const params = new URLSearchParams(search);
  const k = intParam(params, 'k', DEFAULT_K);
  const page = Math.max(1, intParam(params, 'page', 1));
  const collapse = params.get('collapse') || null;
  if (params.has('q')) {
    return { kind: 'text', text: params.get('q'), page, k, mode: params.get('mode') ?? 'vector', collapse };
  }
  if (params.has('similar')) return { kind: 'similar', imageId: params.get('similar'), page, k, collapse };
  if (params.has('upload')) return { kind: 'upload', token: params.get('upload'), page, k, collapse };
  return null;
}

function intParam(params, name, fallback) {
  const value = Number.parseInt(params.get(name) ?? '', 10);
  return Number.isFinite(value) ? value : fallback;
}

// The duplicates page (duplicates.html?tier=exact&page=2&limit=10): which tier's groups, which page of them, and
// how many groups a page holds.

export const DEFAULT_TIER = 'near';
export const DUPLICATES_PAGE = 20;

/** The view a duplicates URL names; an unknown tier or limit is passed on as given, for the API to judge. */
export function duplicatesFromUrl(search) {
  const params = new URLSearchParams(search);
  const tier = params.get('tier') || DEFAULT_TIER;
  const page = Math.max(1, intParam(params, 'page', 1));
  return { tier, page, limit: intParam(params, 'limit', DUPLICATES_PAGE) };
}

export function duplicatesToUrl({ tier, page, limit }) {
  const params = new URLSearchParams();
  if (tier !== DEFAULT_TIER) params.set('tier', tier);
  if (page > 1) params.set('page', String(page));
  if (limit !== DUPLICATES_PAGE) params.set('limit', String(limit));
  const search = params.toString();
  return search ? `?${search}` : location.pathname;
}

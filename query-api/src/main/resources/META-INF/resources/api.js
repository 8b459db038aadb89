// HTTP client of the query API (/v1). Every failure becomes an ApiError carrying the problem+json body, so the
// page can show the server's own explanation (its `detail`) instead of a bare status code.

export class ApiError extends Error {
  constructor(message, status, problem) {
    super(message);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The request field the server blamed, if it named one (problem+json `field`). */
  get field() {
    return this.problem.field ?? null;
  }

  /** For a query term at fault in `q`: where it starts and how long it is, in code points; else null. */
  get range() {
    const { position, length } = this.problem;
    return Number.isInteger(position) && Number.isInteger(length) ? { position, length } : null;
  }
}

async function call(path, init = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: 'application/json' }, ...init });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('The search service cannot be reached. Is the query API running?', 0, null);
  }
  const body = await readBody(response);
  if (!response.ok) {
    const problem = body && typeof body === 'object' ? body : null;
    const message = problem?.detail || problem?.title || `${response.status} ${response.statusText}`.trim();
    throw new ApiError(message, response.status, problem);
  }
  return body;
}

async function readBody(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

// Empty strings are sent as they are: an empty prompt is the server's to refuse, with its own explanation.
function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) search.set(name, String(value));
  }
  return search.toString();
}

/** Text search; with the searchId of an earlier page it continues that search (same model version and filter). */
export function searchText({ text, k, offset, searchId, mode, cutoff, collapse }, signal) {
  // A continued search keeps its mode and collapse on the server; a new one names them unless they are defaults.
  const ranking = !searchId && mode && mode !== 'vector' ? { mode } : {};
  const grouped = !searchId && collapse ? { collapse } : {};
  return call(`/v1/search?${query({ q: text, k, offset, searchId, ...ranking, ...grouped, cutoff })}`, { signal });
}

/** The next page of any earlier search (text, similar or upload) by its searchId alone. */
export function continueSearch({ k, offset, searchId }, signal) {
  return call(`/v1/search?${query({ k, offset, searchId })}`, { signal });
}

/** "More like this": nearest neighbours of an indexed image (the image itself is excluded by the server). */
export function searchSimilar({ imageId, k, offset, searchId, collapse }, signal) {
  const grouped = !searchId && collapse ? { collapse } : {};
  return call(`/v1/images/${encodeURIComponent(imageId)}/similar?${query({ k, offset, searchId, ...grouped })}`,
    { signal });
}

/** Search by an uploaded image (multipart field `image`); later pages go through continueSearch. */
export function searchUpload({ file, k, offset, collapse }, signal) {
  const form = new FormData();
  form.append('image', file, file.name || 'upload');
  form.append('k', String(k));
  form.append('offset', String(offset));
  if (collapse) form.append('collapse', collapse);
  return call('/v1/search/image', { method: 'POST', body: form, signal });
}

/** Logs that a result was opened. keepalive: the click must survive the person navigating away right after. */
export function logClick({ searchId, imageId, rank }) {
  return call('/v1/clicks', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ searchId, imageId, rank }),
    keepalive: true,
  });
}

/** A page of a tier's duplicate groups, largest first: { tier, total, offset, limit, groups }. */
export function duplicateGroups({ tier, limit, offset }, signal) {
  return call(`/v1/duplicates?${query({ tier, limit, offset })}`, { signal });
}

/** Says a group is not one (an event the duplicates stage acts on); the API answers 202 once it is written. */
export function dismissDuplicates({ tier, groupId }) {
  return call(`/v1/duplicates/${encodeURIComponent(tier)}/${encodeURIComponent(groupId)}/dismissal`,
    { method: 'POST' });
}

export function activeModel(signal) {
  return call('/v1/models/active', { signal });
}

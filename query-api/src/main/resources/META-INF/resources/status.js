// Everything around the grid: what was searched, with which model and how fast, errors, the empty and start
// states, and the pager. body[data-state] (welcome | loading | ready | empty | error) is the page's state in one
// attribute, for styling and for tests that wait on it.

import { codePointRange, describeTerms, modelName, timings } from './format.js';

const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);

export class Status {
  constructor({ onPage }) {
    this.summary = $('summary');
    this.model = $('model-version');
    this.timings = $('timings');
    this.error = $('error');
    this.welcome = $('welcome');
    this.empty = $('empty');
    this.pager = $('pager');
    this.prev = $('prev-page');
    this.next = $('next-page');
    this.pageInfo = $('page-info');
    this.fields = { q: $('search-input'), text: $('search-input'), k: $('page-size') };
    this.prev.addEventListener('click', () => onPage(-1));
    this.next.addEventListener('click', () => onPage(+1));
  }

  setState(state) {
    document.body.dataset.state = state;
  }

  loading() {
    this.setState('loading');
    this.prev.disabled = true;
    this.next.disabled = true;
  }

  showWelcome() {
    this.setState('welcome');
    this.clearError();
    this.summary.textContent = '';
    this.timings.textContent = '';
    this.welcome.hidden = false;
    this.empty.hidden = true;
    this.pager.hidden = true;
  }

  showModel(model) {
    this.model.textContent = modelName(model);
    this.model.title = model?.collection ? `collection ${model.collection}` : '';
  }

  /** A page of results arrived (possibly none). */
  showResults(query, response, roundTripMs) {
    const hits = response.hits ?? [];
    const first = (response.offset ?? 0) + 1;
    this.clearError();
    this.welcome.hidden = true;
    this.showModel(response.model);
    this.timings.textContent = timings(response.timings, roundTripMs);
    this.summary.textContent = hits.length === 0
      ? describe(query, response)
      : `Results ${first}–${first + hits.length - 1} · ${describe(query, response)}`;
    this.empty.hidden = hits.length > 0;
    this.empty.querySelector('.empty-text').textContent = (response.offset ?? 0) > 0
      ? 'No more results. Go back to the previous page.'
      : 'No images match. Try other words, or search with an image.';
    this.setState(hits.length > 0 ? 'ready' : 'empty');
    this.showPager(response, hits.length);
  }

  showPager(response, shown) {
    const page = response.page ?? 1;
    this.pager.hidden = page === 1 && !response.hasMore;
    this.prev.disabled = page <= 1;
    this.next.disabled = !response.hasMore || shown === 0;
    this.pageInfo.textContent = `Page ${page}`;
  }

  /**
   * Shows the server's explanation and marks the form field it blamed, if any; a query term at fault is selected
   * in the search box.
   */
  showError(message, field, range) {
    this.setState('error');
    this.summary.textContent = '';
    this.timings.textContent = '';
    this.welcome.hidden = true;
    this.empty.hidden = true;
    this.pager.hidden = true;
    this.error.textContent = message;
    this.error.hidden = false;
    const input = this.fields[field];
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'error');
      if (range && input === this.fields.q) {
        const [start, end] = codePointRange(input.value, range.position, range.length);
        input.focus();
        input.setSelectionRange(start, end);
      }
    }
  }

  clearError() {
    this.error.hidden = true;
    this.error.textContent = '';
    for (const input of Object.values(this.fields)) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
  }
}

function describe(query, response) {
  const terms = response?.query?.terms;
  if (Array.isArray(terms) && terms.length > 0) return describeTerms(terms);
  switch (query.kind) {
    case 'text': return `“${query.text}”`;
    case 'similar': return `more like ${query.imageId}`;
    default: return `more like ${query.name ?? 'the uploaded image'}`;
  }
}

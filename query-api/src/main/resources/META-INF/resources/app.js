// The search page: turns what the person does (type, page, open, "more like this", drop an image, back/forward)
// into API calls and history entries. Pages of one search carry its searchId, so the server continues the same
// search (model version, ranking) and ranks go on across pages.

import * as api from './api.js';
import * as cutoff from './cutoff.js';
import { Grid } from './grid.js';
import { Lightbox } from './lightbox.js';
import * as state from './state.js';
import { Status } from './status.js';
import { acceptImages } from './upload.js';

const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);

class SearchPage {
  constructor() {
    this.form = $('search-form');
    this.input = $('search-input');
    this.pageSize = $('page-size');
    this.mode = $('search-mode');
    this.collapse = $('collapse-duplicates');
    this.status = new Status({ onPage: (delta) => this.turnPage(delta) });
    this.grid = new Grid($('results'), document.getElementById('result-template'), {
      onOpen: (hit, opener) => this.open(hit, opener),
      onSimilar: (hit) => this.similar(hit),
    });
    this.lightbox = new Lightbox($('modal'), { onSimilar: (hit) => this.similar(hit) });
    this.current = null; // { query, searchId, response } of the page on screen
    this.inflight = null;
    this.finished = 0; // searches answered so far, exposed as body[data-finished] to tell one answer from the next
  }

  start() {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.navigate(state.textQuery(this.input.value.trim(), this.k(), this.mode.value, this.collapsed()), null);
    });
    this.collapse.addEventListener('change', () => {
      if (this.current) this.navigate({ ...this.current.query, collapse: this.collapsed(), page: 1 }, null);
    });
    this.mode.addEventListener('change', () => {
      const query = this.current?.query;
      if (query?.kind === 'text') this.navigate({ ...query, mode: this.mode.value, page: 1 }, null);
    });
    this.pageSize.addEventListener('change', () => {
      if (this.current) this.navigate({ ...this.current.query, k: this.k(), page: 1 }, null);
    });
    acceptImages($('drop-zone'), $('upload-input'),
      (file) => this.navigate(state.uploadQuery(file, this.k(), this.collapsed()), null));
    window.addEventListener('popstate', (event) => this.restore(event.state));
    document.addEventListener('keydown', (event) => this.shortcut(event));

    api.activeModel().then((model) => {
      if (!this.current) this.status.showModel(model);
    }).catch(() => { /* the first search names the model anyway */ });
    this.restore(history.state);
  }

  /** Shows what the address bar says; a searchId saved with this history entry continues that search. */
  restore(saved) {
    this.lightbox.close();
    const query = state.fromUrl(location.search);
    const same = saved?.query && state.sameSearch(saved.query, query) && saved.query.page === query.page;
    this.load(same ? saved.query : query, same ? saved.searchId : null);
  }

  navigate(query, searchId) {
    history.pushState({ query, searchId }, '', state.toUrl(query));
    this.load(query, searchId);
  }

  turnPage(delta) {
    if (!this.current) return;
    const { query, searchId } = this.current;
    this.navigate(state.withPage(query, query.page + delta), searchId);
    window.scrollTo({ top: 0 });
  }

  similar(hit) {
    this.navigate(state.similarQuery(hit.imageId, this.k(), this.collapsed()), null);
    window.scrollTo({ top: 0 });
  }

  /** Opens a result large and logs the click once, on opening: the rank is the one it was shown at. */
  open(hit, opener) {
    const searchId = this.current?.searchId;
    this.lightbox.open(hit, opener);
    delete this.lightbox.dialog.dataset.clickId;
    api.logClick({ searchId, imageId: hit.imageId, rank: hit.rank })
      .then((body) => {
        if (this.lightbox.hit === hit && body?.clickId) this.lightbox.dialog.dataset.clickId = body.clickId;
      })
      .catch((e) => console.warn(`click on ${hit.imageId} not logged: ${e.message}`));
  }

  async load(query, searchId) {
    this.syncForm(query);
    this.inflight?.abort();
    if (!query) {
      this.inflight = null;
      this.current = null;
      this.grid.clear();
      this.status.showWelcome();
      return;
    }
    const controller = new AbortController();
    this.inflight = controller;
    this.status.loading();
    this.grid.setBusy(true);
    const started = performance.now();
    try {
      const response = await this.fetchPage(query, searchId, controller.signal);
      if (controller.signal.aborted) return;
      this.current = { query, searchId: response.searchId, response };
      history.replaceState({ query, searchId: response.searchId }, '', state.toUrl(query));
      this.grid.render(response);
      this.status.showResults(query, response, performance.now() - started);
    } catch (e) {
      if (e.name === 'AbortError' || controller.signal.aborted) return;
      this.current = null;
      this.grid.clear();
      this.status.showError(e.message, e.field, e.range ?? null);
    } finally {
      if (this.inflight === controller) {
        this.inflight = null;
        this.grid.setBusy(false);
        document.body.dataset.finished = String(++this.finished);
      }
    }
  }

  async fetchPage(query, searchId, signal) {
    try {
      return await this.request(query, searchId, signal);
    } catch (e) {
      // The server forgets old searches; a later page of one then starts afresh at the same offset.
      if (searchId && e instanceof api.ApiError && e.status === 404 && e.field === 'searchId') {
        return this.request(query, null, signal);
      }
      throw e;
    }
  }

  request(query, searchId, signal) {
    const page = { k: query.k, offset: state.offsetOf(query), searchId, collapse: query.collapse };
    switch (query.kind) {
      case 'text':
        return api.searchText({ text: query.text, mode: query.mode, ...page, cutoff: cutoff.requested() }, signal);
      case 'similar':
        return api.searchSimilar({ imageId: query.imageId, ...page }, signal);
      default: {
        // The image is sent once; its later pages only name the search (which also works after a reload).
        if (searchId) return api.continueSearch({ k: page.k, offset: page.offset, searchId }, signal);
        const file = state.uploadedFile(query);
        if (!file) {
          throw new api.ApiError('That image was uploaded before this page was reloaded; choose it again.', 0);
        }
        return api.searchUpload({ file, k: page.k, offset: page.offset, collapse: page.collapse }, signal);
      }
    }
  }

  syncForm(query) {
    this.input.value = query?.kind === 'text' ? query.text : '';
    if (query?.kind === 'text') this.mode.value = query.mode ?? 'vector';
    if (query) this.collapse.checked = Boolean(query.collapse);
    const k = String(query?.k ?? state.DEFAULT_K);
    if (![...this.pageSize.options].some((option) => option.value === k)) {
      this.pageSize.add(new Option(k, k));
    }
    this.pageSize.value = k;
    document.title = query?.kind === 'text' && query.text ? `${query.text} · clipstream` : 'clipstream search';
  }

  k() {
    return Number.parseInt(this.pageSize.value, 10);
  }

  /** 'near' when near duplicates (and exact copies) are to show as their best-ranked image only. */
  collapsed() {
    return this.collapse.checked ? 'near' : null;
  }

  /** "/" jumps to the search box, as on most search sites. */
  shortcut(event) {
    const typing = event.target.closest?.('input, textarea, select, [contenteditable]');
    if (event.key === '/' && !typing && !this.lightbox.isOpen) {
      event.preventDefault();
      this.input.focus();
      this.input.select();
    }
  }
}

new SearchPage().start();

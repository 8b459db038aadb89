// The duplicates page: a tier's groups as the duplicates stage keeps them, largest first, members side by side
// with their scores. The tier and page are in the address bar (?tier=scene&page=2), so a view can be shared,
// reloaded and walked with back/forward. "Not duplicates" sends a dismissal; the group leaves the page only once
// the API stops listing it (the stage has regrouped), never on the click alone.
// body[data-state] (loading | ready | empty | error) and body[data-finished] are for styling and tests.

import * as api from './api.js';
import { score, thumbnailUrl } from './format.js';
import * as state from './state.js';

const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);

const TIERS = {
  exact: {
    name: 'Exact copies',
    help: 'The same bytes, or the same pixels after decoding (a metadata-only change, a lossless re-save).',
  },
  near: {
    name: 'Near duplicates',
    help: 'Re-encodes, resizes, small crops and tone shifts of one picture: close embeddings confirmed by a '
      + 'pixel check. Exact copies are in these groups too.',
  },
  scene: {
    name: 'Same scene',
    help: 'Alike pictures taken close together in time, such as a burst. Reported only: never hidden from '
      + 'search results.',
  },
};

/** How often and how long to ask the API whether a dismissed group is gone. */
const DISMISS_POLL_MS = 500;
const DISMISS_WAIT_MS = 60000;

class DuplicatesPage {
  constructor() {
    this.list = $('groups');
    this.groupTemplate = document.getElementById('group-template');
    this.memberTemplate = document.getElementById('member-template');
    this.summary = $('summary');
    this.error = $('error');
    this.empty = $('empty');
    this.pager = $('pager');
    this.prev = $('prev-page');
    this.next = $('next-page');
    this.pageInfo = $('page-info');
    this.tierHelp = $('tier-help');
    this.view = null; // { tier, page } on screen
    this.inflight = null;
    this.finished = 0;
  }

  start() {
    for (const link of document.querySelectorAll('[data-tier]')) {
      link.addEventListener('click', (event) => {
        event.preventDefault();
        this.navigate({ tier: link.dataset.tier, page: 1, limit: this.view?.limit ?? state.DUPLICATES_PAGE });
      });
    }
    this.prev.addEventListener('click', () => this.turnPage(-1));
    this.next.addEventListener('click', () => this.turnPage(+1));
    window.addEventListener('popstate', () => this.load(state.duplicatesFromUrl(location.search)));
    this.load(state.duplicatesFromUrl(location.search));
  }

  navigate(view) {
    history.pushState(null, '', state.duplicatesToUrl(view));
    this.load(view);
  }

  turnPage(delta) {
    if (!this.view) return;
    this.navigate({ ...this.view, page: this.view.page + delta });
    window.scrollTo({ top: 0 });
  }

  async load(view) {
    this.showTier(view);
    this.inflight?.abort();
    const controller = new AbortController();
    this.inflight = controller;
    this.setState('loading');
    this.prev.disabled = true;
    this.next.disabled = true;
    this.list.setAttribute('aria-busy', 'true');
    try {
      const response = await this.fetchPage(view, controller.signal);
      if (controller.signal.aborted) return;
      this.view = view;
      this.render(response);
    } catch (e) {
      if (e.name === 'AbortError' || controller.signal.aborted) return;
      this.view = null;
      this.showError(e.message);
    } finally {
      if (this.inflight === controller) {
        this.inflight = null;
        this.list.setAttribute('aria-busy', 'false');
        document.body.dataset.finished = String(++this.finished);
      }
    }
  }

  fetchPage({ tier, page, limit }, signal) {
    return api.duplicateGroups({ tier, limit, offset: (page - 1) * limit }, signal);
  }

  /** Marks the tier's tab; every tab links to its tier at this page size (opening one in a new tab works too). */
  showTier({ tier, limit }) {
    for (const link of document.querySelectorAll('[data-tier]')) {
      link.href = state.duplicatesToUrl({ tier: link.dataset.tier, page: 1, limit });
      if (link.dataset.tier === tier) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
    this.tierHelp.textContent = TIERS[tier]?.help ?? '';
    document.title = `${TIERS[tier]?.name ?? 'Duplicates'} · clipstream`;
  }

  render(response) {
    const groups = response.groups ?? [];
    const first = (response.offset ?? 0) + 1;
    const name = TIERS[response.tier]?.name ?? response.tier;
    this.clearError();
    this.list.replaceChildren(...groups.map((group) => this.card(group)));
    this.list.start = first;
    this.list.dataset.tier = response.tier;
    this.summary.textContent = groups.length === 0
      ? `${name}: ${response.total} groups`
      : `${name}: groups ${first}–${first + groups.length - 1} of ${response.total}, largest first`;
    this.empty.hidden = groups.length > 0;
    this.empty.querySelector('.empty-text').textContent = (response.offset ?? 0) > 0 && response.total > 0
      ? 'No duplicate groups on this page. Go back to the previous page.'
      : 'No duplicate groups';
    const page = this.view.page;
    const hasMore = (response.offset ?? 0) + groups.length < response.total;
    this.pager.hidden = page === 1 && !hasMore;
    this.prev.disabled = page <= 1;
    this.next.disabled = !hasMore;
    this.pageInfo.textContent = `Page ${page}`;
    this.setState(groups.length > 0 ? 'ready' : 'empty');
  }

  card(group) {
    const item = this.groupTemplate.content.firstElementChild.cloneNode(true);
    const tier = TIERS[group.tier];
    item.dataset.groupId = group.groupId;
    item.dataset.tier = group.tier;
    const titleId = `group-${this.list.childElementCount}-${group.groupId}`.replace(/[^A-Za-z0-9_-]/g, '_');
    item.querySelector('.group-title').id = titleId;
    item.setAttribute('aria-labelledby', titleId);
    const badge = item.querySelector('.tier-badge');
    badge.textContent = tier?.name ?? group.tier;
    badge.dataset.tier = group.tier;
    badge.title = tier?.help ?? '';
    item.querySelector('[data-testid="group-size"]').textContent = `${group.members.length} images`;
    const members = item.querySelector('.members');
    members.setAttribute('aria-label', `Images of the group of ${group.groupId}`);
    members.replaceChildren(...group.members.map((member) => this.member(member)));
    const dismiss = item.querySelector('.dismiss');
    dismiss.setAttribute('aria-label', `Not duplicates: dismiss the group of ${group.members.length} images `
      + `of ${group.groupId}`);
    dismiss.addEventListener('click', () => this.dismiss(group, item));
    return item;
  }

  member(member) {
    const item = this.memberTemplate.content.firstElementChild.cloneNode(true);
    item.dataset.imageId = member.imageId;
    item.dataset.score = String(member.score);
    const link = item.querySelector('.member-link');
    link.href = `./${state.toUrl(state.similarQuery(member.imageId, state.DEFAULT_K))}`;
    link.title = `More like ${member.imageId}`;
    const img = item.querySelector('img');
    img.alt = `Image ${member.imageId}`;
    img.src = thumbnailUrl(member) ?? '';
    img.addEventListener('error', () => item.classList.add('broken'), { once: true });
    item.querySelector('.member-id').textContent = member.imageId;
    const shown = item.querySelector('.member-score');
    shown.textContent = `cosine ${score(member.score)}`;
    shown.title = 'Cosine of its strongest link inside the group';
    return item;
  }

  /**
   * Sends the dismissal, then asks the API again until the group is no longer listed, and shows that fresh page.
   * The group stays (marked) while the duplicates stage has not regrouped.
   */
  async dismiss(group, item) {
    const button = item.querySelector('.dismiss');
    const note = item.querySelector('.group-note');
    button.disabled = true;
    item.setAttribute('aria-busy', 'true');
    item.classList.add('dismissing');
    note.hidden = false;
    note.textContent = 'Dismissing…';
    try {
      await api.dismissDuplicates({ tier: group.tier, groupId: group.groupId });
    } catch (e) {
      button.disabled = false;
      item.removeAttribute('aria-busy');
      item.classList.remove('dismissing');
      note.hidden = true;
      this.showError(`Not dismissed: ${e.message}`, true);
      return;
    }
    note.textContent = 'Dismissed; waiting for the duplicates stage to regroup…';
    const view = this.view;
    const deadline = performance.now() + DISMISS_WAIT_MS;
    while (performance.now() < deadline) {
      let response;
      try {
        response = await this.fetchPage(view, undefined);
      } catch (e) {
        note.textContent = `Dismissed, but the groups could not be read again: ${e.message}`;
        return;
      }
      if (this.view !== view || !item.isConnected) return; // the person moved on
      if (!(response.groups ?? []).some((g) => g.groupId === group.groupId && g.tier === group.tier)) {
        this.render(response);
        this.summary.textContent = `Dismissed the group of ${group.groupId}. ${this.summary.textContent}`;
        document.body.dataset.dismissed = String(Number(document.body.dataset.dismissed ?? 0) + 1);
        return;
      }
      await new Promise((resolve) => { setTimeout(resolve, DISMISS_POLL_MS); });
    }
    note.textContent = 'Dismissed; the duplicates stage has not regrouped yet. Reload the page later.';
  }

  setState(value) {
    document.body.dataset.state = value;
  }

  /** The server's explanation; keepContent leaves the groups on screen (a failed dismissal). */
  showError(message, keepContent = false) {
    if (!keepContent) {
      this.setState('error');
      this.list.replaceChildren();
      this.summary.textContent = '';
      this.empty.hidden = true;
      this.pager.hidden = true;
    }
    this.error.textContent = message;
    this.error.hidden = false;
  }

  clearError() {
    this.error.hidden = true;
    this.error.textContent = '';
  }
}

new DuplicatesPage().start();

// The result grid: one card per hit, in rank order. The <ol> starts at the first rank of the page, so ranks stay
// absolute across pages for screen readers as well as on screen.

import { arrange } from './cutoff.js';
import { label, score, thumbnailUrl } from './format.js';

export class Grid {
  /** onOpen(hit, element) opens a result; onSimilar(hit) searches for more like it. */
  constructor(list, template, { onOpen, onSimilar }) {
    this.list = list;
    this.template = template;
    this.onOpen = onOpen;
    this.onSimilar = onSimilar;
  }

  render(response) {
    const cards = (response.hits ?? []).map((hit) => this.card(hit));
    this.list.replaceChildren(...arrange(cards, response));
    this.list.start = (response.offset ?? 0) + 1;
    this.list.dataset.searchId = response.searchId ?? '';
    this.list.dataset.page = String(response.page ?? 1);
  }

  clear() {
    this.list.replaceChildren();
    delete this.list.dataset.searchId;
  }

  setBusy(busy) {
    this.list.setAttribute('aria-busy', String(busy));
  }

  card(hit) {
    const item = this.template.content.firstElementChild.cloneNode(true);
    const what = label(hit);
    const tooltip = `Rank ${hit.rank} · score ${score(hit.score)} · ${hit.imageId}`;
    item.dataset.rank = String(hit.rank);
    item.dataset.imageId = hit.imageId;
    item.dataset.score = String(hit.score);
    if (hit.probability !== undefined) item.dataset.probability = String(hit.probability);

    const open = item.querySelector('.open');
    open.title = tooltip;
    open.dataset.label = what;
    open.setAttribute('aria-label', `Open result ${hit.rank}: ${what}, score ${score(hit.score)}`);
    open.addEventListener('click', () => this.onOpen(hit, open));

    const img = item.querySelector('img');
    img.alt = what;
    img.src = thumbnailUrl(hit) ?? '';
    // A missing thumbnail must not leave a hole: show what it was instead.
    img.addEventListener('error', () => item.classList.add('broken'), { once: true });

    item.querySelector('.rank').textContent = `#${hit.rank}`;
    item.querySelector('.score').textContent = `score ${score(hit.score)}`;
    const similar = item.querySelector('.similar');
    similar.setAttribute('aria-label', `More like result ${hit.rank}`);
    similar.addEventListener('click', () => this.onSimilar(hit));
    return item;
  }
}

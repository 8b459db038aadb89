// The large view of one result, on a native <dialog>: it traps focus, closes on Esc and hands focus back to the
// card that opened it. The thumbnail shows at once; the full picture replaces it when it has arrived.

import { dateTime, fullImageUrl, label, originalUrl, score, thumbnailUrl } from './format.js';

export class Lightbox {
  constructor(dialog, { onSimilar }) {
    this.dialog = dialog;
    this.image = dialog.querySelector('[data-testid="modal-image"]');
    this.title = dialog.querySelector('[data-testid="modal-title"]');
    this.facts = dialog.querySelector('[data-testid="modal-facts"]');
    this.original = dialog.querySelector('[data-testid="modal-original"]');
    this.hit = null;
    this.opener = null;

    dialog.querySelector('[data-testid="modal-close"]').addEventListener('click', () => this.close());
    dialog.querySelector('[data-testid="modal-more-like-this"]').addEventListener('click', () => {
      const hit = this.hit;
      this.close();
      onSimilar(hit);
    });
    // A click on the backdrop (the dialog box itself, outside its content) closes it, as people expect.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) this.close();
    });
    dialog.addEventListener('close', () => {
      this.hit = null;
      this.opener?.focus();
    });
  }

  get isOpen() {
    return this.dialog.open;
  }

  open(hit, opener) {
    this.hit = hit;
    this.opener = opener;
    this.title.textContent = label(hit);
    this.showImage(hit);
    this.showFacts(hit);
    const original = originalUrl(hit);
    this.original.hidden = original === null;
    if (original) this.original.href = original;
    if (!this.dialog.open) this.dialog.showModal();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  showImage(hit) {
    const thumb = thumbnailUrl(hit);
    const full = fullImageUrl(hit);
    this.image.alt = label(hit);
    this.image.src = thumb ?? '';
    if (full && full !== thumb) {
      const loader = new Image();
      loader.addEventListener('load', () => {
        if (this.hit === hit) this.image.src = full;
      }, { once: true });
      loader.src = full;
    }
  }

  showFacts(hit) {
    const rows = [
      ['Rank', String(hit.rank)],
      ['Score', score(hit.score)],
      ['Image id', hit.imageId],
    ];
    if (hit.contentType) rows.push(['Type', hit.contentType]);
    if (hit.eventTime) rows.push(['Published', dateTime(hit.eventTime)]);
    for (const [key, value] of Object.entries(hit.metadata ?? {})) rows.push([key, String(value)]);
    this.facts.replaceChildren(...rows.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }));
  }
}

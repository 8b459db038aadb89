// The relevance cut-off on the result grid: the page asks for cutoff=auto (or the address bar's cutoff=), and
// where the serving version has a calibration the hits below it are folded away behind "N weaker results"; when
// none passed, "no good match" is said plainly above them.

/** The cut-off the page asks for: the address bar's cutoff parameter, else auto. */
export function requested() {
  return new URLSearchParams(location.search).get('cutoff') ?? 'auto';
}

/** The cards as shown: passing ones, then (when the API cut any) the notice, the toggle and the weaker ones hidden. */
export function arrange(cards, response) {
  const cutoff = response.cutoff;
  if (!cutoff?.applied || cards.length === 0) return cards;
  const passed = Math.min(cutoff.passed ?? cards.length, cards.length);
  const weaker = cards.slice(passed);
  const shown = cards.slice(0, passed);
  if (passed === 0) shown.push(noGoodMatch(cutoff));
  if (weaker.length === 0) return shown;
  weaker.forEach((card) => {
    card.classList.add('weaker');
    card.hidden = true;
  });
  return [...shown, separator(weaker), ...weaker];
}

function noGoodMatch(cutoff) {
  const item = document.createElement('li');
  item.className = 'no-good-match';
  item.dataset.testid = 'no-good-match';
  item.textContent = `No good match: no result is likely relevant (P ≥ ${cutoff.probability.toFixed(2)}).`;
  return item;
}

function separator(weaker) {
  const item = document.createElement('li');
  item.className = 'cutoff-separator';
  item.dataset.testid = 'cutoff-separator';
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.testid = 'weaker-toggle';
  button.setAttribute('aria-expanded', 'false');
  const label = `${weaker.length} weaker result${weaker.length === 1 ? '' : 's'}`;
  button.textContent = label;
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    weaker.forEach((card) => { card.hidden = !open; });
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? `Hide ${label}` : label;
  });
  item.append(button);
  return item;
}

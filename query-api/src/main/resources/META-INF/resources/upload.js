// The ways an image gets in for a search by image: the file chooser, dropping a file anywhere on the page (the
// browser would otherwise navigate away to it), or pasting one from the clipboard.

export function acceptImages(zone, input, onImage) {
  // Whatever file comes is sent: the server decides what it can decode and says why it cannot.
  const take = (files) => {
    const file = files?.[0];
    if (file) onImage(file);
    return file !== undefined;
  };

  input.addEventListener('change', () => {
    take(input.files);
    input.value = ''; // choosing the same file again must search again
  });

  const chooser = zone.querySelector('label');
  chooser.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      input.click();
    }
  });

  let depth = 0; // dragenter/dragleave fire for every child element crossed
  window.addEventListener('dragenter', (event) => {
    if (!carriesFiles(event)) return;
    depth += 1;
    document.body.classList.add('dragging');
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) document.body.classList.remove('dragging');
  });
  window.addEventListener('dragover', (event) => {
    if (carriesFiles(event)) event.preventDefault();
  });
  window.addEventListener('drop', (event) => {
    depth = 0;
    document.body.classList.remove('dragging');
    if (!carriesFiles(event)) return;
    event.preventDefault();
    take(event.dataTransfer.files);
  });

  window.addEventListener('paste', (event) => {
    if (take(event.clipboardData?.files)) event.preventDefault();
  });
}

function carriesFiles(event) {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

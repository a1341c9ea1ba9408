// Progressive enhancement only: every page works without this file.
// 1. Moves focus to the error summary when a page comes back with errors (GOV.UK pattern).
// 2. Shows a live total under the age mix while the owner types.
// 3. Adds a copy button under each ready-to-paste kit text and the owner key (they stay
//    selectable without it), and a print button where a page asks for one.
// 4. "None of these" clears the other boxes of its question, and ticking another clears it.
(() => {
  const readNumber = (raw) => {
    const s = String(raw)
      .trim()
      .replace(/[\s_%]/g, '')
      .replace(/^(\d{1,3})(,\d{3})+$/, (m) => m.replace(/,/g, ''));
    if (s === '') return 0;
    const n = Number(s);
    return Number.isFinite(n) ? n : Number.NaN;
  };

  // A count's sentence in the plural form the page's language picks ("1 customer", "2 customers").
  const countText = (data, total, lang) =>
    (new Intl.PluralRules(lang).select(total) === 'one' ? data.countTextOne : undefined) ?? data.countText;

  // Without a page (test/web/enhance.test.ts loads this file in node's vm): hand the helpers over.
  if (typeof document === 'undefined') {
    globalThis.kanalEnhance = { readNumber, countText };
    return;
  }

  const summary = document.querySelector('[data-module="error-summary"]');
  if (summary instanceof HTMLElement) summary.focus();

  for (const group of document.querySelectorAll('[data-module="age-mix"]')) {
    const output = group.querySelector('.live-total');
    if (!(output instanceof HTMLElement)) continue;
    const inputs = [...group.querySelectorAll('input[name^="age_"]')];
    const form = group.closest('form');
    const mode = () => {
      const checked = form?.querySelector('input[name="ageMixMode"]:checked');
      return checked instanceof HTMLInputElement ? checked.value : 'percent';
    };
    const update = () => {
      const total = inputs.reduce((sum, input) => sum + readNumber(input.value), 0);
      if (!Number.isFinite(total)) {
        output.hidden = true;
        return;
      }
      const isCount = mode() === 'count';
      const lang = document.documentElement.lang || 'en';
      const template = (isCount ? countText(output.dataset, total, lang) : output.dataset.percentText) ?? '';
      const shown = new Intl.NumberFormat(lang, {
        maximumFractionDigits: 1,
      }).format(total);
      output.textContent = template.replace('__TOTAL__', shown);
      output.classList.toggle('live-total--off', !isCount && Math.abs(total - 100) > 1);
      output.hidden = false;
    };
    form?.addEventListener('input', update);
    form?.addEventListener('change', update);
    update();
  }

  for (const none of document.querySelectorAll('input[data-behaviour="exclusive"]')) {
    if (!(none instanceof HTMLInputElement)) continue;
    const others = () =>
      [...document.querySelectorAll(`input[type="checkbox"][name="${none.name}"]`)].filter((x) => x !== none);
    none.addEventListener('change', () => {
      if (none.checked) for (const other of others()) other.checked = false;
    });
    for (const other of others()) {
      other.addEventListener('change', () => {
        if (other.checked) none.checked = false;
      });
    }
  }

  for (const slot of document.querySelectorAll('[data-print-label]')) {
    if (!(slot instanceof HTMLElement)) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--secondary';
    button.textContent = slot.dataset.printLabel ?? '';
    button.addEventListener('click', () => window.print());
    slot.append(button);
  }

  for (const text of document.querySelectorAll('textarea[data-copy-label], input[data-copy-label]')) {
    if (!(text instanceof HTMLTextAreaElement || text instanceof HTMLInputElement)) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--secondary kit-copy';
    button.textContent = text.dataset.copyLabel ?? '';
    const status = document.createElement('p');
    status.className = 'kit-copy__status';
    status.setAttribute('role', 'status');
    const copied = () => {
      status.textContent = text.dataset.copiedLabel ?? '';
    };
    button.addEventListener('click', () => {
      status.textContent = '';
      const fallback = () => {
        text.select();
        const ok = document.execCommand('copy');
        button.focus();
        if (ok) copied();
        else status.textContent = text.dataset.copyFailedLabel ?? '';
      };
      if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text.value).then(copied, fallback);
      else fallback();
    });
    text.after(button, status);
  }
})();

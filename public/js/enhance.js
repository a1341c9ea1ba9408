// Progressive enhancement only: every page works without this file.
// 1. Moves focus to the error summary when a page comes back with errors (GOV.UK pattern).
// 2. Shows a live total under the age mix while the owner types, reading numbers with the
//    page's marks (data-decimal-mark, data-group-mark) as the server does.
// 3. Adds a copy button under each ready-to-paste kit text and the owner key (they stay
//    selectable without it), and a print button where a page asks for one.
// 4. "None of these" clears the other boxes of its question, and ticking another clears it.
(() => {
  // Reads a typed number as the server does (src/domain/numbers.ts, parseNumber, percent): with
  // the page's marks (Indonesian "1.200" is 1200, "87,5" is 87.5), full-width digits, spaces
  // between groups of three; NaN for what the server refuses ("1.200" on an English page: 1.2
  // or 1200?). An empty box counts 0.
  const readNumber = (raw, marks = { decimal: '.', group: ',' }) => {
    const { decimal, group } = marks;
    let s = String(raw)
      .normalize('NFKC')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/\u2212/g, '-')
      .trim();
    if (s === '') return 0;
    s = s.replace(/\s*%$/, '');
    let sign = 1;
    if (/^[-+]/.test(s)) {
      sign = s[0] === '-' ? -1 : 1;
      s = s.slice(1).trimStart();
    }
    if (s.includes(' ')) {
      const m = /^(\d{1,3}(?: \d{3})+)([.,]\d*)?$/.exec(s);
      if (!m || (m[2] && m[2][0] !== decimal)) return Number.NaN;
      s = m[1].replace(/ /g, group) + (m[2] ?? '');
    }
    if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return Number.NaN;
    // Digits in one convention's marks: groups of three after one to three digits, then one
    // decimal mark; undefined if they don't fit.
    const read = (dec, grp) => {
      const parts = s.split(dec);
      const [head = '', fraction = ''] = parts;
      if (parts.length > 2 || !/^\d*$/.test(fraction)) return undefined;
      if (head.includes(grp)) {
        const groups = head.split(grp);
        if (!/^[1-9]\d{0,2}$/.test(groups[0]) || !groups.slice(1).every((g) => /^\d{3}$/.test(g)))
          return undefined;
        return { whole: groups.join(''), fraction, grouped: true };
      }
      if (!/^\d*$/.test(head) || (head === '' && fraction === '')) return undefined;
      return { whole: head, fraction, grouped: false };
    };
    const mine = read(decimal, group);
    const theirs = read(group, decimal);
    if (mine === undefined) return Number.NaN;
    // "1.200" on an English page: a decimal, or the other convention's thousands.
    if (theirs?.grouped && !mine.grouped && theirs.fraction === '' && mine.fraction.length === 3)
      return Number.NaN;
    if ((mine.whole + mine.fraction).replace(/^0+/, '').length > 15) return Number.NaN;
    const value = Number(`${mine.whole || '0'}.${mine.fraction || '0'}`);
    return value === 0 ? 0 : sign * value; // "-0" is 0, as the server reads it
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
    const marks = { decimal: group.dataset.decimalMark || '.', group: group.dataset.groupMark || ',' };
    const form = group.closest('form');
    const mode = () => {
      const checked = form?.querySelector('input[name="ageMixMode"]:checked');
      return checked instanceof HTMLInputElement ? checked.value : 'percent';
    };
    const update = () => {
      const total = inputs.reduce((sum, input) => sum + readNumber(input.value, marks), 0);
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

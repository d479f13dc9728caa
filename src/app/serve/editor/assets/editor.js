// The editor of `kennisbank serve`: one module for its three views (edit, new page, publish).
// Everything it sends goes to the local server that served it, with the session's token; the
// only thing it keeps in the browser is the author's unsaved text (localStorage), so that a
// closed tab or a crash loses nothing.

const token = document.querySelector('meta[name="kb-token"]')?.getAttribute('content') ?? '';

/**
 * POSTs `data` as JSON to an editor route; resolves to the status and the JSON answer.
 * @param {string} route
 * @param {unknown} data
 * @returns {Promise<{status: number, body: any}>}
 */
async function post(route, data) {
  const response = await fetch(`/__kennisbank/editor/${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Kennisbank-Token': token },
    body: JSON.stringify(data),
  });
  let body = {};
  try { body = await response.json(); } catch { body = {}; }
  return { status: response.status, body };
}

/** @param {string} id */
const el = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** The common fields the form shows (the others are rare: edit them in the text). */
const FORM_COMMON = ['title', 'description', 'kind', 'audience', 'owner', 'review_by', 'date', 'updated', 'draft', 'weight'];
let controlCount = 0;

/**
 * One form control for a field of the kinds' description, holding `value`.
 * @param {any} field
 * @param {any} value
 * @returns {HTMLElement}
 */
function control(field, value) {
  const id = `veld-${++controlCount}`;
  const box = document.createElement('div');
  box.className = 'veld';
  box.dataset.name = field.name;
  box.dataset.type = field.type;
  const help = document.createElement('p');
  help.className = 'uitleg';
  help.id = `${id}-uitleg`;
  help.textContent = field.help;
  const error = document.createElement('p');
  error.className = 'fout';
  error.id = `${id}-fout`;
  error.hidden = true;
  const described = `${id}-uitleg ${id}-fout`;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = field.label + (field.required ? ' (verplicht)' : '');
  /** @type {HTMLElement} */
  let input;
  switch (field.type) {
    case 'rows': return rowsControl(field, Array.isArray(value) ? value : []);
    case 'many_of': {
      const set = document.createElement('fieldset');
      set.className = 'veld';
      set.dataset.name = field.name;
      set.dataset.type = field.type;
      const legend = document.createElement('legend');
      legend.textContent = field.label;
      set.append(legend, help);
      for (const option of field.values) {
        const wrap = document.createElement('div');
        const box2 = document.createElement('input');
        box2.type = 'checkbox';
        box2.id = `${id}-${option}`;
        box2.value = option;
        box2.checked = Array.isArray(value) && value.includes(option);
        const l = document.createElement('label');
        l.htmlFor = box2.id;
        l.textContent = option;
        l.className = 'naast';
        wrap.append(box2, l);
        set.append(wrap);
      }
      set.append(error);
      return set;
    }
    case 'one_of': {
      const select = document.createElement('select');
      select.append(new Option('(niet ingevuld)', ''));
      for (const option of field.values) select.append(new Option(option, option, false, value === option));
      input = select;
      break;
    }
    case 'paragraph': case 'texts': case 'links': {
      const area = document.createElement('textarea');
      area.rows = field.type === 'paragraph' ? 3 : 4;
      area.value = Array.isArray(value) ? value.join('\n') : (value ?? '');
      if (field.type !== 'paragraph') help.textContent += ' Eén per regel.';
      input = area;
      break;
    }
    case 'bool': {
      const check = document.createElement('input');
      check.type = 'checkbox';
      check.checked = value === true;
      input = check;
      label.className = 'naast';
      break;
    }
    default: {
      const line = document.createElement('input');
      line.type = { integer: 'number', number: 'number', date: 'date', date_time: 'datetime-local' }[field.type] ?? 'text';
      if (field.type === 'number') line.step = 'any';
      let shown = value ?? '';
      if (field.type === 'date_time' && typeof shown === 'string') shown = shown.slice(0, 16);
      if (field.type === 'date' && typeof shown === 'string') shown = shown.slice(0, 10);
      line.value = String(shown);
      input = line;
    }
  }
  input.id = id;
  input.setAttribute('aria-describedby', described);
  if (field.required) input.setAttribute('aria-required', 'true');
  if (field.type === 'bool') box.append(input, label, help, error);
  else box.append(label, input, help, error);
  return box;
}

/** A list of rows (sessions, questions...): each a group of controls, with add and remove. */
function rowsControl(field, rows) {
  const set = document.createElement('fieldset');
  set.className = 'veld rijen';
  set.dataset.name = field.name;
  set.dataset.type = 'rows';
  const legend = document.createElement('legend');
  legend.textContent = field.label;
  const help = document.createElement('p');
  help.className = 'uitleg';
  help.textContent = field.help;
  const list = document.createElement('div');
  const renumber = () => {
    [...list.children].forEach((row, i) => {
      /** @type {HTMLElement} */ (row.querySelector(':scope > legend')).textContent = `${field.label}: ${i + 1}`;
    });
  };
  const addRow = (/** @type {any} */ values) => {
    const row = document.createElement('fieldset');
    row.className = 'rij';
    row.append(document.createElement('legend'));
    for (const f of field.fields) row.append(control(f, values?.[f.name]));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'tweede';
    remove.textContent = 'Deze verwijderen';
    remove.addEventListener('click', () => {
      row.remove();
      renumber();
      set.dispatchEvent(new Event('change', { bubbles: true }));
    });
    row.append(remove);
    list.append(row);
    renumber();
    return row;
  };
  for (const values of rows) addRow(values);
  const add = document.createElement('button');
  add.type = 'button';
  add.className = 'tweede';
  add.textContent = `Toevoegen: ${field.label.toLowerCase()}`;
  add.addEventListener('click', () => {
    const row = addRow({});
    /** @type {HTMLElement | null} */ (row.querySelector('input, select, textarea'))?.focus();
  });
  set.append(legend, help, list, add);
  return set;
}

/** The value a field's control holds, as the front matter wants it. */
function valueOf(/** @type {HTMLElement} */ box) {
  const type = box.dataset.type;
  if (type === 'rows') {
    const list = /** @type {HTMLElement} */ (box.querySelector(':scope > div'));
    return [...list.children].map((row) => {
      /** @type {Record<string, any>} */
      const values = {};
      for (const cell of row.querySelectorAll(':scope > .veld')) values[/** @type {string} */ (/** @type {HTMLElement} */ (cell).dataset.name)] = valueOf(/** @type {HTMLElement} */ (cell));
      return values;
    });
  }
  if (type === 'many_of') return [...box.querySelectorAll('input:checked')].map((c) => /** @type {HTMLInputElement} */ (c).value);
  const input = /** @type {HTMLInputElement} */ (box.querySelector('input, select, textarea'));
  if (type === 'bool') return input.checked;
  if (type === 'texts' || type === 'links') return input.value.split('\n').map((l) => l.trim()).filter(Boolean);
  return input.value;
}

function editView() {
  const rel = document.body.dataset.rel ?? '';
  const draftKey = `kennisbank-concept:${rel}`;
  const source = /** @type {HTMLTextAreaElement} */ (el('bron'));
  const status = el('status');
  const frame = /** @type {HTMLIFrameElement} */ (el('voorbeeld'));
  const restoreButton = /** @type {HTMLButtonElement} */ (el('terugzetten'));
  /** The text as it was on disk when opened or last saved: the base of a merge. */
  let base = '';
  let timer = 0;
  let asked = 0;
  let frameLoaded = false;

  const say = (text) => { status.textContent = text; };
  const form = el('gegevens-formulier');
  const fieldsBox = el('velden');
  /** @type {any} */
  let description = null;
  let formTimer = 0;

  /** Builds the form from the front matter `front` (unless the author is in it). */
  function showForm(front, format) {
    if (!description || form.contains(document.activeElement)) return;
    if (format === 'yaml') {
      el('gegevens-uitleg').textContent = 'Dit bestand schrijft de gegevens in YAML (tussen ---). Pas ze aan in de tekst.';
      fieldsBox.replaceChildren();
      return;
    }
    const kind = description.kinds.find((k) => k.kind === (front.kind ?? 'guidance')) ?? description.kinds[0];
    const fields = description.common.filter((f) => FORM_COMMON.includes(f.name)).concat(kind.fields);
    fieldsBox.replaceChildren(...fields.map((f) => control(f, front[f.name])));
  }

  /** Marks the form's fields that the diagnostics name. */
  function markFields(items) {
    for (const box of fieldsBox.querySelectorAll(':scope > .veld')) {
      const error = /** @type {HTMLElement | null} */ (box.querySelector(':scope > .fout'));
      if (!error) continue; // a list of rows: its diagnostics are listed under Meldingen
      const named = items.find((d) => d.line > 0 && new RegExp('`' + /** @type {HTMLElement} */ (box).dataset.name + '[`\\[]').test(d.message));
      error.hidden = !named;
      error.textContent = named ? named.message : '';
      const input = box.querySelector(':scope > input, :scope > select, :scope > textarea');
      if (named) input?.setAttribute('aria-invalid', 'true'); else input?.removeAttribute('aria-invalid');
    }
  }

  async function applyForm() {
    /** @type {Record<string, any>} */
    const values = {};
    for (const box of fieldsBox.querySelectorAll(':scope > .veld')) {
      values[/** @type {string} */ (/** @type {HTMLElement} */ (box).dataset.name)] = valueOf(/** @type {HTMLElement} */ (box));
    }
    const { status: code, body } = await post('velden', { text: source.value, values });
    if (code === 200) {
      if (body.text !== source.value) {
        source.value = body.text;
        localStorage.setItem(draftKey, source.value);
        preview();
      }
      el('gegevens-status').textContent = '';
    } else {
      el('gegevens-status').textContent = body.error ?? 'De gegevens konden niet in de tekst gezet worden.';
    }
  }
  form.addEventListener('change', () => { clearTimeout(formTimer); formTimer = window.setTimeout(applyForm, 50); });
  form.addEventListener('submit', (event) => { event.preventDefault(); applyForm(); });

  async function load() {
    const response = await fetch(`/__kennisbank/editor/bron/${encodeURIComponent(rel).replaceAll('%2F', '/')}`);
    const data = await response.json();
    if (!response.ok) { say(data.error ?? 'Dit bestand kon niet geopend worden.'); return; }
    base = data.text;
    source.value = data.text;
    description = await (await fetch('/__kennisbank/editor/soorten.json')).json();
    showForm(data.front ?? {}, data.format);
    restoreButton.disabled = !data.previous;
    const draft = localStorage.getItem(draftKey);
    if (draft !== null && draft !== data.text) {
      el('concept').hidden = false;
    } else if (draft !== null) {
      localStorage.removeItem(draftKey);
    }
    preview();
  }

  async function preview() {
    const mine = ++asked;
    const { status: code, body } = await post('voorbeeld', { rel, text: source.value });
    if (mine !== asked) return; // a newer preview is on its way
    if (code !== 200) { say(body.error ?? 'Het voorbeeld lukte niet.'); return; }
    showDiagnostics(body.diagnostics ?? []);
    showForm(body.front ?? {}, body.format);
    markFields(body.diagnostics ?? []);
    if (body.page) {
      const url = `/__kennisbank/editor/voorbeeld/${rel}`;
      if (!frameLoaded) { frame.src = url; frameLoaded = true; } else { frame.contentWindow?.location.replace(url); }
    }
  }

  /** @param {{severity: string, line: number, column: number, message: string, hint?: string, text: string}[]} items */
  function showDiagnostics(items) {
    const list = el('meldingen');
    list.replaceChildren();
    el('geen-meldingen').hidden = items.length > 0;
    for (const d of items) {
      const item = document.createElement('li');
      item.className = d.severity === 'error' ? 'melding fout' : 'melding waarschuwing';
      const button = document.createElement('button');
      button.type = 'button';
      const where = d.line > 0 ? `Regel ${d.line}, kolom ${d.column}: ` : '';
      const what = d.severity === 'error' ? 'Fout' : 'Let op';
      button.textContent = `${what}. ${where}${d.message}`;
      button.addEventListener('click', () => goTo(d.line, d.column));
      const detail = document.createElement('pre');
      detail.textContent = d.text;
      item.append(button, detail);
      list.append(item);
    }
  }

  /** Puts the cursor at `line`, `column` (1-based) of the text. */
  function goTo(line, column) {
    if (line < 1) return;
    const lines = source.value.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, column - 1);
    source.focus();
    source.setSelectionRange(offset, offset);
  }

  async function save(text = source.value, from = base) {
    say('Bezig met opslaan...');
    const { status: code, body } = await post('opslaan', { rel, base: from, text });
    if (code === 200) {
      base = body.text;
      if (body.saved === 'merged') {
        source.value = body.text;
        say('Opgeslagen. Het bestand was intussen ook veranderd; beide wijzigingen staan er nu in.');
      } else {
        say('Opgeslagen.');
      }
      localStorage.removeItem(draftKey);
      restoreButton.disabled = false;
      el('conflict').hidden = true;
      preview();
    } else if (code === 409) {
      /** @type {HTMLTextAreaElement} */ (el('mijn-versie')).value = text;
      /** @type {HTMLTextAreaElement} */ (el('schijf-versie')).value = body.disk;
      const conflict = el('conflict');
      conflict.hidden = false;
      conflict.dataset.disk = body.disk;
      conflict.focus();
      say('Niet opgeslagen: het bestand is intussen veranderd. Kies hieronder welke versie je houdt.');
    } else {
      say(body.error ?? 'Opslaan lukte niet. Je tekst staat nog hier en in deze browser.');
    }
  }

  source.addEventListener('input', () => {
    localStorage.setItem(draftKey, source.value);
    clearTimeout(timer);
    timer = window.setTimeout(preview, 150);
  });
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      save();
    }
  });
  el('opslaan').addEventListener('click', () => save());
  el('verplaats-formulier').addEventListener('submit', async (event) => {
    event.preventDefault();
    fieldError('nieuw-pad', '');
    if (source.value !== base) { fieldError('nieuw-pad', 'Sla eerst je wijzigingen op.'); return; }
    const to = /** @type {HTMLInputElement} */ (el('nieuw-pad')).value;
    const { status: code, body } = await post('verplaats', { rel, to });
    if (code === 200) {
      localStorage.removeItem(draftKey);
      window.location.assign(body.edit);
    } else {
      fieldError('nieuw-pad', body.error ?? 'Verplaatsen lukte niet.');
    }
  });

  const fileInput = /** @type {HTMLInputElement} */ (el('bestand'));
  /** @type {File | null} */
  let droppedFile = null;
  source.addEventListener('dragover', (event) => { if (event.dataTransfer?.types.includes('Files')) event.preventDefault(); });
  source.addEventListener('drop', (event) => {
    const file = event.dataTransfer?.files?.[0];
    if (!file) return;
    event.preventDefault();
    droppedFile = file;
    /** @type {HTMLDetailsElement} */ (el('afbeelding')).open = true;
    say(`Afbeelding ${file.name} gekozen. Beschrijf wat erop staat.`);
    el('alt').focus();
  });
  el('afbeelding-formulier').addEventListener('submit', async (event) => {
    event.preventDefault();
    fieldError('bestand', '');
    fieldError('alt', '');
    const file = fileInput.files?.[0] ?? droppedFile;
    if (!file) { fieldError('bestand', 'Kies eerst een afbeelding.'); return; }
    const alt = /** @type {HTMLInputElement} */ (el('alt')).value;
    const decorative = /** @type {HTMLInputElement} */ (el('versiering')).checked;
    if (!alt.trim() && !decorative) { fieldError('alt', "Beschrijf wat er op de afbeelding staat, of kies 'Alleen versiering'."); return; }
    const data = await new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.readAsDataURL(file);
    });
    const { status: code, body } = await post('afbeelding', { rel, file_name: file.name, alt, decorative, data });
    if (code !== 200) { fieldError(body.field === 'alt' ? 'alt' : 'bestand', body.error ?? 'Dat lukte niet.'); return; }
    source.focus();
    source.setRangeText(`\n${body.markdown}\n`, source.selectionStart, source.selectionEnd, 'end');
    source.dispatchEvent(new Event('input'));
    droppedFile = null;
    fileInput.value = '';
    /** @type {HTMLInputElement} */ (el('alt')).value = '';
    say('De afbeelding staat in de tekst. Sla op om hem te bewaren.');
  });
  restoreButton.addEventListener('click', async () => {
    const { status: code, body } = await post('terugzetten', { rel });
    if (code === 200) {
      base = body.text;
      source.value = body.text;
      localStorage.removeItem(draftKey);
      say('De vorige versie staat weer in het bestand.');
      preview();
    } else {
      say(body.error ?? 'Terugzetten lukte niet.');
      restoreButton.disabled = true;
    }
  });
  el('houd-mijn').addEventListener('click', () => save(source.value, el('conflict').dataset.disk ?? base));
  el('houd-schijf').addEventListener('click', () => {
    const disk = el('conflict').dataset.disk ?? '';
    base = disk;
    source.value = disk;
    localStorage.removeItem(draftKey);
    el('conflict').hidden = true;
    say('Je werkt nu verder met de versie uit het bestand.');
    source.focus();
    preview();
  });
  el('concept-terug').addEventListener('click', () => {
    source.value = localStorage.getItem(draftKey) ?? source.value;
    el('concept').hidden = true;
    say('Je niet opgeslagen tekst staat weer in de editor. Sla op om hem te bewaren.');
    source.focus();
    preview();
  });
  el('concept-weg').addEventListener('click', () => {
    localStorage.removeItem(draftKey);
    el('concept').hidden = true;
    source.focus();
  });
  load();
}

/** Shows `message` under the field `id` (or hides it with an empty message). */
function fieldError(id, message) {
  const error = el(`fout-${id}`);
  const field = el(id);
  error.textContent = message;
  error.hidden = !message;
  if (message) { field.setAttribute('aria-invalid', 'true'); field.focus(); } else { field.removeAttribute('aria-invalid'); }
}

async function newView() {
  const kinds = /** @type {HTMLSelectElement} */ (el('soort'));
  const description = await (await fetch('/__kennisbank/editor/soorten.json')).json();
  for (const kind of description.kinds) {
    kinds.append(new Option(kind.label, kind.kind));
  }
  el('nieuw-formulier').addEventListener('submit', async (event) => {
    event.preventDefault();
    fieldError('titel', '');
    fieldError('sectie', '');
    const title = /** @type {HTMLInputElement} */ (el('titel')).value;
    const section = /** @type {HTMLInputElement} */ (el('sectie')).value;
    if (!title.trim()) { fieldError('titel', 'Geef de pagina een titel.'); return; }
    const { status: code, body } = await post('nieuw', { kind: kinds.value, section, title });
    if (code === 200) {
      window.location.assign(body.edit);
    } else {
      fieldError(body.field === 'sectie' ? 'sectie' : 'titel', body.error ?? 'Dat lukte niet.');
    }
  });
}

async function publishView() {
  const pending = await (await fetch('/__kennisbank/editor/wijzigingen')).json();
  const list = el('bestanden');
  for (const [file, word] of pending.files ?? []) {
    const item = document.createElement('li');
    item.textContent = `${file} (${word})`;
    list.append(item);
  }
  el('geen-wijzigingen').hidden = (pending.files ?? []).length > 0;
  el('verschil').textContent = pending.diff ?? '';
  if (!pending.repository) {
    el('status').textContent = 'Deze site staat niet in git: publiceren kan hier niet.';
  }
  el('publiceer-formulier').addEventListener('submit', async (event) => {
    event.preventDefault();
    fieldError('bericht', '');
    const message = /** @type {HTMLTextAreaElement} */ (el('bericht')).value;
    if (!message.trim()) { fieldError('bericht', 'Schrijf in een paar woorden wat je hebt veranderd.'); return; }
    el('status').textContent = 'Bezig met publiceren...';
    const { status: code, body } = await post('publiceer', { message });
    el('status').textContent = code === 200 ? body.message : body.error;
  });
}

const views = { bewerk: editView, nieuw: newView, publiceer: publishView };
views[/** @type {keyof typeof views} */ (document.body.dataset.view)]?.();

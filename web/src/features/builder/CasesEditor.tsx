import { useRef, useState, type KeyboardEvent } from 'react';
import { ApiError, type Schemas } from '../../api/client';
import { ErrorBox } from '../../ui/States';
import {
  addCase,
  addCases,
  exportCases,
  formatOf,
  importCases,
  removeCase,
  reviseCase,
  IMPORT_LABELS,
  IMPORT_TYPES,
  type ImportFormat,
} from './api';
import { parseValue, pastedCases, showValue, splitList } from './model';

type Draft = { input: string; expected: string; tags: string; weight: string };
const draftOf = (c: Schemas['CaseView']): Draft => ({
  input: showValue(c.input),
  expected: showValue(c.expected),
  tags: (c.tags ?? []).join(', '),
  weight: c.weight == null || c.weight === 1 ? '' : String(c.weight),
});

function caseOf(d: Draft): Schemas['TestCase'] {
  const out: Schemas['TestCase'] = { input: parseValue(d.input) as Schemas['JsonNode'] };
  if (d.expected.trim() !== '') out.expected = parseValue(d.expected) as Schemas['JsonNode'];
  out.tags = splitList(d.tags);
  if (d.weight.trim() !== '') out.weight = Number(d.weight);
  return out;
}

type Props = {
  benchmark: Schemas['BenchmarkView'];
  version: number;
  onWrite: (version: number) => void;
  onConflict: (mine: number) => void;
};

/** The cases: revise, remove and add inline, import a file, export. Each write sends If-Match. */
export function CasesEditor({ benchmark, version, onWrite, onConflict }: Props) {
  const id = benchmark.id!;
  const cases = benchmark.cases ?? [];
  const [editing, setEditing] = useState<{ caseId: string | null; draft: Draft } | null>(null);
  const [errors, setErrors] = useState<{ field?: string; message?: string }[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState('');

  const run = async (write: () => Promise<{ version?: number | null }>, done: string) => {
    setErrors([]);
    setFailure(null);
    setNotice('');
    setBusy(true);
    try {
      const result = await write();
      onWrite(result.version!);
      setNotice(`${done} (v${result.version}).`);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) onConflict(version);
      else {
        if (error instanceof ApiError) setErrors(error.errors);
        setFailure(error);
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  const saveRow = async () => {
    if (!editing) return;
    const body = caseOf(editing.draft);
    const ok = editing.caseId
      ? await run(() => reviseCase(id, version, editing.caseId!, body), `Case ${editing.caseId} saved`)
      : await run(() => addCase(id, version, body), 'Case added');
    if (ok) setEditing(null);
  };
  const onRowKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      setEditing(null);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      saveRow();
    }
  };
  const fieldError = (field: string) =>
    errors
      .filter((e) => e.field === field || e.field?.endsWith('.' + field) || e.field === 'cases[0].' + field)
      .map((e) => e.message)
      .join('; ') || undefined;

  const editRow = (caseId: string | null) => {
    const d = editing!.draft;
    const set = (k: keyof Draft) => (e: { target: { value: string } }) =>
      setEditing({ caseId, draft: { ...d, [k]: e.target.value } });
    const label = caseId ?? 'new case';
    const cell = (k: keyof Draft, multiline: boolean) => {
      const error = fieldError(k);
      return (
        <td>
          {multiline ? (
            <textarea
              aria-label={`${k} of ${label}`}
              aria-invalid={error ? true : undefined}
              value={d[k]}
              onChange={set(k)}
              rows={2}
              autoFocus={k === 'input'}
            />
          ) : (
            <input
              aria-label={`${k} of ${label}`}
              aria-invalid={error ? true : undefined}
              type="text"
              value={d[k]}
              onChange={set(k)}
            />
          )}
          {error && <div className="field-error">{error}</div>}
        </td>
      );
    };
    return (
      <tr key={caseId ?? 'new'} onKeyDown={onRowKey} className="editing">
        <td className="mono">{caseId ?? 'new'}</td>
        {cell('input', true)}
        {cell('expected', true)}
        {cell('tags', false)}
        {cell('weight', false)}
        <td className="nowrap">
          <button type="button" className="primary" onClick={saveRow} disabled={busy}>
            Save
          </button>{' '}
          <button type="button" onClick={() => setEditing(null)}>
            Cancel
          </button>
        </td>
      </tr>
    );
  };

  return (
    <section className="builder-section" aria-labelledby="cases-title">
      <h2 id="cases-title">Cases ({cases.length})</h2>
      <p className="muted">
        Input and expected are text, or JSON when they start with {'{'} or [. Ctrl+Enter saves a row, Escape cancels.
      </p>
      {notice && (
        <p className="saved" role="status">
          {notice}
        </p>
      )}
      {failure != null && <ErrorBox error={failure} />}
      {errors.length > 0 && (
        <ul className="field-error" aria-label="Problems with the cases">
          {errors.map((e, i) => (
            <li key={i}>
              {e.field && <span className="mono">{e.field}</span>} {e.message}
            </li>
          ))}
        </ul>
      )}
      <div className="table-scroll">
        <table className="table cases-table">
          <caption className="visually-hidden">Cases of {benchmark.title}</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Input</th>
              <th scope="col">Expected</th>
              <th scope="col">Tags</th>
              <th scope="col">Weight</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) =>
              editing?.caseId === c.id ? (
                editRow(c.id!)
              ) : (
                <tr key={c.id}>
                  <td className="mono">{c.id}</td>
                  <td className="pre">{showValue(c.input)}</td>
                  <td className="pre">{showValue(c.expected)}</td>
                  <td>{c.tags?.join(', ')}</td>
                  <td>{c.weight ?? 1}</td>
                  <td className="nowrap">
                    <button
                      type="button"
                      onClick={() => setEditing({ caseId: c.id!, draft: draftOf(c) })}
                      aria-label={`Edit case ${c.id}`}
                      disabled={busy}
                    >
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      onClick={() => {
                        if (window.confirm(`Remove case ${c.id}? A new version is made; earlier versions keep it.`))
                          run(() => removeCase(id, version, c.id!), `Case ${c.id} removed`);
                      }}
                      aria-label={`Delete case ${c.id}`}
                      disabled={busy}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ),
            )}
            {editing?.caseId === null && editRow(null)}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button
          type="button"
          onClick={() => setEditing({ caseId: null, draft: { input: '', expected: '', tags: '', weight: '' } })}
          disabled={busy || editing !== null}
        >
          Add a case
        </button>
        <button type="button" onClick={() => setPasting(!pasting)} aria-expanded={pasting} aria-controls="paste-cases">
          Paste many
        </button>
        <ImportFile
          onImport={(format, content) => run(() => importCases(id, version, format, content), 'Imported')}
          busy={busy}
        />
        <ExportButtons id={id} title={benchmark.title ?? id} />
      </div>
      {pasting && (
        <div id="paste-cases" className="field">
          <label htmlFor="paste-cases-text">Paste cases</label>
          <textarea
            id="paste-cases-text"
            aria-describedby="paste-cases-hint"
            className="mono"
            rows={6}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder={'2+2\t4\n3+5\t8'}
          />
          <div id="paste-cases-hint" className="field-hint">
            One case a line: the input, then a tab and the expected value (two columns copied from a spreadsheet paste
            this way).
            {pasted.trim() && ` ${pastedCases(pasted).length} cases.`}
          </div>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={busy || !pasted.trim()}
              onClick={async () => {
                const list = pastedCases(pasted) as Schemas['TestCase'][];
                if (await run(() => addCases(id, version, list), `${list.length} cases added`)) {
                  setPasted('');
                  setPasting(false);
                }
              }}
            >
              Add these cases
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function ImportFile({
  onImport,
  busy,
}: {
  onImport: (format: ImportFormat, content: string) => Promise<boolean>;
  busy: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState<ImportFormat | ''>('');
  const [file, setFile] = useState<File | null>(null);
  const chosen = format || (file ? formatOf(file.name) : undefined);
  return (
    <span className="import">
      <label htmlFor="import-file">Import a file</label>{' '}
      <input
        id="import-file"
        ref={input}
        type="file"
        accept=".jsonl,.ndjson,.csv,.yaml,.yml"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
      />{' '}
      <label htmlFor="import-format" className="visually-hidden">
        Import format
      </label>
      <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as ImportFormat | '')}>
        <option value="">Format from the file name</option>
        {Object.keys(IMPORT_TYPES).map((f) => (
          <option key={f} value={f}>
            {IMPORT_LABELS[f as ImportFormat]}
          </option>
        ))}
      </select>{' '}
      {chosen === 'openai-evals' && (
        <span className="field-hint">
          One sample per line, <code>{'{"input": [chat messages], "ideal": …}'}</code>: the messages become the
          case&apos;s input, <code>ideal</code> its expected answer, other keys its metadata.
        </span>
      )}{' '}
      <button
        type="button"
        disabled={busy || !file || !chosen}
        title={file && !chosen ? 'Choose the format: the file name does not say it' : undefined}
        onClick={async () => {
          if (!file || !chosen) return;
          if (await onImport(chosen, await readText(file))) {
            setFile(null);
            if (input.current) input.current.value = '';
          }
        }}
      >
        Import
      </button>
    </span>
  );
}

function ExportButtons({ id, title }: { id: string; title: string }) {
  const [failure, setFailure] = useState<unknown>(null);
  const download = async (format: 'jsonl' | 'csv') => {
    setFailure(null);
    try {
      const text = await exportCases(id, format);
      const url = URL.createObjectURL(
        new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = `${title.replace(/[^A-Za-z0-9._-]+/g, '-').toLowerCase()}.${format}`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <span className="export">
      <button type="button" onClick={() => download('jsonl')}>
        Export JSONL
      </button>{' '}
      <button type="button" onClick={() => download('csv')}>
        Export CSV
      </button>
      {failure != null && <ErrorBox error={failure} />}
    </span>
  );
}

/** A file's text (FileReader, which every browser and jsdom have). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

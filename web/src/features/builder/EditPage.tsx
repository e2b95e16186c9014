import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, type Schemas } from '../../api/client';
import { useBenchmark } from '../../api/queries';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { changeDetails, replaceCriteria, replaceGraders, useMe } from './api';
import { CasesEditor } from './CasesEditor';
import {
  CriteriaFields,
  DetailsFields,
  FixFields,
  GradersFields,
  OtherErrors,
  PromptFields,
  type Errors,
} from './Fields';
import {
  criterionToApi,
  criterionToForm,
  errorsByField,
  FormProblem,
  graderToApi,
  graderToForm,
  splitList,
  type CriterionForm,
  type DetailsForm,
  type GraderForm,
} from './model';
import { DiffView } from './DiffView';

type Form = { details: DetailsForm; graders: GraderForm[]; criteria: CriterionForm[] };
const SHOWN =
  /^(title|description|category|tags(\[\d+\])?|promptTemplate|graders(\[\d+\](\.\w+)?)?|decisionCriteria(\[\d+\](\.\w+)?)?)$/;

function formOf(b: Schemas['BenchmarkView']): Form {
  return {
    details: {
      title: b.title ?? '',
      description: b.description ?? '',
      category: b.category ?? '',
      tags: (b.tags ?? []).join(', '),
      visibility: b.visibility === 'PUBLIC' ? 'PUBLIC' : 'PRIVATE',
      promptTemplate: b.promptTemplate ?? '',
    },
    graders: (Array.isArray(b.graders) ? b.graders : []).map((g) => graderToForm(g as Record<string, unknown>)),
    criteria: (Array.isArray(b.decisionCriteria) ? b.decisionCriteria : []).map((c) =>
      criterionToForm(c as Record<string, unknown>),
    ),
  };
}

type DetailsBody = { title: string; description: string; category: string; tags: string[]; promptTemplate: string };
const detailsBody = (d: DetailsForm): DetailsBody => ({
  title: d.title.trim(),
  description: d.description.trim(),
  category: d.category.trim(),
  tags: splitList(d.tags),
  promptTemplate: d.promptTemplate,
});
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The writes a save needs, each only with what differs from what the user started from: a PATCH carries only the
 * changed details, so a field someone else changed meanwhile is never written back with its old value.
 */
function requests(form: Form, base: Form) {
  const now = detailsBody(form.details);
  const before = detailsBody(base.details);
  const changed = Object.fromEntries(Object.entries(now).filter(([k, v]) => !same(v, before[k as keyof DetailsBody])));
  const graders = form.graders.map(graderToApi);
  const criteria = form.criteria.map(criterionToApi);
  return {
    details: Object.keys(changed).length ? (changed as Partial<DetailsBody>) : null,
    graders: same(graders, base.graders.map(graderToApi)) ? null : graders,
    criteria: same(criteria, base.criteria.map(criterionToApi)) ? null : criteria,
  };
}

/** The user's edit moved onto the latest version: each part they changed is theirs, every other part the latest. */
function rebase(mine: Form, base: Form, latest: Form): Form {
  const details = { ...latest.details };
  for (const k of Object.keys(details) as (keyof DetailsForm)[])
    if (!same(mine.details[k], base.details[k])) (details as Record<string, unknown>)[k] = mine.details[k];
  return {
    details,
    graders: same(mine.graders, base.graders) ? latest.graders : mine.graders,
    criteria: same(mine.criteria, base.criteria) ? latest.criteria : mine.criteria,
  };
}

/** Editing a benchmark. Every write sends If-Match with the version the user started from; a 412 keeps the edit. */
export function EditPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const benchmark = useBenchmark(id);
  const me = useMe(true);
  const queries = useQueryClient();
  const [form, setForm] = useState<Form | null>(null);
  const [base, setBase] = useState<{ version: number; form: Form } | null>(null);
  const [errors, setErrors] = useState<Errors>(new Map());
  const [failure, setFailure] = useState<unknown>(null);
  const [conflict, setConflict] = useState<{ mine: number } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);

  const b = benchmark.data as Schemas['BenchmarkView'] | undefined;
  // the form is filled once, from the first answer, in the render that brings it (no render in between shows it empty);
  // later reads (after our own writes) never overwrite what is typed
  if (b && !form) {
    const initial = formOf(b);
    setForm(initial);
    setBase({ version: b.version!, form: initial });
  }

  if (benchmark.isPending) return <Loading what="the benchmark" />;
  if (benchmark.isError) return <ErrorBox error={benchmark.error} retry={() => benchmark.refetch()} />;
  if (me.isError && (me.error as ApiError).status === 401)
    return (
      <Empty title="Sign in to edit this benchmark.">
        Only its owner (or, in a workspace, its members above viewer) can change it; anyone signed in may fork a public
        one.
      </Empty>
    );
  if (me.data && b && !b.permissions?.edit)
    return (
      <Empty
        title={
          b.workspaceId
            ? 'Viewers of a workspace cannot edit its benchmarks.'
            : 'Only the owner can edit this benchmark.'
        }
      >
        Fork it from <Link to={`/benchmarks/${id}`}>its page</Link> to edit a copy of your own.
      </Empty>
    );
  if (!b || !form || !base) return <Loading what="the benchmark" />;

  const wrote = (version: number) => {
    setBase((prev) => ({ version, form: prev?.form ?? form }));
    queries.invalidateQueries({ queryKey: ['benchmark', id] });
    queries.invalidateQueries({ queryKey: ['versions', id] });
  };
  const onConflict = (mine: number) => {
    setConflict({ mine });
    queries.invalidateQueries({ queryKey: ['benchmark', id] });
  };

  const save = async (version: number, startFrom: Form, edited: Form = form) => {
    setErrors(new Map());
    setFailure(null);
    setSaved(null);
    let plan;
    try {
      plan = requests(edited, startFrom);
    } catch (problem) {
      if (problem instanceof FormProblem) return setErrors(new Map([[problem.field, problem.message]]));
      throw problem;
    }
    if (!plan.details && !plan.graders && !plan.criteria) {
      // nothing of the form to write (e.g. the conflict came from a case): the latest version is now the base
      setBase({ version, form: edited });
      setConflict(null);
      setSaved(version);
      return;
    }
    setSaving(true);
    let current = version;
    try {
      if (plan.details) current = (await changeDetails(id, current, plan.details)).version!;
      if (plan.graders) current = (await replaceGraders(id, current, plan.graders)).version!;
      if (plan.criteria) current = (await replaceCriteria(id, current, plan.criteria)).version!;
      setBase({ version: current, form: edited });
      setConflict(null);
      setSaved(current);
      queries.invalidateQueries({ queryKey: ['benchmark', id] });
      queries.invalidateQueries({ queryKey: ['versions', id] });
    } catch (error) {
      if (current !== version) setBase({ version: current, form: startFrom });
      if (error instanceof ApiError && error.status === 412) onConflict(current);
      else {
        if (error instanceof ApiError && error.errors.length) setErrors(errorsByField(error.errors));
        setFailure(error);
      }
    } finally {
      setSaving(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save(base.version, base.form);
  };
  const latest = b.version!;

  return (
    <div className="builder">
      <p className="breadcrumb">
        <Link to="/">Library</Link> / <Link to={`/benchmarks/${id}`}>{b.title}</Link> /
      </p>
      <h1>Edit “{b.title}”</h1>
      <p className="muted">
        Editing from v{base.version}
        {latest !== base.version && <> (the latest is v{latest})</>}. Each save makes a new version; runs keep the
        version they ran.
      </p>
      {(location.state as { created?: boolean } | null)?.created && base.version === 1 && (
        <p className="saved" role="status">
          Created. Now add its cases below, by hand or from a file.
        </p>
      )}
      {conflict && (
        <section className="conflict" role="alert" aria-labelledby="conflict-title">
          <h2 id="conflict-title">Someone else changed this benchmark</h2>
          <p>
            You edited v{conflict.mine}; it is now v{latest}. Nothing of yours was saved and your edit is still here.
            This is what changed meanwhile:
          </p>
          {latest > conflict.mine ? (
            <DiffView id={id} from={conflict.mine} to={latest} />
          ) : (
            <Loading what="the latest version" />
          )}
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={saving || latest <= conflict.mine}
              onClick={() => {
                const fresh = formOf(b);
                const mine = rebase(form, base.form, fresh);
                setForm(mine);
                setBase({ version: latest, form: fresh });
                save(latest, fresh, mine);
              }}
            >
              Re-apply my edit on v{latest}
            </button>
            <button
              type="button"
              onClick={() => {
                const fresh = formOf(b);
                setForm(fresh);
                setBase({ version: latest, form: fresh });
                setConflict(null);
                setErrors(new Map());
              }}
            >
              Discard my edit and load v{latest}
            </button>
          </div>
        </section>
      )}
      <form onSubmit={submit} noValidate className="builder" aria-label="Details, prompt, graders and rubric">
        {failure != null &&
          (errors.size > 0 ? (
            <FixFields count={errors.size} detail={(failure as Error).message} />
          ) : (
            <ErrorBox error={failure} />
          ))}
        <OtherErrors errors={errors} shown={(f) => SHOWN.test(f)} />
        <DetailsFields
          value={form.details}
          onChange={(details) => setForm({ ...form, details })}
          errors={errors}
          withVisibility={false}
        />
        <PromptFields
          value={form.details.promptTemplate}
          onChange={(promptTemplate) => setForm({ ...form, details: { ...form.details, promptTemplate } })}
          error={errors.get('promptTemplate')}
          cases={b.cases ?? []}
        />
        <GradersFields value={form.graders} onChange={(graders) => setForm({ ...form, graders })} errors={errors} />
        <CriteriaFields value={form.criteria} onChange={(criteria) => setForm({ ...form, criteria })} errors={errors} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save changes'}
          </button>
          {saved != null && (
            <span className="saved" role="status">
              Saved as v{saved}.
            </span>
          )}
          <Link to={`/benchmarks/${id}`}>Back to the benchmark</Link>
        </div>
      </form>
      <CasesEditor benchmark={b} version={base.version} onWrite={wrote} onConflict={onConflict} />
      {b.cases?.length === 0 && !conflict && (
        <Empty title="No cases yet.">A run needs at least one case: add one above or import a file.</Empty>
      )}
    </div>
  );
}

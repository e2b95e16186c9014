import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { atLeast, useWorkspaces } from '../../api/workspaces';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { Empty, ErrorBox, Loading } from '../../ui/States';
import { createBenchmark, useMe } from './api';
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
  emptyGrader,
  errorsByField,
  FormProblem,
  graderToApi,
  splitList,
  type CriterionForm,
  type DetailsForm,
  type GraderForm,
} from './model';

const SHOWN =
  /^(workspaceId|title|description|category|tags(\[\d+\])?|visibility|promptTemplate|graders(\[\d+\](\.\w+)?)?|decisionCriteria(\[\d+\](\.\w+)?)?)$/;

/** Creating a benchmark: its details, prompt template, graders and decision rubric; the cases come next, on the edit page. */
export function CreatePage() {
  const me = useMe(true);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [details, setDetails] = useState<DetailsForm>({
    title: '',
    description: '',
    category: '',
    tags: '',
    visibility: 'PRIVATE',
    promptTemplate: '',
  });
  const [graders, setGraders] = useState<GraderForm[]>([emptyGrader('exact')]);
  const [criteria, setCriteria] = useState<CriterionForm[]>([]);
  const [errors, setErrors] = useState<Errors>(new Map());
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [params] = useSearchParams();
  // where the benchmark goes: the personal space (''), or a workspace the caller may create in (?workspace= preselects it)
  const [workspaceId, setWorkspaceId] = useState(params.get('workspace') ?? '');
  const workspaces = useWorkspaces(!!me.data);
  const creatable = (workspaces.data?.items ?? []).filter((w) => atLeast(w.role, 'MEMBER'));

  if (me.isPending) return <Loading what="your account" />;
  if (me.isError)
    return (me.error as ApiError).status === 401 ? (
      <Empty title="Sign in to create a benchmark.">Benchmarks belong to their owner; sign in first.</Empty>
    ) : (
      <ErrorBox error={me.error} retry={() => me.refetch()} />
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors(new Map());
    setFailure(null);
    let body;
    try {
      body = {
        title: details.title.trim(),
        description: details.description.trim() || undefined,
        category: details.category.trim() || undefined,
        tags: splitList(details.tags),
        visibility: details.visibility,
        workspaceId: workspaceId || undefined,
        promptTemplate: details.promptTemplate || undefined,
        graders: graders.map(graderToApi) as never,
        decisionCriteria: criteria.map(criterionToApi),
      };
    } catch (problem) {
      if (problem instanceof FormProblem) return setErrors(new Map([[problem.field, problem.message]]));
      throw problem;
    }
    setSaving(true);
    try {
      const created = await createBenchmark(body);
      queries.invalidateQueries({ queryKey: ['library'] });
      navigate(`/benchmarks/${created.id}/edit`, { state: { created: true } });
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) setErrors(errorsByField(error.errors));
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="builder" onSubmit={submit} noValidate aria-labelledby="builder-title">
      <p className="breadcrumb">
        <Link to="/">Library</Link> /
      </p>
      <h1 id="builder-title">New benchmark</h1>
      <p className="muted">Describe the task and how an answer is graded. You add the cases next.</p>
      {failure != null &&
        (errors.size > 0 ? (
          <FixFields count={errors.size} detail={(failure as Error).message} />
        ) : (
          <ErrorBox error={failure} />
        ))}
      <OtherErrors errors={errors} shown={(f) => SHOWN.test(f)} />
      <div className="field builder-section">
        <label htmlFor="bm-workspace">Space</label>
        <select
          id="bm-workspace"
          value={workspaceId}
          onChange={(e) => setWorkspaceId(e.target.value)}
          aria-describedby="bm-workspace-hint"
        >
          <option value="">Personal: yours</option>
          {creatable.map((w) => (
            <option key={w.id} value={w.id ?? ''}>
              Workspace {w.name}
            </option>
          ))}
          {workspaceId && !creatable.some((w) => w.id === workspaceId) && workspaces.isSuccess && (
            <option value={workspaceId}>A workspace you cannot create in</option>
          )}
        </select>
        <div id="bm-workspace-hint" className="muted small">
          {workspaces.isPending
            ? 'Loading your workspaces…'
            : workspaces.isError
              ? 'Your workspaces could not be read; the benchmark can still be personal.'
              : workspaceId
                ? "Private then means visible to the workspace's members; its runs are paid from the workspace's credits."
                : 'Private means only you.'}
        </div>
        {errors.get('workspaceId') && <div className="field-error">{errors.get('workspaceId')}</div>}
      </div>
      <DetailsFields value={details} onChange={setDetails} errors={errors} withVisibility />
      <PromptFields
        value={details.promptTemplate}
        onChange={(promptTemplate) => setDetails({ ...details, promptTemplate })}
        error={errors.get('promptTemplate')}
        cases={[]}
      />
      <GradersFields value={graders} onChange={setGraders} errors={errors} />
      <CriteriaFields value={criteria} onChange={setCriteria} errors={errors} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Creating…' : 'Create the benchmark'}
        </button>
        <Link to="/">Cancel</Link>
      </div>
    </form>
  );
}

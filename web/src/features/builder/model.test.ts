import {
  pastedCases,
  criterionToApi,
  criterionToForm,
  emptyGrader,
  errorsByField,
  FormProblem,
  graderToApi,
  graderToForm,
  placeholders,
  renderPrompt,
  totalWeight,
} from './model';

describe('the builder model', () => {
  it('sends each grader type with only its own parameters, numbers as numbers', () => {
    expect(graderToApi({ ...emptyGrader('regex'), pattern: '^\\d+$', value: 'ignored' }, 0)).toEqual({
      type: 'regex',
      pattern: '^\\d+$',
    });
    expect(graderToApi({ ...emptyGrader('numeric'), value: '42', tolerance: '0.5' }, 0)).toEqual({
      type: 'numeric',
      value: 42,
      tolerance: 0.5,
    });
    expect(
      graderToApi({ ...emptyGrader('llm-judge'), rubric: 'Correct?', panel: 'sim/a, sim/b', passThreshold: '0.7' }, 0),
    ).toEqual({
      type: 'llm-judge',
      rubric: 'Correct?',
      panel: ['sim/a', 'sim/b'],
      passThreshold: 0.7,
    });
    expect(graderToApi({ ...emptyGrader('json-schema'), schema: '{"type":"object"}' }, 0)).toEqual({
      type: 'json-schema',
      schema: { type: 'object' },
    });
    expect(graderToApi(emptyGrader('exact'), 0)).toEqual({ type: 'exact' });
  });

  it('names the field of a parameter that cannot be sent', () => {
    expect(() => graderToApi({ ...emptyGrader('numeric'), tolerance: 'abc' }, 2)).toThrow(FormProblem);
    try {
      graderToApi({ ...emptyGrader('json-schema'), schema: '{oops' }, 1);
    } catch (e) {
      expect((e as FormProblem).field).toBe('graders[1].schema');
    }
    expect(() =>
      criterionToApi({ metric: 'score', op: '>=', threshold: '', severity: 'MUST', ideal: '', weight: '' }, 0),
    ).toThrow('is required');
    expect(() =>
      criterionToApi({ metric: 'score', op: '>=', threshold: '0.5', severity: 'MUST', ideal: 'high', weight: '' }, 3),
    ).toThrow(FormProblem);
  });

  it('reads a rubric line back into the form and out again unchanged, and adds up the weights typed', () => {
    const old = { metric: 'score', op: '>=', threshold: 0.8, severity: 'MUST' };
    expect(criterionToApi(criterionToForm(old), 0)).toEqual(old);
    const line = { metric: 'passRate', op: '>=', threshold: 0.85, severity: 'SHOULD', ideal: 0.9, weight: 40 };
    expect(criterionToApi(criterionToForm(line), 0)).toEqual(line);
    const form = [
      criterionToForm(line),
      { ...criterionToForm(old), weight: '25.5' },
      { ...criterionToForm(old), weight: 'x' },
    ];
    expect(totalWeight(form)).toBe(65.5);
  });

  it('reads a grader back into the form and out again unchanged', () => {
    const g = { type: 'similarity', value: 'Paris', threshold: 0.8 };
    expect(graderToApi(graderToForm(g), 0)).toEqual(g);
  });

  it('lists placeholders and renders a prompt as the executor does', () => {
    expect(placeholders('{{question}} then {{ input }} and {{question}}')).toEqual(['question', 'input']);
    expect(renderPrompt('Answer: {{input}}', '2+2')).toBe('Answer: 2+2');
    expect(renderPrompt('Q: {{q}} ({{lang}})', { q: 'Hi', lang: 'fr' })).toBe('Q: Hi (fr)');
    expect(renderPrompt('All: {{input}}', { q: 'Hi' })).toBe('All: {"q":"Hi"}');
    expect(renderPrompt('', 'as is')).toBe('as is');
  });

  it('reads pasted lines as cases: input, tab, expected', () => {
    expect(pastedCases('2+2\t4\n\nhello\n{"q": 1}\t[1]\r\n')).toEqual([
      { input: '2+2', expected: '4' },
      { input: 'hello' },
      { input: { q: 1 }, expected: [1] },
    ]);
  });

  it('groups the server errors by field', () => {
    const map = errorsByField([
      { field: 'title', message: 'must not be blank' },
      { field: 'tags[0]', message: 'bad' },
      { field: 'title', message: 'too long' },
    ]);
    expect(map.get('title')).toBe('must not be blank; too long');
    expect(map.get('tags[0]')).toBe('bad');
  });
});

import { interval, score } from './format';

type Props = {
  value: number | null | undefined;
  ci: number[] | null | undefined;
  /** the scale's ends; scores and pass rates live in [0, 1] */
  min?: number;
  max?: number;
  label: string;
  width?: number;
};

/**
 * A point with its 95% interval, drawn on a fixed [min, max] scale so rows can be compared by eye, and
 * written out as text for screen readers and copy-paste. An interval is never drawn without its point.
 */
export function Interval({ value, ci, min = 0, max = 1, label, width = 140 }: Props) {
  const has = value != null && !Number.isNaN(value);
  const hasCi = !!ci && ci.length === 2 && ci[0] != null && ci[1] != null;
  const x = (v: number) => 4 + ((Math.min(Math.max(v, min), max) - min) / (max - min)) * (width - 8);
  const text = has ? `${score(value)} (95% CI ${interval(ci)})` : 'no score';
  return (
    <span className="interval" role="img" aria-label={`${label}: ${text}`} title={text}>
      <svg width={width} height={16} aria-hidden="true" className="interval-bar">
        <line x1={4} x2={width - 4} y1={8} y2={8} className="interval-axis" />
        {has && hasCi && <line x1={x(ci![0])} x2={x(ci![1])} y1={8} y2={8} className="interval-range" />}
        {has && hasCi && <line x1={x(ci![0])} x2={x(ci![0])} y1={3} y2={13} className="interval-range" />}
        {has && hasCi && <line x1={x(ci![1])} x2={x(ci![1])} y1={3} y2={13} className="interval-range" />}
        {has && <circle cx={x(value!)} cy={8} r={4} className="interval-point" />}
      </svg>
      <span className="interval-text" aria-hidden="true">
        <strong>{score(value)}</strong> <span className="muted">[{hasCi ? interval(ci) : '—'}]</span>
      </span>
    </span>
  );
}

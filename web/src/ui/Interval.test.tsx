import { render, screen } from '@testing-library/react';
import { Interval } from './Interval';
import { interval, usd, shortHash } from './format';

describe('Interval', () => {
  it('says the score and its 95% interval to a screen reader', () => {
    render(<Interval value={0.8} ci={[0.6, 0.93]} label="gpt score" />);
    expect(screen.getByLabelText('gpt score: 0.80 (95% CI 0.60–0.93)')).toBeTruthy();
  });

  it('draws the interval with its point on the [0, 1] scale', () => {
    const { container } = render(<Interval value={0.5} ci={[0.25, 0.75]} label="m" width={108} />);
    const point = container.querySelector('circle')!;
    expect(point.getAttribute('cx')).toBe('54');
    const ends = [...container.querySelectorAll('line.interval-range')].map((l) => l.getAttribute('x1'));
    expect(ends).toEqual(['29', '29', '79']);
  });

  it('draws nothing but the axis when there is no score', () => {
    const { container } = render(<Interval value={null} ci={null} label="m" />);
    expect(container.querySelector('circle')).toBeNull();
    expect(screen.getByLabelText('m: no score')).toBeTruthy();
  });
});

describe('format', () => {
  it('writes micro-dollars as dollars, keeping small costs visible', () => {
    expect(usd(48)).toBe('$0.000048');
    expect(usd(1_234_567)).toBe('$1.23');
    expect(usd(0)).toBe('$0');
    expect(usd(undefined)).toBe('—');
  });

  it('writes an interval, or a dash when there is none', () => {
    expect(interval([0.1, 0.456])).toBe('0.10–0.46');
    expect(interval([])).toBe('—');
  });

  it('shortens a content hash past its algorithm', () => {
    expect(shortHash('sha256:b51a6e1e3b6598412f1b')).toBe('b51a6e1e3b');
  });
});

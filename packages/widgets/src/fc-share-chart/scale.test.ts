import { describe, expect, it } from 'vitest';
import { linear, niceDomain, polyline } from './scale.js';

describe('the chart’s linear scale', () => {
  it('maps the domain onto the range, inverted for SVG’s y axis', () => {
    const y = linear([0, 0.5], [272, 16]);
    expect(y(0)).toBe(272);
    expect(y(0.5)).toBe(16);
    expect(y(0.25)).toBe(144);
    const x = linear([2019, 2025], [44, 616]);
    expect(x(2022)).toBe(330);
  });

  it('extends a share’s domain to round values and ticks it like d3-scale', () => {
    // 0.6 × 1.1 = 0.66 → 0–0.7 with ticks every 0.1 (five ticks asked for: d3 gives a step of 0.1).
    expect(niceDomain(0, 0.66)).toEqual([0, 0.7]);
    expect(niceDomain(0, 0.11)).toEqual([0, 0.11]);
    expect(niceDomain(0, 0.234)).toEqual([0, 0.24]);
    expect(linear([0, 0.7], [272, 16]).ticks(5)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(linear([2019, 2025], [44, 616]).ticks(7)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
  });

  it('puts a one-value domain in the middle of the range', () => {
    expect(linear([2024, 2024], [44, 616])(2024)).toBe(330);
  });
});

describe('the chart’s lines', () => {
  it('join the points, and break where one is missing (a hidden year), as d3-shape’s defined() does', () => {
    expect(
      polyline([
        [44, 272],
        [330, 144],
        [616, 16],
      ]),
    ).toBe('M44,272L330,144L616,16');
    expect(polyline([[44, 272], null, [330, 144], [616, 16]])).toBe('M44,272M330,144L616,16');
    expect(polyline([null, null])).toBe('');
  });
});

// A «nice» axis for bar charts: a maximum rounded up to 1, 2, 2.5 or 5 × 10ⁿ, split into ticks.

export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: ticks, step: 1 };
  const rough = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= rough) ?? 10) * magnitude;
  return { max: step * Math.ceil(max / step - 1e-9), step };
}

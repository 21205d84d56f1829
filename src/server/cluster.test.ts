import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeMetrics } from './cluster.ts';

test('metrics of several workers merge into one family each, every sample labelled with its worker', () => {
  const one = [
    '# HELP a_total Things.',
    '# TYPE a_total counter',
    'a_total{route="/"} 3',
    '# HELP h Latency.',
    '# TYPE h histogram',
    'h_bucket{le="0.1"} 1',
    'h_bucket{le="+Inf"} 2',
    'h_sum 0.3',
    'h_count 2',
    '',
  ].join('\n');
  const two = [
    '# HELP a_total Things.',
    '# TYPE a_total counter',
    'a_total{route="/"} 5',
    'a_total 1',
    '',
  ].join('\n');
  assert.equal(
    mergeMetrics([
      { pid: 11, text: one },
      { pid: 12, text: two },
    ]),
    [
      '# HELP a_total Things.',
      '# TYPE a_total counter',
      'a_total{worker="11",route="/"} 3',
      'a_total{worker="12",route="/"} 5',
      'a_total{worker="12"} 1',
      '# HELP h Latency.',
      '# TYPE h histogram',
      'h_bucket{worker="11",le="0.1"} 1',
      'h_bucket{worker="11",le="+Inf"} 2',
      'h_sum{worker="11"} 0.3',
      'h_count{worker="11"} 2',
      '',
    ].join('\n'),
  );
});

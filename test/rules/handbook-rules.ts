/**
 * The handbooks' alert thresholds as Opsdeck alert rules: the YAML below is what
 * examples/ops.yaml ships (the lead copies it there), and handbook.test.ts runs it against a
 * real node_exporter and an app's /metrics. `value` is each rule's measured quantity, so tests
 * can check it is plausible on its own (CPU between 0 and 100, …).
 */

export interface HandbookRule {
  name: string;
  /** The measured quantity (PromQL). */
  value: string;
  threshold: number;
  for?: string;
  severity: string;
  summary: string;
}

/**
 * Busy share as a ratio of rates, not `1 - rate(idle)`: in a window only partly filled (just
 * after Opsdeck starts, its samples being in memory) every rate is underestimated by the same
 * factor, which cancels in a ratio but would read as a busy CPU in `1 - rate(idle)`.
 */
const CPU =
  '100 * sum by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[5m])) / sum by (instance) (rate(node_cpu_seconds_total[5m]))';
const FS = '{fstype!~"tmpfs|overlay|squashfs|ramfs"}';

export const HANDBOOK_RULES: HandbookRule[] = [
  {
    name: 'HostHighCpu',
    value: CPU,
    threshold: 80,
    severity: 'P2',
    summary: 'CPU at {{ $value | humanize }}% on {{ $labels.instance }}',
  },
  {
    name: 'HostCpuSustained',
    value: CPU,
    threshold: 70,
    for: '10m',
    severity: 'P2',
    summary: 'CPU above 70% for 10 minutes on {{ $labels.instance }} ({{ $value | humanize }}%)',
  },
  {
    name: 'HostMemoryHigh',
    value: '100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)',
    threshold: 90,
    severity: 'P1',
    summary: 'Memory at {{ $value | humanize }}% on {{ $labels.instance }}',
  },
  {
    name: 'HostDiskFull',
    value: `100 * (1 - node_filesystem_avail_bytes${FS} / node_filesystem_size_bytes${FS})`,
    threshold: 85,
    severity: 'P1',
    summary: 'Disk {{ $labels.mountpoint }} at {{ $value | humanize }}% on {{ $labels.instance }}',
  },
  {
    name: 'HighErrorRate',
    value:
      'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m]))',
    threshold: 0.05,
    severity: 'P1',
    summary: '{{ $value | humanizePercentage }} of {{ $labels.job }} requests fail',
  },
  {
    name: 'HighLatencyP95',
    value:
      'histogram_quantile(0.95, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m])))',
    threshold: 1,
    severity: 'P2',
    summary: 'p95 latency of {{ $labels.job }} is {{ $value | humanize }}s',
  },
  {
    name: 'DbPoolExhausted',
    value: 'db_pool_connections_in_use / db_pool_connections_max',
    threshold: 0.9,
    severity: 'P1',
    summary:
      'DB pool {{ $labels.pool }} of {{ $labels.job }} is {{ $value | humanizePercentage }} used',
  },
];

/** A rule's full expression: its value compared with its threshold. */
export function ruleExpr(rule: HandbookRule): string {
  return `${rule.value} > ${rule.threshold}`;
}

/** The `alert_rules:` section as YAML text. */
export const HANDBOOK_RULES_YAML = [
  'alert_rules:',
  ...HANDBOOK_RULES.flatMap((r) => [
    `  - name: ${r.name}`,
    `    expr: '${ruleExpr(r)}'`,
    ...(r.for ? [`    for: ${r.for}`] : []),
    `    severity: ${r.severity}`,
    '    annotations:',
    `      summary: '${r.summary}'`,
  ]),
  '',
].join('\n');

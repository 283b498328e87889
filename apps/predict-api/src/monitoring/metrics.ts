import type { ConnectionEvents } from '../http/listen.js';

/**
 * Prometheus text exposition, written by hand: a few counters, one histogram and one info
 * gauge do not justify a client library. Label values are escaped per the exposition format.
 */
const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export interface ModelVersionInfo {
  backend: string;
  version: string;
}

export class ServiceMetrics implements ConnectionEvents {
  private readonly requests = new Map<string, number>();
  private readonly aborted = new Map<string, number>();
  private requestTimeouts = 0;
  private droppedConnections = 0;
  private readonly latency = new Map<string, Histogram>();
  private readonly predictions = new Map<string, number>();
  private modelInfo: ModelVersionInfo | null = null;
  private modelLoadFailures = 0;
  private readonly inputsRejected = new Map<string, number>([
    ['jma-live-feed', 0],
    ['tepco-actuals', 0],
  ]);

  /** Label strings by method/route/status, built once: this runs on every request. */
  private readonly labelCache = new Map<string, { request: string; route: string }>();

  observeRequest(method: string, route: string, status: number, durationSeconds: number): void {
    const cacheKey = `${method} ${status} ${route}`;
    let labels = this.labelCache.get(cacheKey);
    if (labels === undefined) {
      labels = {
        request: `method="${escapeLabel(method)}",route="${escapeLabel(route)}",status="${status}"`,
        route: `route="${escapeLabel(route)}"`,
      };
      this.labelCache.set(cacheKey, labels);
    }
    this.requests.set(labels.request, (this.requests.get(labels.request) ?? 0) + 1);
    const histogramKey = labels.route;
    let histogram = this.latency.get(histogramKey);
    if (histogram === undefined) {
      histogram = { counts: LATENCY_BUCKETS_SECONDS.map(() => 0), sum: 0, count: 0 };
      this.latency.set(histogramKey, histogram);
    }
    for (let i = 0; i < LATENCY_BUCKETS_SECONDS.length; i += 1) {
      if (durationSeconds <= (LATENCY_BUCKETS_SECONDS[i] as number))
        histogram.counts[i] = (histogram.counts[i] ?? 0) + 1;
    }
    histogram.sum += durationSeconds;
    histogram.count += 1;
  }

  /**
   * A request whose connection closed before it was answered (the client gave up, or the server
   * cut it at its request timeout): no answer reached anyone, so it is neither a 4xx nor a 5xx.
   */
  countAborted(method: string, route: string): void {
    const labels = `method="${escapeLabel(method)}",route="${escapeLabel(route)}"`;
    this.aborted.set(labels, (this.aborted.get(labels) ?? 0) + 1);
  }

  requestTimedOut(): void {
    this.requestTimeouts += 1;
  }

  connectionDropped(): void {
    this.droppedConnections += 1;
  }

  countPredictions(variant: string, count: number): void {
    this.predictions.set(variant, (this.predictions.get(variant) ?? 0) + count);
  }

  /** A deployed or fallback model version failed to load (or to verify). */
  countModelLoadFailure(): void {
    this.modelLoadFailures += 1;
  }

  /** A fetched or reread trusted input failed the data-quality rules and was not used. */
  countInputRejected(input: 'jma-live-feed' | 'tepco-actuals'): void {
    this.inputsRejected.set(input, (this.inputsRejected.get(input) ?? 0) + 1);
  }

  setModel(info: ModelVersionInfo | null): void {
    this.modelInfo = info;
  }

  render(): string {
    const lines: string[] = [
      '# HELP powercast_http_requests_total HTTP requests by method, route and status.',
      '# TYPE powercast_http_requests_total counter',
    ];
    for (const [labels, value] of this.requests) lines.push(`powercast_http_requests_total{${labels}} ${value}`);
    lines.push(
      '# HELP powercast_http_aborted_total Requests whose connection closed before they were answered, by method and route.',
      '# TYPE powercast_http_aborted_total counter',
    );
    for (const [labels, value] of this.aborted) lines.push(`powercast_http_aborted_total{${labels}} ${value}`);
    lines.push(
      '# HELP powercast_http_request_timeouts_total Requests cut (408) because headers or body arrived too slowly.',
      '# TYPE powercast_http_request_timeouts_total counter',
      `powercast_http_request_timeouts_total ${this.requestTimeouts}`,
      '# HELP powercast_http_connections_dropped_total Connections closed on arrival because the connection cap was reached.',
      '# TYPE powercast_http_connections_dropped_total counter',
      `powercast_http_connections_dropped_total ${this.droppedConnections}`,
      '# HELP powercast_http_request_duration_seconds Request handling time by route.',
      '# TYPE powercast_http_request_duration_seconds histogram',
    );
    for (const [labels, histogram] of this.latency) {
      LATENCY_BUCKETS_SECONDS.forEach((bound, i) => {
        lines.push(`powercast_http_request_duration_seconds_bucket{${labels},le="${bound}"} ${histogram.counts[i]}`);
      });
      lines.push(`powercast_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${histogram.count}`);
      lines.push(`powercast_http_request_duration_seconds_sum{${labels}} ${histogram.sum}`);
      lines.push(`powercast_http_request_duration_seconds_count{${labels}} ${histogram.count}`);
    }
    lines.push(
      '# HELP powercast_predictions_total Forecasts served, by model variant.',
      '# TYPE powercast_predictions_total counter',
    );
    for (const [variant, value] of this.predictions)
      lines.push(`powercast_predictions_total{variant="${escapeLabel(variant)}"} ${value}`);
    lines.push('# HELP powercast_model_info The model being served (value 1).', '# TYPE powercast_model_info gauge');
    if (this.modelInfo !== null) {
      lines.push(
        `powercast_model_info{backend="${escapeLabel(this.modelInfo.backend)}",version="${escapeLabel(this.modelInfo.version)}"} 1`,
      );
    }
    lines.push(
      '# HELP powercast_model_loaded 1 when a model is ready to serve.',
      '# TYPE powercast_model_loaded gauge',
    );
    lines.push(`powercast_model_loaded ${this.modelInfo === null ? 0 : 1}`);
    lines.push(
      '# HELP powercast_model_load_failures_total Model versions that failed to load or to verify.',
      '# TYPE powercast_model_load_failures_total counter',
      `powercast_model_load_failures_total ${this.modelLoadFailures}`,
      '# HELP powercast_input_quality_rejected_total Copies of a trusted input (JMA live feed, TEPCO actuals) refused by the data-quality rules.',
      '# TYPE powercast_input_quality_rejected_total counter',
    );
    for (const [input, value] of this.inputsRejected)
      lines.push(`powercast_input_quality_rejected_total{input="${input}"} ${value}`);
    return `${lines.join('\n')}\n`;
  }
}

export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

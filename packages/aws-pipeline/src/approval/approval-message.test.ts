import { describe, expect, it } from 'vitest';
import { verifyApprovalToken } from './approval-token.js';
import { composeApprovalMessage, type ApprovalMessageInput } from './approval-message.js';

const secret = 'message-test-secret-0123456789abcdef012345';
const now = new Date('2026-11-20T00:00:00.000Z');
const base: ApprovalMessageInput = {
  to: 'ops@example.com',
  group: 'PowerForecastPackageGroup',
  version: 4,
  packageId: 'PowerForecastPackageGroup/4',
  metrics: { mse: 52_900, rmse: 230, mape: 3.1 },
  mseThreshold: 40_000,
  charts: [],
  approvalUrl: 'http://127.0.0.1:8787/approval',
  secret,
  now,
};

describe('approval message', () => {
  it('flags metrics above the threshold', () => {
    const message = composeApprovalMessage(base);
    expect(message.text).toContain('MSE (万kW²): 52900.00 (ABOVE threshold 40000.00)');
    expect(message.text).toContain('RMSE (万kW): 230.00 (ABOVE √threshold 200.00)');
    expect(message.text).toContain('No charts were attached');
  });

  it('signs links that verify for their own action only, expiring after the TTL', () => {
    const message = composeApprovalMessage({ ...base, ttlSeconds: 3600 });
    expect(message.expiresAt).toBe('2026-11-20T01:00:00.000Z');
    const token = new URL(message.approveUrl).searchParams.get('token');
    const at = now.getTime() / 1000;
    expect(verifyApprovalToken({ secret, token, expectedAction: 'approve', nowSeconds: at }).ok).toBe(true);
    expect(verifyApprovalToken({ secret, token, expectedAction: 'reject', nowSeconds: at }).ok).toBe(false);
    expect(verifyApprovalToken({ secret, token, expectedAction: 'approve', nowSeconds: at + 3600 }).ok).toBe(false);
  });

  it('escapes names in the HTML part', () => {
    const message = composeApprovalMessage({
      ...base,
      group: '<script>x</script>',
      charts: [{ name: 'a"b.png', url: 'https://example.com/a?x=1&y=2' }],
    });
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;');
    expect(message.html).toContain('href="https://example.com/a?x=1&amp;y=2"');
  });
});

describe('approval message evidence', () => {
  const exAnteFirst: ApprovalMessageInput['metrics'] = {
    mse: 13_906.8,
    rmse: 117.9,
    mape: 2.48,
    n: 92,
    basis: 'ex-ante',
    issueTime: '18:00',
    exAnte: { mse: 13_906.8, rmse: 117.9, mae: 85.1, mape: 2.48, n: 92 },
    exAnteWeatherCalendar: { mape: 2.74, n: 92 },
    backcast: { mse: 9_356.7, rmse: 96.7, mape: 2.12, n: 92 },
    tepcoNightBefore: { mape: 2.57, rmse: 120.4, n: 90 },
    exAnteOnTepcoDays: { mape: 2.61, n: 90 },
  };

  it('leads with the ex-ante figure against the threshold, then the backcast labelled, then TEPCO with n', () => {
    const { text, html } = composeApprovalMessage({ ...base, metrics: exAnteFirst });
    const exAnte = text.indexOf('Ex-ante test metrics (each day forecast as of 18:00 JST the day before');
    const backcast = text.indexOf('Backcast (observed weather of the day itself');
    const tepco = text.indexOf("TEPCO's night-before forecast");
    expect(exAnte).toBeGreaterThan(-1);
    expect(backcast).toBeGreaterThan(exAnte);
    expect(tepco).toBeGreaterThan(backcast);
    expect(text.slice(exAnte, backcast)).toContain('MSE (万kW²): 13906.80 (within threshold 40000.00)');
    expect(text.slice(exAnte, backcast)).toContain('weather+calendar variant MAPE (%): 2.740');
    expect(text.slice(backcast, tepco)).toContain('MAPE (%): 2.120');
    expect(text.slice(backcast, tepco)).not.toContain('threshold');
    expect(text.slice(tepco)).toContain('TEPCO MAPE (%): 2.570 (n 90)');
    expect(text.slice(tepco)).toContain('ex-ante MAPE on the same days (%): 2.610 (n 90)');
    expect(html.indexOf('Ex-ante test metrics')).toBeLessThan(html.indexOf('Backcast ('));
  });

  it('says TEPCO has no night-before forecast in the window (n 0)', () => {
    const { tepcoNightBefore: _tepco, exAnteOnTepcoDays: _same, ...withoutTepco } = exAnteFirst;
    const { text } = composeApprovalMessage({ ...base, metrics: withoutTepco });
    expect(text).toContain("TEPCO's night-before forecast: none in the test window (n 0)");
  });

  it('says "no ex-ante figure" and why before the backcast it gated on', () => {
    const { text } = composeApprovalMessage({
      ...base,
      metrics: {
        mse: 9_356.7,
        basis: 'backcast',
        noExAnteReason: 'the data has no JMA forecast archive (jma/forecast/)',
        backcast: { mse: 9_356.7, rmse: 96.7, mape: 2.12, n: 92 },
      },
    });
    const none = text.indexOf('No ex-ante figure: the data has no JMA forecast archive (jma/forecast/)');
    expect(none).toBeGreaterThan(-1);
    expect(text.indexOf('Backcast (observed weather of the day itself')).toBeGreaterThan(none);
    expect(text).toContain('CheckMSE gated on these');
    expect(text).toContain('MSE (万kW²): 9356.70 (within threshold 40000.00)');
    expect(text).not.toContain('Ex-ante test metrics');
  });
});

describe('approval message: variants and the deployed model', () => {
  const exAnte = { mse: 13_900, rmse: 117.9, mape: 2.48, bias: 12.3, n: 92 };
  const withComparison = (passes: boolean): ApprovalMessageInput => ({
    ...base,
    metrics: {
      ...exAnte,
      basis: 'ex-ante',
      exAnte,
      exAnteWithHistory: { mape: 2.48, rmse: 117.9, bias: 12.3, n: 92 },
      exAnteWeatherCalendar: { mape: 2.93, rmse: 133.6, bias: 147, n: 92 },
      champion: {
        outcome: 'compared',
        marginPct: 5,
        candidateMse: 13_900,
        allowedMse: passes ? 14_700 : 12_600,
        passes,
        deployedVersion: 3,
        deployed: { mse: passes ? 14_000 : 12_000, mape: 2.2, bias: -4.5, n: 92 },
      },
    },
  });

  it('shows both variants of the ex-ante answer', () => {
    const { text } = composeApprovalMessage(withComparison(true));
    expect(text).toContain('  with-history variant: MAPE 2.480 %, RMSE 117.90, bias 12.3, n 92');
    expect(text).toContain('  weather+calendar variant: MAPE 2.930 %, RMSE 133.60, bias 147.0, n 92');
  });

  it('compares with the deployed model on the same days, and says when the candidate is worse', () => {
    const better = composeApprovalMessage(withComparison(true));
    expect(better.text).toContain(
      'Compared with the model deployed now (version 3), same days, same ex-ante code: not worse',
    );
    expect(better.text).toContain('  candidate MSE (万kW²): 13900.00 (within allowed 14700.00 (deployed + 5 %))');
    expect(better.text).toContain('  deployed version 3 MAPE (%): 2.200 (candidate 2.480)');
    const worse = composeApprovalMessage(withComparison(false));
    expect(worse.text).toContain('WORSE than the margin allows');
    expect(worse.text).toContain('ABOVE allowed 12600.00');
    expect(worse.html).toContain('deployed version 3 MSE (万kW²)');
  });

  it('says when nothing is deployed', () => {
    const input = withComparison(true);
    const { text } = composeApprovalMessage({
      ...input,
      metrics: {
        ...input.metrics,
        champion: {
          outcome: 'no-deployed-model',
          marginPct: 5,
          candidateMse: 13_900,
          allowedMse: 13_900,
          passes: true,
        },
      },
    });
    expect(text).toContain('Compared with the deployed model: no model is deployed, so the gate passed');
  });
});

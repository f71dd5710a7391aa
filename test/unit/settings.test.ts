import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SETTING_DEFAULTS, settingValue } from '../../src/core/settings';

describe('settingValue', () => {
  it('keeps a valid value', () => {
    assert.equal(settingValue('pageSize', 25), 25);
    assert.equal(settingValue('apiBaseUrl', 'http://127.0.0.1:9'), 'http://127.0.0.1:9');
    assert.equal(settingValue('confirmBeforeApply', false), false);
  });

  it('uses the default for a missing value or one of the wrong type', () => {
    assert.equal(settingValue('pageSize', undefined), SETTING_DEFAULTS.pageSize);
    assert.equal(settingValue('pageSize', '50'), SETTING_DEFAULTS.pageSize);
    assert.equal(settingValue('guardWithTestOps', 'no'), true);
    assert.equal(settingValue('requestTimeoutSeconds', Number.NaN), SETTING_DEFAULTS.requestTimeoutSeconds);
  });

  it('keeps numbers inside the bounds package.json declares, and page sizes whole', () => {
    assert.equal(settingValue('pageSize', 0), 1);
    assert.equal(settingValue('pageSize', 500), 100);
    assert.equal(settingValue('pageSize', 12.6), 13);
    assert.equal(settingValue('requestTimeoutSeconds', 0.5), 1);
    assert.equal(settingValue('requestTimeoutSeconds', 2.5), 2.5);
    assert.equal(settingValue('requestTimeoutSeconds', 10_000), 600);
  });
});

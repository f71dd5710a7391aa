import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  activeConnection,
  allConnections,
  configuredConnections,
  connectionEnvironmentName,
  connectionNameProblem,
  connectionOfAuthority,
  connectionSecretName,
  DEFAULT_CONNECTION,
  otherConnectionMessage,
} from '../../src/core/connections';

describe('connection names', () => {
  it('accepts short lower-case names that are free', () => {
    for (const name of ['staging', 'prod-eu', 'a', '0', 'x'.repeat(32)]) {
      assert.equal(connectionNameProblem(name, []), undefined, name);
    }
  });

  it('refuses names a URI authority or secret name could change, and taken ones', () => {
    for (const name of ['', 'Staging', 'pro d', '-prod', 'prod-', 'a/b', 'a.b', 'x'.repeat(33), 'ü']) {
      assert.match(connectionNameProblem(name, []) ?? '', /lower-case letters/, name);
    }
    assert.match(connectionNameProblem('default', ['default']) ?? '', /already a connection named "default"/);
  });
});

describe('configuredConnections', () => {
  it('keeps valid entries in order, with only their name and base URL', () => {
    const raw = [
      { name: 'staging', baseUrl: 'https://staging.example', extra: 1 },
      { name: 'production', baseUrl: 'https://tavusapi.com' },
    ];
    assert.deepEqual(configuredConnections(raw), [
      { name: 'staging', baseUrl: 'https://staging.example' },
      { name: 'production', baseUrl: 'https://tavusapi.com' },
    ]);
  });

  it('leaves out what is not usable: wrong shapes, bad names, repeats, and "default" (tavus.apiBaseUrl is its base URL)', () => {
    const raw = [
      null,
      'staging',
      { name: 'Bad Name', baseUrl: 'https://x.example' },
      { name: 'staging' },
      { name: 'default', baseUrl: 'https://collector.example' },
      { name: 'staging', baseUrl: 'https://first.example' },
      { name: 'staging', baseUrl: 'https://second.example' },
    ];
    assert.deepEqual(configuredConnections(raw), [{ name: 'staging', baseUrl: 'https://first.example' }]);
    assert.deepEqual(configuredConnections({ name: 'staging', baseUrl: 'https://x.example' }), []);
    assert.deepEqual(configuredConnections(undefined), []);
  });
});

describe('the active connection', () => {
  const connections = allConnections('https://tavusapi.com', [{ name: 'staging', baseUrl: 'https://staging.example' }]);

  it('lists "default" first, with the base URL of tavus.apiBaseUrl', () => {
    assert.deepEqual(connections[0], { name: DEFAULT_CONNECTION, baseUrl: 'https://tavusapi.com' });
  });

  it('is the one last switched to while it exists, otherwise "default"', () => {
    assert.equal(activeConnection('staging', connections).name, 'staging');
    assert.equal(activeConnection(undefined, connections).name, DEFAULT_CONNECTION);
    assert.equal(activeConnection('removed', connections).name, DEFAULT_CONNECTION);
  });
});

describe('where a connection keeps its key', () => {
  it('"default" keeps the secret and the variable the single key always had: the migration moves nothing', () => {
    assert.equal(connectionSecretName(DEFAULT_CONNECTION), 'tavus.apiKey');
    assert.equal(connectionEnvironmentName(DEFAULT_CONNECTION), 'TAVUS_API_KEY');
  });

  it('every other connection has a name of its own', () => {
    assert.equal(connectionSecretName('prod-eu'), 'tavus.apiKey.prod-eu');
    assert.equal(connectionEnvironmentName('prod-eu'), 'TAVUS_API_KEY_PROD_EU');
    assert.notEqual(connectionSecretName('staging'), connectionSecretName('production'));
  });
});

describe('the connection of a document', () => {
  it('is its URI authority; tabs restored from before connections have none and are "default"', () => {
    assert.equal(connectionOfAuthority('staging'), 'staging');
    assert.equal(connectionOfAuthority(''), DEFAULT_CONNECTION);
  });

  it('is named, with the active one and how to switch, when it is not the active one', () => {
    const message = otherConnectionMessage('staging', 'production');
    assert.match(message, /"staging"/);
    assert.match(message, /"production" is active/);
    assert.match(message, /Tavus: Switch Connection…/);
  });
});

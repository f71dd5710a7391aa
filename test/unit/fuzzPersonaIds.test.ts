import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { personaPath } from '../../src/tavus/client';
import { TavusError } from '../../src/tavus/errors';
import { fuzzCases, fuzzSeed, hostileString, type Random } from './support/random';

const SEED = fuzzSeed(0x5eed_1d5);
const CASES = 10_000;
const PREFIX = '/v2/personas/';

const EDGE_IDS = [
  '',
  '.',
  '..',
  '...',
  '%2e',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '/',
  '../..',
  '..\\..',
  '?',
  '#',
  '%',
  '%zz',
  ' ',
  '\ud800',
  'p\udfff',
  '😀',
  'p1',
];

function randomId(random: Random): string {
  if (random.chance(0.05)) return random.pick(EDGE_IDS);
  const id = hostileString(random, random.pick([1, 3, 8, 30]));
  return random.chance(0.3) ? `p${id}` : id;
}

/** An unpaired UTF-16 surrogate: no URL can carry it, so such an id cannot name a persona. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkId(id: string): 'encoded' | 'refused' {
  let path: string;
  try {
    path = personaPath(id);
  } catch (error) {
    assert.ok(error instanceof TavusError, `threw ${String(error)} instead of a TavusError`);
    assert.match(error.message, /not a valid persona id/);
    assert.ok(id === '' || id === '.' || id === '..' || LONE_SURROGATE.test(id), `refused a usable id: ${error.message}`);
    return 'refused';
  }
  assert.ok(path.startsWith(PREFIX), path);
  const segment = path.slice(PREFIX.length);
  assert.match(segment, /^[A-Za-z0-9\-_.!~*'()%]+$/, `the segment ${segment} has characters a URL would reinterpret`);
  assert.ok(!['.', '..'].includes(segment.replace(/%2e/gi, '.')), `the segment ${segment} is a dot segment`);
  assert.equal(decodeURIComponent(segment), id, 'the segment does not decode to the id');
  const url = new URL(path, 'https://tavusapi.com');
  assert.equal(url.pathname, path, 'the URL parser changed the path');
  assert.equal(url.search + url.hash, '', 'part of the id became a query or fragment');
  assert.equal(url.host, 'tavusapi.com');
  return 'encoded';
}

describe('fuzz: persona ids', () => {
  it(`personaPath encodes ${CASES} random ids inside /v2/personas/ or refuses them with a TavusError (seed ${SEED})`, async () => {
    const outcomes = { encoded: 0, refused: 0 };
    await fuzzCases(SEED, CASES, randomId, (id) => void outcomes[checkId(id)]++);
    assert.ok(outcomes.encoded > CASES / 2 && outcomes.refused > 0, JSON.stringify(outcomes));
  });

  it('refuses ids with lone surrogates with a TavusError, not a URIError', () => {
    for (const id of ['\ud800', 'p\udfff', '\udc00\ud800', `p${'😀'.slice(0, 1)}`]) {
      assert.throws(
        () => personaPath(id),
        (error) => error instanceof TavusError && error.kind === 'rejected',
        JSON.stringify(id),
      );
    }
    assert.equal(personaPath('p😀'), '/v2/personas/p%F0%9F%98%80');
  });
});

import { describe, expect, test } from 'vitest';
import { parseMount } from '../../../src/dockerfile/index.js';

describe('parseMount', () => {
  test.each([
    ['type=cache,target=/root/.cache/pip', { type: 'cache', target: '/root/.cache/pip' }],
    ['target=/src', { type: 'bind', target: '/src' }],
    [
      'type=bind,from=builder,source=/out,target=/in',
      { type: 'bind', from: 'builder', source: '/out', target: '/in' },
    ],
    ['type=cache,dst=/var/cache/apt,sharing=locked', { type: 'cache', target: '/var/cache/apt' }],
    ['type=cache,destination=/x', { type: 'cache', target: '/x' }],
    ['type=bind,src=/a,dst=/b', { type: 'bind', source: '/a', target: '/b' }],
    [
      'type=secret,id=pip_token,dst=/run/secrets/pip',
      { type: 'secret', id: 'pip_token', target: '/run/secrets/pip' },
    ],
    ['type=cache,id=apt-$TARGETARCH,target=/var/cache/apt', { type: 'cache', id: 'apt-$TARGETARCH' }],
    ['TYPE=Cache,Target=/x', { type: 'cache', target: '/x' }],
    ['type=ssh', { type: 'ssh' }],
    ['"target=/a,b",type=tmpfs', { type: 'tmpfs', target: '/a,b' }],
  ])('%s', (value, expected) => {
    expect(parseMount(value)).toMatchObject(expected);
  });

  test('every field is in options, bare keys are true', () => {
    expect(parseMount('type=bind,target=/x,readonly,uid=1000').options).toEqual({
      type: 'bind',
      target: '/x',
      readonly: 'true',
      uid: '1000',
    });
  });

  test('an empty value is a bind mount with nothing set', () => {
    expect(parseMount('')).toEqual({ type: 'bind', options: {} });
  });
});

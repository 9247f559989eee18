import { describe, expect, it } from 'vitest';
import { BatchLoader, loaderPerContext } from './batch-loader.js';

const doubling = () => {
  const calls: string[][] = [];
  const loader = new BatchLoader<string, number>(async (keys) => {
    calls.push([...keys]);
    return new Map(keys.filter((key) => key !== 'missing').map((key) => [key, Number(key) * 2]));
  });
  return { loader, calls };
};

describe('BatchLoader', () => {
  it('should load every key asked for in one turn with one call, each key once', async () => {
    const { loader, calls } = doubling();
    const answers = await Promise.all(['1', '2', '1', '3'].map((key) => loader.load(key)));
    expect(answers).toEqual([2, 4, 2, 6]);
    expect(calls).toEqual([['1', '2', '3']]);
  });

  it('should join keys asked for after promises of the same turn settle', async () => {
    const { loader, calls } = doubling();
    const late = (async () => {
      await Promise.resolve();
      await Promise.resolve();
      return loader.load('5');
    })();
    expect(await Promise.all([loader.load('4'), late])).toEqual([8, 10]);
    expect(calls).toEqual([['4', '5']]);
  });

  it('should load afresh in a later turn: nothing is cached beyond its batch', async () => {
    const { loader, calls } = doubling();
    await loader.load('1');
    await loader.load('1');
    expect(calls).toEqual([['1'], ['1']]);
  });

  it('should answer undefined for a key the load has no value for', async () => {
    const { loader } = doubling();
    expect(await loader.load('missing')).toBeUndefined();
  });

  it('should reject every waiting key when the load fails', async () => {
    const loader = new BatchLoader<string, number>(async () => {
      throw new Error('down');
    });
    await expect(Promise.all([loader.load('1'), loader.load('2')])).rejects.toThrow('down');
  });
});

describe('loaderPerContext', () => {
  it('should keep one loader per context object', () => {
    const loaderOf = loaderPerContext((_context: object) => new BatchLoader<string, number>(async () => new Map()));
    const [a, b] = [{}, {}];
    expect(loaderOf(a)).toBe(loaderOf(a));
    expect(loaderOf(a)).not.toBe(loaderOf(b));
  });
});
